// SPDX-License-Identifier: MIT
// Every statement of a tree in source order (a statement before the statements inside it): into optional
// and if blocks, and into the statement bodies of macro-call arguments (optional_policy, interfaces...).

import type { Call, Statement } from './nodes';

export function* allStatements(stmts: readonly Statement[]): Generator<Statement> {
  for (const s of stmts) {
    yield s;
    if (s.kind === 'Optional' || s.kind === 'If') {
      yield* allStatements(s.body);
      if (s.elseBody) yield* allStatements(s.elseBody);
    } else if (s.kind === 'Call') {
      for (const a of s.args) if (a.body) yield* allStatements(a.body);
    }
  }
}

/**
 * The branch m4 keeps of an `ifdef(`sym', yes, no)` / `ifndef(...)` call when the build's symbols are
 * known: `{ body }` with the kept branch's statements (undefined when that branch is absent). Returns
 * undefined when the call is not such a call, or the symbols or the tested symbol are unknown: then
 * callers look into every branch.
 */
export function ifdefBranch(call: Call, defines: ReadonlySet<string> | undefined): { body?: readonly Statement[] } | undefined {
  const n = call.name.text;
  if (n !== 'ifdef' && n !== 'ifndef') return undefined;
  const sym = call.args[0]?.words?.[0]?.text;
  if (!defines || sym === undefined) return undefined;
  const kept = defines.has(sym) === (n === 'ifdef') ? call.args[1] : call.args[2];
  return { body: kept?.body };
}
