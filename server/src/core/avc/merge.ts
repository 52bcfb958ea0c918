// SPDX-License-Identifier: MIT
// Merges generated rules into an open .te module with minimal edits:
//  - missing require entries go into the existing require block (created after policy_module/module
//    when there is none), in selint's keyword order, class entries extended in place;
//  - a permission missing from an existing identical rule (same kind, source, target, class) is added to
//    that rule's permission list;
//  - other rules go under a per-domain section (`#============= httpd_t ==============`), appended to it
//    when it exists; role rules under `#============= ROLES ==============`.
// Importing the same denials twice changes nothing. No other text is touched. Pure.

import type { TextEdit } from 'vscode-languageserver-types';
import type { PolicyDocument } from '../document';
import type { PolicyIndex } from '../index/policyIndex';
import type { AvRule as AvRuleNode, IdList, RequireEntry, Statement } from '../syntax/nodes';
import type { AvRule, Generated } from './rules';
import { ruleText, setText } from './rules';

export interface MergeResult {
  readonly edits: TextEdit[];
  /** What changed: new rules, permissions added to existing rules, require entries added. */
  readonly newRules: number;
  readonly extendedRules: number;
  readonly requires: number;
  readonly roles: number;
  /** The module form found: policy_module(), a bare `module` statement, or none. */
  readonly form: 'policy_module' | 'module' | 'none';
}

const KEYWORD_ORDER = ['bool', 'attribute', 'attribute_role', 'type', 'class', 'role'];

export interface MergeOptions {
  /** An interface call to write instead of a rule (interface suggestions), or undefined for the rule. */
  readonly callFor?: (r: AvRule) => string | undefined;
}

