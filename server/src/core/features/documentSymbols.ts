// SPDX-License-Identifier: MIT
// The outline: declarations, interfaces and templates, tunables, and optional/tunable/if blocks.

import { DocumentSymbol, SymbolKind } from 'vscode-languageserver-types';
import type { PolicyDocument } from '../document';
import type { Statement } from '../syntax/nodes';

export function findDocumentSymbols(doc: PolicyDocument): DocumentSymbol[] {
  const t = doc.text;
  const range = (start: number, end: number) => ({ start: t.positionAt(start), end: t.positionAt(end) });
  const sym = (name: string, detail: string, kind: SymbolKind, start: number, end: number, selStart: number, selEnd: number, children?: DocumentSymbol[]): DocumentSymbol =>
    ({ name: name || '?', detail, kind, range: range(start, end), selectionRange: range(selStart, selEnd), ...(children?.length ? { children } : {}) });

  const walk = (stmts: readonly Statement[]): DocumentSymbol[] => {
    const out: DocumentSymbol[] = [];
    for (const s of stmts) {
      switch (s.kind) {
        case 'TypeDecl':
          if (s.name) out.push(sym(s.name.text, 'type', SymbolKind.Struct, s.start, s.end, s.name.start, s.name.end));
          break;
        case 'SimpleDecl':
          if (s.name && s.keyword !== 'permissive' && !(s.keyword === 'role' && s.types) && !s.name.text.includes('$')) {
            const kind = s.keyword === 'bool' ? SymbolKind.Boolean : s.keyword === 'role' ? SymbolKind.EnumMember : SymbolKind.Interface;
            out.push(sym(s.name.text, s.keyword, kind, s.start, s.end, s.name.start, s.name.end));
          }
          break;
        case 'ClassDecl':
          if (s.name) out.push(sym(s.name.text, s.keyword, SymbolKind.Class, s.start, s.end, s.name.start, s.name.end));
          break;
        case 'Optional':
          out.push(sym('optional', '', SymbolKind.Namespace, s.start, s.end, s.start, s.start + 8, [...walk(s.body), ...walk(s.elseBody ?? [])]));
          break;
        case 'If': {
          const cond = s.condition ? doc.file.text.slice(s.condition.start, s.condition.end) : '';
          out.push(sym(`if ${cond}`, '', SymbolKind.Namespace, s.start, s.end, s.start, s.start + 2, [...walk(s.body), ...walk(s.elseBody ?? [])]));
          break;
        }
        case 'Call': {
          const n = s.name.text;
          const first = s.args[0];
          const argName = first?.words?.[0];
          if ((n === 'interface' || n === 'template') && argName) {
            out.push(sym(argName.text, n, SymbolKind.Function, s.start, s.end, argName.start, argName.end, walk(s.args[1]?.body ?? [])));
          } else if ((n === 'gen_tunable' || n === 'gen_bool') && argName) {
            out.push(sym(argName.text, n === 'gen_tunable' ? 'tunable' : 'boolean', SymbolKind.Boolean, s.start, s.end, argName.start, argName.end));
          } else if (n === 'policy_module' && argName) {
            out.push(sym(argName.text, 'module', SymbolKind.Module, s.start, s.end, argName.start, argName.end));
          } else if (n === 'optional_policy' || n === 'tunable_policy' || n === 'ifdef' || n === 'ifndef') {
            const label = n === 'optional_policy' ? n : `${n}(${doc.file.text.slice(first?.inner.start ?? 0, first?.inner.end ?? 0).trim()})`;
            const children = s.args.flatMap((a, i) => (n !== 'optional_policy' && i === 0 ? [] : walk(a.body ?? [])));
            out.push(sym(label, '', SymbolKind.Namespace, s.start, s.end, s.name.start, s.name.end, children));
          } else if (n === 'define' && argName) {
            out.push(sym(argName.text, 'define', SymbolKind.Constant, s.start, s.end, argName.start, argName.end));
          }
          break;
        }
        default:
          break;
      }
    }
    return out;
  };
  if (doc.file.fileKind === 'fc') return [];
  return walk(doc.file.statements);
}
