// SPDX-License-Identifier: MIT
// Go to definition: interfaces, templates and defines, declarations, and classes, into the indexed
// headers and sources.

import { Location, Position } from 'vscode-languageserver-types';
import type { PolicyDocument } from '../document';
import type { PolicyIndex } from '../index/policyIndex';
import { wordRange } from './locate';

export function findDefinition(doc: PolicyDocument, position: Position, index: PolicyIndex): Location[] {
  const w = wordRange(doc.file.text, doc.text.offsetAt(position));
  if (!w.text) return [];
  const macros = index.macros().get(w.text);
  if (macros?.length) return macros.map((m) => ({ uri: m.uri, range: m.range }));
  const decls = index.declarations(w.text).filter((d) => d.kind !== 'alias' || d.name === w.text);
  if (decls.length) return decls.map((d) => ({ uri: d.uri, range: d.range }));
  const cls = index.cls(w.text);
  if (cls?.def) return [{ uri: cls.def.uri, range: cls.def.range }];
  return [];
}
