// SPDX-License-Identifier: MIT
// fc-order-tie: two entries with different contexts match some of the same paths and are equally
// specific for fc_sort (same stem length, same length, both with or without a file type), so the winner
// depends only on the order the files are read in.

import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { Rule } from '../../rule';
import { documentAnalysis, pathRange, where } from './common';

export const fcOrderTie: Rule = {
  code: 'fc-order-tie',
  severity: DiagnosticSeverity.Warning,
  description: 'Two overlapping entries with different contexts that fc_sort ranks equal: which one labels the shared paths depends only on file order.',
  files: ['fc'],
  check(ctx) {
    for (const a of documentAnalysis(ctx)) {
      for (const o of a.overlaps) {
        if (o.reason !== 'file order') continue;
        const other = `${o.other.spec.regex} (${where(o.other.spec)}, ${o.other.spec.context})`;
        ctx.report(pathRange(ctx, a.entry.spec.range), o.wins
          ? `Tie with ${other}: both match paths such as ${o.example} and fc_sort ranks them equal; this entry wins only because it is read later.`
          : `Tie with ${other}: both match paths such as ${o.example} and fc_sort ranks them equal; the other entry wins only because it is read later.`);
      }
    }
  },
};
