// SPDX-License-Identifier: MIT
// File-context analysis, in process (bundled by bench/run.mjs, run in a fresh node process):
//  1. full conflict analysis of every refpolicy .fc file: read, parse, index, fc_sort, and overlaps,
//     duplicates, ties and shadowing for every entry (run 1 cold, then warm runs in the same process);
//  2. re-analysis of one .fc file after an edit (a line inserted at 30 places; what the server does);
//  3. hostile regexes: matching time at 1× and 8× path length must grow linearly.
// Prints one JSON line.
//   node fcRun.cjs POLICY_ROOT FC_FILE REPEATS
import { readFileSync } from 'node:fs';
import { URI } from 'vscode-uri';
import { analyzeEntries } from '../../server/src/core/fc/conflicts';
import { compileRegex, matcherOf, toWord } from '../../server/src/core/fc/spec';
import { analyzeDocument, fcUniverse } from '../../server/src/core/fc/universe';
import { extractSymbols } from '../../server/src/core/index/extract';
import { PolicyIndex } from '../../server/src/core/index/policyIndex';
import { parse } from '../../server/src/core/syntax/parser';
import { indexSources } from '../../server/src/indexer';
import { detectSource, PolicySource } from '../../server/src/policySources';

const [root, fcFile, repeatsArg] = process.argv.slice(2);
const repeats = Math.max(2, Number(repeatsArg ?? '3') | 0);
const src = detectSource(root) as PolicySource;
const fcSource: PolicySource = { ...src, files: src.files.filter((f) => f.endsWith('.fc')) };

const full: number[] = [];
let counts = { entries: 0, overlaps: 0, duplicates: 0, shadowed: 0, ties: 0 };
let index = new PolicyIndex();
for (let i = 0; i < repeats; i++) {
  const t0 = performance.now();
  index = new PolicyIndex();
  indexSources(index, [fcSource]);
  const u = fcUniverse(index, src.defines);
  const res = analyzeEntries(u.finder, u.table.entries);
  full.push(performance.now() - t0);
  counts = {
    entries: res.length,
    overlaps: res.reduce((n, r) => n + r.overlaps.length, 0),
    duplicates: res.filter((r) => r.duplicates.length).length,
    shadowed: res.filter((r) => r.shadowedBy).length,
    ties: res.reduce((n, r) => n + r.overlaps.filter((o) => o.reason === 'file order').length, 0) / 2,
  };
}

// Edits: the server re-parses the document, updates the index and re-analyses that document.
const text = readFileSync(fcFile, 'utf8');
const uri = URI.file(fcFile).toString();
const lines = text.split('\n');
const edits: number[] = [];
for (let i = 0; i < 40; i++) {
  const at = Math.floor((((i * 7919) % 997) / 997) * lines.length);
  const edited = [...lines.slice(0, at), `/opt/bench-edit-${i}(/.*)?\t\tgen_context(system_u:object_r:usr_t,s0)`, ...lines.slice(at)].join('\n');
  const t0 = performance.now();
  index.update(extractSymbols(uri, parse(edited, 'fc'), src.defines ? { defines: src.defines } : {}));
  analyzeDocument(fcUniverse(index, src.defines, uri), uri);
  if (i >= 10) edits.push(performance.now() - t0);
}
edits.sort((a, b) => a - b);

// Hostile patterns: nested quantifiers that make backtracking matchers exponential.
const hostile = ['/(a|aa)*b', '/(a*)*b', '/(.*)*x', '/(a|a?)+c', '/([^/]*)*(/.*)?z'];
const timeMatch = (n: number) => {
  const word = toWord(`/${'a'.repeat(n)}`);
  const t0 = performance.now();
  for (const h of hostile) for (let k = 0; k < 20; k++) matcherOf(compileRegex(h)).test(word);
  return performance.now() - t0;
};
timeMatch(1000);
const h1 = timeMatch(5000);
const h8 = timeMatch(40000);

process.stdout.write(`${JSON.stringify({
  coldMs: full[0], warmMs: full.slice(1), counts, fcFiles: fcSource.files.length,
  edit: { n: edits.length, p50: edits[Math.floor(edits.length / 2)], p95: edits[Math.floor(edits.length * 0.95)], file: fcFile },
  hostile: { patterns: hostile, ms1: h1, ms8: h8, ratio: h8 / h1 },
})}\n`);
