// SPDX-License-Identifier: MIT
// The access a piece of policy grants, as (source, target, class, permission) tuples, from its statements
// after expansion: for interface suggestions (what a call would grant) and boolean hints (what a
// tunable_policy or `if (bool)` block grants). Pure.

import type { PolicyIndex } from '../index/policyIndex';
import type { IdList, Statement } from '../syntax/nodes';

export interface Grant {
  readonly source: string;
  readonly target: string;
  readonly tclass: string;
  readonly perm: string;
}

export interface Grants {
  /** Granted whatever booleans are set. */
  readonly always: Grant[];
  /** Granted only under a boolean or tunable, by name (`!b` for the else branch). */
  readonly conditional: Array<Grant & { readonly condition: string }>;
}

const names = (l: IdList | undefined): string[] => (l && !l.star && !l.complement ? l.items.filter((i) => !i.negated).map((i) => i.name.text) : []);

/** The conditions a tunable_policy/if expression names: its single boolean, or the whole expression. */
function conditionText(text: string): string {
  return text.replace(/[`']/g, '').replace(/\s+/g, ' ').trim();
}

export function collectGrants(text: string, stmts: readonly Statement[], index?: PolicyIndex): Grants {
  const always: Grant[] = [];
  const conditional: Array<Grant & { condition: string }> = [];
  const walk = (list: readonly Statement[], condition: string | undefined, depth: number): void => {
    if (depth > 32) return;
    for (const s of list) {
      switch (s.kind) {
        case 'AvRule': {
          if (s.keyword !== 'allow') break;
          const perms = names(s.perms).flatMap((p) => index?.permsOf(p) ?? [p]);
          for (const src of names(s.source)) {
            for (const tgt0 of names(s.target)) {
              const tgt = tgt0 === 'self' ? src : tgt0;
              for (const c of names(s.classes)) {
                for (const p of perms) {
                  const g = { source: src, target: tgt, tclass: c, perm: p };
                  if (condition === undefined) always.push(g);
                  else conditional.push({ ...g, condition });
                }
              }
            }
          }
          break;
        }
        case 'Optional':
          walk(s.body, condition, depth + 1);
          if (s.elseBody) walk(s.elseBody, condition, depth + 1);
          break;
        case 'If': {
          const cond = conditionText(text.slice(s.start, s.body[0]?.start ?? s.end).replace(/^if\s*\(?|\)?\s*\{?\s*$/g, ''));
          walk(s.body, cond, depth + 1);
          if (s.elseBody) walk(s.elseBody, `!(${cond})`, depth + 1);
          break;
        }
        case 'Call': {
          const n = s.name.text;
          if (n === 'tunable_policy' || n === 'if') {
            const cond = conditionText(text.slice(s.args[0]?.inner.start ?? s.start, s.args[0]?.inner.end ?? s.start));
            if (s.args[1]?.body) walk(s.args[1].body, cond, depth + 1);
            if (s.args[2]?.body) walk(s.args[2].body, `!(${cond})`, depth + 1);
          } else {
            for (const a of s.args) if (a.body) walk(a.body, condition, depth + 1);
          }
          break;
        }
        default:
          break;
      }
    }
  };
  walk(stmts, undefined, 0);
  return { always, conditional };
}

/** Whether a granted target covers the requested one: the same type, or an attribute it has. */
export function targetCovers(index: PolicyIndex | undefined, granted: string, requested: string): boolean {
  return granted === requested || !!index?.attributesOf(requested).has(granted);
}
