// SPDX-License-Identifier: MIT
// Bench entry (bundled by bench/run.mjs, run in a fresh node process): indexes one policy source
// several times in this process and prints one JSON line on stdout.
//
//   node indexRun.cjs DIR REPEATS [CACHE_DIR]
//
// With CACHE_DIR, every run goes through the on-disk index cache there (indexSourcesCached: files whose
// content is cached are decoded instead of parsed; a run that parsed anything writes the cache).
// Run 1 is the cold run (first thing this process does after loading the bundle); runs 2..REPEATS are
// warm (same process, JIT warmed, file pages cached, a fresh PolicyIndex each time).
import { detectSource } from '../../server/src/policySources';
import { indexSources, indexSourcesCached } from '../../server/src/indexer';
import { IndexStats, PolicyIndex } from '../../server/src/core/index/policyIndex';

interface Sample {
  ms: number;
  files: number;
  bytes: number;
}

function once(dir: string, cacheDir: string | undefined): { sample: Sample; stats: IndexStats } {
  const t0 = performance.now();
  const source = detectSource(dir);
  if ('error' in source) throw new Error(source.error);
  const index = new PolicyIndex();
  const run = cacheDir ? indexSourcesCached(index, [source], cacheDir) : indexSources(index, [source]);
  const stats = index.stats();
  const ms = performance.now() - t0;
  return { sample: { ms, files: run.files, bytes: run.bytes }, stats };
}

function main(): void {
  const [dir, repeatsArg, cacheDir] = process.argv.slice(2);
  const repeats = Math.max(1, Number(repeatsArg ?? '1') | 0);
  // Time from process start (performance.timeOrigin) until the bundle has loaded and main() runs.
  const loadMs = performance.now();
  const samples: Sample[] = [];
  let stats: IndexStats | undefined;
  let coldRssKB = 0;
  for (let i = 0; i < repeats; i++) {
    const r = once(dir, cacheDir);
    samples.push(r.sample);
    if (i === 0) {
      stats = r.stats;
      coldRssKB = process.resourceUsage().maxRSS;
    }
  }
  const endRssKB = process.resourceUsage().maxRSS;
  process.stdout.write(`${JSON.stringify({ loadMs, samples, stats, coldRssKB, endRssKB })}\n`);
}

main();
