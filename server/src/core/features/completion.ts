// SPDX-License-Identifier: MIT
// Completion: what may stand at the cursor, from the policy index and the language facts.
// Long lists are filtered by the typed prefix here and marked incomplete, so the client asks again.

import {
  CompletionItem, CompletionItemKind, CompletionList, InsertTextFormat, MarkupKind, Position, Range,
} from 'vscode-languageserver-types';
import { moduleOf } from '../index/extract';
import type { PolicyDocument } from '../document';
import { SUPPORT_MACROS, TE_KEYWORDS } from '../facts/keywords';
import type { NameInfo, NameKind, PolicyIndex } from '../index/policyIndex';
import type { MacroDef } from '../index/symbols';
import { macroDoc } from '../index/xmlDoc';
import { completionContext } from './completionContext';
import { prefixAt } from './locate';
import { macroMarkdown, macroSnippet } from './macroDocs';

/** At most this many items of one long list (interfaces, types) are sent; the list is then incomplete. */
export const MAX_ITEMS = 100;

const FC_FILE_TYPES: ReadonlyArray<[string, string]> = [
  ['--', 'regular file'], ['-d', 'directory'], ['-l', 'symbolic link'], ['-s', 'socket'], ['-p', 'named pipe (FIFO)'],
  ['-b', 'block device'], ['-c', 'character device'],
];
const REQUIRE_KEYWORDS = ['type', 'attribute', 'attribute_role', 'role', 'bool', 'class'];
const COMMON_USERS = ['system_u', 'user_u', 'staff_u', 'sysadm_u', 'unconfined_u', 'root'];
const MLS_LEVELS = ['s0', 'mls_systemlow', 'mls_systemhigh', 'mcs_systemlow', 'mcs_systemhigh', 's0 - mls_systemhigh', 'mcs_allcats'];

export function doComplete(doc: PolicyDocument, position: Position, index: PolicyIndex): CompletionList {
  const text = doc.file.text;
  const offset = doc.text.offsetAt(position);
  const word = prefixAt(text, offset);
  const ctx = completionContext(doc.file, offset, index);
  // After a typed `-` in an fc line, the chosen flag replaces it (`-` + `-d` must not give `--d`).
  let start = word.start;
  if (ctx.kind === 'fcFileType') while (start > 0 && text[start - 1] === '-') start--;
  const out = new Builder(text.slice(start, offset), { start: doc.text.positionAt(start), end: position });
  const module = moduleOf(doc.uri);
  const local = moduleNames(index, doc.uri);

  switch (ctx.kind) {
    case 'statement':
      for (const k of TE_KEYWORDS) out.add({ label: k.name, kind: CompletionItemKind.Keyword, detail: 'keyword', documentation: md(k.doc), ...snippet(k.snippet) }, '2');
      for (const m of SUPPORT_MACROS) out.add({ label: m.name, kind: CompletionItemKind.Module, detail: 'support macro', documentation: md(m.doc), ...snippet(m.snippet) }, '1');
      out.macros(index, module, doc.file.fileKind === 'te' || doc.file.fileKind === 'if');
      break;
    case 'type':
      if (ctx.self) out.add({ label: 'self', kind: CompletionItemKind.Keyword, detail: 'the source type itself' }, '0');
      out.names(index, ctx.attributes === false ? ['type'] : ['type', 'attribute'], local);
      break;
    case 'attribute':
      out.names(index, ['attribute'], local);
      break;
    case 'role':
      out.names(index, ['role', 'attribute_role'], local);
      break;
    case 'condition':
      out.names(index, ['bool', 'tunable'], local);
      break;
    case 'class':
      for (const item of classItems(index)) out.add(item, item.kind === CompletionItemKind.Class ? '1' : '2');
      break;
    case 'perm': {
      const classes = ctx.classes.map((c) => index.cls(c)).filter((c) => !!c);
      if (!classes.length) break;
      // Only the permissions every named class has.
      const perms = [...classes[0].perms].filter((p) => classes.every((c) => c.perms.has(p))).sort();
      for (const p of perms) out.add({ label: p, kind: CompletionItemKind.Property, detail: `permission of ${ctx.classes.join(', ')}` }, '0');
      for (const ps of ctx.sets === false ? [] : index.permSets().values()) {
        if (!ctx.classes.every((c) => ps.classes.includes(c))) continue;
        out.add({ label: ps.name, kind: CompletionItemKind.Constant, detail: 'permission set', documentation: md(`\`{ ${ps.perms.join(' ')} }\``) }, '1');
      }
      break;
    }
    case 'requireKeyword':
      for (const k of REQUIRE_KEYWORDS) out.add({ label: k, kind: CompletionItemKind.Keyword, detail: 'require entry' }, '0');
      break;
    case 'requireName': {
      const kinds: Record<string, NameKind[]> = { type: ['type'], attribute: ['attribute'], role: ['role'], attribute_role: ['attribute_role'], bool: ['bool', 'tunable'] };
      out.names(index, kinds[ctx.keyword] ?? ['type'], local);
      break;
    }
    case 'fcFileType':
      for (const [flag, what] of FC_FILE_TYPES) out.add({ label: flag, kind: CompletionItemKind.EnumMember, detail: what }, '0');
      break;
    case 'fcUser':
      for (const u of new Set([...COMMON_USERS, ...index.names('user').map((n) => n.name)])) out.add({ label: u, kind: CompletionItemKind.EnumMember, detail: 'SELinux user' }, '0');
      break;
    case 'fcRole':
      out.add({ label: 'object_r', kind: CompletionItemKind.EnumMember, detail: 'the role of files' }, '0');
      break;
    case 'fcType':
      out.names(index, ['type'], local);
      break;
    case 'mlsLevel':
      for (const l of MLS_LEVELS) out.add({ label: l, kind: CompletionItemKind.Constant, detail: 'MLS/MCS level' }, '0');
      break;
    case 'none':
      break;
  }
  return out.list();
}

