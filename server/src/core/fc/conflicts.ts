// SPDX-License-Identifier: MIT
// Overlaps between file-context entries, computed on automata (refa), never by backtracking:
//  - which other entries match some of the same paths (for the same file types), with an example path;
//  - which entry wins there (fc_sort order, libselinux's last match), and why;
//  - entries that never apply (every path they match is won by others);
//  - ties whose winner depends only on the order entries were read in;
//  - duplicates exactly as `setfiles -c` reports them (same regex string, overlapping file types).
// Pure: no IO.

import { ByteDfa, compareSpecificity, compileRegex, matcherOf, modesOverlap, toWord } from './spec';
import type { FcTable, TableEntry } from './table';

/** Why the winner of an overlap wins, in fc_sort's terms. */
export type WinReason = 'exact path' | 'longer stem' | 'longer regex' | 'file type given' | 'file order';

export interface Overlap {
  readonly other: TableEntry;
  /** Whether this entry wins on the shared paths. */
  readonly wins: boolean;
  readonly reason: WinReason;
  /** A path both entries match. */
  readonly example: string;
}

export interface EntryAnalysis {
  readonly entry: TableEntry;
  /** Entries with a different context that match some of the same paths. */
  readonly overlaps: readonly Overlap[];
  /** Entries with the same regex string whose file types overlap (setfiles -c). */
  readonly duplicates: readonly TableEntry[];
  /** Set when the entry never applies: the entries that win all of its paths. */
  readonly shadowedBy?: readonly TableEntry[];
  /**
   * Set when no path libselinux looks up can match the entry: every path the regex matches holds `//` or
   * ends in `/`, which libselinux removes from a path before the lookup. `example` is such a path.
   */
  readonly neverLookedUp?: { readonly example: string };
}

/** Shadowing is decided exactly for up to this many covering winners (else left undecided). */
const MAX_UNION = 24;

/** The entries of `table` that can share a path with `e`: compatible literal prefixes, stems and modes. */
export class OverlapFinder {
  private readonly sorted: TableEntry[];
  private readonly byPrefix = new Map<string, TableEntry[]>();

  constructor(readonly table: FcTable) {
    this.sorted = [...table.entries].sort((a, b) => (a.prefix < b.prefix ? -1 : a.prefix > b.prefix ? 1 : a.rank - b.rank));
    for (const e of this.sorted) {
      const l = this.byPrefix.get(e.prefix);
      if (l) l.push(e);
      else this.byPrefix.set(e.prefix, [e]);
    }
  }

  /** Entries whose literal prefix is a prefix of e's, or extends it. */
  candidates(e: TableEntry): TableEntry[] {
    const out: TableEntry[] = [];
    const p = e.prefix;
    for (let n = 0; n < p.length; n++) {
      const l = this.byPrefix.get(p.slice(0, n));
      if (l) out.push(...l);
    }
    // Every entry whose prefix starts with p: a contiguous run of the sorted array.
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.sorted[mid].prefix < p) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.sorted.length && this.sorted[i].prefix.startsWith(p); i++) out.push(this.sorted[i]);
    return out.filter((o) => o !== e && modesOverlap(o.spec.mode, e.spec.mode) && (!o.stem || !e.stem || o.stem === e.stem));
  }
}

/** A path both entries match, or undefined when their languages are disjoint (or too large to tell). */
export function sharedPath(a: TableEntry, b: TableEntry): string | undefined {
  if (a.literal !== undefined || b.literal !== undefined) {
    const [lit, other] = a.literal !== undefined ? [a, b] : [b, a];
    const path = lit.literal!;
    if (other.literal !== undefined) return other.literal === path ? path : undefined;
    return matcherOf(compileRegex(other.spec.regex)).test(wordOf(lit)) ? path : undefined;
  }
  const da = matcherOf(compileRegex(a.spec.regex)).dfa;
  const db = matcherOf(compileRegex(b.spec.regex)).dfa;
  if (!da || !db) return undefined;
  return pairSearch(da, db);
}

/** An exact-path entry's path as bytes, computed once per entry (it is tested against many regexes). */
const words = new WeakMap<TableEntry, number[]>();
function wordOf(e: TableEntry): number[] {
  let w = words.get(e);
  if (!w) words.set(e, (w = toWord(e.literal!)));
  return w;
}

