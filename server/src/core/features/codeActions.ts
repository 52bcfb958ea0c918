// SPDX-License-Identifier: MIT
// Quick fixes for the diagnostics: add a missing name to the module's require block or the interface's
// gen_require, remove unused require entries, replace a misspelled name, wrap a call in optional_policy.
// Edits are minimal (a line inserted, a name removed) and idempotent: a fix whose result is already there
// produces no edit.

import { CodeAction, CodeActionKind, Diagnostic, Range as LspRange, TextEdit } from 'vscode-languageserver-types';
import type { PolicyDocument } from '../document';
import type { PolicyIndex } from '../index/policyIndex';
import type { Call, RequireEntry, Statement } from '../syntax/nodes';
import { closestMacros, distance } from './diagnostics/rules/calls';
import { locate } from './locate';

/** selint's default order of require entries (ordering_requires). */
const KEYWORD_ORDER = ['bool', 'attribute', 'attribute_role', 'type', 'class', 'role'];

interface NameData {
  name: string;
  kind?: string;
  keyword?: string;
  cls?: string;
  misspelled?: boolean;
  suggestions?: string[];
  interfaceStart?: number;
  entry?: { start: number; end: number };
  nameRange?: { start: number; end: number };
}

export function getCodeActions(doc: PolicyDocument, range: LspRange, diagnostics: readonly Diagnostic[], index: PolicyIndex): CodeAction[] {
  const out: CodeAction[] = [];
  for (const d of diagnostics) {
    if (d.source !== 'selinux-ls') continue;
    const data = d.data as NameData | undefined;
    const code = String(d.code);
    switch (code) {
      case 'unknown-type':
      case 'unknown-attribute':
      case 'unknown-role':
      case 'unknown-boolean':
      case 'not-in-scope':
      case 'E-008':
      case 'E-007': {
        if (!data?.name) break;
        const keyword = keywordFor(code, data);
        if (keyword && !data.misspelled) {
          const edit = addToRequire(doc, keyword, keyword === 'class' ? (data.cls ?? data.name) : data.name, code === 'E-007' ? data.name : undefined, index, doc.text.offsetAt(d.range.start));
          if (edit) out.push(fix(`Add ${keyword} ${code === 'E-007' ? `${data.cls} { ${data.name} }` : data.name} to the require block`, d, doc.uri, edit, true));
        }
        for (const s of spellings(code, data, index)) out.push(fix(`Change to ${s}`, d, doc.uri, [{ range: d.range, newText: s }], false));
        break;
      }
      case 'W-005': {
        const w = wrapInOptional(doc, d.range, index);
        if (w) out.push({ ...w, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: true });
        break;
      }
      case 'W-010':
        for (const s of data?.suggestions ?? closestMacros(index, data?.name ?? '')) out.push(fix(`Change to ${s}`, d, doc.uri, [{ range: d.range, newText: s }], false));
        break;
      case 'W-002': {
        if (!data?.name || data.interfaceStart === undefined) break;
        const kw = data.kind === 'role' ? 'role' : data.kind === 'attribute' ? 'attribute' : 'type';
        const edit = addToGenRequire(doc, data.interfaceStart, kw, data.name);
        if (edit) out.push(fix(`Add ${kw} ${data.name} to the gen_require block`, d, doc.uri, edit, true));
        break;
      }
      case 'unused-require':
      case 'W-003': {
        if (!data?.entry || !data.nameRange) break;
        out.push(fix(`Remove ${data.keyword} ${data.name} from the require block`, d, doc.uri, removeFromEntry(doc, data.entry, data.nameRange, d), true));
        break;
      }
      default:
        break;
    }
  }
  // Not tied to a diagnostic: wrap an interface call in optional_policy.
  const wrap = wrapInOptional(doc, range, index);
  if (wrap) out.push(wrap);
  return out;
}

function fix(title: string, d: Diagnostic, uri: string, edits: TextEdit[], preferred: boolean): CodeAction {
  return { title, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: preferred, edit: { changes: { [uri]: edits } } };
}

