// SPDX-License-Identifier: MIT
// The symbol index over every indexed file. Files are added, replaced and removed one at a time
// (incremental indexing); the merged lookup tables are rebuilt lazily after a change.

import { KERNEL_CLASSES, USERSPACE_CLASSES } from '../facts/classes.generated';
import type { RequireDecl, ClassDef, Declaration, DeclKind, FcInfo, FileSymbols, MacroDef } from './symbols';

export interface ResolvedClass {
  readonly name: string;
  readonly perms: ReadonlySet<string>;
  readonly userspace: boolean;
  /** Where the class was declared, when it came from indexed sources rather than the embedded table. */
  readonly def?: ClassDef;
}

export interface PermSet {
  readonly name: string;
  readonly perms: readonly string[];
  /** Classes the set is meant for (by its name: `read_file_perms` → file), else every class that has all its perms. */
  readonly classes: readonly string[];
  readonly def: MacroDef;
}

export interface IndexStats {
  files: number;
  interfaces: number;
  templates: number;
  defines: number;
  permissionSets: number;
  types: number;
  attributes: number;
  aliases: number;
  roles: number;
  booleans: number;
  tunables: number;
  classes: number;
  permissions: number;
  fileContexts: number;
  parseErrors: number;
}

export type NameKind = 'type' | 'attribute' | 'role' | 'attribute_role' | 'bool' | 'tunable' | 'user';

export interface NameInfo {
  readonly name: string;
  readonly kind: NameKind | 'alias';
  /** The declaration, when an indexed file declares the name (devel headers only require names). */
  readonly decl?: Declaration;
}

/** A multiset of values per key, so a file's contributions can be taken back out. */
type Counted = Map<string, Map<string, number>>;

interface Merged {
  names?: Map<NameKind, NameInfo[]>;
  macros: Map<string, MacroDef[]>;
  decls: Map<string, Declaration[]>;
  attributesOf: Counted;
  membersOf: Counted;
  required: Counted;
  /** Derived from class declarations and set defines: rebuilt lazily when a file defining them changes. */
  classes?: Map<string, ResolvedClass>;
  permSets?: Map<string, PermSet>;
  fcByType: Map<string, FcInfo[]>;
}

function countAdd(map: Counted, k: string, v: string, delta: number): void {
  let m = map.get(k);
  if (!m) {
    if (delta < 0) return;
    map.set(k, (m = new Map()));
  }
  const n = (m.get(v) ?? 0) + delta;
  if (n > 0) m.set(v, n);
  else {
    m.delete(v);
    if (!m.size) map.delete(k);
  }
}

function listAdd<T extends { readonly uri: string }>(map: Map<string, T[]>, k: string, v: T): void {
  const a = map.get(k);
  if (a) a.push(v);
  else map.set(k, [v]);
}

function listRemove<T extends { readonly uri: string }>(map: Map<string, T[]>, k: string, uri: string): void {
  const a = map.get(k);
  if (!a) return;
  const b = a.filter((x) => x.uri !== uri);
  if (b.length) map.set(k, b);
  else map.delete(k);
}

function listRemoveItem<T>(map: Map<string, T[]>, k: string, v: T): void {
  const a = map.get(k);
  if (!a) return;
  const b = a.filter((x) => x !== v);
  if (b.length) map.set(k, b);
  else map.delete(k);
}

/** Like a set difference both ways, but counting repeats: an object listed twice is removed or added twice. */
function diffCounted<T>(a: readonly T[], b: readonly T[], removed: (x: T) => void, added: (x: T) => void): void {
  const count = new Map<T, number>();
  for (const x of a) count.set(x, (count.get(x) ?? 0) + 1);
  for (const x of b) count.set(x, (count.get(x) ?? 0) - 1);
  for (const [x, n] of count) {
    for (let k = 0; k < n; k++) removed(x);
    for (let k = 0; k < -n; k++) added(x);
  }
}

/** Whether a file's symbols feed the class table or the permission sets. */
function definesClassesOrSets(f: FileSymbols): boolean {
  return f.classes.length > 0 || f.macros.some((m) => m.setItems || m.classDecls);
}

