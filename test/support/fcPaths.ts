// SPDX-License-Identifier: MIT
// Paths to test a file_contexts table with, derived from its entries: each exact path, sample words of
// each regex's language (from its automaton), and near-misses of both. Deterministic.
import { compileRegex, exampleFromWordSet } from '../../server/src/core/fc/spec';
import type { FcSpec } from '../../server/src/core/fc/table';

const PRINTABLE = /^\/[\x21-\x7e]*$/;

export function pathsFor(specs: readonly FcSpec[], perRegex = 3): string[] {
  const out = new Set<string>();
  const add = (p: string | undefined) => {
    if (p && PRINTABLE.test(p) && p.length < 400) out.add(p);
  };
  for (const s of specs) {
    const c = compileRegex(s.regex);
    const samples: string[] = [];
    if (c.nfa) {
      let n = 0;
      for (const ws of c.nfa.wordSets()) {
        const w = exampleFromWordSet(ws);
        if (w !== undefined) samples.push(w);
        if (++n >= perRegex * 4 || samples.length >= perRegex) break;
      }
    }
    if (!samples.length) samples.push(s.regex.replace(/\\(.)/g, '$1').replace(/[()?*+|[\]{}^$]/g, ''));
    for (const p of samples) {
      add(p);
      add(`${p}x`);
      add(`${p}/x`);
      add(p.slice(0, -1));
      add(`${p.slice(0, -1)}_`);
    }
  }
  return [...out].sort();
}
