// SPDX-License-Identifier: MIT
// One file-context specification (a path regex with an optional file type) as the toolchain sees it:
// fc_sort's specificity key, libselinux's stem and mode, and the regex as a finite automaton (refa), so
// matching is linear in the path and overlaps between two regexes can be computed exactly.
// Pure: no IO. See ../../../../ARCHITECTURE.md ("File contexts").

import { JS, NFA } from 'refa';

/** Characters that make a spec a regex, for fc_sort and libselinux (a backslash escapes the next one). */
const META = new Set(['.', '^', '$', '?', '*', '+', '|', '[', '(', '{']);

/** fc_sort.py's key: exact paths sort after regexes, then longer stems, then longer strings, then a file type. */
export interface SortKey {
  readonly meta: boolean;
  readonly stemLen: number;
  readonly strLen: number;
  readonly hasType: boolean;
}

export function sortKey(regex: string, fileType: string | undefined): SortKey {
  let meta = false;
  let stemLen = 0;
  let strLen = 0;
  for (let i = 0; i < regex.length; i++) {
    const c = regex[i];
    if (META.has(c)) meta = true;
    if (!meta) stemLen++;
    strLen++;
    if (c === '\\') i++; // the escaped character is not counted
  }
  return { meta, stemLen, strLen, hasType: fileType !== undefined };
}

/** fc_sort's comparison: negative when `a` is less specific (sorts first, so loses to `b`). */
export function compareSpecificity(a: SortKey, b: SortKey): number {
  if (a.meta !== b.meta) return a.meta ? -1 : 1;
  if (a.stemLen !== b.stemLen) return a.stemLen - b.stemLen;
  if (a.strLen !== b.strLen) return a.strLen - b.strLen;
  if (a.hasType !== b.hasType) return a.hasType ? 1 : -1;
  return 0;
}

/** libselinux's `spec_hasMetaChars`: the same set, with `\` skipping the next character. */
export function hasMeta(regex: string): boolean {
  for (let i = 0; i < regex.length; i++) {
    if (regex[i] === '\\') i++;
    else if (META.has(regex[i])) return true;
  }
  return false;
}

/** libselinux's stem of a spec: the text before the second `/` when it has no meta character, else ''. */
export function specStem(regex: string): string {
  const slash = regex.indexOf('/', 1);
  if (slash < 0) return '';
  for (let i = 0; i < slash; i++) if (META.has(regex[i])) return '';
  return regex.slice(0, slash);
}

/**
 * The literal text every path matching the regex starts with: the characters before the first meta
 * character, minus one made optional by a following quantifier; '' when the regex has a top-level `|`.
 */
export function literalPrefix(regex: string): string {
  let out = '';
  let depth = 0;
  for (let i = 0; i < regex.length; i++) {
    const c = regex[i];
    if (c === '\\') i++;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '[') {
      // skip a bracket expression ([]...] and [^]...] start with a literal ])
      let j = i + 1;
      if (regex[j] === '^') j++;
      if (regex[j] === ']') j++;
      while (j < regex.length && regex[j] !== ']') j += regex[j] === '\\' ? 2 : 1;
      i = j;
    } else if (c === '|' && depth === 0) return '';
  }
  for (let i = 0; i < regex.length; i++) {
    let c = regex[i];
    let next = i + 1;
    if (c === '\\') {
      const e = regex[i + 1];
      if (e === undefined || /[0-9A-Za-z]/.test(e)) break; // \d, \w, \1...: not a literal
      c = e;
      next = i + 2;
    } else if (META.has(c) || c === ')') break;
    const q = regex[next];
    if (q === '?' || q === '*' || q === '{') break;
    out += c;
    i = next - 1;
  }
  return out;
}

/** libselinux's stem of a looked-up path: the text before its second `/`, else ''. */
export function pathStem(path: string): string {
  const slash = path.indexOf('/', 1);
  return slash < 0 ? '' : path.slice(0, slash);
}

export { MODE_FLAG, MODE_NAMES, modeOfFlag, modesOverlap } from './modes';
export type { Mode } from './modes';

// ---- the regex as an automaton ------------------------------------------------------------------------

export interface RegexError {
  /** Offset in the regex string (0-based). */
  readonly offset: number;
  readonly message: string;
}

/** A compiled spec: its language over path bytes, or why it could not be compiled. */
export interface CompiledRegex {
  readonly nfa?: NFA;
  readonly error?: RegexError;
  /** A regex that is valid but uses something the automaton cannot model (a lookaround, say). */
  readonly unsupported?: string;
}

const POSIX_CLASSES: Record<string, string> = {
  alpha: 'a-zA-Z', digit: '0-9', alnum: 'a-zA-Z0-9', upper: 'A-Z', lower: 'a-z', space: ' \\t\\n\\r\\f\\v',
  xdigit: '0-9A-Fa-f', punct: '!-\\/:-@\\[-`{-~', blank: ' \\t', word: '\\w', cntrl: '\\x00-\\x1f\\x7f',
  print: ' -~', graph: '!-~',
};

