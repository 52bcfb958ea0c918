// SPDX-License-Identifier: MIT
// fc-overridden: some paths this entry matches get another module's label, because that entry wins
// under fc_sort (more specific) — worth knowing when a new entry overlaps an existing one.

import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { Rule } from '../../rule';
import { documentAnalysis, pathRange, where } from './common';

export const fcOverridden: Rule = {
  code: 'fc-overridden',
  severity: DiagnosticSeverity.Information,
  description: "Some paths an entry matches are labelled by another module's entry that wins over it (a more specific regex, an exact path, or a file type).",
  files: ['fc'],
  check(ctx) {
    for (const a of documentAnalysis(ctx)) {
      if (a.shadowedBy && !a.duplicates.length) continue;
      const lost = a.overlaps.filter((o) => !o.wins && o.reason !== 'file order' && o.other.spec.uri !== a.entry.spec.uri);
      if (!lost.length) continue;
      const first = lost[0];
      const more = lost.length > 1 ? ` (and ${lost.length - 1} more entr${lost.length === 2 ? 'y' : 'ies'} from other modules)` : '';
      ctx.report(pathRange(ctx, a.entry.spec.range),
        `Paths such as ${first.example} match this entry but get ${first.other.spec.context} from ${first.other.spec.regex} (${where(first.other.spec)}), which wins: ${first.reason}${more}.`);
    }
  },
};