/** Bytes in the order examples should use them: readable ones first, so examples are readable paths. */
const BYTE_ORDER: number[] = (() => {
  const first = 'abcdefghijklmnopqrstuvwxyz0123456789/._-ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const out = [...first].map((c) => c.charCodeAt(0));
  for (let b = 0x21; b < 0x7f; b++) if (!out.includes(b)) out.push(b);
  for (let b = 0; b < 256; b++) if (!out.includes(b)) out.push(b);
  return out;
})();

/** The most readable byte in [lo, hi): a letter, a digit, `/`, other printable, else lo. */
function readableIn(lo: number, hi: number): number {
  for (const x of READABLE) if (x >= lo && x < hi) return x;
  return lo >= 0x21 && lo < 0x7f ? lo : lo < 0x21 && hi > 0x21 ? 0x21 : lo;
}
const READABLE = [...'abcdefghijklmnopqrstuvwxyz0123456789/._-'].map((c) => c.charCodeAt(0));

const RANK = (() => {
  const r = new Int32Array(256);
  for (let x = 0; x < 256; x++) {
    const i = READABLE.indexOf(x);
    r[x] = i >= 0 ? i : x >= 0x21 && x < 0x7f ? 100 + x : 1000 + x;
  }
  return r;
})();

/** The bytes where a DFA's column changes (0 and 256 included), cached per DFA. */
const cutsCache = new WeakMap<ByteDfa, Int32Array>();
function cutsOf(d: ByteDfa): Int32Array {
  let c = cutsCache.get(d);
  if (!c) {
    const out = [0];
    for (let x = 1; x < 256; x++) if (d.classes[x] !== d.classes[x - 1]) out.push(x);
    out.push(256);
    cutsCache.set(d, (c = Int32Array.from(out)));
  }
  return c;
}

/**
 * Byte intervals on which both DFAs' columns are constant: one readable byte from each, written to
 * `out`, readable first. Returns how many.
 */
function jointReps(a: ByteDfa, b: ByteDfa, out: Int32Array): number {
  const ca = cutsOf(a);
  const cb = cutsOf(b);
  let n = 0;
  let i = 1;
  let j = 1;
  for (let lo = 0; lo < 256; ) {
    while (ca[i] <= lo) i++;
    while (cb[j] <= lo) j++;
    let hi = Math.min(ca[i], cb[j]);
    // '/' is an interval of its own: the search also follows path components (see pairSearch).
    if (lo < SLASH && hi > SLASH) hi = SLASH;
    else if (lo === SLASH) hi = SLASH + 1;
    // Insertion by readability rank (there are few intervals; no comparator calls, no array).
    const x = readableIn(lo, hi);
    let k = n++;
    while (k > 0 && RANK[out[k - 1]] > RANK[x]) {
      out[k] = out[k - 1];
      k--;
    }
    out[k] = x;
    lo = hi;
  }
  return n;
}

const SLASH = 0x2f;

// Scratch buffers for pairSearch, grown on demand: a visit stamp avoids clearing them per search.
let stamp = new Int32Array(0);
let parentBuf = new Int32Array(0);
let viaBuf = new Uint8Array(0);
let queueBuf = new Int32Array(0);
let generation = 0;
/** Product states a pair search may index (16 MB per buffer; refpolicy's largest product has ~40,000). */
const MAX_PAIR_STATES = 1 << 22;

/** Whether pairSearch(a, b) runs: its product (with the four path states) is within the bound. */
function pairFits(a: ByteDfa, b: ByteDfa): boolean {
  return a.states * b.states * 4 <= MAX_PAIR_STATES;
}
/** Per search: each representative byte's column in a and in b (at most 256 representatives). */
const repsBuf = new Int32Array(256);
const colABuf = new Int32Array(256);
const colBBuf = new Int32Array(256);

/**
 * Where a path is, for the lookup keys libselinux can produce (it collapses `//` and drops a trailing
 * `/` before matching): 0 nothing read, 1 the root `/`, 2 inside a component, 3 after a `/` that is
 * not the root (a key cannot end there). -1: no key looks like this.
 */