/** Replaces $1..$9 in a name pattern by the call's argument texts (missing arguments expand to nothing, as in m4). */
export function substituteArgs(pattern: string, args: readonly string[]): string {
  return pattern.includes('$') ? pattern.replace(/\$([1-9])/g, (_m, d: string) => args[Number(d) - 1] ?? '') : pattern;
}

/** Nested calls followed when expanding memberships (refpolicy nests about 5 deep). */
const MAX_MEMBERSHIP_DEPTH = 12;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_.]*(?:-[A-Za-z0-9_][A-Za-z0-9_.]*)*$/;

/** Attribute memberships that calls in .te files create through macro bodies, both ways. */
interface CallMemberships {
  readonly generation: number;
  readonly attributesOf: Map<string, Set<string>>;
  readonly membersOf: Map<string, Set<string>>;
}

/**
 * Precedence layers of indexed files, for names defined more than once (an interface in the installed
 * headers and in the tree or module being edited): the definition of the highest layer wins, as a module's
 * own .if comes after the installed headers in the build and m4 keeps the last definition.
 */
export const SOURCE_LAYER = 0;
/** Files the user works on: workspace folders, open documents, files being checked. */
export const USER_LAYER = 1;

export class PolicyIndex {
  private readonly files = new Map<string, FileSymbols>();
  private readonly layers = new Map<string, number>();
  private merged: Merged | undefined;
  private generation = 0;
  /** Bumped whenever a file's macro definitions change: the per-file call memberships depend on them. */
  private macroGeneration = 0;
  private readonly membershipsOfFile = new WeakMap<FileSymbols, { readonly macroGeneration: number; readonly pairs: ReadonlyArray<readonly [string, string]> }>();
  private callMemberships: CallMemberships | undefined;

  /**
   * Adds or replaces the symbols of one file: O(that file) once the merged tables exist. `layer` is the
   * file's precedence (SOURCE_LAYER or USER_LAYER); without it a known file keeps its layer and a new one
   * is a user file.
   */
  update(symbols: FileSymbols, layer?: number): void {
    const known = this.layers.get(symbols.uri);
    const next = layer ?? known ?? USER_LAYER;
    // Another layer moves the file's definitions: take it out whole, then add it back.
    if (known !== undefined && known !== next) this.remove(symbols.uri);
    this.layers.set(symbols.uri, next);
    const old = this.files.get(symbols.uri);
    this.files.set(symbols.uri, symbols);
    if (old?.macros.length || symbols.macros.length) this.macroGeneration++;
    if (this.merged) {
      if (old) this.replace(this.merged, old, symbols);
      else this.apply(this.merged, symbols, +1);
    }
    this.generation++;
  }

  /**
   * Replaces the symbols of a file that an incremental update changed in part: `symbols` is the whole new
   * version; `removed` and `added` hold the objects that left and came. O(what changed).
   */
  patch(symbols: FileSymbols, removed: FileSymbols, added: FileSymbols): void {
    this.files.set(symbols.uri, symbols);
    if (removed.macros.length || added.macros.length) this.macroGeneration++;
    if (this.merged) {
      this.applyItems(this.merged, removed, -1);
      this.applyItems(this.merged, added, +1);
    }
    this.generation++;
  }

  /** Like apply(), but removes the given objects themselves (other symbols of the file stay). */
  private applyItems(m: Merged, f: FileSymbols, sign: 1 | -1): void {
    if (sign > 0) {
      this.apply(m, f, 1);
      return;
    }
    m.names = undefined;
    if (definesClassesOrSets(f)) {
      m.classes = undefined;
      m.permSets = undefined;
    }
    for (const d of f.macros) listRemoveItem(m.macros, d.name, d);
    for (const d of f.declarations) listRemoveItem(m.decls, d.name, d);
    for (const fc of f.fileContexts) if (fc.type) listRemoveItem(m.fcByType, fc.type, fc);
    for (const d of f.declarations) {
      for (const a of d.attributes ?? []) {
        countAdd(m.attributesOf, d.name, a, -1);
        countAdd(m.membersOf, a, d.name, -1);
      }
    }
    for (const [member, attr] of f.associations) {
      countAdd(m.attributesOf, member, attr, -1);
      countAdd(m.membersOf, attr, member, -1);
    }
    for (const r of f.required) for (const n of r.names) countAdd(m.required, n, r.keyword, -1);
    for (const d of f.macros) for (const r of d.requires) for (const n of r.names) countAdd(m.required, n, r.keyword, -1);
  }

