// SPDX-License-Identifier: MIT
// What the language service works on: a text document with its parse. Parsing is cached by the caller
// (the server keys it by uri and version); core functions never parse the same text twice per call.

import type { TextDocument } from 'vscode-languageserver-textdocument';
import { fileKindOf, parse } from './syntax/parser';
import type { FileKind, SourceFile } from './syntax/nodes';

export interface PolicyDocument {
  readonly uri: string;
  readonly text: TextDocument;
  readonly file: SourceFile;
}

/** The file kind for an LSP language id, falling back to the file name. */
export function fileKindFor(languageId: string, uri: string): FileKind | 'audit' {
  switch (languageId) {
    case 'selinux-te':
      return 'te';
    case 'selinux-if':
      return /\.spt$/.test(uri) ? 'spt' : 'if';
    case 'selinux-fc':
      return 'fc';
    case 'selinux-audit':
      return 'audit';
    default:
      return fileKindOf(uri);
  }
}

export function parseDocument(text: TextDocument): PolicyDocument {
  const kind = fileKindFor(text.languageId, text.uri);
  return { uri: text.uri, text, file: parse(text.getText(), kind === 'audit' ? 'te' : kind) };
}