const PATH_NEXT = [
  [-1, 1], // start: a key begins with '/'
  [2, -1], // root: no '//'
  [2, 3], // component
  [2, -1], // after '/': no '//'
];
/** Path states a key may end in: the root, or a component. */
const PATH_END = [false, true, true, false];

/**
 * The shortest (readable-first) lookup key both DFAs accept: a breadth-first search over their product,
 * kept to keys libselinux can look up (no `//`, no trailing `/`), so that an overlap is real and its
 * example is a path that exists.
 */
export function pairSearch(a: ByteDfa, b: ByteDfa): string | undefined {
  const reps = repsBuf;
  const m = jointReps(a, b, reps);
  const colA = colABuf;
  const colB = colBBuf;
  for (let r = 0; r < m; r++) {
    colA[r] = a.classes[reps[r]];
    colB[r] = b.classes[reps[r]];
  }
  // Beyond the bound the answer is "too large to tell" (undefined), never a false alarm.
  if (!pairFits(a, b)) return undefined;
  const n = a.states * b.states * 4;
  if (stamp.length < n) {
    const size = Math.max(n, stamp.length * 2);
    stamp = new Int32Array(size);
    parentBuf = new Int32Array(size);
    viaBuf = new Uint8Array(size);
    queueBuf = new Int32Array(size);
    generation = 0;
  }
  const gen = ++generation;
  const start = (a.start * b.states + b.start) * 4;
  stamp[start] = gen;
  let head = 0;
  let tail = 0;
  queueBuf[tail++] = start;
  while (head < tail) {
    const s = queueBuf[head++];
    const sp = s & 3;
    const pair = s >> 2;
    const sa = (pair / b.states) | 0;
    const sb = pair - sa * b.states;
    const rowA = sa * a.width;
    const rowB = sb * b.width;
    const next = PATH_NEXT[sp];
    for (let r = 0; r < m; r++) {
      const tp = next[reps[r] === SLASH ? 1 : 0];
      if (tp < 0) continue;
      const ta = a.table[rowA + colA[r]];
      if (ta === 0) continue;
      const tb = b.table[rowB + colB[r]];
      if (tb === 0) continue;
      const t = ((ta * b.states + tb) << 2) | tp;
      if (stamp[t] === gen) continue;
      stamp[t] = gen;
      parentBuf[t] = s;
      viaBuf[t] = reps[r];
      if (a.finals[ta] && b.finals[tb] && PATH_END[tp]) {
        const bytes: number[] = [];
        for (let cur = t; cur !== start; cur = parentBuf[cur]) bytes.push(viaBuf[cur]);
        return String.fromCharCode(...bytes.reverse());
      }
      queueBuf[tail++] = t;
    }
  }
  return undefined;
}

const shortestCache = new WeakMap<ByteDfa, string | null>();

/** The shortest (readable-first) lookup key a DFA accepts (pairSearch of the DFA with itself). */
function shortestWord(d: ByteDfa): string | undefined {
  let w = shortestCache.get(d);
  if (w === undefined) shortestCache.set(d, (w = pairSearch(d, d) ?? null));
  return w ?? undefined;
}

/** Product states visited before a search gives up (undecided). */
const MAX_PRODUCT = 20_000;

export interface SearchResult {
  /** The shortest accepted word (readable bytes preferred), if any. */
  readonly word?: string;
  /** False when the search gave up on its budget: then no word does not mean there is none. */
  readonly complete: boolean;
}

/**
 * Breadth-first search over the product of `a` with `others` for the shortest word where `accept`
 * holds on (a final?, others final?). Only states where `a` is alive are explored: the word is one of a's.
 * With `keysOnly`, only words libselinux can look up count (no `//`, no trailing `/`; see PATH_NEXT).
 */
