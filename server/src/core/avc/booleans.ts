// SPDX-License-Identifier: MIT
// Boolean hints: when the reference policy already grants the denied access inside a tunable_policy or
// `if (boolean)` block, the fix is `setsebool`, not a new rule. Looks in the modules that declare the
// source type (where a domain's optional access lives), expanding the interface calls in those blocks.
// The caller supplies the module texts (the server and CLI read them; the core does no IO). Pure.

import { expandCall } from '../features/expand';
import type { PolicyIndex } from '../index/policyIndex';
import { parse } from '../syntax/parser';
import type { Statement } from '../syntax/nodes';
import { collectGrants, targetCovers } from './grants';
import type { AvRule } from './rules';

export interface BooleanHint {
  /** The boolean or tunable, or a condition expression when it names several. */
  readonly condition: string;
  /** The booleans to turn on (those named without `!`). */
  readonly booleans: readonly string[];
  /** `setsebool -P name 1` for each boolean. */
  readonly commands: readonly string[];
  /** Where the block is: a document URI and 0-based line. */
  readonly uri: string;
  readonly line: number;
}

/** A .te text of the module that declares the rule's source type, or undefined when it is not available. */
export type ModuleText = (uri: string) => string | undefined;

const cache = new Map<string, { text: string; blocks: Array<{ line: number; grants: ReturnType<typeof collectGrants>['conditional'] }> }>();

/** The conditional grants of a module text, with calls in conditional blocks expanded. */
function conditionalGrants(index: PolicyIndex, uri: string, text: string) {
  const hit = cache.get(uri);
  if (hit && hit.text === text) return hit.blocks;
  const file = parse(text, 'te');
  const blocks: Array<{ line: number; grants: ReturnType<typeof collectGrants>['conditional'] }> = [];
  const lineOf = (offset: number) => text.slice(0, offset).split('\n').length - 1;
  const visit = (stmts: readonly Statement[], depth: number): void => {
    if (depth > 16) return;
    for (const s of stmts) {
      const conditional = s.kind === 'If' || (s.kind === 'Call' && (s.name.text === 'tunable_policy' || s.name.text === 'if'));
      if (conditional) {
        blocks.push({ line: lineOf(s.start), grants: expandBlock(index, text.slice(s.start, s.end)) });
      } else if (s.kind === 'Call') {
        for (const a of s.args) if (a.body) visit(a.body, depth + 1);
      } else if (s.kind === 'Optional') visit(s.body, depth + 1);
    }
  };
  visit(file.statements, 0);
  if (cache.size > 200) cache.clear();
  cache.set(uri, { text, blocks });
  return blocks;
}

/** The conditional grants of one block: its rules, and its interface calls expanded. */
function expandBlock(index: PolicyIndex, block: string) {
  // Expand every interface call in place (expandCall handles nesting); keep the block's structure.
  const out = block.replace(/\b([a-z][a-z0-9_]*)\(([^()`']*)\)/g, (m, name: string, args: string) => {
    const def = index.macro(name);
    if (!def || def.kind === 'define') return m;
    return expandCall(index, name, args.split(',').map((a) => a.trim())).lines.join('\n');
  });
  const expanded = parse(out, 'te');
  return collectGrants(out, expanded.statements, index).conditional;
}

export function booleanHints(index: PolicyIndex, rule: AvRule, moduleText: ModuleText): BooleanHint[] {
  const source = rule.source;
  const target = rule.target === 'self' ? rule.source : rule.target;
  const uris = new Set(index.declarations(source).filter((d) => d.uri.endsWith('.te')).map((d) => d.uri));
  const out: BooleanHint[] = [];
  const seen = new Set<string>();
  for (const uri of uris) {
    const text = moduleText(uri);
    if (!text) continue;
    for (const block of conditionalGrants(index, uri, text)) {
      const byCondition = new Map<string, Set<string>>();
      for (const g of block.grants) {
        if (g.source !== source || g.tclass !== rule.tclass || !targetCovers(index, g.target, target)) continue;
        let s = byCondition.get(g.condition);
        if (!s) byCondition.set(g.condition, (s = new Set()));
        s.add(g.perm);
      }
      for (const [condition, perms] of byCondition) {
        if (!rule.perms.every((p) => perms.has(p)) || seen.has(condition)) continue;
        seen.add(condition);
        const booleans = [...new Set((condition.match(/!?\b[a-z][a-z0-9_]*\b/g) ?? []).filter((b) => !b.startsWith('!') && !['and', 'or', 'not', 'xor'].includes(b)))];
        out.push({ condition, booleans, commands: booleans.map((b) => `setsebool -P ${b} 1`), uri, line: block.line });
      }
    }
  }
  return out;
}
