// SPDX-License-Identifier: MIT
// Find references and document highlights: every whole-word occurrence of a name, found with the
// m4-aware scanner (so text in comments is skipped).

import { DocumentHighlight, DocumentHighlightKind, Location, Position } from 'vscode-languageserver-types';
import type { PolicyDocument } from '../document';
import { LineIndex } from '../lineIndex';
import type { FileKind } from '../syntax/nodes';
import { scan, TokenKind } from '../syntax/scanner';
import { wordRange } from './locate';

export interface SourceText {
  readonly uri: string;
  readonly text: string;
  readonly kind: FileKind;
}

/** Offsets of the whole-word occurrences of name in text (words, fc paths excluded, comments excluded). */
export function occurrences(text: string, kind: FileKind, name: string): number[] {
  if (!text.includes(name)) return [];
  const t = scan(text, { fc: kind === 'fc' });
  const out: number[] = [];
  for (let i = 0; i < t.count; i++) {
    if (t.kind[i] !== TokenKind.Word || t.end[i] - t.start[i] !== name.length) continue;
    if (text.startsWith(name, t.start[i])) out.push(t.start[i]);
  }
  return out;
}

export function findReferences(name: string, sources: Iterable<SourceText>): Location[] {
  const out: Location[] = [];
  for (const s of sources) {
    const offs = occurrences(s.text, s.kind, name);
    if (!offs.length) continue;
    const lines = new LineIndex(s.text);
    for (const o of offs) out.push({ uri: s.uri, range: lines.range(o, o + name.length) });
  }
  return out;
}

export function nameAt(doc: PolicyDocument, position: Position): string {
  return wordRange(doc.file.text, doc.text.offsetAt(position)).text;
}

export function findDocumentHighlights(doc: PolicyDocument, position: Position): DocumentHighlight[] {
  const name = nameAt(doc, position);
  if (!name || /^\d/.test(name)) return [];
  return occurrences(doc.file.text, doc.file.fileKind, name).map((o) => ({
    range: { start: doc.text.positionAt(o), end: doc.text.positionAt(o + name.length) },
    kind: DocumentHighlightKind.Text,
  }));
}