export function productSearch(a: ByteDfa, others: readonly ByteDfa[], accept: (aFinal: boolean, oFinal: boolean[]) => boolean, keysOnly = false): SearchResult {
  const all = [a, ...others];
  const k = all.length;
  // One representative byte per combination of columns (and '/' apart, for keysOnly), the most readable first.
  const reps: number[] = [];
  const combos = new Set<string>();
  for (const b of BYTE_ORDER) {
    const c = `${keysOnly && b === SLASH ? '/' : ''}${all.map((d) => d.classes[b]).join(',')}`;
    if (!combos.has(c)) {
      combos.add(c);
      reps.push(b);
    }
  }
  // A state: each DFA's state, then (keysOnly) the path state.
  const start = all.map((d) => d.start);
  if (keysOnly) start.push(0);
  const seen = new Map<string, { prev: string | undefined; byte: number }>();
  seen.set(start.join(','), { prev: undefined, byte: -1 });
  const isAccept = (st: number[]) => (!keysOnly || PATH_END[st[k]]) && accept(a.finals[st[0]] === 1, st.slice(1, k).map((s, i) => others[i].finals[s] === 1));
  const wordTo = (key: string): string => {
    const bytes: number[] = [];
    for (let cur: string | undefined = key; cur !== undefined; ) {
      const n: { prev: string | undefined; byte: number } = seen.get(cur)!;
      if (n.byte >= 0) bytes.push(n.byte);
      cur = n.prev;
    }
    return String.fromCharCode(...bytes.reverse());
  };
  if (isAccept(start)) return { word: '', complete: true };
  let frontier: number[][] = [start];
  while (frontier.length) {
    const next: number[][] = [];
    for (const st of frontier) {
      const from = st.join(',');
      for (const b of reps) {
        const to = new Array<number>(start.length);
        if (keysOnly) {
          to[k] = PATH_NEXT[st[k]][b === SLASH ? 1 : 0];
          if (to[k] < 0) continue;
        }
        for (let i = 0; i < k; i++) {
          const d = all[i];
          to[i] = d.table[st[i] * d.width + d.classes[b]];
        }
        if (to[0] === 0) continue; // a is dead: no word of a continues this way
        const key = to.join(',');
        if (seen.has(key)) continue;
        seen.set(key, { prev: from, byte: b });
        if (isAccept(to)) return { word: wordTo(key), complete: true };
        if (seen.size > MAX_PRODUCT) return { complete: false };
        next.push(to);
      }
    }
    frontier = next;
  }
  return { complete: true };
}

/** Who wins between two entries of the same table, and the fc_sort criterion that decides it. */
export function winner(a: TableEntry, b: TableEntry): { first: TableEntry; reason: WinReason } {
  const w = a.rank > b.rank ? a : b;
  const l = w === a ? b : a;
  if (w.exact !== l.exact) return { first: w, reason: 'exact path' };
  const cmp = compareSpecificity(w.key, l.key);
  if (cmp === 0) return { first: w, reason: 'file order' };
  if (w.key.stemLen !== l.key.stemLen) return { first: w, reason: 'longer stem' };
  if (w.key.strLen !== l.key.strLen) return { first: w, reason: 'longer regex' };
  return { first: w, reason: 'file type given' };
}

export interface AnalysisOptions {
  /** Also compute whether each entry is fully shadowed (costlier). Default true. */
  readonly shadowing?: boolean;
}

/** Analyses some entries of a table against all of its entries. */
// Shared paths depend only on the two regex strings: kept across analyses, so re-analysing a file after
// an edit recomputes only the pairs of the entries that changed.
const PAIR_LIMIT = 20_000;
const pairCache = new Map<string, Map<string, string | null>>();

export function analyzeEntries(finder: OverlapFinder, targets: readonly TableEntry[], options: AnalysisOptions = {}): EntryAnalysis[] {
  const shared = (a: TableEntry, b: TableEntry): string | undefined => {
    const x = a.spec.regex;
    const y = b.spec.regex;
    const [p, q] = x < y ? [x, y] : [y, x];
    let inner = pairCache.get(p);
    if (!inner) {
      if (pairCache.size >= PAIR_LIMIT) pairCache.clear();
      pairCache.set(p, (inner = new Map()));
    }
    let r = inner.get(q);
    if (r === undefined) inner.set(q, (r = sharedPath(a, b) ?? null));
    return r ?? undefined;
  };
  return targets.map((e) => analyzeOne(finder, e, options, shared));
}

