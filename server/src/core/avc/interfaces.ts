// SPDX-License-Identifier: MIT
// Reference-policy style for denials (audit2allow -R, done right): interface calls from the index that
// grant the requested access, with the least extra privilege first. Unlike sepolgen, interfaces with any
// number of parameters are considered: each parameter is bound from the rule that grants the access
// (the domain, the target type, or the class), and candidates whose parameters cannot all be bound are
// left out. Conditional rules (inside `if`/tunable_policy) do not count as granted. Pure.

import { expandCall } from '../features/expand';
import type { PolicyIndex } from '../index/policyIndex';
import type { MacroDef } from '../index/symbols';
import { macroDoc } from '../index/xmlDoc';
import { parse } from '../syntax/parser';
import { collectGrants, Grant, targetCovers } from './grants';
import type { AvRule } from './rules';

export interface InterfaceSuggestion {
  /** The call to write, e.g. `userdom_read_user_home_content_files(httpd_t)`. */
  readonly call: string;
  readonly name: string;
  readonly args: readonly string[];
  /** Access it grants beyond the request, as `type:class perm` strings (sorted). */
  readonly extra: readonly string[];
  /** Whether the interface names the target type itself (else the target is passed as an argument). */
  readonly named: boolean;
}

const PLACEHOLDER = (n: number) => `zzparam${n}zz`;
const MAX_CANDIDATES = 300;

type ByKey = Map<string, MacroDef[]>;

/** A table derived from the index, computed again only when the index changes. */
function perIndex(cache: WeakMap<PolicyIndex, { version: number; map: ByKey }>, index: PolicyIndex, compute: () => ByKey): ByKey {
  const hit = cache.get(index);
  if (hit && hit.version === index.version) return hit.map;
  const map = compute();
  cache.set(index, { version: index.version, map });
  return map;
}

const byTypeCache = new WeakMap<PolicyIndex, { version: number; map: ByKey }>();

/** Interfaces by the types their gen_require names (the target types they can grant access to). */
function interfacesRequiring(index: PolicyIndex): ByKey {
  return perIndex(byTypeCache, index, () => {
    const map = new Map<string, MacroDef[]>();
    for (const defs of index.macros().values()) {
      const d = defs[0];
      if (d.kind !== 'interface' || d.name.includes('dontaudit')) continue;
      for (const r of d.requires) {
        if (r.keyword !== 'type' && r.keyword !== 'attribute') continue;
        for (const n of r.names) {
          const l = map.get(n);
          if (l) {
            if (l[l.length - 1] !== d) l.push(d);
          } else map.set(n, [d]);
        }
      }
    }
    return map;
  });
}

const paramCache = new WeakMap<PolicyIndex, { version: number; map: ByKey }>();

/**
 * Interfaces of two or more parameters that grant access on a parameter target (`allow $1 $2:file read`),
 * by `class perm`: the candidates for targets the interface does not name itself. Built once per index
 * version by expanding each such interface with placeholders.
 */
function parametricInterfaces(index: PolicyIndex): ByKey {
  return perIndex(paramCache, index, () => {
    const map = new Map<string, MacroDef[]>();
    for (const defs of index.macros().values()) {
      const d = defs[0];
      // `_except` interfaces take the types to leave out: binding the target there inverts their meaning.
      if (d.kind !== 'interface' || d.maxParam < 2 || d.maxParam > 9 || d.name.includes('dontaudit') || d.name.includes('except')) continue;
      const grants = grantsOfCall(index, d.name, Array.from({ length: d.maxParam }, (_, i) => PLACEHOLDER(i + 1)));
      const keys = new Set<string>();
      for (const g of grants) if (/^zzparam\dzz$/.test(g.target) && /^zzparam\dzz$/.test(g.source)) keys.add(`${g.tclass} ${g.perm}`);
      for (const k of keys) {
        const l = map.get(k);
        if (l) l.push(d);
        else map.set(k, [d]);
      }
    }
    return map;
  });
}

