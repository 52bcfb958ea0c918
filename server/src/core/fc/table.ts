// SPDX-License-Identifier: MIT
// A file_contexts table and libselinux's lookup over it: which entry labels a path.
//
// Two ways in, as in the toolchain:
//  - from policy sources (.fc entries in build order): fc_sort's stable specificity sort, then the
//    HOME/ROLE/USER template lines are set aside (the Makefile moves them to homedir_template);
//  - from a built file_contexts text: taken in file order.
// Then libselinux's `sort_specs` (exact paths after regexes, each group in order) and, per lookup, a scan
// from the last spec to the first: the first match wins, `<<none>>` stops the lookup.
// Pure: no IO. The rules are in ../../../../../shared/reference/toolchain-semantics.md §2.

import type { Range } from 'vscode-languageserver-types';
import type { FcInfo } from '../index/symbols';
import {
  compareSpecificity, compileRegex, CompiledRegex, hasMeta, literalPrefix, matcherOf, Mode, modeOfFlag, modesOverlap, pathStem, SortKey, sortKey, specStem, toWord,
} from './spec';

/** One entry as libselinux loads it. */
export interface FcSpec {
  readonly regex: string;
  /** The file-type flag as written (`--`, `-d`...), if any. */
  readonly flag?: string;
  readonly mode: Mode;
  /** The context libselinux sees (the build's level included), or `<<none>>`. */
  readonly context: string;
  /** Where it was written: a document or file URI and its range (or 0-based line). */
  readonly uri?: string;
  readonly range?: Range;
  readonly line: number;
  readonly module?: string;
}

/** How the build completes gen_context: MLS, MCS or neither, and the level ranges. */
export interface BuildLevel {
  readonly mls: boolean;
  readonly mcs: boolean;
  readonly sensitivities: number;
  readonly categories: number;
  readonly mcsCategories: number;
}

/** The build level from m4 defines (enable_mls / enable_mcs); build.conf's default counts. */
export function levelFromDefines(defines: ReadonlySet<string> | undefined): BuildLevel {
  return {
    mls: defines?.has('enable_mls') ?? false, mcs: defines?.has('enable_mcs') ?? (defines === undefined),
    sensitivities: 16, categories: 1024, mcsCategories: 1024,
  };
}

/** Expands the level macros of mls_mcs_macros.spt (mls_systemhigh...). */
function expandLevel(text: string, b: BuildLevel): string {
  const table: Record<string, string> = {
    mls_systemlow: 's0', mls_systemhigh: `s${b.sensitivities - 1}:c0.c${b.categories - 1}`,
    mcs_systemlow: 's0', mcs_systemhigh: `s0:c0.c${b.mcsCategories - 1}`, mcs_allcats: `c0.c${b.mcsCategories - 1}`,
  };
  return text.replace(/\b(mls_systemlow|mls_systemhigh|mcs_systemlow|mcs_systemhigh|mcs_allcats)\b/g, (m) => table[m]);
}

/** The context an indexed .fc entry gets in a build: gen_context(ctx, mls, mcs) as misc_macros.spt defines it. */
export function contextOf(fc: FcInfo, b: BuildLevel): string {
  if (!fc.genContext) return fc.context;
  let out = fc.context;
  if (b.mls) out += `:${expandLevel(fc.mls ?? '', b)}`;
  if (b.mcs) out += `:s0${fc.mcs ? `:${expandLevel(fc.mcs, b)}` : ''}`;
  return out;
}

export function specOfFc(fc: FcInfo, b: BuildLevel): FcSpec {
  return {
    regex: fc.path, ...(fc.fileType !== undefined ? { flag: fc.fileType } : {}), mode: modeOfFlag(fc.fileType) ?? '',
    context: contextOf(fc, b), uri: fc.uri, range: fc.range, line: fc.range.start.line, module: fc.module,
  };
}

export { readFileContexts, readSubstitutions } from './read';
export type { ReadError, Substitutions } from './read';
import type { Substitutions } from './read';

/** selabel_sub: the last matching line wins (libselinux prepends each line to its list). */
function substitute(path: string, subs: Substitutions): string | undefined {
  for (let i = subs.length - 1; i >= 0; i--) {
    const [src, dst] = subs[i];
    if (!path.startsWith(src)) continue;
    const next = path[src.length];
    if (next !== '/' && next !== undefined) continue;
    const cut = next === '/' && dst === '/' ? src.length + 1 : src.length;
    return dst + path.slice(cut);
  }
  return undefined;
}

/** The key libselinux looks up: .subs then .subs_dist substitutions, `//` collapsed, a trailing `/` dropped. */
export function normalizePath(path: string, subs: Substitutions = [], distSubs: Substitutions = []): string {
  let key = path;
  const local = substitute(key, subs);
  if (local !== undefined) key = local;
  const dist = substitute(key, distSubs);
  if (dist !== undefined) key = dist;
  key = key.replace(/\/{2,}/g, '/');
  if (key.length > 1 && key.endsWith('/')) key = key.slice(0, -1);
  return key;
}

/** An entry in a table, with what lookups need precomputed. */
export interface TableEntry {
  readonly spec: FcSpec;
  /** Position in lookup order: later entries win. */
  readonly rank: number;
  readonly key: SortKey;
  readonly stem: string;
  /** Literal text every matching path starts with (a cheap filter before the automaton). */
  readonly prefix: string;
  readonly exact: boolean;
  /** For an exact path: the one path it matches (escapes removed). */
  readonly literal?: string;
  /** A home-directory template line (HOME_DIR, USER...): expanded by genhomedircon, not in file_contexts. */
  readonly template: boolean;
}