/** PCRE2 spellings that JavaScript's regex syntax lacks: POSIX classes inside brackets. */
function toJsSyntax(regex: string): string {
  return regex.includes('[:') ? regex.replace(/\[:(\w+):\]/g, (m, name: string) => POSIX_CLASSES[name] ?? m) : regex;
}

const cache = new Map<string, CompiledRegex>();
const CACHE_LIMIT = 50_000;

/**
 * The language of `^` + regex + `$` under PCRE2 with DOTALL, as libselinux compiles it, over bytes.
 * A top-level alternation keeps PCRE's precedence: `^a|b$` anchors only the first and last alternatives.
 */
export function compileRegex(regex: string): CompiledRegex {
  let c = cache.get(regex);
  if (!c) {
    c = new Compiled(regex, compileUncached(regex));
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(regex, c);
  }
  return c;
}

/**
 * A cached compilation. The NFA is large (refa's node objects) and only needed until the byte-class
 * matcher is built: it is then released, and rebuilt should anyone ask for it again.
 */
class Compiled implements CompiledRegex {
  private held?: NFA;
  readonly error?: RegexError;
  readonly unsupported?: string;

  constructor(private readonly regex: string, first: CompiledRegex) {
    this.held = first.nfa;
    if (first.error) this.error = first.error;
    if (first.unsupported) this.unsupported = first.unsupported;
  }

  get nfa(): NFA | undefined {
    if (this.error || this.unsupported) return undefined;
    return (this.held ??= compileUncached(this.regex).nfa);
  }

  release(): void {
    this.held = undefined;
  }
}

function compileUncached(regex: string): CompiledRegex {
  let parsed: JS.ParseResult;
  try {
    parsed = JS.Parser.fromLiteral({ source: toJsSyntax(regex), flags: 's' }).parse({ backreferences: 'disable' });
  } catch (e) {
    return { error: regexError(regex, e) };
  }
  if (regex.includes('\n')) return { error: { offset: regex.indexOf('\n'), message: 'a newline cannot appear in a path regex' } };
  try {
    const alts = parsed.expression.alternatives;
    const options = { maxCharacter: parsed.maxCharacter };
    const build = (concat: typeof alts[number]) =>
      NFA.fromRegex({ type: 'Expression', alternatives: [concat] } as never, options, { assertions: 'throw', unknowns: 'throw' });
    if (alts.length <= 1) return { nfa: NFA.fromRegex(parsed.expression, options, { assertions: 'throw', unknowns: 'throw' }) };
    const all = () => NFA.all(options);
    const nfa = NFA.empty(options);
    alts.forEach((alt, i) => {
      const part = build(alt);
      if (i > 0) part.prependInto(all());
      if (i < alts.length - 1) part.appendInto(all());
      nfa.unionInto(part);
    });
    return { nfa };
  } catch (e) {
    return { unsupported: e instanceof Error ? e.message : String(e) };
  }
}

function regexError(regex: string, e: unknown): RegexError {
  const err = e as { index?: number; message?: string };
  let message = String(err.message ?? e);
  // regexpp: "Invalid regular expression: /.../s: Unterminated group" → the reason only.
  const m = /^Invalid regular expression: \/.*\/\w*: (.*)$/s.exec(message);
  if (m) message = m[1];
  message = message.charAt(0).toLowerCase() + message.slice(1);
  const offset = typeof err.index === 'number' ? Math.max(0, Math.min(regex.length, err.index - 1)) : 0;
  return { offset, message };
}

const encoder = new TextEncoder();

/** A path as libselinux's matcher sees it: its UTF-8 bytes. */
export function toWord(path: string): number[] {
  let ascii = true;
  for (let i = 0; i < path.length; i++) if (path.charCodeAt(i) > 0x7f) ascii = false;
  if (ascii) {
    const w = new Array<number>(path.length);
    for (let i = 0; i < path.length; i++) w[i] = path.charCodeAt(i);
    return w;
  }
  return Array.from(encoder.encode(path));
}

/** A printable example from a word set: the first readable byte of each character set, preferring letters. */
export function exampleFromWordSet(set: readonly { ranges: readonly { min: number; max: number }[] }[]): string | undefined {
  let out = '';
  for (const cs of set) {
    const c = pickChar(cs.ranges);
    if (c === undefined) return undefined;
    out += String.fromCharCode(c);
  }
  return out;
}

const PREFERRED = [0x61, 0x78, 0x30, 0x41, 0x5f, 0x2d, 0x2e]; // a x 0 A _ - .

function pickChar(ranges: readonly { min: number; max: number }[]): number | undefined {
  const has = (c: number) => ranges.some((r) => r.min <= c && c <= r.max);
  for (const c of PREFERRED) if (has(c)) return c;
  for (const r of ranges) {
    for (let c = Math.max(r.min, 0x21); c <= Math.min(r.max, 0x7e); c++) return c;
  }
  return undefined;
}