function grantsOfCall(index: PolicyIndex, name: string, args: readonly string[]): Grant[] {
  const exp = expandCall(index, name, args);
  const text = exp.lines.join('\n');
  return collectGrants(text, parse(text, 'te').statements, index).always;
}

/** Suggestions for one generated rule (its permissions on one target and class), best first. */
export function suggestInterfaces(index: PolicyIndex, rule: AvRule, limit = 5): InterfaceSuggestion[] {
  const source = rule.source;
  const target = rule.target === 'self' ? rule.source : rule.target;
  const byType = interfacesRequiring(index);
  const candidates = new Set<MacroDef>(byType.get(target) ?? []);
  const named = new Set(candidates);
  for (const a of index.attributesOf(target)) for (const d of byType.get(a) ?? []) if (candidates.size < MAX_CANDIDATES) candidates.add(d);
  // Interfaces that take the target as a parameter and grant every requested permission on the class.
  const param = parametricInterfaces(index);
  const lists = rule.perms.map((p) => new Set(param.get(`${rule.tclass} ${p}`) ?? []));
  for (const d of lists[0] ?? []) if (lists.every((l) => l.has(d)) && candidates.size < MAX_CANDIDATES * 2) candidates.add(d);
  const out: InterfaceSuggestion[] = [];
  for (const def of candidates) {
    const n = Math.max(1, def.maxParam);
    if (n > 9) continue;
    // Optional parameters are extras (exception lists, file names): never bind the request to them.
    const optional = new Set((macroDoc(def)?.params ?? []).map((p, i) => (p.optional ? i : -1)).filter((i) => i >= 0));
    // Bind each parameter from the rules that would grant the request, found with placeholders.
    const probe = grantsOfCall(index, def.name, Array.from({ length: n }, (_, i) => PLACEHOLDER(i + 1)));
    const args: Array<string | undefined> = Array.from({ length: n }, () => undefined);
    const bind = (value: string, want: string): boolean => {
      const m = /^zzparam(\d)zz$/.exec(value);
      if (!m) return true;
      const k = Number(m[1]) - 1;
      if (optional.has(k)) return false;
      if (args[k] !== undefined && args[k] !== want) return false;
      args[k] = want;
      return true;
    };
    for (const g of probe) {
      if (!rule.perms.includes(g.perm)) continue;
      const srcOk = g.source === source || /^zzparam\dzz$/.test(g.source);
      const tgtOk = targetCovers(index, g.target, target) || /^zzparam\dzz$/.test(g.target);
      const clsOk = g.tclass === rule.tclass || /^zzparam\dzz$/.test(g.tclass);
      if (srcOk && tgtOk && clsOk) {
        bind(g.source, source);
        bind(g.target, target);
        bind(g.tclass, rule.tclass);
      }
    }
    // Unbound optional parameters at the end are left out of the call.
    while (args.length && args[args.length - 1] === undefined && optional.has(args.length - 1)) args.pop();
    if (!args.length || args.some((a) => a === undefined)) continue;
    const real = args as string[];
    const grants = grantsOfCall(index, def.name, real);
    const covered = rule.perms.every((p) => grants.some((g) => g.source === source && targetCovers(index, g.target, target) && g.tclass === rule.tclass && g.perm === p));
    if (!covered) continue;
    const extra = new Set<string>();
    for (const g of grants) {
      if (g.source === source && targetCovers(index, g.target, target) && g.tclass === rule.tclass && rule.perms.includes(g.perm)) continue;
      extra.add(`${g.source === source ? '' : `${g.source} → `}${g.target}:${g.tclass} ${g.perm}`);
    }
    out.push({ call: `${def.name}(${real.join(', ')})`, name: def.name, args: real, extra: [...extra].sort(), named: named.has(def) });
  }
  // Interfaces about the target type come first (they are what a policy author would look for), then
  // those that take it as an argument; each by the least extra access.
  out.sort((a, b) => Number(b.named) - Number(a.named) || a.extra.length - b.extra.length || a.args.length - b.args.length || (a.name < b.name ? -1 : 1));
  return out.slice(0, limit);
}