  /**
   * Replaces one file's contributions by another version's. Symbol objects both versions share (an
   * incremental update keeps the unchanged ones) are left in place: the work is O(what changed).
   */
  private replace(m: Merged, old: FileSymbols, f: FileSymbols): void {
    m.names = undefined;
    if (definesClassesOrSets(old) || definesClassesOrSets(f)) {
      m.classes = undefined;
      m.permSets = undefined;
    }
    const diff = <T>(a: readonly T[], b: readonly T[], removed: (x: T) => void, added: (x: T) => void) => {
      const inA = new Set(a);
      const inB = new Set(b);
      for (const x of a) if (!inB.has(x)) removed(x);
      for (const x of b) if (!inA.has(x)) added(x);
    };
    diff(old.macros, f.macros, (d) => listRemoveItem(m.macros, d.name, d), (d) => this.addMacro(m, d));
    diff(old.declarations, f.declarations, (d) => {
      listRemoveItem(m.decls, d.name, d);
      for (const a of d.attributes ?? []) {
        countAdd(m.attributesOf, d.name, a, -1);
        countAdd(m.membersOf, a, d.name, -1);
      }
    }, (d) => {
      listAdd(m.decls, d.name, d);
      for (const a of d.attributes ?? []) {
        countAdd(m.attributesOf, d.name, a, 1);
        countAdd(m.membersOf, a, d.name, 1);
      }
    });
    diff(old.fileContexts, f.fileContexts, (fc) => fc.type && listRemoveItem(m.fcByType, fc.type, fc), (fc) => fc.type && listAdd(m.fcByType, fc.type, fc));
    const assoc = (sign: number) => ([member, attr]: readonly [string, string]) => {
      countAdd(m.attributesOf, member, attr, sign);
      countAdd(m.membersOf, attr, member, sign);
    };
    diff(old.associations, f.associations, assoc(-1), assoc(1));
    // Require entries: the file's list holds the macros' entries too; both are counted, as in apply().
    const requireEntries = (x: FileSymbols) => [...x.required, ...x.macros.flatMap((d) => d.requires)];
    const req = (sign: number) => (r: RequireDecl) => {
      for (const n of r.names) countAdd(m.required, n, r.keyword, sign);
    };
    diffCounted(requireEntries(old), requireEntries(f), req(-1), req(1));
  }

  remove(uri: string): void {
    const old = this.files.get(uri);
    if (!old) return;
    this.files.delete(uri);
    if (old.macros.length) this.macroGeneration++;
    if (this.merged) this.apply(this.merged, old, -1);
    this.layers.delete(uri);
    this.generation++;
  }

  /** Files' precedence: see SOURCE_LAYER. */
  layerOf(uri: string): number {
    return this.layers.get(uri) ?? USER_LAYER;
  }

  /**
   * Adds a definition to its name's list, which is kept in precedence order: higher layers first, then
   * the order files were indexed in. macro() gives the first.
   */
  private addMacro(m: Merged, d: MacroDef): void {
    const list = m.macros.get(d.name);
    if (!list) {
      m.macros.set(d.name, [d]);
      return;
    }
    const layer = this.layerOf(d.uri);
    let at = list.length;
    while (at > 0 && this.layerOf(list[at - 1].uri) < layer) at--;
    list.splice(at, 0, d);
  }

