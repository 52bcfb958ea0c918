// SPDX-License-Identifier: MIT
// Workspace symbols: interfaces, templates, defines and declarations from the index, by substring.

import { SymbolInformation, SymbolKind } from 'vscode-languageserver-types';
import type { PolicyIndex } from '../index/policyIndex';

export const MAX_WORKSPACE_SYMBOLS = 250;

const DECL_KIND: Record<string, SymbolKind> = {
  type: SymbolKind.Struct, alias: SymbolKind.Struct, attribute: SymbolKind.Interface, role: SymbolKind.EnumMember,
  attribute_role: SymbolKind.Interface, bool: SymbolKind.Boolean, tunable: SymbolKind.Boolean, user: SymbolKind.EnumMember,
};

export function findWorkspaceSymbols(query: string, index: PolicyIndex): SymbolInformation[] {
  const q = query.toLowerCase();
  const out: SymbolInformation[] = [];
  const match = (name: string) => !q || name.toLowerCase().includes(q);
  for (const [name, defs] of index.macros()) {
    if (!match(name)) continue;
    for (const d of defs) {
      out.push({ name, kind: d.kind === 'define' ? SymbolKind.Constant : SymbolKind.Function, location: { uri: d.uri, range: d.range }, containerName: d.module });
      if (out.length >= MAX_WORKSPACE_SYMBOLS) return out;
    }
  }
  for (const [name, decls] of index.allDeclarations()) {
    if (!match(name)) continue;
    for (const d of decls) {
      out.push({ name, kind: DECL_KIND[d.kind] ?? SymbolKind.Variable, location: { uri: d.uri, range: d.range }, containerName: d.module });
      if (out.length >= MAX_WORKSPACE_SYMBOLS) return out;
    }
  }
  return out;
}