function md(value: string) {
  return { kind: MarkupKind.Markdown, value };
}

function snippet(s: string | undefined) {
  return s ? { insertText: s, insertTextFormat: InsertTextFormat.Snippet } : {};
}

const NAME_KIND: Record<string, CompletionItemKind> = {
  type: CompletionItemKind.Struct, alias: CompletionItemKind.Struct, attribute: CompletionItemKind.Interface,
  role: CompletionItemKind.EnumMember, attribute_role: CompletionItemKind.Interface, bool: CompletionItemKind.Variable,
  tunable: CompletionItemKind.Variable, user: CompletionItemKind.EnumMember,
};

class Builder {
  private readonly items: CompletionItem[] = [];
  private incomplete = false;
  private readonly lower: string;

  constructor(prefix: string, private readonly range: Range) {
    this.lower = prefix.toLowerCase();
  }

  private matches(label: string): boolean {
    return !this.lower || label.toLowerCase().includes(this.lower);
  }

  add(item: CompletionItem, sortGroup: string): void {
    if (!this.matches(item.label)) return;
    const insert = item.insertText ?? item.label;
    this.items.push({ ...item, sortText: `${sortGroup}${item.label}`, textEdit: { range: this.range, newText: insert }, insertText: undefined });
  }

  /**
   * Adds names of the given kinds: first those declared in this module (they also sort first), then the
   * rest, MAX_ITEMS in all; the list is incomplete when names were left out.
   */
  names(index: PolicyIndex, kinds: readonly NameKind[], local: ReadonlySet<string>): void {
    let n = 0;
    for (const pass of [true, false]) {
      for (const kind of kinds) {
        for (const info of index.names(kind)) {
          if (local.has(info.name) !== pass || !this.matches(info.name)) continue;
          if (n++ >= MAX_ITEMS) {
            this.incomplete = true;
            return;
          }
          this.add(nameItem(info), pass ? '0' : '1');
        }
      }
    }
  }

  /**
   * Interfaces and templates, as snippets with a placeholder per parameter, and the pattern macros that
   * expand to rules (`read_files_pattern`). The module's own come first; capped at MAX_ITEMS.
   */
  macros(index: PolicyIndex, module: string, patterns: boolean): void {
    const own: MacroDef[] = [];
    const other: MacroDef[] = [];
    for (const { lower, def } of macroEntries(index)) {
      if (this.lower && !lower.includes(this.lower)) continue;
      if (def.kind === 'define' && !(patterns && def.name.endsWith('_pattern'))) continue;
      (def.module === module ? own : other).push(def);
    }
    let n = 0;
    for (const def of [...own, ...other]) {
      if (n++ >= MAX_ITEMS) {
        this.incomplete = true;
        break;
      }
      this.add(macroItem(def), def.module === module ? '0' : def.kind === 'define' ? '4' : '3');
    }
  }

