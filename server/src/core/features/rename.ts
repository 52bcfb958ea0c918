// SPDX-License-Identifier: MIT
// Rename of a module-local type, attribute, boolean or interface across the module's .te, .if and .fc.
// Names declared by other modules are not renamed: their users are everywhere.

import { Position, Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import type { PolicyDocument } from '../document';
import type { PolicyIndex } from '../index/policyIndex';
import { moduleOf } from '../index/extract';
import { LineIndex } from '../lineIndex';
import { wordRange } from './locate';
import { occurrences, SourceText } from './references';

/** A valid new name: an m4 macro name for interfaces; types, roles and the like may also hold '-' (checkpolicy). */
const MACRO_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const POLICY_NAME = /^[A-Za-z][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+)*$/;

/** Whether `name` is declared (or defined, for interfaces) by the module of `uri`. */
function isModuleLocal(index: PolicyIndex, uri: string, name: string): boolean {
  const module = moduleOf(uri);
  const dir = uri.slice(0, uri.lastIndexOf('/') + 1);
  const here = (u: string, m: string) => m === module && u.startsWith(dir);
  return index.declarations(name).some((d) => here(d.uri, d.module)) || (index.macros().get(name) ?? []).some((m) => here(m.uri, m.module));
}

export function prepareRename(doc: PolicyDocument, position: Position, index: PolicyIndex): Range | null {
  const w = wordRange(doc.file.text, doc.text.offsetAt(position));
  if (!w.text || !isModuleLocal(index, doc.uri, w.text)) return null;
  return { start: doc.text.positionAt(w.start), end: doc.text.positionAt(w.end) };
}

/**
 * The edits renaming the name under the cursor in the module's files (`moduleFiles`: the .te, .if and .fc
 * with this module's name in the same folder, as the caller read them).
 */
export function doRename(doc: PolicyDocument, position: Position, newName: string, index: PolicyIndex, moduleFiles: readonly SourceText[]): WorkspaceEdit | null {
  const w = wordRange(doc.file.text, doc.text.offsetAt(position));
  if (!w.text || !isModuleLocal(index, doc.uri, w.text)) return null;
  if (!(index.macros().has(w.text) ? MACRO_NAME : POLICY_NAME).test(newName)) return null;
  const changes: Record<string, TextEdit[]> = {};
  for (const f of moduleFiles) {
    const offs = occurrences(f.text, f.kind, w.text);
    if (!offs.length) continue;
    const lines = new LineIndex(f.text);
    changes[f.uri] = offs.map((o) => ({ range: lines.range(o, o + w.text.length), newText: newName }));
  }
  return { changes };
}
