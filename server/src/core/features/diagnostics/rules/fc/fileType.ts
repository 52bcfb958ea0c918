// SPDX-License-Identifier: MIT
// fc-file-type: a file-type flag libselinux does not know ("invalid file type").

import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { modeOfFlag } from '../../../../fc/modes';
import type { Rule } from '../../rule';

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
