// SPDX-License-Identifier: MIT
// fc-context: a context that is not user:role:type[:level].

import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { Rule } from '../../rule';
import { contextParts, isParam } from './contextParts';

export const fcContextShape: Rule = {
  code: 'fc-context',
  severity: DiagnosticSeverity.Error,
  description: 'A context that is not `user:role:type[:level]` (or `<<none>>`): the file_contexts fails validation.',
  files: ['fc'],
  check(ctx) {
    for (const e of ctx.doc.file.fcEntries) {
      const p = contextParts(ctx, e, true);
      if (!p || isParam(p.text)) continue;
      const n = p.text.split(':').length;
      const raw = e.context?.kind === 'RawContext';
      if (n < 3 || (!raw && n > 3)) {
        ctx.report({ start: p.start, end: p.start + p.text.length }, raw
          ? `Invalid context ${p.text}: expected user:role:type:level`
          : `Invalid context ${p.text} in gen_context: expected user:role:type (the level is gen_context's second argument)`);
      }
    }
  },
};