function keywordFor(code: string, data: NameData): string | undefined {
  switch (code) {
    case 'unknown-type':
      return 'type';
    case 'unknown-attribute':
      return 'attribute';
    case 'unknown-role':
      return 'role';
    case 'unknown-boolean':
      return 'bool';
    case 'E-008':
    case 'E-007':
      return 'class';
    case 'not-in-scope':
      return data.kind === 'bool' ? 'bool' : data.kind === 'role' ? 'role' : data.kind === 'attribute' ? 'attribute' : 'type';
    default:
      return undefined;
  }
}

/** Close names for a misspelling: declared names of the right kind, classes, or a class's permissions. */
function spellings(code: string, data: NameData, index: PolicyIndex): string[] {
  let candidates: Iterable<string>;
  if (code === 'E-008') candidates = index.classes().keys();
  else if (code === 'E-007') {
    // The class's permissions and the permission sets meant for it (misspelled set names are common).
    const cls = data.cls ?? '';
    candidates = [...(index.cls(cls)?.perms ?? []), ...[...index.permSets().values()].filter((p) => p.classes.includes(cls)).map((p) => p.name)];
  }
  else {
    const kind = code === 'unknown-boolean' ? 'bool' : code === 'unknown-role' ? 'role' : code === 'unknown-attribute' ? 'attribute' : 'type';
    candidates = index.names(kind).map((n) => n.name);
  }
  const limit = Math.max(2, Math.floor(data.name.length / 4));
  const scored: Array<[number, string]> = [];
  for (const c of candidates) {
    if (c === data.name || Math.abs(c.length - data.name.length) > limit) continue;
    const dist = distance(data.name, c, limit);
    if (dist <= limit) scored.push([dist, c]);
  }
  return scored.sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : 1)).slice(0, 3).map((x) => x[1]);
}

type RequireNode = Extract<Statement, { kind: 'Require' }>;

/** The top-level `require { }` block of a module, or the body of a top-level gen_require, if any. */
function topRequire(stmts: readonly Statement[]): RequireNode | undefined {
  for (const s of stmts) {
    if (s.kind === 'Require') return s;
    if (s.kind === 'Call' && s.name.text === 'gen_require') {
      const body = s.args[0]?.body?.[0];
      if (body?.kind === 'Require') return body;
    }
  }
  return undefined;
}

/** The require block directly inside the innermost optional block that holds `offset`, if any. */
function optionalRequire(doc: PolicyDocument, offset: number): RequireNode | undefined {
  const loc = locate(doc.file, offset);
  let body: readonly Statement[] | undefined;
  for (const s of loc.path) {
    if (s.kind === 'Optional') body = offset <= (s.body[s.body.length - 1]?.end ?? s.end) ? s.body : s.elseBody;
    if (s.kind === 'Call' && s.name.text === 'optional_policy') {
      const arg = s.args.find((a) => offset >= a.start && offset <= a.end);
      body = arg?.body;
    }
  }
  return body ? topRequire(body) : undefined;
}

