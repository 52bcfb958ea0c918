// SPDX-License-Identifier: MIT
// Names that template calls in the indexed .te files declare: `userdom_unpriv_user_template(staff)`
// declares staff_t, `apache_content_template(awstats)` declares httpd_awstats_content_t. Cached per
// index version. Pure.

import { substitute } from '../features/expand';
import type { PolicyIndex } from '../index/policyIndex';
import { MacroSummaries } from './macroSummary';

const templateCache = new WeakMap<PolicyIndex, { version: number; names: Set<string> }>();

/** Names that template calls in the indexed .te files declare (`userdom_unpriv_user_template(staff)` → staff_t). */
export function templateTypes(index: PolicyIndex): Set<string> {
  const hit = templateCache.get(index);
  if (hit && hit.version === index.version) return hit.names;
  const summaries = new MacroSummaries(index);
  const names = new Set<string>();
  for (const f of index.allFiles()) {
    for (const c of f.calls) {
      if (index.macro(c.name)?.kind !== 'template') continue;
      for (const d of summaries.get(c.name).declares) names.add(substitute(d.pattern, c.args));
    }
  }
  templateCache.set(index, { version: index.version, names });
  return names;
}

