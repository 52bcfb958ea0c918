// SPDX-License-Identifier: MIT
// fc-regex: a path regex PCRE2 would reject (libselinux: "line N has invalid regex"), with the position
// and the reason.

import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { compileRegex } from '../../../../fc/spec';
import type { Rule } from '../../rule';

export const fcRegex: Rule = {
  code: 'fc-regex',
  severity: DiagnosticSeverity.Error,
  description: 'An invalid path regex: libselinux rejects the line ("has invalid regex").',
  files: ['fc'],
  check(ctx) {
    for (const e of ctx.doc.file.fcEntries) {
      if (e.path.text.includes('$') && /\$\d/.test(e.path.text)) continue; // an m4 parameter, not a regex
      const c = compileRegex(e.path.text);
      if (!c.error) continue;
      const at = Math.min(e.path.end - 1, e.path.start + c.error.offset);
      ctx.report({ start: at, end: Math.max(at + 1, e.path.end) }, `Invalid regex at offset ${c.error.offset}: ${c.error.message}`);
    }
  },
};
