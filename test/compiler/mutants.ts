// Deterministic mutations of a .te module for the mutation suite (mutation.test.ts). The mutants are
// made from the text with a small line-oriented reader of the refpolicy layout (one statement per line,
// blocks opened by a line ending in "`" or "{" and closed by "')" or "}"), not with the language
// server's parser, so that the oracle does not share the code under test.
import { readFileSync } from 'node:fs';
import { filesUnder } from '../support/system';
import { join } from 'node:path';

export type MutationKind =
  | 'remove-require'
  | 'undeclared-type'
  | 'undeclared-role'
  | 'undeclared-bool'
  | 'misspell-class'
  | 'misspell-perm'
  | 'misspell-interface'
  | 'move-out-of-optional'
  | 'move-call-out-of-optional';

export const KINDS: readonly MutationKind[] = [
  'remove-require', 'undeclared-type', 'undeclared-role', 'undeclared-bool', 'misspell-class', 'misspell-perm',
  'misspell-interface', 'move-out-of-optional', 'move-call-out-of-optional',
];

export interface Mutant {
  /** Stable id: module/kind/L<line>:<what>. */
  id: string;
  kind: MutationKind;
  module: string;
  /** 1-based line of the change in the original file (for insertions and moves: in the mutant). */
  line: number;
  description: string;
  te: string;
}

/** Names that exist in the installed headers, found by a plain text scan (so misspellings are really wrong). */
export interface Vocabulary {
  macros: Set<string>;
  classes: Set<string>;
  perms: Set<string>;
}


export function scanVocabulary(develDir: string): Vocabulary {
  const macros = new Set<string>();
  const classes = new Set<string>();
  const perms = new Set<string>();
  for (const f of filesUnder(join(develDir, 'include'))) {
    if (!/\.(if|spt)$/.test(f)) continue;
    const text = readFileSync(f, 'utf8');
    for (const m of text.matchAll(/^\s*(?:interface|template)\(`(\w+)'/gm)) macros.add(m[1]);
    for (const m of text.matchAll(/define\(`(\w+)'/g)) macros.add(m[1]);
    if (f.endsWith('all_perms.spt')) {
      for (const m of text.matchAll(/define\(`all_(\w+)_perms',`\{([^}]*)\}/g)) {
        classes.add(m[1]);
        for (const p of m[2].split(/\s+/)) if (p) perms.add(p);
      }
    }
  }
  return { macros, classes, perms };
}

interface Frame {
  kind: string;
  id: number;
  /** 0-based line that opens the block. */
  line: number;
}

interface LineInfo {
  i: number;
  text: string;
  code: string;
  /** Blocks enclosing this line (a block opened on the line is not included). */
  stack: Frame[];
  structural: boolean;
}

interface AvRule {
  line: LineInfo;
  indent: string;
  keyword: string;
  source: string;
  target: string;
  cls: string;
  perms: string;
}

interface CallLine {
  line: LineInfo;
  indent: string;
  name: string;
  args: string;
}

interface RequireLine {
  line: LineInfo;
  keyword: string;
  rest: string;
}

const AV = /^(\s*)(allow|dontaudit|auditallow)\s+(\{[^}]*\}|\S+)\s+(\{[^}]*\}|[^\s:]+):(\{[^}]*\}|\S+)\s+(\{[^}]*\}|[^\s;]+)\s*;\s*$/;
const CALL = /^(\s*)(\w+)\((.*)\)\s*$/;
const SUPPORT = new Set(['gen_require', 'optional_policy', 'tunable_policy', 'gen_tunable', 'gen_bool', 'policy_module', 'ifdef', 'ifndef', 'ifelse']);
const PLAIN = /^\w+$/;

function stripComment(s: string): string {
  const h = s.indexOf('#');
  return h < 0 ? s : s.slice(0, h);
}

