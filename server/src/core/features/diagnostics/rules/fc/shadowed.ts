// SPDX-License-Identifier: MIT
// fc-shadowed: an entry that never applies, because every path it matches (for its file types) is won
// by other entries under fc_sort order and libselinux's last-match rule.

import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { Rule } from '../../rule';
import { documentAnalysis, pathRange, where } from './common';

export const fcShadowed: Rule = {
  code: 'fc-shadowed',
  severity: DiagnosticSeverity.Warning,
  description: 'A file-context entry that never applies: every path it matches is labelled by entries that win over it.',
  files: ['fc'],
  check(ctx) {
    for (const a of documentAnalysis(ctx)) {
      if (!a.shadowedBy?.length || a.duplicates.length) continue;
      const by = a.shadowedBy.slice(0, 3).map((w) => `${w.spec.regex} (${where(w.spec)})`).join(', ');
      const more = a.shadowedBy.length > 3 ? ` and ${a.shadowedBy.length - 3} more` : '';
      ctx.report(pathRange(ctx, a.entry.spec.range), `This entry never applies: every path it matches is labelled by ${by}${more}, which sort after it.`);
    }
  },
};
