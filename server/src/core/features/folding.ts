// SPDX-License-Identifier: MIT
// Folding ranges: multi-line m4 calls (interfaces, optional_policy, gen_require, ifdef...), require,
// optional and if blocks, and runs of comment lines (the ## documentation headers).

import { FoldingRange, FoldingRangeKind } from 'vscode-languageserver-types';
import type { PolicyDocument } from '../document';
import type { Statement } from '../syntax/nodes';

export function getFoldingRanges(doc: PolicyDocument): FoldingRange[] {
  const t = doc.text;
  const out: FoldingRange[] = [];
  // A block folds up to the line before its closing line, so `')` or `}` stays visible.
  const add = (start: number, end: number) => {
    const s = t.positionAt(start).line;
    const e = t.positionAt(end).line - 1;
    if (e > s) out.push({ startLine: s, endLine: e });
  };
  const walk = (stmts: readonly Statement[]) => {
    for (const s of stmts) {
      switch (s.kind) {
        case 'Call':
          add(s.start, s.end);
          // gen_require's body is a require block spanning the same lines: fold it once.
          if (s.name.text !== 'gen_require') for (const a of s.args) if (a.body) walk(a.body);
          break;
        case 'Require':
          add(s.start, s.end);
          break;
        case 'Optional':
        case 'If':
          add(s.start, s.end);
          walk(s.body);
          if (s.elseBody) walk(s.elseBody);
          break;
        default:
          break;
      }
    }
  };
  walk(doc.file.statements);
  // Comment runs: consecutive comment lines.
  let runStart = -1, runEnd = -1, prevLine = -2;
  for (const c of doc.file.comments) {
    const line = t.positionAt(c.start).line;
    if (line === prevLine + 1 && runStart >= 0) runEnd = line;
    else {
      if (runStart >= 0 && runEnd > runStart) out.push({ startLine: runStart, endLine: runEnd, kind: FoldingRangeKind.Comment });
      runStart = line;
      runEnd = line;
    }
    prevLine = line;
  }
  if (runStart >= 0 && runEnd > runStart) out.push({ startLine: runStart, endLine: runEnd, kind: FoldingRangeKind.Comment });
  return out;
}