export interface LookupResult {
  /** The key actually looked up (after normalisation and substitutions). */
  readonly key: string;
  readonly mode: Mode;
  /** The winning entry; its context may be `<<none>>` (no label). */
  readonly winner?: TableEntry;
  /** The other entries that match, best first. */
  readonly beaten: readonly TableEntry[];
}

/** Whether a line is a home-directory template line (the Makefile's `grep -e HOME -e ROLE -e USER`). */
export function isTemplateLine(s: FcSpec): boolean {
  return /HOME|ROLE|USER/.test(s.regex) || /HOME|ROLE|USER/.test(s.context) || (s.flag !== undefined && /HOME|ROLE|USER/.test(s.flag));
}

export class FcTable {
  readonly entries: readonly TableEntry[];
  private readonly byStem = new Map<string, TableEntry[]>();
  private readonly noStem: TableEntry[] = [];

  private constructor(ordered: readonly FcSpec[], readonly subs: Substitutions = [], readonly distSubs: Substitutions = []) {
    // libselinux sort_specs: regexes first, then exact paths, each group in its order.
    const withMeta = ordered.filter((s) => !derived(s).exact);
    const exact = ordered.filter((s) => derived(s).exact);
    this.entries = [...withMeta, ...exact].map((spec, rank) => ({ spec, rank, ...derived(spec) }));
    for (const e of this.entries) {
      if (!e.stem) this.noStem.push(e);
      else {
        const l = this.byStem.get(e.stem);
        if (l) l.push(e);
        else this.byStem.set(e.stem, [e]);
      }
    }
  }

  /** From .fc entries in build order: fc_sort, without the home-directory template lines. */
  static fromPolicy(specs: readonly FcSpec[], subs?: Substitutions, distSubs?: Substitutions): FcTable {
    return new FcTable(fcSort(specs.filter((s) => !derived(s).template)), subs, distSubs);
  }

  /** From a built file_contexts, in file order. */
  static fromFileContexts(specs: readonly FcSpec[], subs?: Substitutions, distSubs?: Substitutions): FcTable {
    return new FcTable(specs, subs, distSubs);
  }

  /** The entries that could match a key with this stem, in lookup order. */
  candidates(stem: string): TableEntry[] {
    let c = this.merged.get(stem);
    if (!c) this.merged.set(stem, (c = this.merge(stem)));
    return c;
  }

  private readonly merged = new Map<string, TableEntry[]>();

  private merge(stem: string): TableEntry[] {
    const withStem = stem ? this.byStem.get(stem) ?? [] : [];
    if (!withStem.length) return this.noStem;
    const out: TableEntry[] = [];
    let i = 0;
    let j = 0;
    while (i < this.noStem.length || j < withStem.length) {
      if (j >= withStem.length || (i < this.noStem.length && this.noStem[i].rank < withStem[j].rank)) out.push(this.noStem[i++]);
      else out.push(withStem[j++]);
    }
    return out;
  }

  /**
   * libselinux's lookup of one path: the last matching entry wins. `all` also collects every other
   * matching entry (the ones the winner beat), at the cost of testing all candidates.
   */
  lookup(path: string, mode: Mode = '', all = true): LookupResult {
    const key = normalizePath(path, this.subs, this.distSubs);
    const stem = pathStem(key);
    const known = stem && this.byStem.has(stem) ? stem : '';
    const cands = this.candidates(known);
    const fullWord = toWord(key);
    const restWord = known ? toWord(key.slice(known.length)) : fullWord;
    let winner: TableEntry | undefined;
    const beaten: TableEntry[] = [];
    for (let i = cands.length - 1; i >= 0; i--) {
      const e = cands[i];
      if (mode && e.spec.mode && e.spec.mode !== mode) continue;
      if (e.literal !== undefined ? e.literal !== key : !key.startsWith(e.prefix) || !matches(e, e.stem ? restWord : fullWord)) continue;
      if (!winner) {
        winner = e;
        if (!all) break;
      } else beaten.push(e);
    }
    return { key, mode, ...(winner ? { winner } : {}), beaten };
  }
}

type Derived = Omit<TableEntry, 'spec' | 'rank'>;
const derivedCache = new WeakMap<FcSpec, Derived>();

/** What lookups and the analysis need from a spec, computed once per spec object. */
function derived(spec: FcSpec): Derived {
  let d = derivedCache.get(spec);
  if (!d) {
    const exact = !hasMeta(spec.regex);
    d = {
      key: sortKey(spec.regex, spec.flag), stem: specStem(spec.regex), prefix: literalPrefix(spec.regex), exact, template: isTemplateLine(spec),
      ...(exact && !/\\[0-9A-Za-z]/.test(spec.regex) ? { literal: spec.regex.replace(/\\(.)/g, '$1') } : {}),
    };
    derivedCache.set(spec, d);
  }
  return d;
}

/** The regex libselinux compiles for an entry: the part after its stem (matched against the path's rest). */
export function lookupRegex(e: TableEntry): CompiledRegex {
  return compileRegex(e.stem ? e.spec.regex.slice(e.stem.length) : e.spec.regex);
}

function matches(e: TableEntry, word: readonly number[]): boolean {
  return matcherOf(lookupRegex(e)).test(word);
}

/** fc_sort.py: a stable sort from least to most specific. */
export function fcSort(specs: readonly FcSpec[]): FcSpec[] {
  const keyed = specs.map((s, i) => ({ s, i, k: derived(s).key }));
  keyed.sort((a, b) => compareSpecificity(a.k, b.k) || a.i - b.i);
  return keyed.map((x) => x.s);
}

export { modesOverlap };
