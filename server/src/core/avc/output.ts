// SPDX-License-Identifier: MIT
// Text output for generated rules with their notes: boolean hints (the rule is left commented out, since
// a setsebool is the fix) and interface suggestions (the best call replaces the rule, the others are
// listed). Pure.

import type { BooleanHint } from './booleans';
import type { InterfaceSuggestion } from './interfaces';
import { AvRule, Generated, ruleText, writeSections } from './rules';

export interface RuleNotes {
  readonly booleans?: readonly BooleanHint[];
  readonly interfaces?: readonly InterfaceSuggestion[];
}

export function annotatedText(g: Generated, notes: ReadonlyMap<AvRule, RuleNotes>, useInterfaces: boolean): string {
  const out: string[] = [];
  const written = new Set<string>();
  writeSections(out, g, (r, lines) => {
    const n = notes.get(r);
    const bools = n?.booleans ?? [];
    if (bools.length) {
      lines.push(bools.length === 1
        ? `#!!!! The boolean '${bools[0].booleans.join("', '")}' allows this: ${bools[0].commands.join('; ')}`
        : `#!!!! One of these booleans allows this: ${bools.map((b) => b.condition).join(', ')}`);
      lines.push(`#${ruleText(r)}`);
      return;
    }
    const all = useInterfaces ? n?.interfaces ?? [] : [];
    // The call replaces the rule only when the interface is about the target type; the others (which
    // take the target as an argument) are listed as options.
    if (!all[0]?.named) {
      lines.push(ruleText(r));
      for (const s of all) lines.push(`#   or ${s.call}  (${extraText(s)})`);
      return;
    }
    if (all.length > 1) {
      lines.push(`# ${ruleText(r)}`);
      for (const s of all.slice(1)) lines.push(`#   or ${s.call}  (${extraText(s)})`);
    }
    // audit2allow writes one call once even when it covers several rules.
    if (!written.has(all[0].call)) lines.push(`${all[0].call}${all[0].extra.length ? `  # ${extraText(all[0])}` : ''}`);
    written.add(all[0].call);
  });
  return `${out.join('\n')}\n`;
}

/** A short "+N: a, b, …" description of the extra access. */
export function extraText(s: InterfaceSuggestion, max = 4): string {
  if (!s.extra.length) return 'nothing more';
  return `+${s.extra.length}: ${s.extra.slice(0, max).join(', ')}${s.extra.length > max ? ', …' : ''}`;
}
