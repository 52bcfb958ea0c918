// SPDX-License-Identifier: MIT
// fc-duplicate: the same regex string twice with overlapping file types. `setfiles -c` (and so
// semodule's commit) fails with "Multiple same specifications" or "Multiple different specifications".

import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { Rule } from '../../rule';
import { documentAnalysis, pathRange, where } from './common';

export const fcDuplicate: Rule = {
  code: 'fc-duplicate',
  severity: DiagnosticSeverity.Error,
  description: 'The same path regex twice with overlapping file types: `setfiles -c` rejects the file_contexts ("Multiple same/different specifications").',
  files: ['fc'],
  check(ctx) {
    for (const a of documentAnalysis(ctx)) {
      if (!a.duplicates.length) continue;
      const s = a.entry.spec;
      const different = a.duplicates.filter((d) => d.spec.context !== s.context);
      ctx.report(pathRange(ctx, s.range), different.length
        ? `Multiple different specifications for ${s.regex} (${s.context} and ${different.map((d) => `${d.spec.context} at ${where(d.spec)}`).join(', ')}). setfiles -c rejects the file_contexts.`
        : `Multiple same specifications for ${s.regex}: also at ${a.duplicates.map((d) => where(d.spec)).join(', ')}. setfiles -c rejects the file_contexts.`);
    }
  },
};
