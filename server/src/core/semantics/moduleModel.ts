// SPDX-License-Identifier: MIT
// The compiler's view of a .te module: scopes (the module, each optional block), what each scope declares
// and requires, and every use of a type, attribute, role, boolean, class and permission, including those
// that interface calls produce with their arguments. The diagnostic rules read this model.

import { substituteArgs, type PolicyIndex } from '../index/policyIndex';
import type { Call, IdList, Name, Range, RequireEntry, SourceFile, Statement } from '../syntax/nodes';
import { argNames, MacroSummaries, UseRole } from './macroSummary';
import { ifdefBranch } from '../syntax/walk';

export interface Scope {
  readonly id: number;
  readonly parent?: Scope;
  readonly kind: 'module' | 'optional';
  /** Optional blocks: where the block starts (the `optional` keyword or the optional_policy name). */
  readonly range?: Range;
  /** name → require entries (keyword) that name it in this scope. */
  readonly required: Map<string, RequiredName[]>;
  readonly declared: Map<string, DeclaredName[]>;
}

export interface RequiredName {
  readonly name: string;
  readonly keyword: string;
  /** The entry (for unused-require fixes) and the name's range. */
  readonly entry?: RequireEntry;
  readonly range: Range;
  /** Required by an interface expansion rather than written in this file. */
  readonly implicit: boolean;
  /** class entries: the permissions required. */
  readonly perms?: readonly string[];
}

export interface DeclaredName {
  readonly name: string;
  readonly kind: string;
  readonly range: Range;
  /** Declared by a template call's expansion. */
  readonly implicit: boolean;
}

export interface Use {
  readonly name: string;
  readonly role: UseRole | 'perm';
  /** perm uses: the classes the permission is used with. */
  readonly classes?: readonly string[];
  readonly scope: Scope;
  /** Where to report: the name, or the call that uses it through an argument. */
  readonly range: Range;
  readonly viaCall?: string;
}

export interface CallUse {
  readonly call: Call;
  readonly scope: Scope;
  readonly known: boolean;
  /** Parameters the expansion needs (missing ones break it): MacroSummary.needed. */
  readonly maxParam: number;
  readonly paramCount: number;
}

export interface ModuleModel {
  readonly form: 'policy_module' | 'module' | 'none';
  readonly moduleName?: Name;
  readonly scopes: readonly Scope[];
  readonly uses: readonly Use[];
  readonly calls: readonly CallUse[];
  readonly permissives: readonly Range[];
}

const SUPPORT = new Set(['gen_require', 'optional_policy', 'tunable_policy', 'gen_tunable', 'gen_bool', 'ifdef', 'ifndef', 'ifelse',
  'policy_module', 'gen_context', 'refpolicywarn', 'refpolicyerr', 'define', 'interface', 'template', 'errprint', 'dnl',
  'gen_user', 'gen_sens', 'gen_cats', 'gen_levels', 'gen_initial_sid']);

