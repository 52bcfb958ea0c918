// SPDX-License-Identifier: MIT
// fc-regex: a path regex PCRE2 would reject (libselinux: "line N has invalid regex"), with the position
// and the reason; fc-file-type: a file-type flag libselinux does not know ("invalid file type").

import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { compileRegex, modeOfFlag } from '../../../../fc/spec';
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

export const fcFileType: Rule = {
  code: 'fc-file-type',
  severity: DiagnosticSeverity.Error,
  description: 'A file-type flag other than `--`, `-d`, `-l`, `-s`, `-p`, `-b`, `-c`: libselinux rejects the line ("invalid file type").',
  files: ['fc'],
  check(ctx) {
    for (const e of ctx.doc.file.fcEntries) {
      if (e.fileType && modeOfFlag(e.fileType.text) === undefined) {
        ctx.report(e.fileType, `Invalid file type ${e.fileType.text}: use -- (regular file), -d, -l, -s, -p, -b or -c`);
      }
    }
  },
};