export function mergeDenials(doc: PolicyDocument, g: Generated, index?: PolicyIndex, options: MergeOptions = {}): MergeResult {
  const text = doc.file.text;
  const pos = (o: number) => doc.text.positionAt(o);
  const stmts = doc.file.statements;
  const edits: TextEdit[] = [];
  const insertAt = new Map<number, string[]>();
  /** Adds names to a permission list: inside its braces, or braces around a single name. */
  const addToList = (p: IdList, names: readonly string[]): TextEdit => {
    if (p.braced) {
      const close = text.lastIndexOf('}', p.end);
      return { range: { start: pos(close), end: pos(close) }, newText: `${text[close - 1] === ' ' ? '' : ' '}${names.join(' ')} ` };
    }
    return { range: { start: pos(p.start), end: pos(p.end) }, newText: `{ ${text.slice(p.start, p.end)} ${names.join(' ')} }` };
  };
  const insert = (offset: number, t: string) => {
    const l = insertAt.get(offset);
    if (l) l.push(t);
    else insertAt.set(offset, [t]);
  };

  // ---- the module form and what it declares
  const pm = stmts.find((s) => (s.kind === 'Call' && s.name.text === 'policy_module') || s.kind === 'Module');
  const form: MergeResult['form'] = !pm ? 'none' : pm.kind === 'Module' ? 'module' : 'policy_module';
  const declared = new Set<string>();
  const collectDecls = (list: readonly Statement[]) => {
    for (const s of list) {
      if (s.kind === 'TypeDecl' && s.name) {
        declared.add(s.name.text);
        for (const a of s.aliases) declared.add(a.text);
      } else if (s.kind === 'SimpleDecl' && s.name && !s.types) declared.add(s.name.text);
    }
  };
  collectDecls(stmts);

  // ---- require entries
  const req = stmts.find((s): s is Extract<Statement, { kind: 'Require' }> => s.kind === 'Require');
  const entries = req ? req.entries.filter((e): e is RequireEntry => e.kind === 'RequireEntry') : [];
  const required = (keyword: string, name: string) => entries.some((e) => e.keyword === keyword && e.names.some((n) => n.text === name));
  const needClass = (cls: string) => form === 'module' || (form === 'policy_module' && !!index?.cls(cls)?.userspace);
  const wantTypes = new Set<string>();
  const wantRoles = new Set<string>();
  const wantClasses = new Map<string, Set<string>>();
  const calls = new Map<AvRule, string>();
  for (const r of g.rules) {
    const call = options.callFor?.(r);
    if (call) {
      calls.set(r, call);
      // The interface requires what it uses; the module still needs the domain it passes.
      if (!declared.has(r.source) && !required('type', r.source)) wantTypes.add(r.source);
      continue;
    }
    for (const t of [r.source, r.target]) if (t !== 'self' && !declared.has(t) && !required('type', t)) wantTypes.add(t);
    if (needClass(r.tclass)) {
      let s = wantClasses.get(r.tclass);
      if (!s) wantClasses.set(r.tclass, (s = new Set()));
      for (const p of r.perms) s.add(p);
    }
  }
  for (const r of g.roles) {
    if (!declared.has(r.role) && !required('role', r.role)) wantRoles.add(r.role);
    if (!declared.has(r.type) && !required('type', r.type)) wantTypes.add(r.type);
  }
  let requires = 0;
  const newEntries: Array<{ keyword: string; line: string }> = [];
  for (const t of [...wantTypes].sort()) newEntries.push({ keyword: 'type', line: `type ${t};` });
  for (const [cls, perms] of [...wantClasses].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const e = entries.find((x) => x.keyword === 'class' && x.names.length === 1 && x.names[0].text === cls);
    const have = new Set(e?.perms?.items.map((i) => i.name.text) ?? []);
    const missing = [...perms].filter((p) => !have.has(p)).sort();
    if (!missing.length) continue;
    requires++;
    if (e?.perms) edits.push(addToList(e.perms, missing));
    else newEntries.push({ keyword: 'class', line: `class ${cls} ${setText(missing)};` });
  }
  for (const r of [...wantRoles].sort()) newEntries.push({ keyword: 'role', line: `role ${r};` });
  // A file without a module statement is a fragment: it gets rules, not requires.
  if (form === 'none') newEntries.length = 0;
  requires += newEntries.length;
  if (newEntries.length) {
    if (!req) {
      const at = pm ? lineEnd(text, pm.end) : 0;
      const block = `\nrequire {\n${newEntries.map((e) => `\t${e.line}`).join('\n')}\n}\n`;
      insert(at, at === 0 ? block.slice(1) + '\n' : block);
    } else {
      const rank = (k: string) => (KEYWORD_ORDER.indexOf(k) < 0 ? KEYWORD_ORDER.length : KEYWORD_ORDER.indexOf(k));
      const indent = entries.length ? indentOf(text, entries[0].start) : '\t';
      for (const n of newEntries) {
        let after: RequireEntry | undefined;
        for (const e of entries) if (rank(e.keyword) <= rank(n.keyword)) after = e;
        const at = after ? lineEndNoNl(text, after.end) : text.indexOf('{', req.start) + 1;
        insert(at, `\n${indent}${n.line}`);
      }
    }
  }

  // ---- rules: extend identical ones, else append per source section
  const avNodes = stmts.filter((s): s is AvRuleNode => s.kind === 'AvRule');
  const single = (l: AvRuleNode['source']) => (l && !l.braced && !l.complement && !l.star && l.items.length === 1 && !l.items[0].negated ? l.items[0].name.text : undefined);
  const covered = (node: AvRuleNode): Set<string> => {
    const out = new Set<string>();
    for (const i of node.perms?.items ?? []) {
      const expanded = index?.permsOf(i.name.text);
      if (expanded) for (const p of expanded) out.add(p);
      else out.add(i.name.text);
    }
    return out;
  };
  let newRules = 0;
  let extendedRules = 0;
  const pending = new Map<string, string[]>();
  const squashed = text.replace(/\s+/g, '');
  const queue = (source: string, line: string) => {
    const l = pending.get(source);
    if (l) {
      if (!l.includes(line)) l.push(line);
    } else pending.set(source, [line]);
  };
  for (const r of g.rules) {
    const call = calls.get(r);
    if (call) {
      if (squashed.includes(call.replace(/\s+/g, ''))) continue;
      newRules++;
      queue(r.source, call);
      continue;
    }
    const node = avNodes.find((n) => n.keyword === r.kind && single(n.source) === r.source && single(n.target) === r.target && single(n.classes) === r.tclass && n.perms && !n.perms.star && !n.perms.complement);
    if (node?.perms) {
      const have = covered(node);
      const missing = r.perms.filter((p) => !have.has(p));
      if (!missing.length) continue;
      extendedRules++;
      edits.push(addToList(node.perms, missing));
      continue;
    }
    newRules++;
    queue(r.source, ruleText(r));
  }
  const eofParts: string[] = [];
  for (const [source, body] of pending) {
    const section = findSection(text, source);
    if (section !== undefined) insert(section, `${body.join('\n')}\n`);
    else eofParts.push(`#============= ${source} ==============\n${body.join('\n')}\n`);
  }
  // ---- roles
  let roles = 0;
  const roleLines: string[] = [];
  for (const r of g.roles) {
    const re = new RegExp(`^\\s*role\\s+${esc(r.role)}\\s+types\\s+(\\{[^}]*\\b${esc(r.type)}\\b[^}]*\\}|${esc(r.type)})\\s*;`, 'm');
    if (re.test(text)) continue;
    roles++;
    roleLines.push(`role ${r.role} types ${r.type};`);
  }
  if (roleLines.length) {
    const section = findSection(text, 'ROLES');
    if (section !== undefined) insert(section, `${roleLines.join('\n')}\n`);
    else eofParts.push(`#============= ROLES ==============\n${roleLines.join('\n')}\n`);
  }
  if (eofParts.length) {
    const sep = text.length === 0 || text.endsWith('\n\n') ? '' : text.endsWith('\n') ? '\n' : '\n\n';
    insert(text.length, sep + eofParts.join('\n'));
  }
  for (const [offset, parts] of [...insertAt].sort((a, b) => a[0] - b[0])) edits.push({ range: { start: pos(offset), end: pos(offset) }, newText: parts.join('') });
  edits.sort((a, b) => doc.text.offsetAt(a.range.start) - doc.text.offsetAt(b.range.start));
  return { edits, newRules, extendedRules, requires, roles, form };
}

