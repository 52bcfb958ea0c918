// SPDX-License-Identifier: MIT
// W-004 (selint): a `.` in a path regex that is probably meant literally (not followed by `*`, `+` or `?`):
// it matches any character, so `/etc/app.conf` also matches `/etc/appXconf`.

import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { Rule } from '../../rule';

export const fcUnescaped: Rule = {
  code: 'W-004',
  severity: DiagnosticSeverity.Warning,
  description: 'A `.` in a path regex not followed by `*`, `+` or `?`: it matches any character; escape it as `\\.`.',
  files: ['fc'],
  check(ctx) {
    for (const e of ctx.doc.file.fcEntries) {
      const p = e.path.text;
      let inClass = false;
      for (let i = 0; i < p.length; i++) {
        const c = p[i];
        if (c === '\\') {
          i++;
          continue;
        }
        if (inClass) {
          if (c === ']') inClass = false;
          continue;
        }
        if (c === '[') {
          inClass = true;
          if (p[i + 1] === ']') i++;
          else if (p[i + 1] === '^' && p[i + 2] === ']') i += 2;
          continue;
        }
        if (c === '.' && !'*+?{'.includes(p[i + 1] ?? '')) {
          const at = e.path.start + offsetInSource(ctx.doc.file.text.slice(e.path.start, e.path.end), i);
          ctx.report({ start: at, end: at + 1 }, `Possibly unescaped regex character '.' at position ${i + 1}: ${p}. Escape it as \\. to match a dot only.`);
        }
      }
    }
  },
};

/** The offset in the source of the i-th character of the path text (m4 quotes are not part of the path). */
function offsetInSource(source: string, i: number): number {
  let k = -1;
  for (let j = 0; j < source.length; j++) {
    if (source[j] === '`' || source[j] === "'") continue;
    if (++k === i) return j;
  }
  return Math.min(i, source.length - 1);
}