/** The require block (and, for gen_require, the call) holding the entry that starts at `offset`. */
function requireAround(stmts: readonly Statement[], offset: number): { req: RequireNode; call?: Call } | undefined {
  for (const s of stmts) {
    if (offset < s.start || offset > s.end) continue;
    if (s.kind === 'Require') return { req: s };
    if (s.kind === 'Call') {
      if (s.name.text === 'gen_require' && s.args[0]?.body?.[0]?.kind === 'Require') return { req: s.args[0].body[0], call: s };
      for (const a of s.args) {
        const r = a.body ? requireAround(a.body, offset) : undefined;
        if (r) return r;
      }
    }
    if (s.kind === 'Optional' || s.kind === 'If') return requireAround([...s.body, ...(s.elseBody ?? [])], offset);
  }
  return undefined;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function indentOf(text: string, offset: number): string {
  const ls = lineStart(text, offset);
  return /^[ \t]*/.exec(text.slice(ls))![0];
}

/**
 * Adds `keyword name;` (or a permission to a class entry) to the module's top-level require block,
 * creating the block after policy_module() when there is none. Entries stay in selint's order.
 */
export function addToRequire(doc: PolicyDocument, keyword: string, name: string, perm: string | undefined, index: PolicyIndex, at?: number): TextEdit[] | undefined {
  const text = doc.file.text;
  const pos = (o: number) => doc.text.positionAt(o);
  // The require block of the innermost optional block around the use, if it has one; else the module's.
  const req = (at !== undefined ? optionalRequire(doc, at) : undefined) ?? topRequire(doc.file.statements);
  const entryText = keyword === 'class' ? `class ${name} ${perm ? perm : [...(index.cls(name)?.perms ?? [])].sort()[0] ?? ''};` : `${keyword} ${name};`;
  if (!req) {
    const pm = doc.file.statements.find((s) => (s.kind === 'Call' && s.name.text === 'policy_module') || s.kind === 'Module');
    const at = pm ? text.indexOf('\n', pm.end) + 1 || text.length : 0;
    return [{ range: { start: pos(at), end: pos(at) }, newText: `\nrequire {\n\t${entryText}\n}\n` }];
  }
  const entries = req.entries.filter((e): e is RequireEntry => e.kind === 'RequireEntry');
  if (entries.some((e) => e.keyword === keyword && e.names.some((n) => n.text === name) && (!perm || e.perms?.items.some((i) => i.name.text === perm)))) return undefined;
  if (keyword === 'class' && perm) {
    const e = entries.find((x) => x.keyword === 'class' && x.names[0]?.text === name);
    if (e?.perms) {
      const p = e.perms;
      if (p.braced) {
        const close = text.lastIndexOf('}', p.end);
        return [{ range: { start: pos(close), end: pos(close) }, newText: `${text[close - 1] === ' ' ? '' : ' '}${perm} ` }];
      }
      return [{ range: { start: pos(p.start), end: pos(p.end) }, newText: `{ ${text.slice(p.start, p.end)} ${perm} }` }];
    }
  }
  // Insert after the last entry whose keyword sorts before or equal to ours (or at the top of the block).
  const rank = (k: string) => (KEYWORD_ORDER.indexOf(k) < 0 ? KEYWORD_ORDER.length : KEYWORD_ORDER.indexOf(k));
  let after: RequireEntry | undefined;
  for (const e of entries) if (rank(e.keyword) <= rank(keyword)) after = e;
  const indent = entries.length ? indentOf(text, entries[0].start) : '\t';
  if (after) {
    const eol = text.indexOf('\n', after.end);
    const at = eol < 0 ? text.length : eol;
    return [{ range: { start: pos(at), end: pos(at) }, newText: `\n${indent}${entryText}` }];
  }
  // Before the first entry: after `require {`, or at the start of a gen_require body.
  const open = text.startsWith('require', req.start) ? text.indexOf('{', req.start) + 1 : req.start;
  return [{ range: { start: pos(open), end: pos(open) }, newText: `\n${indent}${entryText}` }];
}

/** Adds `keyword name;` to the gen_require of the interface or template whose call starts at `callStart`. */
function addToGenRequire(doc: PolicyDocument, callStart: number, keyword: string, name: string): TextEdit[] | undefined {
  const text = doc.file.text;
  const pos = (o: number) => doc.text.positionAt(o);
  const iface = findCall(doc.file.statements, callStart);
  const body = iface?.args[1];
  if (!body?.body) return undefined;
  const gen = body.body.find((s): s is Call => s.kind === 'Call' && s.name.text === 'gen_require');
  if (!gen) {
    const at = body.inner.start;
    return [{ range: { start: pos(at), end: pos(at) }, newText: `\n\tgen_require(\`\n\t\t${keyword} ${name};\n\t')\n` }];
  }
  const req = gen.args[0]?.body?.[0];
  const entries = req && req.kind === 'Require' ? req.entries.filter((e): e is RequireEntry => e.kind === 'RequireEntry') : [];
  if (entries.some((e) => e.keyword === keyword && e.names.some((n) => n.text === name))) return undefined;
  const rank = (k: string) => (KEYWORD_ORDER.indexOf(k) < 0 ? KEYWORD_ORDER.length : KEYWORD_ORDER.indexOf(k));
  let after: RequireEntry | undefined;
  for (const e of entries) if (rank(e.keyword) <= rank(keyword)) after = e;
  const indent = entries.length ? indentOf(text, entries[0].start) : '\t\t';
  if (after) {
    const eol = text.indexOf('\n', after.end);
    const at = eol < 0 ? text.length : eol;
    return [{ range: { start: pos(at), end: pos(at) }, newText: `\n${indent}${keyword} ${name};` }];
  }
  const at = gen.args[0].inner.start;
  return [{ range: { start: pos(at), end: pos(at) }, newText: `\n${indent}${keyword} ${name};` }];
}

function findCall(stmts: readonly Statement[], start: number): Call | undefined {
  for (const s of stmts) {
    if (s.kind !== 'Call') continue;
    if (s.start === start) return s;
    for (const a of s.args) {
      const inner = a.body ? findCall(a.body, start) : undefined;
      if (inner) return inner;
    }
  }
  return undefined;
}

/**
 * Removes one name from a require entry; the whole line when it is the entry's only name; the whole block
 * when it is the block's only entry (an empty require block does not compile).
 */
function removeFromEntry(doc: PolicyDocument, entry: { start: number; end: number }, name: { start: number; end: number }, _d: Diagnostic): TextEdit[] {
  const text = doc.file.text;
  const pos = (o: number) => doc.text.positionAt(o);
  const entryText = text.slice(entry.start, entry.end);
  const names = entryText.replace(/^\s*\w+\s+/, '').replace(/;\s*$/, '').split(',').map((x) => x.trim()).filter(Boolean);
  const single = names.length <= 1 || /^\s*class\b/.test(entryText);
  const around = requireAround(doc.file.statements, entry.start);
  if (single && around && around.req.entries.length === 1) {
    const block = around.call ?? around.req;
    const ls = lineStart(text, block.start);
    const eol = text.indexOf('\n', block.end);
    const own = text.slice(ls, block.start).trim() === '' && text.slice(block.end, eol < 0 ? text.length : eol).trim() === '';
    return [{ range: { start: pos(own ? ls : block.start), end: pos(own ? (eol < 0 ? text.length : eol + 1) : block.end) }, newText: '' }];
  }
  if (single) {
    const ls = lineStart(text, entry.start);
    const eol = text.indexOf('\n', entry.end);
    const onlyThisOnLine = text.slice(ls, entry.start).trim() === '' && text.slice(entry.end, eol < 0 ? text.length : eol).trim() === '';
    if (onlyThisOnLine) return [{ range: { start: pos(ls), end: pos(eol < 0 ? text.length : eol + 1) }, newText: '' }];
    return [{ range: { start: pos(entry.start), end: pos(entry.end) }, newText: '' }];
  }
  // `a, name, b` → `a, b`: remove the name and one adjacent comma.
  const after = /^\s*,\s*/.exec(text.slice(name.end));
  if (after) return [{ range: { start: pos(name.start), end: pos(name.end + after[0].length) }, newText: '' }];
  const before = /,\s*$/.exec(text.slice(entry.start, name.start));
  const s = before ? name.start - before[0].length : name.start;
  return [{ range: { start: pos(s), end: pos(name.end) }, newText: '' }];
}

/** "Wrap in optional_policy" for an interface call statement that is not inside one already. */
function wrapInOptional(doc: PolicyDocument, range: LspRange, index: PolicyIndex): CodeAction | undefined {
  if (doc.file.fileKind !== 'te') return undefined;
  const offset = doc.text.offsetAt(range.start);
  const loc = locate(doc.file, offset + 1);
  const call = loc.path.find((s): s is Call => s.kind === 'Call' && offset >= s.start && offset <= s.end);
  if (!call || !index.macro(call.name.text) || index.macro(call.name.text)?.kind === 'define') return undefined;
  if (loc.calls.some((f) => f.call.name.text === 'optional_policy') || loc.path.some((s) => s.kind === 'Optional')) return undefined;
  const text = doc.file.text;
  const ls = lineStart(text, call.start);
  const indent = indentOf(text, call.start);
  const line = text.slice(call.start, call.end);
  const newText = `${indent}optional_policy(\`\n${indent}\t${line}\n${indent}')`;
  return {
    title: `Wrap ${call.name.text} in optional_policy`,
    kind: CodeActionKind.RefactorRewrite,
    edit: { changes: { [doc.uri]: [{ range: { start: doc.text.positionAt(ls), end: doc.text.positionAt(call.end) }, newText }] } },
  };
}