  /** Adds (sign +1) or takes back (sign -1) one file's contributions to the merged tables. */
  private apply(m: Merged, f: FileSymbols, sign: 1 | -1): void {
    m.names = undefined;
    if (definesClassesOrSets(f)) {
      m.classes = undefined;
      m.permSets = undefined;
    }
    if (sign < 0) {
      for (const d of f.macros) listRemove(m.macros, d.name, f.uri);
      for (const d of f.declarations) listRemove(m.decls, d.name, f.uri);
      for (const fc of f.fileContexts) if (fc.type) listRemove(m.fcByType, fc.type, f.uri);
    } else {
      for (const d of f.macros) this.addMacro(m, d);
      for (const d of f.declarations) listAdd(m.decls, d.name, d);
      for (const fc of f.fileContexts) if (fc.type) listAdd(m.fcByType, fc.type, fc);
    }
    for (const d of f.declarations) {
      for (const a of d.attributes ?? []) {
        countAdd(m.attributesOf, d.name, a, sign);
        countAdd(m.membersOf, a, d.name, sign);
      }
    }
    for (const [member, attr] of f.associations) {
      countAdd(m.attributesOf, member, attr, sign);
      countAdd(m.membersOf, attr, member, sign);
    }
    for (const r of f.required) for (const n of r.names) countAdd(m.required, n, r.keyword, sign);
    for (const d of f.macros) for (const r of d.requires) for (const n of r.names) countAdd(m.required, n, r.keyword, sign);
  }

  private statuses = new Map<string, string>();

  /** Records modules.conf: which modules are in base, loadable modules, or off. */
  setModuleStatus(status: ReadonlyMap<string, string>): void {
    for (const [k, v] of status) this.statuses.set(k, v);
    this.generation++;
  }

  /** base, module or off, when a modules.conf was indexed; undefined otherwise. */
  moduleStatus(module: string): string | undefined {
    return this.statuses.get(module);
  }

  /** Changes whenever the index changes (for caches keyed on it). */
  get version(): number {
    return this.generation;
  }

  /** Changes whenever some file's macro definitions change (for caches of what macros do). */
  get macroVersion(): number {
    return this.macroGeneration;
  }

  fileSymbols(uri: string): FileSymbols | undefined {
    return this.files.get(uri);
  }

  allFiles(): IterableIterator<FileSymbols> {
    return this.files.values();
  }

  /** The definition of a macro that wins when several files define it (see SOURCE_LAYER). */
  macro(name: string): MacroDef | undefined {
    return this.m().macros.get(name)?.[0];
  }

  macros(): Map<string, MacroDef[]> {
    return this.m().macros;
  }

  declarations(name: string): readonly Declaration[] {
    return this.m().decls.get(name) ?? [];
  }

  allDeclarations(): Map<string, Declaration[]> {
    return this.m().decls;
  }

  /** Whether some indexed policy declares `name` (or requires it from a module, which means one declares it). */
  isKnown(name: string, kinds?: readonly DeclKind[]): boolean {
    const d = this.m().decls.get(name);
    if (d && (!kinds || d.some((x) => kinds.includes(x.kind)))) return true;
    const r = this.m().required.get(name);
    return !!r && (!kinds || kinds.some((k) => r.has(k === 'alias' ? 'type' : k)));
  }

  /**
   * The attributes of a type (or role): from its declaration, typeattribute statements, and the interface
   * and template calls of .te files (files_type(usr_t) gives usr_t file_type), as the build expands them.
   */
  attributesOf(type: string): ReadonlySet<string> {
    return new Set([...(this.m().attributesOf.get(type)?.keys() ?? []), ...(this.memberships().attributesOf.get(type) ?? [])]);
  }

  /** The members of an attribute, from the same sources as attributesOf(). */
  membersOf(attribute: string): ReadonlySet<string> {
    return new Set([...(this.m().membersOf.get(attribute)?.keys() ?? []), ...(this.memberships().membersOf.get(attribute) ?? [])]);
  }

