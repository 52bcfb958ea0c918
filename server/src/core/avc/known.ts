// SPDX-License-Identifier: MIT
// Which denials the indexed policy can express: the types, classes and permissions it knows (template
// instantiations included, such as staff_t from userdom_unpriv_user_template(staff)). Pure.

import type { PolicyIndex } from '../index/policyIndex';
import { templateTypes } from '../semantics/templateNames';
import type { AvcRecord } from './parse';

export interface Unknown {
  readonly types: readonly string[];
  readonly classes: readonly string[];
  /** `class:perm` pairs. */
  readonly perms: readonly string[];
  /** Records left out because of them. */
  readonly records: number;
}

/**
 * Splits records into those the indexed policy can express and those naming a type, class or permission
 * it does not know (logged on another policy version, say): a module using them would not compile, and
 * audit2allow drops them too. Without an indexed policy everything is kept; types are only checked when
 * a full policy source is indexed.
 */
export function partitionKnown(records: readonly AvcRecord[], index: PolicyIndex): { known: AvcRecord[]; unknown: Unknown } {
  if (index.macros().size === 0) return { known: [...records], unknown: { types: [], classes: [], perms: [], records: 0 } };
  const types = new Set<string>();
  const classes = new Set<string>();
  const perms = new Set<string>();
  const known: AvcRecord[] = [];
  let dropped = 0;
  // Types are checked only against a full policy source (thousands of declared types): the devel headers
  // declare few types (most are in .te files they do not ship), so there an unknown type proves nothing.
  const fullPolicy = isFullPolicy(index);
  const templated = fullPolicy ? templateTypes(index) : new Set<string>();
  const typeOk = (t: string) => !fullPolicy || index.isKnown(t) || templated.has(t);
  for (const r of records) {
    let ok = true;
    const ts = r.kind === 'compute_sid' ? [(r.invalidContext ?? '').split(':')[2] ?? ''] : [r.source, r.target];
    for (const t of ts) if (t && !typeOk(t)) { types.add(t); ok = false; }
    if (r.kind === 'avc') {
      const cls = index.cls(r.tclass);
      if (!cls) { classes.add(r.tclass); ok = false; }
      else for (const p of r.perms) if (!cls.perms.has(p)) { perms.add(`${r.tclass}:${p}`); ok = false; }
    }
    if (ok) known.push(r);
    else dropped++;
  }
  return { known, unknown: { types: [...types].sort(), classes: [...classes].sort(), perms: [...perms].sort(), records: dropped } };
}

const fullCache = new WeakMap<PolicyIndex, { version: number; full: boolean }>();

/** Whether the index holds a full policy source (thousands of declared types); cached per index version. */
function isFullPolicy(index: PolicyIndex): boolean {
  const hit = fullCache.get(index);
  if (hit && hit.version === index.version) return hit.full;
  const full = index.stats().types >= 1000;
  fullCache.set(index, { version: index.version, full });
  return full;
}
