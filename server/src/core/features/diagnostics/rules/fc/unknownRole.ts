// SPDX-License-Identifier: MIT
// E-004 (selint): an unknown role in a file context (files use object_r).

import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { Rule } from '../../rule';
import { contextParts, fieldRange, isParam } from './contextParts';

export const fcUnknownRole: Rule = {
  code: 'E-004',
  severity: DiagnosticSeverity.Error,
  description: 'A file context with a role no known policy declares (files use object_r).',
  files: ['fc'],
  check(ctx) {
    if (!ctx.hasPolicy) return;
    for (const e of ctx.doc.file.fcEntries) {
      const p = contextParts(ctx, e);
      if (!p || isParam(p.role) || p.role === 'object_r') continue;
      if (ctx.index.declarations(p.role).some((d) => d.kind === 'role')) continue;
      ctx.report(fieldRange(p, 1), `Nonexistent role ${p.role} in file context (files are labelled with object_r)`);
    }
  },
};