  /**
   * Memberships created by macro calls in .te files, computed on first use after a change. Each file's
   * share is kept while no macro definition changes, so editing a .te file expands only that file again.
   */
  private memberships(): CallMemberships {
    if (this.callMemberships?.generation === this.generation) return this.callMemberships;
    const attributesOf = new Map<string, Set<string>>();
    const membersOf = new Map<string, Set<string>>();
    const add = (map: Map<string, Set<string>>, k: string, v: string) => {
      const set = map.get(k);
      if (set) set.add(v);
      else map.set(k, new Set([v]));
    };
    for (const f of this.files.values()) {
      if (f.kind !== 'te') continue;
      let share = this.membershipsOfFile.get(f);
      if (share?.macroGeneration !== this.macroGeneration) {
        share = { macroGeneration: this.macroGeneration, pairs: this.expandMemberships(f.calls) };
        this.membershipsOfFile.set(f, share);
      }
      for (const [member, attr] of share.pairs) {
        add(attributesOf, member, attr);
        add(membersOf, attr, member);
      }
    }
    return (this.callMemberships = { generation: this.generation, attributesOf, membersOf });
  }

  /** [member, attribute] pairs that these calls' expansions state. */
  private expandMemberships(calls: FileSymbols['calls']): Array<readonly [string, string]> {
    const out: Array<readonly [string, string]> = [];
    for (const c of calls) {
      for (const [m, a] of this.membershipPatterns(c.name)) {
        const member = substituteArgs(m, c.args).trim();
        const attr = substituteArgs(a, c.args).trim();
        if (IDENTIFIER.test(member) && IDENTIFIER.test(attr)) out.push([member, attr]);
      }
    }
    return out;
  }

  private patternCache: { readonly macroGeneration: number; readonly patterns: Map<string, ReadonlyArray<readonly [string, string]>> } | undefined;

  /**
   * The memberships a macro's expansion states, in terms of its own $N: its body's, and those of the
   * macros it calls with their arguments put in. Computed once per macro while no definition changes.
   * A macro that (directly or not) calls itself gets nothing more from that call: m4 would never finish
   * expanding it.
   */
  private membershipPatterns(name: string, depth = 0): ReadonlyArray<readonly [string, string]> {
    if (this.patternCache?.macroGeneration !== this.macroGeneration) this.patternCache = { macroGeneration: this.macroGeneration, patterns: new Map() };
    const cache = this.patternCache.patterns;
    const known = cache.get(name);
    if (known) return known;
    const def = this.macro(name);
    if (!def || depth > MAX_MEMBERSHIP_DEPTH) return [];
    cache.set(name, []);
    const out: Array<readonly [string, string]> = [...(def.associations ?? [])];
    for (const c of def.calls) {
      for (const [m, a] of this.membershipPatterns(c.name, depth + 1)) out.push([substituteArgs(m, c.args), substituteArgs(a, c.args)]);
    }
    cache.set(name, out);
    return out;
  }

  classes(): Map<string, ResolvedClass> {
    return this.derived().classes;
  }

  cls(name: string): ResolvedClass | undefined {
    return this.derived().classes.get(name);
  }

  permSets(): Map<string, PermSet> {
    return this.derived().permSets;
  }

