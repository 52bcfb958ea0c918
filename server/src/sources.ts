// SPDX-License-Identifier: MIT
// Texts of policy files for features that look across files (references, rename): open documents
// first (their unsaved text wins), then files on disk.

import { existsSync, readFileSync } from 'node:fs';
import type { TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import type { PolicyIndex } from './core/index/policyIndex';
import type { SourceText } from './core/languageService';
import { fileKindOf } from './core/syntax/parser';
import type { DocumentCache } from './documentCache';

export function openDocumentSources(documents: TextDocuments<TextDocument>, cache: DocumentCache): SourceText[] {
  return documents.all().map((d) => {
    const p = cache.get(d);
    return { uri: d.uri, text: p.file.text, kind: p.file.fileKind };
  });
}

function readUri(uri: string): string | undefined {
  try {
    return readFileSync(URI.parse(uri).fsPath, 'utf8');
  } catch {
    return undefined;
  }
}

/** Indexed files that are not open, read from disk (only those whose text mentions the name). */
export function* indexedSources(index: PolicyIndex, documents: TextDocuments<TextDocument>, name: string): Generator<SourceText> {
  for (const f of index.allFiles()) {
    if (documents.get(f.uri)) continue;
    const text = readUri(f.uri);
    if (text === undefined || !text.includes(name)) continue;
    yield { uri: f.uri, text, kind: f.kind };
  }
}

/** The module's .te, .if and .fc next to the given file (open text when open). */
export function moduleSources(uri: string, documents: TextDocuments<TextDocument>): SourceText[] {
  const base = uri.replace(/\.(te|if|fc)$/, '');
  const out: SourceText[] = [];
  for (const ext of ['te', 'if', 'fc']) {
    const u = `${base}.${ext}`;
    const open = documents.get(u);
    const text = open ? open.getText() : existsSync(URI.parse(u).fsPath) ? readUri(u) : undefined;
    if (text !== undefined) out.push({ uri: u, text, kind: fileKindOf(u) });
  }
  return out;
}
