// SPDX-License-Identifier: MIT
// Turns AVC records into policy rules the way audit2allow does: one rule per (source, target, class)
// with the union of the denied permissions, `self` when source and target are the same type, roles from
// SELINUX_ERR records, and the require entries a module needs. Deterministic order (audit2allow's
// require order is not). Pure.

import type { AvcRecord } from './parse';

export interface AvRule {
  readonly kind: 'allow' | 'dontaudit';
  readonly source: string;
  /** The target type; `self` is used when it equals the source. */
  readonly target: string;
  readonly tclass: string;
  /** Sorted, unique. */
  readonly perms: readonly string[];
  /** How many AVC records it covers, and their 0-based lines. */
  readonly count: number;
  readonly lines: readonly number[];
  /** True when every record was logged with permissive=1. */
  readonly permissiveOnly: boolean;
}

export interface RoleRule {
  readonly role: string;
  readonly type: string;
  readonly lines: readonly number[];
}

export interface GenerateOptions {
  /** dontaudit rules instead of allow rules. */
  readonly dontaudit?: boolean;
}

export interface Generated {
  readonly rules: readonly AvRule[];
  readonly roles: readonly RoleRule[];
  /** Denied records used (granted ones are skipped). */
  readonly used: number;
}

export function generateRules(records: readonly AvcRecord[], options: GenerateOptions = {}): Generated {
  const byKey = new Map<string, { source: string; target: string; tclass: string; perms: Set<string>; lines: number[]; permissiveOnly: boolean }>();
  const roles = new Map<string, { role: string; type: string; lines: number[] }>();
  let used = 0;
  for (const r of records) {
    if (!r.denied) continue;
    if (r.kind === 'compute_sid') {
      const [, role, type] = (r.invalidContext ?? '').split(':');
      if (!role || !type) continue;
      used++;
      const k = `${role} ${type}`;
      const e = roles.get(k);
      if (e) e.lines.push(r.line);
      else roles.set(k, { role, type, lines: [r.line] });
      continue;
    }
    if (!r.source || !r.target || !r.tclass) continue;
    used++;
    const target = r.target === r.source ? 'self' : r.target;
    const k = `${r.source} ${target} ${r.tclass}`;
    let e = byKey.get(k);
    if (!e) byKey.set(k, (e = { source: r.source, target, tclass: r.tclass, perms: new Set(), lines: [], permissiveOnly: true }));
    for (const p of r.perms) e.perms.add(p);
    e.lines.push(r.line);
    if (!r.permissive) e.permissiveOnly = false;
  }
  const kind = options.dontaudit ? 'dontaudit' : 'allow';
  const rules: AvRule[] = [...byKey.values()]
    .map((e) => ({
      kind, source: e.source, target: e.target, tclass: e.tclass, perms: [...e.perms].sort(), count: e.lines.length, lines: e.lines,
      permissiveOnly: e.permissiveOnly,
    } as AvRule))
    .sort((a, b) => cmp(a.source, b.source) || cmp(a.target, b.target) || cmp(a.tclass, b.tclass));
  const roleRules = [...roles.values()].sort((a, b) => cmp(a.role, b.role) || cmp(a.type, b.type));
  return { rules, roles: roleRules, used };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `{ a b }` or a bare name, as policy writes a set. */
export function setText(items: readonly string[]): string {
  return items.length === 1 ? items[0] : `{ ${items.join(' ')} }`;
}

export function ruleText(r: AvRule): string {
  return `${r.kind} ${r.source} ${r.target}:${r.tclass} ${setText(r.perms)};`;
}

export interface Requirements {
  readonly types: readonly string[];
  readonly roles: readonly string[];
  /** class → permissions (only when the module form needs them). */
  readonly classes: ReadonlyMap<string, readonly string[]>;
}

/**
 * The require entries for the rules: every type they use (not `self`) that `declared` does not
 * contain, roles, and, when `withClasses`, every class with the permissions used.
 */
export function requirementsOf(g: Generated, declared: ReadonlySet<string>, withClasses: (cls: string) => boolean): Requirements {
  const types = new Set<string>();
  const roles = new Set<string>();
  const classes = new Map<string, Set<string>>();
  for (const r of g.rules) {
    for (const t of [r.source, r.target]) if (t !== 'self' && !declared.has(t)) types.add(t);
    if (withClasses(r.tclass)) {
      let s = classes.get(r.tclass);
      if (!s) classes.set(r.tclass, (s = new Set()));
      for (const p of r.perms) s.add(p);
    }
  }
  for (const r of g.roles) {
    roles.add(r.role);
    if (!declared.has(r.type)) types.add(r.type);
  }
  return {
    types: [...types].sort(), roles: [...roles].sort(),
    classes: new Map([...classes].sort((a, b) => cmp(a[0], b[0])).map(([c, p]) => [c, [...p].sort()])),
  };
}

/** A standalone module text (audit2allow -m style, deterministic), for the CLI without --module. */
export function moduleText(g: Generated, name: string | undefined, withClasses: (cls: string) => boolean): string {
  const out: string[] = [];
  if (name) {
    const req = requirementsOf(g, new Set(), withClasses);
    out.push(`module ${name} 1.0;`, '', 'require {');
    for (const t of req.types) out.push(`\ttype ${t};`);
    for (const [c, p] of req.classes) out.push(`\tclass ${c} ${setText(p)};`);
    for (const r of req.roles) out.push(`\trole ${r};`);
    out.push('}', '');
  }
  writeSections(out, g, (r, lines) => lines.push(ruleText(r)));
  return `${out.join('\n')}\n`;
}

/**
 * Writes the rules under one `#============= source ==============` header per source (as audit2allow
 * does), each rule's lines from `write`, then the role rules under a ROLES header.
 */
export function writeSections(out: string[], g: Generated, write: (r: AvRule, lines: string[]) => void): void {
  let src = '';
  for (const r of g.rules) {
    if (r.source !== src) {
      if (src) out.push('');
      out.push(`#============= ${r.source} ==============`);
      src = r.source;
    }
    write(r, out);
  }
  if (g.roles.length) {
    out.push('', '#============= ROLES ==============');
    for (const r of g.roles) out.push(`role ${r.role} types ${r.type};`);
  }
}
