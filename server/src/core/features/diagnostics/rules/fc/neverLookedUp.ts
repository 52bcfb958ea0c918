// SPDX-License-Identifier: MIT
// fc-never-looked-up: an entry whose regex matches only paths that libselinux never looks up. Before a
// lookup it collapses `//` into `/` and drops a trailing `/`, so a regex that needs either (refpolicy's
// `/opt/(.*/)?/RealPlayer/...`) labels nothing, and the files get the label of another entry.

import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { Rule } from '../../rule';
import { documentAnalysis, pathRange } from './common';

export const fcNeverLookedUp: Rule = {
  code: 'fc-never-looked-up',
  severity: DiagnosticSeverity.Warning,
  description: "A file-context entry that matches no path libselinux looks up: every path it matches holds '//' or ends in '/', which libselinux removes first.",
  files: ['fc'],
  check(ctx) {
    for (const a of documentAnalysis(ctx)) {
      if (!a.neverLookedUp) continue;
      ctx.report(
        pathRange(ctx, a.entry.spec.range),
        `This entry never applies: every path it matches holds '//' or ends in '/' (such as ${a.neverLookedUp.example}), and libselinux collapses '//' and drops a trailing '/' before the lookup.`,
      );
    }
  },
};