  /**
   * Every known name of a kind, sorted: declared in an indexed file, or required by an interface (the
   * devel headers declare nothing but require what other modules declare). Types include aliases.
   */
  names(kind: NameKind): readonly NameInfo[] {
    const m = this.m();
    m.names ??= new Map();
    let list = m.names.get(kind);
    if (list) return list;
    const byName = new Map<string, NameInfo>();
    const declKinds: readonly string[] = kind === 'type' ? ['type', 'alias'] : [kind];
    for (const [name, decls] of m.decls) {
      const d = decls.find((x) => declKinds.includes(x.kind));
      if (d) byName.set(name, { name, kind: d.kind as NameInfo['kind'], decl: d });
    }
    const reqKeyword = kind === 'tunable' ? 'bool' : kind;
    for (const [name, keywords] of m.required) {
      if (!byName.has(name) && keywords.has(reqKeyword) && !name.includes('$')) {
        if (kind === 'tunable') continue;
        byName.set(name, { name, kind });
      }
    }
    list = [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    m.names.set(kind, list);
    return list;
  }

  /**
   * The permissions a permission-set name stands for. `all_<class>_perms` is generated at build time
   * (all_perms.spt is not in a source tree), so it is derived from the class when not defined.
   */
  permsOf(name: string): readonly string[] | undefined {
    const set = this.derived().permSets.get(name);
    if (set) return set.perms;
    const m = /^all_(\w+)_perms$/.exec(name);
    const cls = m ? this.derived().classes.get(m[1]) : undefined;
    return cls ? [...cls.perms] : undefined;
  }

  /** The indexed .fc files (and file_contexts files), in indexing order. */
  fcFiles(): FileSymbols[] {
    const out: FileSymbols[] = [];
    for (const f of this.files.values()) if (f.kind === 'fc') out.push(f);
    return out;
  }

  fileContextsFor(type: string): readonly FcInfo[] {
    return this.m().fcByType.get(type) ?? [];
  }

  stats(): IndexStats {
    const m = this.m();
    const s: IndexStats = {
      files: this.files.size, interfaces: 0, templates: 0, defines: 0, permissionSets: this.permSets().size, types: 0, attributes: 0,
      aliases: 0, roles: 0, booleans: 0, tunables: 0, classes: this.classes().size, permissions: 0, fileContexts: 0, parseErrors: 0,
    };
    for (const defs of m.macros.values()) {
      const k = defs[0].kind;
      if (k === 'interface') s.interfaces++;
      else if (k === 'template') s.templates++;
      else s.defines++;
    }
    for (const decls of m.decls.values()) {
      const kinds = new Set(decls.map((d) => d.kind));
      if (kinds.has('type')) s.types++;
      if (kinds.has('attribute')) s.attributes++;
      if (kinds.has('alias')) s.aliases++;
      if (kinds.has('role')) s.roles++;
      if (kinds.has('bool')) s.booleans++;
      if (kinds.has('tunable')) s.tunables++;
    }
    const perms = new Set<string>();
    for (const c of this.classes().values()) for (const p of c.perms) perms.add(p);
    s.permissions = perms.size;
    for (const f of this.files.values()) {
      s.fileContexts += f.fileContexts.length;
      s.parseErrors += f.parseErrors;
    }
    return s;
  }

  private m(): Merged {
    return (this.merged ??= this.build());
  }

  private build(): Merged {
    const m: Merged = { macros: new Map(), decls: new Map(), attributesOf: new Map(), membersOf: new Map(), required: new Map(), fcByType: new Map() };
    for (const f of this.files.values()) this.apply(m, f, +1);
    return m;
  }

  /** The class table and permission sets, derived on demand. */
  private derived(): { classes: Map<string, ResolvedClass>; permSets: Map<string, PermSet> } {
    const m = this.m();
    if (!m.classes || !m.permSets) {
      const classDefs: ClassDef[] = [];
      for (const f of this.files.values()) for (const c of f.classes) classDefs.push(c);
      const permSets = this.buildPermSets(m.macros);
      const classes = this.buildClasses(classDefs, m.macros, permSets);
      // Now that the classes are known, say which each permission set fits.
      for (const [name, ps] of permSets) permSets.set(name, { ...ps, classes: fitClasses(name, ps.perms, classes) });
      m.classes = classes;
      m.permSets = permSets;
    }
    return { classes: m.classes, permSets: m.permSets };
  }

  private buildPermSets(macros: Map<string, MacroDef[]>): Map<string, PermSet> {
    const out = new Map<string, PermSet>();
    const expand = (name: string, seen: Set<string>): string[] => {
      const def = macros.get(name)?.[0];
      if (!def?.setItems || seen.has(name)) return [name];
      seen.add(name);
      const perms = new Set<string>();
      for (const item of def.setItems) for (const p of expand(item, seen)) perms.add(p);
      seen.delete(name);
      return [...perms];
    };
    for (const [name, defs] of macros) {
      const def = defs[0];
      if (def.kind !== 'define' || !def.setItems || !name.endsWith('_perms') || name.startsWith('all_') && name.endsWith('_class_perms')) continue;
      out.set(name, { name, perms: expand(name, new Set()).sort(), classes: [], def });
    }
    return out;
  }

  private buildClasses(defs: ClassDef[], macros: Map<string, MacroDef[]>, permSets: Map<string, PermSet>): Map<string, ResolvedClass> {
    const out = new Map<string, ResolvedClass>();
    const commons = new Map(defs.filter((d) => d.kind === 'common').map((d) => [d.name, d]));
    const declared = defs.filter((d) => d.kind === 'class');
    if (declared.some((d) => d.perms.length || d.inherits)) {
      // A source tree: security_classes names the classes (and marks userspace ones), access_vectors gives perms.
      const userspace = new Set(declared.filter((d) => d.userspace).map((d) => d.name));
      const byName = new Map<string, ClassDef[]>();
      for (const d of declared) byName.set(d.name, [...(byName.get(d.name) ?? []), d]);
      for (const [name, ds] of byName) {
        const perms = new Set<string>();
        for (const d of ds) {
          for (const p of d.perms) perms.add(p);
          if (d.inherits) for (const p of commons.get(d.inherits)?.perms ?? []) perms.add(p);
        }
        const def = ds.find((d) => d.perms.length || d.inherits) ?? ds[0];
        out.set(name, { name, perms, userspace: userspace.has(name), def });
      }
      return out;
    }
    // Devel headers: all_kernel_class_perms / all_userspace_class_perms in all_perms.spt.
    const fromDefine = (define: string, userspace: boolean) => {
      for (const c of macros.get(define)?.[0]?.classDecls ?? []) {
        const perms = new Set<string>();
        for (const p of c.perms) for (const x of permSets.get(p)?.perms ?? macros.get(p)?.[0]?.setItems ?? [p]) perms.add(x);
        out.set(c.name, { name: c.name, perms, userspace });
      }
    };
    fromDefine('all_kernel_class_perms', false);
    fromDefine('all_userspace_class_perms', true);
    if (out.size) return out;
    // Nothing indexed: the embedded table.
    for (const [name, perms] of Object.entries(KERNEL_CLASSES)) out.set(name, { name, perms: new Set(perms.split(' ')), userspace: false });
    for (const [name, perms] of Object.entries(USERSPACE_CLASSES)) out.set(name, { name, perms: new Set(perms.split(' ')), userspace: true });
    return out;
  }
}

/**
 * The classes a permission set is meant for. refpolicy names sets after their class
 * (`read_file_perms`, `rw_lnk_file_perms`, `create_socket_perms`); a set whose name names no class fits
 * every class that has all of its permissions.
 */
export function fitClasses(name: string, perms: readonly string[], classes: Map<string, ResolvedClass>): string[] {
  const base = name.replace(/_perms$/, '');
  // The longest class name the set is named after (`all_udp_socket_perms` → udp_socket).
  let best = '';
  for (const c of classes.keys()) if ((base === c || base.endsWith('_' + c)) && c.length > best.length) best = c;
  // Generic socket sets fit a family: `create_socket_perms` every socket class, `create_netlink_socket_perms`
  // every netlink_*_socket class, as long as the class has all their permissions.
  if (best === 'socket' || (!best && base.endsWith('_socket'))) {
    return [...classes.values()].filter((c) => c.name.endsWith('socket') && perms.every((p) => c.perms.has(p))).map((c) => c.name);
  }
  if (best.endsWith('_socket')) {
    const family = best.slice(0, -'_socket'.length) + '_';
    const members = [...classes.values()].filter((c) => (c.name === best || (c.name.startsWith(family) && c.name.endsWith('_socket'))) && perms.every((p) => c.perms.has(p)));
    if (members.length) return members.map((c) => c.name);
  }
  if (best) return [best];
  return [...classes.values()].filter((c) => perms.length > 0 && perms.every((p) => c.perms.has(p))).map((c) => c.name);
}