function esc(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Offset just after the end of the line holding `offset` (after its newline). */
function lineEnd(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl + 1;
}

/** Offset of the newline ending the line holding `offset` (or the end of the text). */
function lineEndNoNl(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl;
}

function indentOf(text: string, offset: number): string {
  const ls = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(ls))![0];
}

/**
 * Where new lines of a `#============= NAME ==============` section go: after its last statement line
 * (neither blank nor a comment; the section ends at the next section header or the end of the text), or
 * right after the header when it has none; undefined when there is no such section.
 */
function findSection(text: string, name: string): number | undefined {
  const header = new RegExp(`^#=+ ${esc(name)} =+[ \\t]*$`, 'm');
  const m = header.exec(text);
  if (!m) return undefined;
  const afterHeader = lineEnd(text, m.index);
  if (afterHeader > 0 && text[afterHeader - 1] !== '\n') return undefined;
  const next = /^#=+ \S+ =+[ \t]*$/m.exec(text.slice(afterHeader));
  const end = next ? afterHeader + next.index : text.length;
  let at = afterHeader;
  for (let ls = afterHeader; ls < end; ) {
    const le = lineEnd(text, ls);
    const line = text.slice(ls, le).trim();
    if (line && !line.startsWith('#')) at = le;
    ls = le;
  }
  if (at > 0 && text[at - 1] !== '\n') return undefined;
  return at;
}
