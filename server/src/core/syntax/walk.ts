// SPDX-License-Identifier: MIT
// Every statement of a tree in source order (a statement before the statements inside it): into optional
// and if blocks, and into the statement bodies of macro-call arguments (optional_policy, interfaces...).

import type { Statement } from './nodes';

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