export function buildModuleModel(file: SourceFile, index: PolicyIndex, summaries: MacroSummaries, defines?: ReadonlySet<string>): ModuleModel {
  const text = file.text;
  const scopes: Scope[] = [];
  const uses: Use[] = [];
  const calls: CallUse[] = [];
  const permissives: Range[] = [];
  let form: ModuleModel['form'] = 'none';
  let moduleName: Name | undefined;
  const newScope = (kind: Scope['kind'], parent?: Scope, range?: Range): Scope => {
    const s: Scope = { id: scopes.length, parent, kind, range, required: new Map(), declared: new Map() };
    scopes.push(s);
    return s;
  };
  const root = newScope('module');
  const push = <T>(m: Map<string, T[]>, k: string, v: T) => {
    const a = m.get(k);
    if (a) a.push(v);
    else m.set(k, [v]);
  };
  const declare = (scope: Scope, name: string, kind: string, range: Range, implicit = false) => {
    if (name.includes('$')) return;
    push(scope.declared, name, { name, kind, range, implicit });
  };
  const useName = (scope: Scope, n: Name, role: UseRole) => {
    if (n.text === 'self' || n.text.includes('$') || n.text.includes('(')) return;
    uses.push({ name: n.text, role, scope, range: n });
  };
  const useList = (scope: Scope, l: IdList | undefined, role: UseRole) => {
    if (!l) return;
    for (const it of l.items) {
      // Class sets (`dir_file_class_set`) expand to class names.
      if (role === 'class' && index.macro(it.name.text)?.setItems) {
        for (const c of expandSet(index, it.name.text)) uses.push({ name: c, role, scope, range: it.name });
      } else useName(scope, it.name, role);
    }
  };
  const usePerms = (scope: Scope, classes: IdList | undefined, perms: IdList | undefined) => {
    if (!classes || !perms || perms.star || perms.complement && !perms.items.length) return;
    const cls = classes.items.flatMap((i) => expandSet(index, i.name.text)).filter((c) => !c.includes('$'));
    if (!cls.length) return;
    for (const it of perms.items) {
      const p = it.name.text;
      if (p.includes('$')) continue;
      for (const perm of index.permsOf(p) ?? [p]) uses.push({ name: perm, role: 'perm', classes: cls, scope, range: it.name });
    }
  };

  const walk = (stmts: readonly Statement[], scope: Scope) => {
    for (const s of stmts) {
      switch (s.kind) {
        case 'Module':
          form = 'module';
          moduleName = s.name;
          break;
        case 'TypeDecl':
          if (s.name) declare(scope, s.name.text, 'type', s.name);
          for (const a of s.aliases) declare(scope, a.text, 'alias', a);
          for (const a of s.attributes) useName(scope, a, 'attribute');
          break;
        case 'SimpleDecl':
          if (!s.name) break;
          if (s.keyword === 'permissive') {
            permissives.push(s);
            useName(scope, s.name, 'type');
          } else if (s.keyword === 'role' && s.types) {
            useName(scope, s.name, 'role');
            useList(scope, s.types, 'type');
          } else declare(scope, s.name.text, s.keyword === 'attribute_role' ? 'attribute_role' : s.keyword, s.name);
          break;
        case 'Association':
          if (!s.subject) break;
          if (s.keyword === 'typealias') {
            useName(scope, s.subject, 'type');
            for (const o of s.objects) declare(scope, o.text, 'alias', o);
          } else if (s.keyword === 'roleattribute') {
            useName(scope, s.subject, 'role');
            for (const o of s.objects) useName(scope, o, 'attribute');
          } else {
            useName(scope, s.subject, 'type');
            for (const o of s.objects) useName(scope, o, s.keyword === 'typeattribute' ? 'attribute' : 'type');
          }
          break;
        case 'AvRule':
          useList(scope, s.source, 'type');
          useList(scope, s.target, 'type');
          useList(scope, s.classes, 'class');
          if (!s.keyword.endsWith('xperm')) usePerms(scope, s.classes, s.perms);
          break;
        case 'TypeRule':
          useList(scope, s.source, 'type');
          useList(scope, s.target, 'type');
          useList(scope, s.classes, 'class');
          if (s.result) useName(scope, s.result, 'type');
          break;
        case 'RoleAllow':
          useList(scope, s.from, 'role');
          useList(scope, s.to, 'role');
          break;
        case 'RoleTransition':
          useList(scope, s.source, 'role');
          useList(scope, s.target, 'type');
          if (s.result) useName(scope, s.result, 'role');
          break;
        case 'Require':
          require(scope, s.entries.filter((e): e is RequireEntry => e.kind === 'RequireEntry'));
          break;
        case 'Optional': {
          const at = { start: s.start, end: s.start + 'optional'.length };
          walk(s.body, newScope('optional', scope, at));
          if (s.elseBody) walk(s.elseBody, newScope('optional', scope, at));
          break;
        }
        case 'If':
          if (s.condition) for (const n of s.condition.names) if (!['true', 'false'].includes(n.text)) useName(scope, n, 'bool');
          walk(s.body, scope);
          if (s.elseBody) walk(s.elseBody, scope);
          break;
        case 'Call':
          call(s, scope);
          break;
        default:
          break;
      }
    }
  };

  const require = (scope: Scope, entries: readonly RequireEntry[]) => {
    for (const e of entries) {
      for (const n of e.names) {
        push(scope.required, n.text, { name: n.text, keyword: e.keyword, entry: e, range: n, implicit: false, ...(e.keyword === 'class' && e.perms ? { perms: e.perms.items.flatMap((i) => index.permsOf(i.name.text) ?? [i.name.text]) } : {}) });
      }
    }
  };

  const call = (c: Call, scope: Scope) => {
    const name = c.name.text;
    switch (name) {
      case 'policy_module':
        form = 'policy_module';
        moduleName = c.args[0]?.words?.[0];
        // policy_module() requires role system_r (and the kernel classes) for the module.
        push(root.required, 'system_r', { name: 'system_r', keyword: 'role', range: c.name, implicit: true });
        return;
      case 'gen_require':
        for (const s of c.args[0]?.body ?? []) if (s.kind === 'Require') require(scope, s.entries.filter((e): e is RequireEntry => e.kind === 'RequireEntry'));
        return;
      case 'optional_policy':
        walk(c.args[0]?.body ?? [], newScope('optional', scope, c.name));
        if (c.args[1]?.body) walk(c.args[1].body, newScope('optional', scope, c.name));
        return;
      case 'tunable_policy':
        // The macro requires the booleans of its condition itself (declare_required_symbols).
        for (const w of c.args[0]?.words ?? []) if (!/^(true|false)$/.test(w.text)) push(scope.required, w.text, { name: w.text, keyword: 'bool', range: w, implicit: true });
        for (const a of c.args.slice(1)) if (a.body) walk(a.body, scope);
        return;
      case 'gen_tunable':
      case 'gen_bool': {
        const n = c.args[0]?.words?.[0];
        if (n) declare(scope, n.text, 'bool', n);
        return;
      }
      case 'ifdef':
      case 'ifndef': {
        const kept = ifdefBranch(c, defines);
        if (kept) {
          if (kept.body) walk(kept.body, scope);
        } else for (const a of c.args.slice(1)) if (a.body) walk(a.body, scope);
        return;
      }
      case 'ifelse':
        for (const a of c.args) if (a.body) walk(a.body, scope);
        return;
    }
    if (SUPPORT.has(name)) return;
    const def = index.macro(name);
    const summary = summaries.get(name);
    calls.push({ call: c, scope, known: !!def, maxParam: def ? summary.needed : 0, paramCount: c.args.length === 1 && !text.slice(c.args[0].inner.start, c.args[0].inner.end).trim() ? 0 : c.args.length });
    if (!def) return;
    const args = c.args.map((a) => text.slice(a.inner.start, a.inner.end).trim());
    summary.params.forEach((roles, i) => {
      const arg = c.args[i];
      if (!arg) return;
      for (const n of argNames(args[i])) {
        if (n.includes('$')) continue;
        for (const role of roles) {
          if (role === 'perm') continue;
          for (const x of role === 'class' ? expandSet(index, n) : [n]) uses.push({ name: x, role, scope, range: { start: arg.inner.start, end: arg.inner.end }, viaCall: name });
        }
      }
    });
    for (const [pattern, r] of summary.requires) {
      const n = substituteArgs(pattern, args);
      if (!n || n.includes('$')) continue;
      for (const one of r.keyword === 'class' ? [n] : argNames(n)) {
        push(scope.required, one, { name: one, keyword: r.keyword, range: c.name, implicit: true, ...(r.perms ? { perms: r.perms.flatMap((p) => index.permsOf(p) ?? [p]) } : {}) });
      }
    }
    for (const d of summary.declares) declare(scope, substituteArgs(d.pattern, args), d.kind, c, true);
  };

  walk(file.statements, root);
  return { form, moduleName, scopes, uses, calls, permissives };
}

/** Finds the declaration or require of `name` visible from `scope`. */
export function resolve(scope: Scope, name: string): { declared?: DeclaredName; required?: RequiredName } | undefined {
  for (let s: Scope | undefined = scope; s; s = s.parent) {
    const d = s.declared.get(name);
    if (d) return { declared: d[0] };
    const r = s.required.get(name);
    if (r) return { required: r[0] };
  }
  return undefined;
}

/** Whether `name` is declared or required in some scope that is not visible from `scope`. */
export function requiredElsewhere(model: ModuleModel, scope: Scope, name: string): boolean {
  const visible = new Set<number>();
  for (let s: Scope | undefined = scope; s; s = s.parent) visible.add(s.id);
  return model.scopes.some((s) => !visible.has(s.id) && (s.required.has(name) || s.declared.has(name)));
}

/** A name that a define expands to a set (`socket_class_set`), expanded recursively; else the name. */
export function expandSet(index: PolicyIndex, name: string, depth = 0): string[] {
  const items = index.macro(name)?.setItems;
  if (!items || depth > 8) return [name];
  return items.flatMap((i) => expandSet(index, i, depth + 1));
}