  list(): CompletionList {
    return { isIncomplete: this.incomplete, items: this.items };
  }
}

const moduleNamesCache = new Map<string, { version: number; names: Set<string> }>();

/** Names declared by the module of `uri` (its .te, .if and .fc in the same folder), cached per index version. */
function moduleNames(index: PolicyIndex, uri: string): Set<string> {
  const base = uri.replace(/\.(te|if|fc)$/, '');
  const hit = moduleNamesCache.get(base);
  if (hit && hit.version === index.version) return hit.names;
  const names = new Set<string>();
  for (const ext of ['te', 'if', 'fc']) for (const d of index.fileSymbols(`${base}.${ext}`)?.declarations ?? []) names.add(d.name);
  if (moduleNamesCache.size > 64) moduleNamesCache.clear();
  moduleNamesCache.set(base, { version: index.version, names });
  return names;
}

const classItemsCache = new WeakMap<object, CompletionItem[]>();

/** Classes and class sets (`dir_file_class_set`), built once per class table. */
function classItems(index: PolicyIndex): CompletionItem[] {
  const table = index.classes();
  let items = classItemsCache.get(table);
  if (items) return items;
  items = [];
  for (const c of table.values()) {
    items.push({ label: c.name, kind: CompletionItemKind.Class, detail: c.userspace ? 'userspace class' : 'kernel class', documentation: md(`Permissions: ${[...c.perms].sort().join(' ')}`) });
  }
  for (const [name, defs] of index.macros()) {
    if (!name.endsWith('_class_set') || !defs[0].setItems) continue;
    items.push({ label: name, kind: CompletionItemKind.Constant, detail: 'class set', documentation: md(`\`{ ${defs[0].setItems.join(' ')} }\``) });
  }
  classItemsCache.set(table, items);
  return items;
}

function nameItem(info: NameInfo): CompletionItem {
  const d = info.decl;
  const detail = `${info.kind}${d ? ` (${d.module})` : ''}`;
  const doc = d?.description ?? (d?.defaultValue ? `default: ${d.defaultValue}` : undefined);
  return { label: info.name, kind: NAME_KIND[info.kind] ?? CompletionItemKind.Text, detail, ...(doc ? { documentation: md(doc) } : {}) };
}

let macroCache: { index: PolicyIndex; version: number; entries: Array<{ lower: string; def: MacroDef }> } | undefined;

/** Every macro with its lower-case name, rebuilt when the index changes (completion runs per keystroke). */
function macroEntries(index: PolicyIndex): Array<{ lower: string; def: MacroDef }> {
  if (macroCache?.index === index && macroCache.version === index.version) return macroCache.entries;
  const entries: Array<{ lower: string; def: MacroDef }> = [];
  for (const [name, defs] of index.macros()) entries.push({ lower: name.toLowerCase(), def: defs[0] });
  macroCache = { index, version: index.version, entries };
  return entries;
}

const macroItems = new WeakMap<MacroDef, CompletionItem>();

/** The completion item of an interface, template or pattern macro (built once per definition). */
function macroItem(def: MacroDef): CompletionItem {
  let item = macroItems.get(def);
  if (!item) macroItems.set(def, (item = buildMacroItem(def)));
  return item;
}

/** Interface items carry no documentation in the list (it is large); completionItem/resolve adds it. */
function buildMacroItem(def: MacroDef): CompletionItem {
  const doc = macroDoc(def);
  return {
    label: def.name,
    kind: def.kind === 'template' ? CompletionItemKind.Module : CompletionItemKind.Function,
    detail: doc?.summary ? doc.summary.split('\n')[0] : `${def.kind} (${def.module})`,
    insertText: macroSnippet(def),
    insertTextFormat: InsertTextFormat.Snippet,
    data: { macro: def.name },
  };
}

/** completionItem/resolve: the documentation of interface and macro items. */
export function resolveCompletion(item: CompletionItem, index: PolicyIndex): CompletionItem {
  const name = (item.data as { macro?: unknown } | undefined)?.macro;
  const def = typeof name === 'string' ? index.macro(name) : undefined;
  return def ? { ...item, documentation: md(macroMarkdown(def, false)) } : item;
}
