// SPDX-License-Identifier: MIT
// Completion. For now: statement keywords and support macros at the start of a statement.

import { CompletionItem, CompletionItemKind, CompletionList, InsertTextFormat, MarkupKind, Position } from 'vscode-languageserver-types';
import type { PolicyDocument } from '../document';
import { SUPPORT_MACROS, TE_KEYWORDS } from '../facts/keywords';

export function doComplete(doc: PolicyDocument, position: Position): CompletionList {
  const items: CompletionItem[] = [];
  if (doc.file.fileKind === 'fc') {
    items.push(macroItem(SUPPORT_MACROS.find((m) => m.name === 'gen_context')!));
    return { isIncomplete: false, items };
  }
  void position;
  for (const k of TE_KEYWORDS) {
    items.push({
      label: k.name,
      kind: CompletionItemKind.Keyword,
      detail: 'keyword',
      documentation: { kind: MarkupKind.Markdown, value: k.doc },
      ...(k.snippet ? { insertText: k.snippet, insertTextFormat: InsertTextFormat.Snippet } : {}),
    });
  }
  for (const m of SUPPORT_MACROS) items.push(macroItem(m));
  return { isIncomplete: false, items };
}

function macroItem(m: (typeof SUPPORT_MACROS)[number]): CompletionItem {
  return {
    label: m.name,
    kind: CompletionItemKind.Function,
    detail: 'support macro',
    documentation: { kind: MarkupKind.Markdown, value: m.doc },
    ...(m.snippet ? { insertText: m.snippet, insertTextFormat: InsertTextFormat.Snippet } : {}),
  };
}