function analyzeOne(finder: OverlapFinder, e: TableEntry, options: AnalysisOptions, shared: typeof sharedPath): EntryAnalysis {
  const overlaps: Overlap[] = [];
  const duplicates: TableEntry[] = [];
  const winners: TableEntry[] = [];
  for (const o of finder.candidates(e)) {
    if (o.spec.regex === e.spec.regex) {
      duplicates.push(o);
      if (o.rank > e.rank) winners.push(o);
      continue;
    }
    const path = shared(e, o);
    if (path === undefined) continue;
    const w = winner(e, o);
    if (w.first === o) winners.push(o);
    if (o.spec.context === e.spec.context) continue;
    overlaps.push({ other: o, wins: w.first === e, reason: w.reason, example: path });
  }
  const never = neverLookedUp(e);
  if (never) return { entry: e, overlaps: [], duplicates, neverLookedUp: never };
  overlaps.sort((a, b) => b.other.rank - a.other.rank);
  let shadowedBy: TableEntry[] | undefined;
  if (options.shadowing !== false && winners.length) shadowedBy = shadowing(e, winners);
  return { entry: e, overlaps, duplicates, ...(shadowedBy ? { shadowedBy } : {}) };
}

/** A path `e` matches when it matches no lookup key (see EntryAnalysis.neverLookedUp). */
function neverLookedUp(e: TableEntry): { example: string } | undefined {
  // Home-directory template lines are rewritten by genhomedircon first.
  if (e.template) return undefined;
  if (e.literal !== undefined) {
    const p = e.literal;
    return p !== '/' && (p.includes('//') || p.endsWith('/')) ? { example: p } : undefined;
  }
  const d = matcherOf(compileRegex(e.spec.regex)).dfa;
  // (No answer from a search too large to run is no finding.)
  if (!d || !pairFits(d, d) || shortestWord(d) !== undefined) return undefined;
  // The regex matches no lookup key; show one path it does match (none: another rule's business).
  const any = productSearch(d, [], (final) => final);
  return any.word ? { example: any.word } : undefined;
}

/** The winners that together cover every path of `e` (for its file types), or undefined if some path escapes. */
function shadowing(e: TableEntry, winners: readonly TableEntry[]): TableEntry[] | undefined {
  // A winner with a specific file type covers an entry only for that type.
  const covering = winners.filter((w) => w.spec.mode === '' || w.spec.mode === e.spec.mode);
  if (!covering.length) return undefined;
  if (e.literal !== undefined) {
    const path = toWord(e.literal);
    const w = covering.find((c) => matcherOf(compileRegex(c.spec.regex)).test(path));
    return w ? [w] : undefined;
  }
  const de = matcherOf(compileRegex(e.spec.regex)).dfa;
  if (!de) return undefined;
  const dfas: ByteDfa[] = [];
  for (const c of covering) {
    if (c.literal !== undefined) continue; // one path cannot cover a regex with more than one path
    const d = matcherOf(compileRegex(c.spec.regex)).dfa;
    if (d) dfas.push(d);
  }
  if (!dfas.length || dfas.length > MAX_UNION) return undefined;
  // Most entries are not shadowed: their shortest path escapes every winner. Check that first.
  const shortest = shortestWord(de);
  if (shortest !== undefined) {
    const w = toWord(shortest);
    if (!covering.some((c) => matcherOf(compileRegex(c.spec.regex)).test(w))) return undefined;
  }
  // Shadowed when no path of e escapes every winner (the search is bounded; undecided counts as not
  // shadowed). The answer depends only on the regexes: kept across analyses (an edit changes few).
  const key = [e.spec.regex, ...covering.filter((c) => c.literal === undefined).map((c) => c.spec.regex).sort()].join('\u0000');
  let shadowed = shadowCache.get(key);
  if (shadowed === undefined) {
    const escape = productSearch(de, dfas, (fe, fo) => fe && !fo.some(Boolean), true);
    shadowed = escape.word === undefined && escape.complete;
    if (shadowCache.size >= PAIR_LIMIT) shadowCache.clear();
    shadowCache.set(key, shadowed);
  }
  return shadowed ? covering.filter((c) => c.literal === undefined) : undefined;
}

const shadowCache = new Map<string, boolean>();
