// SPDX-License-Identifier: MIT
// S-007 (selint): gen_context without the MLS level.

import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { Rule } from '../../rule';

export const fcNoLevel: Rule = {
  code: 'S-007',
  severity: DiagnosticSeverity.Information,
  description: 'gen_context without an MLS level: MLS builds produce a context ending in `:`.',
  files: ['fc'],
  check(ctx) {
    for (const e of ctx.doc.file.fcEntries) {
      const c = e.context;
      if (c?.kind === 'Call' && c.name.text === 'gen_context' && !ctx.doc.file.text.slice(c.args[1]?.inner.start ?? 0, c.args[1]?.inner.end ?? 0).trim()) {
        ctx.report(c.name, 'No mls levels specified in gen_context');
      }
    }
  },
};