/**
 * A matcher for one compiled spec: a byte-class transition table built from the DFA, so a test
 * is one array lookup per byte. A regex whose DFA would exceed MAX_DFA_STATES keeps the NFA (still
 * linear in the path, just slower); a regex that did not compile matches nothing.
 */
export interface Matcher {
  test(word: readonly number[]): boolean;
  /** The byte-class DFA, when one was built (state 0 is dead). */
  readonly dfa?: ByteDfa;
}

export interface ByteDfa {
  readonly start: number;
  readonly states: number;
  /** Byte → column. */
  readonly classes: Uint8Array;
  readonly width: number;
  /** states × width → next state. */
  readonly table: Int32Array;
  readonly finals: Uint8Array;
}

const MAX_DFA_STATES = 4000;
const NEVER: Matcher = { test: () => false };
const matchers = new WeakMap<CompiledRegex, Matcher>();

export function matcherOf(c: CompiledRegex): Matcher {
  let m = matchers.get(c);
  if (!m) matchers.set(c, (m = buildMatcher(c)));
  return m;
}

function buildMatcher(c: CompiledRegex): Matcher {
  const nfa = c.nfa;
  if (!nfa) return NEVER;
  const dfa = byteDfa(nfa);
  if (!dfa) return { test: (w) => nfa.test(w) };
  if (c instanceof Compiled) c.release();
  const { start, width, table, classes, finals } = dfa;
  return {
    dfa,
    test(w) {
      let s = start;
      for (let i = 0; i < w.length && s !== 0; i++) {
        const b = w[i];
        s = b > 255 ? 0 : table[s * width + classes[b]];
      }
      return finals[s] === 1;
    },
  };
}

/**
 * The subset construction of an (epsilon-free) NFA, straight into a byte-class table: bytes that every
 * NFA edge treats alike share a column, and each DFA state is the set of NFA nodes reached. Not
 * minimised (the searches cost less than minimising would). Undefined beyond MAX_DFA_STATES states.
 */
function byteDfa(nfa: NFA): ByteDfa | undefined {
  const nodes = [...nfa.nodes()];
  const index = new Map(nodes.map((n, i) => [n, i]));
  const cuts = new Set<number>([0, 256]);
  for (const n of nodes) {
    for (const cs of n.out.values()) {
      for (const r of cs.ranges) {
        if (r.min <= 255) cuts.add(r.min);
        if (r.max + 1 <= 255) cuts.add(r.max + 1);
      }
    }
  }
  const bounds = [...cuts].sort((a, b) => a - b);
  const width = bounds.length - 1;
  const classes = new Uint8Array(256);
  for (let k = 0; k < width; k++) classes.fill(k, bounds[k], bounds[k + 1]);
  // Each NFA node's edges as [first class, last class, target node] triples (flat, no object per edge).
  const edges: number[][] = nodes.map((n) => {
    const out: number[] = [];
    for (const [to, cs] of n.out) {
      const j = index.get(to)!;
      for (const r of cs.ranges) {
        if (r.min > 255) continue;
        out.push(classes[r.min], classes[Math.min(r.max, 255)], j);
      }
    }
    return out;
  });
  const isFinal = nodes.map((n) => nfa.finals.has(n));
  // State 0 is the dead state (the empty set); state 1 the start.
  const sets: number[][] = [[], [index.get(nfa.initial)!]];
  const ids = new Map<string, number>([['', 0], [String(index.get(nfa.initial)), 1]]);
  const table: number[] = new Array<number>(2 * width).fill(0);
  const mark = new Int32Array(nodes.length).fill(-1);
  let stamp = 0;
  for (let s = 1; s < sets.length; s++) {
    const set = sets[s];
    for (let k = 0; k < width; k++) {
      stamp++;
      const next: number[] = [];
      for (const i of set) {
        const e = edges[i];
        for (let x = 0; x < e.length; x += 3) {
          const j = e[x + 2];
          if (e[x] <= k && k <= e[x + 1] && mark[j] !== stamp) {
            mark[j] = stamp;
            next.push(j);
          }
        }
      }
      if (!next.length) continue;
      next.sort((a, b) => a - b);
      const key = next.join(',');
      let id = ids.get(key);
      if (id === undefined) {
        if (sets.length >= MAX_DFA_STATES) return undefined;
        id = sets.length;
        ids.set(key, id);
        sets.push(next);
        for (let x = 0; x < width; x++) table.push(0);
      }
      table[s * width + k] = id;
    }
  }
  const finals = new Uint8Array(sets.length);
  sets.forEach((set, s) => {
    if (set.some((i) => isFinal[i])) finals[s] = 1;
  });
  return { start: 1, states: sets.length, classes, width, table: Int32Array.from(table), finals };
}
