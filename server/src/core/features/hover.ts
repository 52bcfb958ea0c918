// SPDX-License-Identifier: MIT
// Hover. For now: documentation of statement keywords and support macros under the cursor.

import { Hover, MarkupKind, Position } from 'vscode-languageserver-types';
import type { PolicyDocument } from '../document';
import { SUPPORT_MACROS, TE_KEYWORDS } from '../facts/keywords';
import { wordAt } from '../text';

const FACTS = new Map([...TE_KEYWORDS, ...SUPPORT_MACROS].map((k) => [k.name, k]));

export function doHover(doc: PolicyDocument, position: Position): Hover | null {
  const offset = doc.text.offsetAt(position);
  const w = wordAt(doc.file.text, offset);
  if (!w) return null;
  const fact = FACTS.get(w.text);
  if (!fact) return null;
  const kind = TE_KEYWORDS.includes(fact) ? 'keyword' : 'support macro';
  return {
    contents: { kind: MarkupKind.Markdown, value: `**${fact.name}** (${kind})\n\n${fact.doc}` },
    range: { start: doc.text.positionAt(w.start), end: doc.text.positionAt(w.end) },
  };
}