export function analyse(text: string): LineInfo[] {
  const out: LineInfo[] = [];
  const stack: Frame[] = [];
  let id = 0;
  text.split('\n').forEach((raw, i) => {
    const code = stripComment(raw);
    const info: LineInfo = { i, text: raw, code, stack: [...stack], structural: false };
    out.push(info);
    let m: RegExpExecArray | null;
    if (/^\s*'\)\s*$/.test(code) || /^\s*\}\s*$/.test(code)) {
      stack.pop();
      info.structural = true;
    } else if (/^\s*'\s*,\s*`\s*$/.test(code) || /^\s*\}\s*else\s*\{\s*$/.test(code)) {
      info.structural = true;
    } else if ((m = /^\s*(\w+)\((?:`[^`']*',\s*)*`\s*$/.exec(code))) {
      stack.push({ kind: m[1], id: id++, line: i });
      info.structural = true;
    } else if (/^\s*require\s*\{\s*$/.test(code)) {
      stack.push({ kind: 'require', id: id++, line: i });
      info.structural = true;
    } else if (/^\s*if\s*\(.*\)\s*\{\s*$/.test(code)) {
      stack.push({ kind: 'if', id: id++, line: i });
      info.structural = true;
    }
  });
  return out;
}

/**
 * The 1-based lines that open the m4 blocks (optional_policy, tunable_policy, ifdef…) around a 1-based
 * line. m4 -s attributes everything a macro call expands to to the line where the outermost call
 * starts, so checkmodule reports errors inside such blocks at the block's first line.
 */
export function enclosingMacroLines(text: string, line: number): number[] {
  const info = analyse(text)[line - 1];
  return info ? info.stack.filter((f) => f.kind !== 'require' && f.kind !== 'if').map((f) => f.line + 1) : [];
}

function inRequire(l: LineInfo): boolean {
  const top = l.stack[l.stack.length - 1];
  return top?.kind === 'require' || top?.kind === 'gen_require';
}

function avRules(lines: LineInfo[]): AvRule[] {
  const out: AvRule[] = [];
  for (const l of lines) {
    if (l.structural || inRequire(l)) continue;
    const m = AV.exec(l.code);
    if (m) out.push({ line: l, indent: m[1], keyword: m[2], source: m[3], target: m[4], cls: m[5], perms: m[6] });
  }
  return out;
}

function calls(lines: LineInfo[]): CallLine[] {
  const out: CallLine[] = [];
  for (const l of lines) {
    if (l.structural || inRequire(l)) continue;
    const m = CALL.exec(l.code);
    if (!m || SUPPORT.has(m[2])) continue;
    if ((m[3].match(/\(/g) ?? []).length !== (m[3].match(/\)/g) ?? []).length) continue;
    out.push({ line: l, indent: m[1], name: m[2], args: m[3] });
  }
  return out;
}

function requireLines(lines: LineInfo[]): RequireLine[] {
  const out: RequireLine[] = [];
  for (const l of lines) {
    if (!inRequire(l)) continue;
    const m = /^\s*(type|attribute|attribute_role|role|bool|class)\s+(.*?)\s*;\s*$/.exec(l.code);
    if (m) out.push({ line: l, keyword: m[1], rest: m[2] });
  }
  return out;
}

/** Up to k items spread evenly over the list (first, last and between), in order. */
export function pick<T>(items: readonly T[], k: number): T[] {
  if (items.length <= k) return [...items];
  if (k <= 0) return [];
  if (k === 1) return [items[Math.floor(items.length / 2)]];
  const idx = new Set<number>();
  for (let j = 0; j < k; j++) idx.add(Math.round((j * (items.length - 1)) / (k - 1)));
  return [...idx].sort((a, b) => a - b).map((i) => items[i]);
}

function replaceLine(text: string, i: number, ...with_: string[]): string {
  const lines = text.split('\n');
  lines.splice(i, 1, ...with_);
  return lines.join('\n');
}

/** Replaces the whole word `word` in `s` (first occurrence at or after `from`). */
function replaceWord(s: string, word: string, by: string, from = 0): string {
  const re = new RegExp(`\\b${word}\\b`, 'g');
  re.lastIndex = from;
  const m = re.exec(s);
  if (!m) return s;
  return s.slice(0, m.index) + by + s.slice(m.index + word.length);
}

function swap(s: string, a: number, b: number): string {
  const c = s.split('');
  [c[a], c[b]] = [c[b], c[a]];
  return c.join('');
}

/** file → fiel: swap the last two letters (earlier pairs when they are equal). */
export function misspellClass(name: string, vocab: Vocabulary): string | undefined {
  for (let j = name.length - 1; j > 0; j--) {
    const s = swap(name, j - 1, j);
    if (s !== name && !vocab.classes.has(s) && !s.includes('_')) return s;
  }
  return undefined;
}

/** read → raed: swap the second and third letters (later pairs when equal). */
export function misspellPerm(name: string, vocab: Vocabulary): string | undefined {
  if (name.endsWith('_perms')) return name.replace(/_perms$/, '_prems');
  for (let j = 1; j + 1 < name.length; j++) {
    const s = swap(name, j, j + 1);
    if (s !== name && !vocab.perms.has(s) && !/_/.test(s[j] + s[j + 1])) return s;
  }
  return undefined;
}

/** Drops one letter from the middle of a macro name (not an underscore), giving a name no header defines. */
export function dropLetter(name: string, vocab: Vocabulary): string | undefined {
  const mid = Math.floor(name.length / 2);
  for (let d = 0; d < name.length; d++) {
    for (const j of [mid + d, mid - d]) {
      if (j <= 0 || j >= name.length || name[j] === '_') continue;
      const s = name.slice(0, j) + name.slice(j + 1);
      if (!vocab.macros.has(s)) return s;
    }
  }
  return undefined;
}

const UNDECLARED_TYPE = 'zz_undeclared_t';

/** Every mutant of one module, in a fixed order. */
export function mutate(module: string, te: string, vocab: Vocabulary): Mutant[] {
  const lines = analyse(te);
  const out: Mutant[] = [];
  const add = (kind: MutationKind, line: number, what: string, description: string, text: string) => {
    if (text === te) return;
    out.push({ id: `${module}/${kind}/L${line}:${what}`, kind, module, line, description, te: text });
  };
  const avs = avRules(lines);
  const cs = calls(lines);
  const topLevel = (l: LineInfo) => l.stack.length === 0;

  // 1. Remove a require entry: a whole line, one name of a list, one permission of a class entry.
  const reqs = requireLines(lines);
  const byLine: Array<() => void> = [];
  const byName: Array<() => void> = [];
  const byPerm: Array<() => void> = [];
  for (const r of reqs) {
    const n = r.line.i + 1;
    byLine.push(() => add('remove-require', n, `line`, `remove the require entry "${r.line.text.trim()}"`, replaceLine(te, r.line.i)));
    if (r.keyword !== 'class' && r.rest.includes(',')) {
      const names = r.rest.split(',').map((x) => x.trim());
      const last = names[names.length - 1];
      const kept = `${r.line.text.match(/^\s*/)![0]}${r.keyword} ${names.slice(0, -1).join(', ')};`;
      byName.push(() => add('remove-require', n, `name-${last}`, `remove ${last} from the require entry "${r.line.text.trim()}"`, replaceLine(te, r.line.i, kept)));
    }
    const perms = /^(\w+)\s+\{([^}]*)\}$/.exec(r.rest);
    if (r.keyword === 'class' && perms) {
      const ps = perms[2].trim().split(/\s+/);
      if (ps.length >= 2) {
        const kept = `${r.line.text.match(/^\s*/)![0]}class ${perms[1]} { ${ps.slice(1).join(' ')} };`;
        byPerm.push(() => add('remove-require', n, `perm-${ps[0]}`, `remove permission ${ps[0]} from the require entry "${r.line.text.trim()}"`, replaceLine(te, r.line.i, kept)));
      }
    }
  }
  for (const f of [...pick(byLine, 6), ...pick(byName, 1), ...pick(byPerm, 1)]) f();

  // 2. An undeclared type: in one allow rule (the target when it is a plain type, else the source), and
  //    as the argument of an interface call.
  const withTarget = avs.filter((a) => PLAIN.test(a.target) && a.target !== 'self');
  for (const a of pick(withTarget.length ? withTarget : avs.filter((x) => PLAIN.test(x.source)), 1)) {
    const useTarget = PLAIN.test(a.target) && a.target !== 'self';
    const old = useTarget ? a.target : a.source;
    const text = useTarget
      ? `${a.indent}${a.keyword} ${a.source} ${UNDECLARED_TYPE}:${a.cls} ${a.perms};`
      : `${a.indent}${a.keyword} ${UNDECLARED_TYPE} ${a.target}:${a.cls} ${a.perms};`;
    add('undeclared-type', a.line.i + 1, `rule-${old}`, `rename ${old} to ${UNDECLARED_TYPE} in "${a.line.text.trim()}"`, replaceLine(te, a.line.i, text));
  }
  const typeArg = cs.filter((c) => topLevel(c.line) && vocab.macros.has(c.name) && /^\w+_t$/.test(c.args.split(',')[0].trim()));
  for (const c of pick(typeArg, 1)) {
    const first = c.args.split(',')[0].trim();
    const text = `${c.indent}${c.name}(${replaceWord(c.args, first, UNDECLARED_TYPE)})`;
    add('undeclared-type', c.line.i + 1, `call-${c.name}`, `pass ${UNDECLARED_TYPE} instead of ${first} to ${c.name}`, replaceLine(te, c.line.i, text));
  }

  // 3. An undeclared role: `role zz_r types x_t;` after the first type declaration.
  const firstType = lines.find((l) => topLevel(l) && /^\s*type\s+\w+_t\s*;/.test(l.code));
  if (firstType) {
    const t = /type\s+(\w+)/.exec(firstType.code)![1];
    add('undeclared-role', firstType.i + 2, `zz_r`, `insert "role zz_r types ${t};" after line ${firstType.i + 1}`, replaceLine(te, firstType.i, firstType.text, `role zz_r types ${t};`));
  }

  // 4. An undeclared boolean: `if (zz_undeclared_bool) { … }` around a top-level allow rule.
  for (const a of pick(avs.filter((x) => topLevel(x.line)), 1)) {
    add('undeclared-bool', a.line.i + 1, `zz_undeclared_bool`, `wrap "${a.line.text.trim()}" in if (zz_undeclared_bool)`,
      replaceLine(te, a.line.i, `if (zz_undeclared_bool) {`, `\t${a.line.text.trim()}`, `}`));
  }

  // 5. A misspelled class: in an allow rule (preferring `file`), and in an interface call argument.
  const plainClass = avs.filter((a) => PLAIN.test(a.cls));
  const fileRule = plainClass.find((a) => a.cls === 'file');
  for (const a of fileRule ? [fileRule] : pick(plainClass, 1)) {
    const bad = misspellClass(a.cls, vocab);
    if (!bad) continue;
    add('misspell-class', a.line.i + 1, `${a.cls}->${bad}`, `${a.cls} → ${bad} in "${a.line.text.trim()}"`,
      replaceLine(te, a.line.i, `${a.indent}${a.keyword} ${a.source} ${a.target}:${bad} ${a.perms};`));
  }
  const classArg = cs.filter((c) => {
    const args = c.args.split(',');
    const last = args[args.length - 1].replace(/[{}]/g, ' ').trim().split(/\s+/);
    return args.length > 1 && last.every((w) => vocab.classes.has(w)) && vocab.macros.has(c.name);
  });
  for (const c of pick(classArg, 1)) {
    const args = c.args.split(',');
    const cls = args[args.length - 1].replace(/[{}]/g, ' ').trim().split(/\s+/)[0];
    const bad = misspellClass(cls, vocab);
    if (!bad) continue;
    const lastStart = c.args.lastIndexOf(',') + 1;
    const text = `${c.indent}${c.name}(${c.args.slice(0, lastStart)}${replaceWord(c.args.slice(lastStart), cls, bad)})`;
    add('misspell-class', c.line.i + 1, `${c.name}-${cls}->${bad}`, `${cls} → ${bad} in the class argument of ${c.name}`, replaceLine(te, c.line.i, text));
  }

  // 6. A misspelled permission (preferring `read`) and a misspelled permission set (`_perms` → `_prems`).
  const explicit = avs.flatMap((a) => a.perms.replace(/[{}]/g, ' ').trim().split(/\s+/).filter((p) => vocab.perms.has(p) && !p.endsWith('_perms')).map((p) => ({ a, p })));
  const read = explicit.find((x) => x.p === 'read');
  for (const { a, p } of read ? [read] : pick(explicit, 1)) {
    const bad = misspellPerm(p, vocab);
    if (!bad) continue;
    add('misspell-perm', a.line.i + 1, `${p}->${bad}`, `${p} → ${bad} in "${a.line.text.trim()}"`,
      replaceLine(te, a.line.i, `${a.indent}${a.keyword} ${a.source} ${a.target}:${a.cls} ${replaceWord(a.perms, p, bad)};`));
  }
  const sets = avs.flatMap((a) => a.perms.replace(/[{}]/g, ' ').trim().split(/\s+/).filter((p) => p.endsWith('_perms') && vocab.macros.has(p)).map((p) => ({ a, p })));
  for (const { a, p } of pick(sets, 1)) {
    const bad = misspellPerm(p, vocab)!;
    add('misspell-perm', a.line.i + 1, `${p}->${bad}`, `${p} → ${bad} in "${a.line.text.trim()}"`,
      replaceLine(te, a.line.i, `${a.indent}${a.keyword} ${a.source} ${a.target}:${a.cls} ${replaceWord(a.perms, p, bad)};`));
  }

  // 7. A misspelled interface call (one letter dropped): at the top level and inside an optional block.
  const known = cs.filter((c) => vocab.macros.has(c.name));
  const topCalls = known.filter((c) => topLevel(c.line));
  const optCalls = known.filter((c) => c.line.stack.length === 1 && c.line.stack[0].kind === 'optional_policy');
  const chosen = [...pick(topCalls, 1), ...pick(optCalls.length ? optCalls : topCalls.slice(0, Math.floor(topCalls.length / 2)), 1)];
  for (const c of chosen) {
    const bad = dropLetter(c.name, vocab);
    if (!bad) continue;
    add('misspell-interface', c.line.i + 1, `${c.name}->${bad}`, `${c.name} → ${bad}`, replaceLine(te, c.line.i, `${c.indent}${bad}(${c.args})`));
  }

  // 8. Move a statement out of an optional_policy block to the top level. Statements that use a type the
  //    rest of the file never mentions (it is required or declared only by that block) should then fail;
  //    an interface call that uses only the module's own names should still compile (a control).
  const blocks = new Map<number, LineInfo[]>();
  for (const l of lines) {
    if (l.stack.length === 1 && l.stack[0].kind === 'optional_policy' && !l.structural && l.code.trim()) {
      const b = blocks.get(l.stack[0].id) ?? [];
      b.push(l);
      blocks.set(l.stack[0].id, b);
    }
  }
  const blockLines = (id: number) => new Set(lines.filter((l) => l.stack.some((f) => f.id === id)).map((l) => l.i));
  const moveLocal: LineInfo[] = [];
  const moveCall: LineInfo[] = [];
  for (const [id, stmts] of blocks) {
    const inside = blockLines(id);
    const outside = lines.filter((l) => !inside.has(l.i)).map((l) => l.code).join('\n');
    // The block's content without its closing line: moving a statement must leave something in it.
    const content = lines.filter((l) => inside.has(l.i) && l.code.trim() && !/^\s*'\)\s*$/.test(l.code));
    for (const s of stmts) {
      if (content.length - 1 < 1) continue;
      const types = [...s.code.matchAll(/\b\w+_t\b/g)].map((m) => m[0]);
      const local = types.filter((t) => !new RegExp(`\\b${t}\\b`).test(outside));
      const call = CALL.exec(s.code);
      if (local.length) moveLocal.push(s);
      else if (call && vocab.macros.has(call[2]) && !call[2].endsWith('_pattern')) moveCall.push(s);
    }
  }
  const move = (kind: MutationKind, l: LineInfo) => {
    const kept = te.split('\n');
    kept.splice(l.i, 1);
    const body = kept.join('\n').replace(/\n*$/, '\n');
    const text = `${body}\n${l.text.trim()}\n`;
    add(kind, text.split('\n').length - 1, `from-L${l.i + 1}`, `move "${l.text.trim()}" (line ${l.i + 1}) out of its optional_policy to the end of the file`, text);
  };
  for (const l of pick(moveLocal, 2)) move('move-out-of-optional', l);
  for (const l of pick(moveCall, 1)) move('move-call-out-of-optional', l);
  return out;
}
