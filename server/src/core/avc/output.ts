// SPDX-License-Identifier: MIT
// Text output for generated rules with their notes: boolean hints (the rule is left commented out, since
// a setsebool is the fix) and interface suggestions (the best call replaces the rule, the others are
// listed). Pure.

import type { BooleanHint } from './booleans';
import type { InterfaceSuggestion } from './interfaces';
import { AvRule, Generated, ruleText } from './rules';

export interface RuleNotes {
  readonly booleans?: readonly BooleanHint[];
  readonly interfaces?: readonly InterfaceSuggestion[];
}

export function annotatedText(g: Generated, notes: ReadonlyMap<AvRule, RuleNotes>, useInterfaces: boolean): string {
  const out: string[] = [];
  const written = new Set<string>();
  let src = '';
  for (const r of g.rules) {
    if (r.source !== src) {
      if (src) out.push('');
      out.push(`#============= ${r.source} ==============`);
      src = r.source;
    }
    const n = notes.get(r);
    const bools = n?.booleans ?? [];
    if (bools.length) {
      out.push(bools.length === 1
        ? `#!!!! The boolean '${bools[0].booleans.join("', '")}' allows this: ${bools[0].commands.join('; ')}`
        : `#!!!! One of these booleans allows this: ${bools.map((b) => b.condition).join(', ')}`);
      out.push(`#${ruleText(r)}`);
      continue;
    }
    const all = useInterfaces ? n?.interfaces ?? [] : [];
    // The call replaces the rule only when the interface is about the target type; the others (which
    // take the target as an argument) are listed as options.
    const ifs = all[0]?.named ? all : [];
    if (!ifs.length && all.length) {
      out.push(ruleText(r));
      for (const s of all) out.push(`#   or ${s.call}  (${extraText(s)})`);
      continue;
    }
    if (ifs.length) {
      if (ifs.length > 1) {
        out.push(`# ${ruleText(r)}`);
        for (const s of ifs.slice(1)) out.push(`#   or ${s.call}  (${extraText(s)})`);
      }
      // audit2allow writes one call once even when it covers several rules.
      if (!written.has(ifs[0].call)) out.push(`${ifs[0].call}${ifs[0].extra.length ? `  # ${extraText(ifs[0])}` : ''}`);
      written.add(ifs[0].call);
      continue;
    }
    out.push(ruleText(r));
  }
  if (g.roles.length) {
    out.push('', '#============= ROLES ==============');
    for (const r of g.roles) out.push(`role ${r.role} types ${r.type};`);
  }
  return `${out.join('\n')}\n`;
}

/** A short "+N: a, b, …" description of the extra access. */
export function extraText(s: InterfaceSuggestion, max = 4): string {
  if (!s.extra.length) return 'nothing more';
  return `+${s.extra.length}: ${s.extra.slice(0, max).join(', ')}${s.extra.length > max ? ', …' : ''}`;
}
