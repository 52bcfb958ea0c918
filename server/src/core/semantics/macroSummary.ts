// SPDX-License-Identifier: MIT
// What a macro does with its arguments, computed once per macro and index version: in which roles each
// `$N` is used (type, attribute, role, boolean, class), which names its expansion requires, and which
// names it declares (templates: `$1_t`). Nested calls are followed, mapping their parameters back.
// This lets module analysis see what checkmodule sees after m4 expansion without expanding every call.

import { substituteArgs, type PolicyIndex } from '../index/policyIndex';
import type { MacroDef } from '../index/symbols';
import { parse } from '../syntax/parser';
import type { Call, IdList, Statement } from '../syntax/nodes';

export type UseRole = 'type' | 'attribute' | 'role' | 'bool' | 'class' | 'perm';

export interface MacroSummary {
  /** Roles of each parameter (index 0 = $1). */
  readonly params: ReadonlyArray<ReadonlySet<UseRole>>;
  /** Names the expansion requires (gen_require), with `$N` placeholders, by keyword (class entries with perms). */
  readonly requires: ReadonlyMap<string, { readonly keyword: string; readonly perms?: readonly string[] }>;
  /** Names the expansion declares, with `$N` placeholders. */
  readonly declares: ReadonlyArray<{ readonly kind: string; readonly pattern: string }>;
  /** The highest `$N` in the body (including nested calls' arguments). */
  readonly maxParam: number;
  /**
   * The highest `$N` the expansion cannot do without: used as a type, class, permission, role or boolean.
   * A parameter used only as a type_transition file name (the filetrans interfaces' optional name) may be
   * left out: m4 expands it to nothing and the rule still compiles.
   */
  readonly needed: number;
}

const EMPTY: MacroSummary = { params: [], requires: new Map(), declares: [], maxParam: 0, needed: 0 };
const MAX_DEPTH = 12;

interface Cached {
  readonly def: MacroDef;
  readonly summary: MacroSummary;
  /** The definitions of the macros it calls, as they were when it was computed. */
  readonly deps: ReadonlyArray<readonly [string, MacroDef | undefined]>;
  /** The index's macroVersion when def and deps were last found current: no need to look again until it moves. */
  checkedAt: number;
}

/**
 * Summaries, cached per macro. An entry stays valid while the macro's definition and the definitions of
 * the macros it calls are the same objects: editing one file re-extracts only that file's macros, so
 * only their summaries (and their direct callers') are computed again.
 */
export class MacroSummaries {
  private readonly cache = new Map<string, Cached>();
  private readonly active = new Set<string>();
  private deps: Array<[string, MacroDef | undefined]> | undefined;

  constructor(private readonly index: PolicyIndex) {}

  get(name: string, depth = 0): MacroSummary {
    const def = this.index.macro(name);
    this.deps?.push([name, def]);
    if (!def) return EMPTY;
    const hit = this.cache.get(name);
    if (hit) {
      const version = this.index.macroVersion;
      if (hit.checkedAt === version) return hit.summary;
      if (hit.def === def && hit.deps.every(([n, d]) => this.index.macro(n) === d)) {
        hit.checkedAt = version;
        return hit.summary;
      }
    }
    if (this.active.has(name) || depth > MAX_DEPTH) return EMPTY;
    this.active.add(name);
    const outer = this.deps;
    this.deps = [];
    const summary = this.compute(def.body, def.maxParam, depth);
    this.cache.set(name, { def, summary, deps: this.deps, checkedAt: this.index.macroVersion });
    this.deps = outer;
    this.active.delete(name);
    return summary;
  }

