// SPDX-License-Identifier: MIT
// E-003 (selint): an unknown SELinux user in a file context.

import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { Rule } from '../../rule';
import { contextParts, fieldRange, isParam } from './contextParts';

const KNOWN_USERS = new Set(['system_u', 'user_u', 'staff_u', 'sysadm_u', 'unconfined_u', 'root', 'guest_u', 'xguest_u']);

export const fcUnknownUser: Rule = {
  code: 'E-003',
  severity: DiagnosticSeverity.Error,
  description: 'A file context with a user no known policy defines.',
  files: ['fc'],
  check(ctx) {
    const users = new Set(ctx.index.names('user').map((n) => n.name));
    for (const e of ctx.doc.file.fcEntries) {
      const p = contextParts(ctx, e);
      if (!p || isParam(p.user) || KNOWN_USERS.has(p.user) || users.has(p.user)) continue;
      ctx.report(fieldRange(p, 0), `Nonexistent user ${p.user} in file context`);
    }
  },
};