  private compute(body: string, maxParam: number, depth: number): MacroSummary {
    const params: Array<Set<UseRole>> = [];
    const requires = new Map<string, { readonly keyword: string; readonly perms?: readonly string[] }>();
    let needed = 0;
    let conditional = 0;
    const declares: Array<{ kind: string; pattern: string }> = [];
    let max = maxParam;
    const file = parse(body, 'if');
    const text = file.text;
    // `optional`: the use sits in a set with other names (`{ file_type $2 }`), so an empty argument
    // just drops out of the set and the parameter is not necessary.
    const use = (name: string, role: UseRole, optional = false) => {
      const m = /^\$([1-9])$/.exec(name);
      if (!m) return;
      const i = Number(m[1]) - 1;
      (params[i] ??= new Set()).add(role);
      if (i + 1 > max) max = i + 1;
      // Uses inside ifelse branches depend on the arguments (`ifelse($2,,,...)`): they do not make the
      // parameter necessary.
      if (!conditional && !optional && i + 1 > needed) needed = i + 1;
    };
    const useList = (l: IdList | undefined, role: UseRole) => {
      if (l) for (const it of l.items) use(it.name.text, role, l.items.length > 1);
    };
    const walk = (stmts: readonly Statement[]) => {
      for (const s of stmts) {
        switch (s.kind) {
          case 'AvRule':
            useList(s.source, 'type');
            useList(s.target, 'type');
            useList(s.classes, 'class');
            useList(s.perms, 'perm');
            break;
          case 'TypeRule':
            useList(s.source, 'type');
            useList(s.target, 'type');
            useList(s.classes, 'class');
            if (s.result) use(s.result.text, 'type');
            break;
          case 'Association':
            if (s.subject) use(s.subject.text, s.keyword === 'roleattribute' ? 'role' : 'type');
            for (const o of s.objects) use(o.text, s.keyword === 'typealias' ? 'type' : 'attribute');
            if (s.keyword === 'typealias') for (const o of s.objects) declares.push({ kind: 'alias', pattern: o.text });
            break;
          case 'SimpleDecl':
            if (s.keyword === 'role' && s.name) {
              if (s.types) {
                use(s.name.text, 'role');
                useList(s.types, 'type');
              } else declares.push({ kind: 'role', pattern: s.name.text });
            } else if (s.name && s.keyword !== 'permissive') declares.push({ kind: s.keyword, pattern: s.name.text });
            else if (s.name && s.keyword === 'permissive') use(s.name.text, 'type');
            break;
          case 'TypeDecl':
            if (s.name) declares.push({ kind: 'type', pattern: s.name.text });
            for (const a of s.aliases) declares.push({ kind: 'alias', pattern: a.text });
            for (const a of s.attributes) use(a.text, 'attribute');
            break;
          case 'RoleAllow':
            useList(s.from, 'role');
            useList(s.to, 'role');
            break;
          case 'RoleTransition':
            useList(s.source, 'role');
            useList(s.target, 'type');
            if (s.result) use(s.result.text, 'role');
            break;
          case 'Require':
            for (const e of s.entries) {
              if (e.kind !== 'RequireEntry') continue;
              const perms = e.keyword === 'class' && e.perms ? e.perms.items.map((i) => i.name.text) : undefined;
              for (const n of e.names) requires.set(n.text, perms ? { keyword: e.keyword, perms } : { keyword: e.keyword });
            }
            break;
          case 'Optional':
          case 'If':
            if (s.kind === 'If' && s.condition) for (const n of s.condition.names) use(n.text, 'bool');
            walk(s.body);
            if (s.elseBody) walk(s.elseBody);
            break;
          case 'Call':
            if (s.name.text === 'ifelse') {
              conditional++;
              for (const a of s.args) if (a.body) walk(a.body);
              conditional--;
            } else this.call(text, s, depth, use, requires, declares, walk, (n) => (max = Math.max(max, n)));
            break;
          default:
            break;
        }
      }
    };
    walk(file.statements);
    return { params, requires, declares, maxParam: max, needed };
  }

  private call(
    text: string, c: Call, depth: number, use: (name: string, role: UseRole, optional?: boolean) => void, requires: Map<string, { readonly keyword: string; readonly perms?: readonly string[] }>,
    declares: Array<{ kind: string; pattern: string }>, walk: (s: readonly Statement[]) => void, bump: (n: number) => void,
  ): void {
    const name = c.name.text;
    const args = c.args.map((a) => text.slice(a.inner.start, a.inner.end).trim());
    for (const a of args) for (const m of a.matchAll(/\$([1-9])/g)) bump(Number(m[1]));
    switch (name) {
      case 'gen_require':
      case 'optional_policy':
      case 'ifdef':
      case 'ifndef':
        for (const a of c.args) if (a.body) walk(a.body);
        return;
      case 'tunable_policy':
        // The macro requires the booleans of its condition itself.
        for (const w of c.args[0]?.words ?? []) if (!/^(true|false)$/.test(w.text)) requires.set(w.text, { keyword: 'bool' });
        for (const a of c.args.slice(1)) if (a.body) walk(a.body);
        return;
      case 'gen_tunable':
      case 'gen_bool': {
        const n = c.args[0]?.words?.[0]?.text;
        if (n) declares.push({ kind: 'bool', pattern: n });
        return;
      }
    }
    const nested = this.get(name, depth + 1);
    nested.params.forEach((roles, i) => {
      const ids = argNames(args[i] ?? '');
      const neededHere = i < nested.needed;
      for (const id of ids) for (const r of roles) use(id, r, ids.length > 1 || !neededHere);
    });
    for (const [n, r] of nested.requires) requires.set(substituteArgs(n, args), r);
    for (const d of nested.declares) declares.push({ kind: d.kind, pattern: substituteArgs(d.pattern, args) });
  }
}

/** argNames answers by text: module analysis asks about the same few thousand names over and over. */
const argNamesCache = new Map<string, readonly string[]>();
const ARG_NAMES_CACHE_LIMIT = 50_000;

/** The identifiers in an argument text: `{ a_t $1 -b_t }` → a_t, $1, b_t (self and operators dropped). */
export function argNames(arg: string): readonly string[] {
  let hit = argNamesCache.get(arg);
  if (!hit) {
    if (argNamesCache.size >= ARG_NAMES_CACHE_LIMIT) argNamesCache.clear();
    argNamesCache.set(arg, (hit = computeArgNames(arg)));
  }
  return hit;
}

function computeArgNames(arg: string): string[] {
  const out: string[] = [];
  // A name that starts with a letter may hold '-' (checkpolicy's identifiers, as the scanner reads them).
  for (const m of arg.matchAll(/[A-Za-z][A-Za-z0-9_$.]*(?:-[A-Za-z0-9_$][A-Za-z0-9_$.]*)*|[A-Za-z0-9_$.]+/g)) {
    const n = m[0];
    if (n === 'self' || /^\d/.test(n)) continue;
    out.push(n);
  }
  return out;
}

