#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// `npm run bench`: performance of selinux-ls against its targets and against the real tools, on the same
// inputs in the same run. Not a test: nothing fails; every row shows its target and whether the median
// meets it. Prints a markdown report and writes it to bench/results/latest.md (git-ignored).
//
//   node bench/run.mjs [--runs N] [--only index,cli,parse,lsp,diag] [--keep]
//
// Groups:
//   index  cold (fresh process) and warm (same process) index of the devel headers and of the refpolicy tree
//   cli    `node dist/cli.js check <root>/policy` against `selint -s -r -S <root>/policy`
//   parse  parse time against input size (1×, 2×, 4×, 8×), realistic and hostile inputs
//   diag   diagnostics after an edit on the largest .te/.if, full index loaded (p95 target 20 ms)
//   lsp    the language server over stdio with the refpolicy tree indexed: time to ready, completion and hover p95
//
// Small TypeScript entries in bench/entries/ are bundled with esbuild into a temp dir and run as child
// processes, so every measurement starts from a fresh node process and a crash or hang stays contained.

import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const REPO = dirname(dirname(fileURLToPath(import.meta.url)));
// Inputs and tools; the environment can point elsewhere (another refpolicy release, or a missing path to
// see the skip rows): BENCH_DEVEL, BENCH_POLICY_SRC, BENCH_GNU_TIME, BENCH_SELINT.
const DEVEL = process.env.BENCH_DEVEL || '/usr/share/selinux/devel';
const POLICY_SRC_TARBALL = process.env.BENCH_POLICY_SRC || '/usr/src/selinux-policy-src.tar.zst';
const GNU_TIME = process.env.BENCH_GNU_TIME || '/usr/bin/time';
const CLI = join(REPO, 'dist', 'cli.js');
const RESULTS = join(REPO, 'bench', 'results', 'latest.md');

/** In-process index repetitions per fresh process: run 1 is cold, runs 2..6 are warm. */
const INDEX_REPEATS = 6;
/** Parse linearity: 1× sizes and the per-parse time budget (larger sizes predicted above it are skipped). */
const REALISTIC_BASE = 1 << 20; // 1 MiB of real .te text
// 256 KiB → 2 MiB at 8×. Smaller 1× inputs fit V8's young generation and parse several times faster per
// byte than larger ones, which inflates time(8×)/time(1×) with a GC effect that is not algorithmic growth.
const HOSTILE_BASE = 256 << 10;
const PARSE_BUDGET_MS = 2000;
/**
 * Fresh processes per input kind: a size's time is the median over them. Within one process the samples
 * agree closely, but the 1× time (tens of ms) moves by 2× between processes on a shared machine (JIT
 * tiering and where garbage collections fall), which alone can push the 8×/1× ratio over the bound.
 */
const PARSE_PROCESSES = 3;
/** Growth time(8×)/time(1×) still called linear (ideal 8, quadratic 64). */
const LINEAR_RATIO_MAX = 12;
const CHILD_TIMEOUT_MS = 90_000;

const TARGETS = {
  refpolicyIndexMs: 150,
  refpolicyIndexRssMB: 150,
  lspReadyMs: 1000,
  lspP95Ms: 5,
  diagP95Ms: 20,
  fcFullMs: 2000,
  fcEditMs: 50,
  avcSpeedup: 100,
  avcMBps: 50,
};

// ---------------------------------------------------------------------------------------------------
// Arguments

function parseArgs(argv) {
  const opts = { runs: 5, only: new Set(['index', 'cli', 'parse', 'lsp', 'diag', 'fc', 'avc']), keep: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (v === undefined) usage(`${a} needs a value`);
      return v;
    };
    if (a === '--runs' || a.startsWith('--runs=')) {
      opts.runs = Number(value());
      if (!Number.isInteger(opts.runs) || opts.runs < 1) usage('--runs must be a positive integer');
    } else if (a === '--only' || a.startsWith('--only=')) {
      opts.only = new Set(value().split(',').map((s) => s.trim()).filter(Boolean));
      for (const g of opts.only) if (!['index', 'cli', 'parse', 'lsp', 'diag', 'fc', 'avc'].includes(g)) usage(`unknown group ${g}`);
    } else if (a === '--keep') {
      opts.keep = true;
    } else if (a === '--help' || a === '-h') {
      usage();
    } else {
      usage(`unknown argument ${a}`);
    }
  }
  return opts;
}

function usage(problem) {
  const text = 'usage: node bench/run.mjs [--runs N] [--only index,cli,parse,lsp,diag] [--keep]\n' +
    '  --runs N   runs per measurement, reported as the median (default 5)\n' +
    '  --only G   run only these groups\n' +
    '  --keep     keep the temp dir (bundles, extracted source tree)\n';
  if (problem) {
    process.stderr.write(`bench: ${problem}\n${text}`);
    process.exit(2);
  }
  process.stdout.write(text);
  process.exit(0);
}

const opts = parseArgs(process.argv.slice(2));
const log = (msg) => process.stderr.write(`[bench] ${msg}\n`);

// ---------------------------------------------------------------------------------------------------
// Statistics and formatting

function median(xs) {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function num(x, digits) {
  if (x === undefined || Number.isNaN(x)) return 'n/a';
  if (digits !== undefined) return x.toFixed(digits);
  const a = Math.abs(x);
  return a < 10 ? x.toFixed(2) : a < 1000 ? x.toFixed(1) : String(Math.round(x));
}
const ms = (x) => (x === undefined || Number.isNaN(x) ? 'n/a' : `${num(x)} ms`);
const mb = (x) => (x === undefined || Number.isNaN(x) ? 'n/a' : `${num(x, 1)} MB`);
const kb2mb = (kb) => kb / 1024;
const size = (bytes) => (bytes >= 1000 * 1024 ? `${num(bytes / (1 << 20), 2)} MiB` : `${num(bytes / 1024, 0)} KiB`);

function table(header, rows) {
  const esc = (c) => String(c).replaceAll('|', '\\|').replaceAll('\n', ' ');
  return [
    `| ${header.map(esc).join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`),
  ].join('\n');
}

const MET = (ok) => (ok ? '✓' : '✗');
const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;

// ---------------------------------------------------------------------------------------------------
// Processes

/**
 * Spawns a program without a shell. Resolves with its exit code, stdout (when piped), stderr, the wall
 * time from spawn to exit, and — when GNU time is available and `rss` is set — the child's peak RSS in KB.
 */
function run(cmd, args, { cwd = REPO, stdout = 'pipe', rss = false, timeoutMs = CHILD_TIMEOUT_MS, tmp, env = process.env } = {}) {
  return new Promise((resolve) => {
    let file = cmd;
    let argv = args;
    let rssFile;
    if (rss && hasGnuTime) {
      rssFile = join(tmp, `rss-${process.pid}-${Math.random().toString(36).slice(2)}.txt`);
      file = GNU_TIME;
      argv = ['-f', '%M', '-o', rssFile, cmd, ...args];
    }
    const out = [];
    const err = [];
    const t0 = performance.now();
    let wallMs = 0;
    let timedOut = false;
    const child = spawn(file, argv, { cwd, stdio: ['ignore', stdout, 'pipe'], env });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout?.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    child.on('exit', () => {
      wallMs = performance.now() - t0;
    });
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ code: -1, error: String(e), stdout: '', stderr: '', wallMs: NaN, timedOut });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      let rssKB;
      if (rssFile) {
        try {
          // GNU time writes "Command exited with non-zero status N" before the format line.
          const lines = readFileSync(rssFile, 'utf8').trim().split('\n');
          rssKB = Number(lines[lines.length - 1]);
          rmSync(rssFile, { force: true });
        } catch {
          rssKB = undefined;
        }
      }
      resolve({
        code, signal, timedOut, wallMs, rssKB,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
  });
}

function tryExec(cmd, args) {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 20_000 }).trim();
  } catch {
    return undefined;
  }
}

function which(tool) {
  if (tool === 'selint' && process.env.BENCH_SELINT !== undefined) return existsSync(process.env.BENCH_SELINT) ? process.env.BENCH_SELINT : undefined;
  for (const dir of (process.env.PATH ?? '').split(':').concat(['/usr/sbin', '/sbin'])) {
    if (dir && existsSync(join(dir, tool))) return join(dir, tool);
  }
  return undefined;
}

const dpkgVersion = (pkg) => tryExec('dpkg-query', ['-W', '-f', '${Version}', pkg]) || undefined;

const gnuTimeVersion = (() => {
  if (!existsSync(GNU_TIME)) return undefined;
  const v = tryExec(GNU_TIME, ['--version'])?.split('\n')[0];
  if (!v || !/GNU/i.test(v)) return undefined;
  // Debian's build reports "time (GNU Time) UNKNOWN": name the package version instead.
  const deb = dpkgVersion('time');
  return /UNKNOWN/.test(v) && deb ? `GNU time, Debian package time ${deb}` : v;
})();
const hasGnuTime = !!gnuTimeVersion;

// ---------------------------------------------------------------------------------------------------
// Setup: machine info, versions, bundles, inputs

const startedAt = new Date();
const loadAtStart = os.loadavg().map((x) => x.toFixed(2)).join(' ');
const tBench = performance.now();
const tmp = mkdtempSync(join(os.tmpdir(), 'selinux-ls-bench-'));
// Index caches written by the CLI runs go to the scratch directory (removed at the end), never to ~/.cache.
process.env.SELINUX_LS_CACHE_DIR = join(tmp, 'cli-index-cache');
const sections = [];
const summary = [];

function cpuModel() {
  const cpus = os.cpus();
  let model = cpus[0]?.model?.trim() || 'unknown';
  if (model === 'unknown' && existsSync('/proc/cpuinfo')) {
    model = /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? model;
  }
  return { model, cores: cpus.length };
}

async function bundle() {
  const outdir = join(tmp, 'bundles');
  const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
  await esbuild.build({
    absWorkingDir: REPO,
    entryPoints: { indexRun: 'bench/entries/indexRun.ts', parseRun: 'bench/entries/parseRun.ts', lspRun: 'bench/entries/lspRun.ts', diagRun: 'bench/entries/diagRun.ts', fcRun: 'bench/entries/fcRun.ts', fcPaths: 'bench/entries/fcPaths.ts', avcLog: 'bench/entries/avcLog.ts', avcRun: 'bench/entries/avcRun.ts' },
    outdir,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: false,
    logLevel: 'warning',
    define: { __SELINUX_LS_VERSION__: JSON.stringify(pkg.version) },
  });
  return { index: join(outdir, 'indexRun.cjs'), parse: join(outdir, 'parseRun.cjs'), lsp: join(outdir, 'lspRun.cjs'), diag: join(outdir, 'diagRun.cjs'), fc: join(outdir, 'fcRun.cjs'), fcPaths: join(outdir, 'fcPaths.cjs'), avcLog: join(outdir, 'avcLog.cjs'), avcRun: join(outdir, 'avcRun.cjs') };
}

/** Extracts Debian's refpolicy source once; returns the source root (the single top-level dir) or a skip reason. */
function extractRefpolicy() {
  if (!existsSync(POLICY_SRC_TARBALL)) return { skip: 'apt-get install selinux-policy-src' };
  if (!which('zstd')) return { skip: 'apt-get install zstd' };
  const dir = join(tmp, 'refpolicy');
  mkdirSync(dir);
  try {
    execFileSync('tar', ['--zstd', '-xf', POLICY_SRC_TARBALL, '-C', dir], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (e) {
    return { skip: `tar --zstd -xf ${POLICY_SRC_TARBALL} failed: ${String(e.stderr ?? e).trim()}` };
  }
  const tops = readdirSync(dir);
  if (tops.length !== 1) return { skip: `expected one top-level dir in ${POLICY_SRC_TARBALL}, found ${tops.length}` };
  const root = join(dir, tops[0]);
  if (!existsSync(join(root, 'policy', 'modules'))) return { skip: `${root} has no policy/modules` };
  return { root };
}

function walk(dir, out = []) {
  for (const n of readdirSync(dir).sort()) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

/** The two largest .te and the two largest .if files of the refpolicy modules (the LSP and diag groups). */
function largestPolicyFiles(root) {
  const all = walk(join(root, 'policy', 'modules'));
  const largest = (ext) => all.filter((f) => f.endsWith(ext)).map((f) => [f, statSync(f).size]).sort((a, b) => b[1] - a[1]).slice(0, 2).map(([f]) => f);
  return [...largest('.te'), ...largest('.if')];
}

// ---------------------------------------------------------------------------------------------------
// Group 1 and 2: indexing, in process

async function indexBench(label, dir, bundles, runs) {
  // One discarded process first, so run 1 of every measured process sees the same (warm) page cache.
  log(`${label}: warm-up process`);
  await run(process.execPath, [bundles.index, dir, '1'], { tmp });
  const procs = [];
  for (let i = 0; i < runs; i++) {
    log(`${label}: process ${i + 1}/${runs}`);
    const r = await run(process.execPath, [bundles.index, dir, String(INDEX_REPEATS)], { tmp });
    if (r.code !== 0) throw new Error(`${label}: index process failed (exit ${r.code}${r.timedOut ? ', timed out' : ''}): ${r.stderr.trim().slice(-2000)}`);
    procs.push(lastJson(r));
  }
  const cold = procs.map((p) => p.samples[0].ms);
  const warm = procs.map((p) => median(p.samples.slice(1).map((s) => s.ms)));
  const coldRss = procs.map((p) => kb2mb(p.coldRssKB));
  const endRss = procs.map((p) => kb2mb(p.endRssKB));
  const load = procs.map((p) => p.loadMs);
  const first = procs[0];
  // The on-disk index cache: one process writes it (its run 1 parses everything and saves), then each
  // measured process's run 1 is a fresh process reading a valid cache.
  const cacheDir = join(tmp, `index-cache-${label.replace(/\W+/g, '-')}`);
  log(`${label}: writing the index cache`);
  const writer = await run(process.execPath, [bundles.index, dir, '1', cacheDir], { tmp });
  if (writer.code !== 0) throw new Error(`${label}: cache-writing process failed: ${writer.stderr.trim().slice(-2000)}`);
  const written = lastJson(writer);
  const cachedProcs = [];
  for (let i = 0; i < runs; i++) {
    log(`${label}: process ${i + 1}/${runs} with the index cache`);
    const r = await run(process.execPath, [bundles.index, dir, '1', cacheDir], { tmp });
    if (r.code !== 0) throw new Error(`${label}: cached index process failed: ${r.stderr.trim().slice(-2000)}`);
    cachedProcs.push(lastJson(r));
  }
  for (const p of cachedProcs) {
    if (JSON.stringify(p.stats) !== JSON.stringify(first.stats)) throw new Error(`${label}: the index read from the cache differs: ${JSON.stringify(p.stats)} vs ${JSON.stringify(first.stats)}`);
  }
  // The same two cold runs after dropping the kernel's page cache (root only): what the first start after
  // a boot or a package update costs, when files come from the disk.
  const pageCold = { parsed: [], cached: [] };
  for (let i = 0; i < runs && dropPageCache(); i++) {
    log(`${label}: process ${i + 1}/${runs} with a cold page cache`);
    const a = await run(process.execPath, [bundles.index, dir, '1'], { tmp });
    dropPageCache();
    const b = await run(process.execPath, [bundles.index, dir, '1', cacheDir], { tmp });
    if (a.code !== 0 || b.code !== 0) throw new Error(`${label}: cold page cache process failed: ${a.stderr.trim().slice(-1000)}${b.stderr.trim().slice(-1000)}`);
    pageCold.parsed.push(lastJson(a).samples[0].ms);
    pageCold.cached.push(lastJson(b).samples[0].ms);
  }
  return {
    pageCold,
    files: first.samples[0].files, bytes: first.samples[0].bytes, stats: first.stats,
    cold, warm, coldRss, endRss, load,
    cacheWrite: written.samples[0].ms,
    cached: cachedProcs.map((p) => p.samples[0].ms),
    cachedRss: cachedProcs.map((p) => kb2mb(p.coldRssKB)),
  };
}

/** The JSON line a bench entry prints last (its result). */
function lastJson(r) {
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

/** Empties the kernel's page cache; false when that is not allowed (not root, or no /proc). */
function dropPageCache() {
  try {
    execFileSync('sync');
    writeFileSync('/proc/sys/vm/drop_caches', '3');
    return true;
  } catch {
    return false;
  }
}

function statsLine(stats) {
  if (!stats) return '';
  const keys = ['files', 'interfaces', 'templates', 'defines', 'types', 'attributes', 'classes', 'permissionSets', 'booleans', 'tunables', 'fileContexts', 'parseErrors'];
  return keys.filter((k) => k in stats).map((k) => `${k} ${stats[k]}`).join(', ');
}

function indexSection(title, what, res, targets) {
  const spread = (xs, f) => [f(median(xs)), f(Math.min(...xs)), f(Math.max(...xs)), xs.map((x) => num(x, 1)).join(', ')];
  const rows = [
    ['cold: run 1 in a fresh process', ...spread(res.cold, ms), targets.ms ? `≤ ${targets.ms} ms` : 'none (informational)', targets.ms ? MET(median(res.cold) <= targets.ms) : '—'],
    [`warm: median of runs 2–${INDEX_REPEATS}, same process`, ...spread(res.warm, ms), targets.ms ? `≤ ${targets.ms} ms` : 'none (informational)', targets.ms ? MET(median(res.warm) <= targets.ms) : '—'],
    ['peak RSS after the cold run', ...spread(res.coldRss, mb), targets.rss ? `≤ ${targets.rss} MB` : 'none (informational)', targets.rss ? MET(median(res.coldRss) <= targets.rss) : '—'],
    [`peak RSS after ${INDEX_REPEATS} runs`, ...spread(res.endRss, mb), 'none (informational)', '—'],
    ['node start → bundle loaded (not in the times above)', ...spread(res.load, ms), 'none (informational)', '—'],
    ['index cache: first run, parsing and writing the cache', ms(res.cacheWrite), '', '', '1 process', 'none (informational)', '—'],
    ['index cache: run 1 in a fresh process, cache present', ...spread(res.cached, ms), targets.ms ? `≤ ${targets.ms} ms` : 'none (informational)', targets.ms ? MET(median(res.cached) <= targets.ms) : '—'],
    ['index cache: peak RSS after that run', ...spread(res.cachedRss, mb), targets.rss ? `≤ ${targets.rss} MB` : 'none (informational)', targets.rss ? MET(median(res.cachedRss) <= targets.rss) : '—'],
  ];
  if (res.pageCold.parsed.length) {
    rows.push(
      ['cold page cache (dropped before the process): run 1, no index cache', ...spread(res.pageCold.parsed, ms), 'none (informational)', '—'],
      ['cold page cache: run 1, index cache present', ...spread(res.pageCold.cached, ms), 'none (informational)', '—'],
    );
  }
  return [
    `### ${title}`,
    '',
    `${what} Timed: \`detectSource\` + \`indexSources(new PolicyIndex(), [source])\` + \`index.stats()\`, with performance.now().`,
    `${opts.runs} fresh \`node\` process${opts.runs === 1 ? '' : 'es'}, each indexing ${INDEX_REPEATS} times (a fresh PolicyIndex each time); one discarded process before them warms the page cache.`,
    `The index-cache rows use \`indexSourcesCached\` instead (the on-disk cache of server/src/indexCache.ts, in a scratch directory): one process parses and writes the cache, then ${opts.runs} fresh processes each index once, reading it (each checked to give the same counts). The cold-page-cache rows (only when the bench may write /proc/sys/vm/drop_caches, i.e. as root) drop the kernel's page cache before each process, so every file comes from the disk.`,
    `Input: ${res.files} files, ${size(res.bytes)}. Index: ${statsLine(res.stats)}.`,
    '',
    table(['measure', 'median', 'min', 'max', 'per run', 'target', 'met'], rows),
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------------
// Group 3: CLI over the whole tree vs selint

async function cliBench(root, runs) {
  const policy = join(root, 'policy');
  const selint = which('selint');
  const ours = { wall: [], rss: [], codes: new Set(), last: '' };
  const oursNoCache = { wall: [], rss: [], codes: new Set(), last: '' };
  const peer = selint ? { wall: [], rss: [], codes: new Set(), last: '' } : undefined;
  const oursCmd = [process.execPath, [CLI, 'check', policy], { cwd: REPO }];
  const oursNoCacheCmd = [process.execPath, [CLI, 'check', '--no-cache', policy], { cwd: REPO }];
  const peerCmd = selint ? [selint, ['-s', '-r', '-S', policy], { cwd: root }] : undefined;
  const once = async (cmd, acc) => {
    const r = await run(cmd[0], cmd[1], { ...cmd[2], stdout: 'ignore', rss: true, tmp });
    if (r.timedOut || r.code === null || r.code < 0) throw new Error(`${cmd[0]} ${cmd[1].join(' ')}: ${r.timedOut ? 'timed out' : r.error ?? `killed by ${r.signal}`}`);
    if (acc) {
      acc.wall.push(r.wallMs);
      if (r.rssKB !== undefined && !Number.isNaN(r.rssKB)) acc.rss.push(kb2mb(r.rssKB));
      acc.codes.add(r.code);
      acc.last = r.stderr.trim().split('\n').pop() ?? '';
    }
    return r;
  };
  log('cli: warm-up (one discarded run of each)');
  const w = await once(oursCmd);
  if (w.code !== 0 && w.code !== 1) throw new Error(`dist/cli.js check failed with exit ${w.code}: ${w.stderr.trim().slice(-2000)}`);
  if (peerCmd) await once(peerCmd);
  for (let i = 0; i < runs; i++) {
    // Alternate the order so neither tool always runs right after the other.
    log(`cli: run ${i + 1}/${runs}`);
    const pair = [[oursCmd, ours], [oursNoCacheCmd, oursNoCache], ...(peerCmd ? [[peerCmd, peer]] : [])];
    if (i % 2) pair.reverse();
    for (const [cmd, acc] of pair) await once(cmd, acc);
  }
  return { ours, oursNoCache, peer, policy, selint };
}

// ---------------------------------------------------------------------------------------------------
// Group 4: parse time vs input size

function realisticBase(root) {
  const files = walk(join(root, 'policy', 'modules')).filter((f) => f.endsWith('.te'));
  const parts = [];
  let total = 0;
  for (const f of files) {
    const b = readFileSync(f);
    parts.push(b, Buffer.from('\n'));
    total += b.length + 1;
    if (total >= REALISTIC_BASE) break;
  }
  let buf = Buffer.concat(parts).subarray(0, REALISTIC_BASE);
  // Cut at a line end so the 1× unit repeats cleanly.
  buf = buf.subarray(0, buf.lastIndexOf(0x0a) + 1);
  const file = join(tmp, 'realistic-1x.te');
  writeFileSync(file, buf);
  const used = parts.length / 2;
  return { file, bytes: buf.length, files: used, total: files.length };
}

async function parseBench(bundles, root, runs) {
  const listed = await run(process.execPath, [bundles.parse, '--list'], { tmp });
  const { kinds, multipliers } = JSON.parse(listed.stdout);
  const real = root ? realisticBase(root) : undefined;
  const results = [];
  for (const kind of kinds) {
    if (kind === 'realistic' && !real) {
      results.push({ kind, skip: 'apt-get install selinux-policy-src' });
      continue;
    }
    const base = kind === 'realistic' ? real.bytes : HOSTILE_BASE;
    log(`parse: ${kind} (1× = ${size(base)})`);
    const args = ['--expose-gc', bundles.parse, kind, String(base), String(runs), String(PARSE_BUDGET_MS)];
    if (kind === 'realistic') args.push(real.file);
    const perProcess = [];
    let problem;
    for (let p = 0; p < PARSE_PROCESSES && !problem; p++) {
      const r = await run(process.execPath, args, { tmp });
      perProcess.push(r.stdout.split('\n').filter(Boolean).flatMap((l) => {
        try {
          return [JSON.parse(l)];
        } catch {
          return []; // a line cut by a kill on timeout
        }
      }));
      if (r.timedOut) problem = `killed after ${CHILD_TIMEOUT_MS / 1000} s`;
      else if (r.code !== 0) problem = `exit ${r.code ?? r.signal}: ${r.stderr.trim().split('\n').slice(-3).join(' ')}`;
    }
    results.push({ kind, base, rows: mergeParseRows(perProcess), problem });
  }
  return { results, multipliers, real };
}

/**
 * One row per size from several processes' rows: the median of the processes' medians, every sample, and
 * the first process's parser result. A size any process skipped (or did not reach) stays as that process said.
 */
function mergeParseRows(perProcess) {
  const out = [];
  for (const row of perProcess[0] ?? []) {
    if (row.ms === undefined) {
      out.push(row);
      continue;
    }
    const same = perProcess.map((rows) => rows.find((r) => r.mult === row.mult && r.ms !== undefined));
    if (same.some((r) => !r)) {
      out.push({ mult: row.mult, skipped: 'not measured in every process' });
      continue;
    }
    out.push({
      ...row,
      ms: median(same.map((r) => r.ms)),
      samples: same.flatMap((r) => r.samples),
      threw: same.find((r) => r.threw)?.threw,
      processMs: same.map((r) => r.ms),
    });
  }
  return out;
}

function parseVerdict(res) {
  const byMult = new Map((res.rows ?? []).filter((r) => r.ms !== undefined).map((r) => [r.mult, r]));
  const one = byMult.get(1);
  const eight = byMult.get(8);
  const threw = (res.rows ?? []).find((r) => r.threw)?.threw;
  const ratio = one && eight ? eight.ms / one.ms : undefined;
  let met;
  let note = '';
  if (ratio !== undefined) met = ratio <= LINEAR_RATIO_MAX;
  else {
    met = false;
    const lastMeasured = [...byMult.keys()].pop();
    const skipped = (res.rows ?? []).find((r) => r.skipped);
    note = lastMeasured ? `stopped after ${lastMeasured}×${skipped ? ` (${skipped.skipped})` : ''}` : 'no size measured';
    if (res.problem) note += `; ${res.problem}`;
  }
  if (threw) {
    met = false;
    note = note ? `${note}; throws ${threw}` : `throws ${threw}`;
  }
  return { ratio, met, note, threw, one, eight, exponent: fitExponent([...byMult.values()]) };
}

/** Least-squares slope of log(time) against log(size): 1 is linear, 2 quadratic. */
function fitExponent(rows) {
  const pts = rows.filter((r) => r.ms > 0).map((r) => [Math.log(r.bytes), Math.log(r.ms)]);
  if (pts.length < 2) return undefined;
  const mx = pts.reduce((a, p) => a + p[0], 0) / pts.length;
  const my = pts.reduce((a, p) => a + p[1], 0) / pts.length;
  const sxy = pts.reduce((a, p) => a + (p[0] - mx) * (p[1] - my), 0);
  const sxx = pts.reduce((a, p) => a + (p[0] - mx) ** 2, 0);
  return sxx ? sxy / sxx : undefined;
}

function parseSection(p) {
  const out = [
    '### 4. Parse time against input size (linearity)',
    '',
    `\`parse(text, 'te')\` from server/src/core/syntax/parser.ts, in ${PARSE_PROCESSES} fresh processes per input kind (run with --expose-gc, gc() before each parse, three untimed warm-up parses of the 1× input).`,
    `Each process takes the median of ${opts.runs} parses per size (3 when a parse takes over ${PARSE_BUDGET_MS / 2} ms); a size's time is the median over the processes. A size whose predicted time exceeds ${PARSE_BUDGET_MS} ms per parse is skipped.`,
    `Growth time(8×)/time(1×): linear ≈ 8, quadratic ≈ 64; called linear up to ${LINEAR_RATIO_MAX}. k is the least-squares slope of log(time) on log(size) over all sizes measured (linear 1, quadratic 2).`,
  ];
  if (p.real) out.push(`Realistic 1× = the first ${p.real.files} of ${p.real.total} refpolicy modules/**/*.te files (sorted), concatenated and cut at a line end to ${size(p.real.bytes)}; k× repeats it k times. Hostile 1× = ${size(HOSTILE_BASE)}; nesting depth and length scale with the size.`);
  const describe = {
    realistic: 'real refpolicy .te text',
    'nested-parens': "x((((…)))) — m4 argument collection, depth = size/2",
    'nested-quotes': "````…'''' — nested m4 quotes, depth = size/2",
    'nested-braces': '{{{{…}}}} — nested blocks, depth = size/2',
    'many-apostrophes': "'''' — closing quotes only",
    'many-backquotes': '```` — opening quotes only, never closed',
    'single-line': 'one line without a newline: `allow foo_t bar_t:file { read write getattr }; ` repeated (a 1 MiB line at 4×)',
    'unclosed-calls': 'foo(foo(foo(… — calls never closed',
  };
  for (const res of p.results) {
    out.push('', `#### ${res.kind}: ${describe[res.kind] ?? ''}`, '');
    if (res.skip) {
      out.push(`skipped: ${res.skip}`);
      continue;
    }
    const v = parseVerdict(res);
    const one = v.one?.ms;
    const rows = p.multipliers.map((mult) => {
      const r = res.rows.find((x) => x.mult === mult);
      if (!r) return [`${mult}×`, size(res.base * mult), 'n/a', 'n/a', 'n/a', res.problem ?? 'not run', ''];
      if (r.skipped) return [`${mult}×`, size(res.base * mult), 'skipped', '', '', r.skipped, ''];
      const errs = r.threw ? `throws ${r.threw}` : `${r.errors} errors`;
      return [`${mult}×`, size(r.bytes), ms(r.ms), (r.processMs ?? [r.ms]).map((x) => num(x, 1)).join(', '), num(r.ms / (r.bytes / (1 << 20)), 1), one ? num(r.ms / one, 2) : 'n/a', errs, r.samples.length];
    });
    out.push(table(['size', 'bytes', 'median', 'per process', 'ms/MiB', 'time / time(1×)', 'parser result', 'samples'], rows));
    out.push('', v.ratio !== undefined
      ? `Growth 8×/1× = **${num(v.ratio, 1)}** (${v.ratio <= LINEAR_RATIO_MAX ? 'linear' : v.ratio < 40 ? 'superlinear' : 'quadratic or worse'}) ${MET(v.met)}${v.threw ? ' — the parser throws on this input' : ''}; fitted exponent k in time ∝ size^k: ${num(v.exponent, 2)} (linear 1, quadratic 2).`
      : `Growth 8×/1×: n/a — ${v.note} ${MET(false)}${v.exponent !== undefined ? `; fitted exponent over the sizes measured: ${num(v.exponent, 2)} (linear 1, quadratic 2)` : ''}.`);
  }
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------------
// Main

async function main() {
  const cpu = cpuModel();
  const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
  log(`runs per measurement: ${opts.runs}; groups: ${[...opts.only].join(', ')}`);

  log('bundling bench/entries with esbuild');
  const bundles = await bundle();

  let src = { skip: 'not needed' };
  if (['index', 'cli', 'parse', 'lsp', 'diag', 'fc', 'avc'].some((g) => opts.only.has(g))) {
    log(`extracting ${POLICY_SRC_TARBALL}`);
    src = extractRefpolicy();
    if (src.skip) log(`refpolicy source: skipped: ${src.skip}`);
  }
  const refVersion = src.root && existsSync(join(src.root, 'VERSION')) ? readFileSync(join(src.root, 'VERSION'), 'utf8').trim() : undefined;
  const develOk = existsSync(join(DEVEL, 'include', 'support'));
  const selintPath = which('selint');
  const cliVersion = existsSync(CLI) ? tryExec(process.execPath, [CLI, '--version']) : undefined;

  // ---- Group 1 and 2
  if (opts.only.has('index')) {
    if (develOk) {
      const res = await indexBench('index devel', DEVEL, bundles, opts.runs);
      sections.push(indexSection('1. Index of the devel headers, in process', `Source: ${DEVEL} (detected as devel headers).`, res, {}));
      summary.push(['Index devel headers, cold (fresh process)', ms(median(res.cold)), '—', 'none (informational)', '—']);
      summary.push([`Index devel headers, warm (runs 2–${INDEX_REPEATS})`, ms(median(res.warm)), '—', 'none (informational)', '—']);
      summary.push(['Index devel headers, cold, peak RSS', mb(median(res.coldRss)), '—', 'none (informational)', '—']);
      summary.push(['Index devel headers, fresh process, index cache present', ms(median(res.cached)), '—', 'none (informational)', '—']);
    } else {
      const why = 'skipped: apt-get install selinux-policy-dev';
      sections.push(`### 1. Index of the devel headers, in process\n\n${why}`);
      summary.push(['Index devel headers', why, '—', 'none (informational)', '—']);
    }
    if (src.root) {
      const res = await indexBench('index refpolicy', src.root, bundles, opts.runs);
      const t = TARGETS;
      sections.push(indexSection('2. Index of the full refpolicy source tree, in process', `Source: the extracted ${POLICY_SRC_TARBALL} (detected as a refpolicy tree).`, res, { ms: t.refpolicyIndexMs, rss: t.refpolicyIndexRssMB }));
      summary.push(['Index refpolicy tree, cold (fresh process)', ms(median(res.cold)), '—', `≤ ${t.refpolicyIndexMs} ms`, MET(median(res.cold) <= t.refpolicyIndexMs)]);
      summary.push([`Index refpolicy tree, warm (runs 2–${INDEX_REPEATS})`, ms(median(res.warm)), '—', `≤ ${t.refpolicyIndexMs} ms`, MET(median(res.warm) <= t.refpolicyIndexMs)]);
      summary.push(['Index refpolicy tree, cold, peak RSS', mb(median(res.coldRss)), '—', `≤ ${t.refpolicyIndexRssMB} MB`, MET(median(res.coldRss) <= t.refpolicyIndexRssMB)]);
      summary.push(['Index refpolicy tree, fresh process, index cache present', ms(median(res.cached)), '—', `≤ ${t.refpolicyIndexMs} ms`, MET(median(res.cached) <= t.refpolicyIndexMs)]);
      summary.push(['Index refpolicy tree, fresh process, index cache present, peak RSS', mb(median(res.cachedRss)), '—', `≤ ${t.refpolicyIndexRssMB} MB`, MET(median(res.cachedRss) <= t.refpolicyIndexRssMB)]);
      if (res.pageCold.parsed.length) {
        summary.push(['Index refpolicy tree, cold page cache, no index cache', ms(median(res.pageCold.parsed)), '—', 'none (informational)', '—']);
        summary.push(['Index refpolicy tree, cold page cache, index cache present', ms(median(res.pageCold.cached)), '—', 'none (informational)', '—']);
      }
    } else {
      const why = `skipped: ${src.skip}`;
      sections.push(`### 2. Index of the full refpolicy source tree, in process\n\n${why}`);
      summary.push(['Index refpolicy tree', why, '—', `≤ ${TARGETS.refpolicyIndexMs} ms, ≤ ${TARGETS.refpolicyIndexRssMB} MB`, '—']);
    }
  }

  // ---- Group 3
  if (opts.only.has('cli')) {
    const title = '### 3. CLI over the whole refpolicy tree vs selint';
    if (!existsSync(CLI)) {
      sections.push(`${title}\n\nskipped: dist/cli.js is missing: npm run build`);
      summary.push(['CLI check of refpolicy/policy, wall', 'skipped: npm run build', '—', '≤ selint', '—']);
    } else if (!src.root) {
      sections.push(`${title}\n\nskipped: ${src.skip}`);
      summary.push(['CLI check of refpolicy/policy, wall', `skipped: ${src.skip}`, '—', '≤ selint', '—']);
    } else {
      const c = await cliBench(src.root, opts.runs);
      const rssOf = (acc) => (hasGnuTime ? (acc.rss.length ? mb(median(acc.rss)) : 'n/a') : 'n/a (apt-get install time)');
      const peerWall = c.peer ? median(c.peer.wall) : undefined;
      const peerSkip = 'skipped: apt-get install selint';
      const rows = [
        ['selinux-ls', `node dist/cli.js check <root>/policy`, ms(median(c.ours.wall)), ms(Math.min(...c.ours.wall)), ms(Math.max(...c.ours.wall)), c.ours.wall.map((x) => num(x, 0)).join(', '), rssOf(c.ours), [...c.ours.codes].join(', '), c.ours.last],
        ['selinux-ls, no index cache', `node dist/cli.js check --no-cache <root>/policy`, ms(median(c.oursNoCache.wall)), ms(Math.min(...c.oursNoCache.wall)), ms(Math.max(...c.oursNoCache.wall)), c.oursNoCache.wall.map((x) => num(x, 0)).join(', '), rssOf(c.oursNoCache), [...c.oursNoCache.codes].join(', '), c.oursNoCache.last],
        c.peer
          ? ['selint', 'selint -s -r -S <root>/policy (cwd <root>)', ms(peerWall), ms(Math.min(...c.peer.wall)), ms(Math.max(...c.peer.wall)), c.peer.wall.map((x) => num(x, 0)).join(', '), rssOf(c.peer), [...c.peer.codes].join(', '), c.peer.last]
          : ['selint', peerSkip, '', '', '', '', '', '', ''],
      ];
      const met = peerWall !== undefined ? MET(median(c.ours.wall) <= peerWall) : '—';
      sections.push([
        title,
        '',
        `Wall time from spawn to exit (performance.now(), no shell, stdout to /dev/null for both), ${plural(opts.runs, 'run')} each after one discarded run of each, alternating which tool goes first.`,
        `Peak RSS: ${hasGnuTime ? `\`${GNU_TIME} -f %M\` (${gnuTimeVersion}), which adds a few ms of its own to both` : 'n/a (apt-get install time)'}.`,
        'Without --policy, `check` indexes the installed devel headers: the discarded run writes their index cache (in a scratch directory) and the measured `check` runs read it; the `--no-cache` row parses them every time.',
        '',
        table(['tool', 'command', 'median', 'min', 'max', 'per run (ms)', 'peak RSS (median)', 'exit codes', 'last stderr line'], rows),
        '',
        `Target: ours ≤ selint's median. ${met === '—' ? 'Not evaluated (no selint).' : `Met: ${met}${peerWall ? ` (ours/selint = ${num(median(c.ours.wall) / peerWall, 2)})` : ''}.`}`,
      ].join('\n'));
      summary.push(['CLI check of refpolicy/policy, wall', ms(median(c.ours.wall)), c.peer ? `${ms(peerWall)} (selint)` : peerSkip, '≤ selint median', met]);
      summary.push(['CLI check of refpolicy/policy, wall, --no-cache', ms(median(c.oursNoCache.wall)), c.peer ? `${ms(peerWall)} (selint)` : peerSkip, '≤ selint median', peerWall !== undefined ? MET(median(c.oursNoCache.wall) <= peerWall) : '—']);
      summary.push(['CLI check of refpolicy/policy, peak RSS', rssOf(c.ours), c.peer ? `${rssOf(c.peer)} (selint)` : peerSkip, 'none (informational)', '—']);
    }
  }

  // ---- Group 4
  if (opts.only.has('parse')) {
    const p = await parseBench(bundles, src.root, opts.runs);
    sections.push(parseSection(p));
    for (const res of p.results) {
      const label = `Parse growth 8×/1×: ${res.kind}`;
      const target = `≤ ${LINEAR_RATIO_MAX} (linear ≈ 8), no throw`;
      if (res.skip) {
        summary.push([label, `skipped: ${res.skip}`, '—', target, '—']);
        continue;
      }
      const v = parseVerdict(res);
      const value = v.ratio !== undefined
        ? `${num(v.ratio, 1)} (${ms(v.one.ms)} → ${ms(v.eight.ms)} at ${size(v.eight.bytes)}; k = ${num(v.exponent, 2)})${v.threw ? `; throws ${v.threw.split(':')[0]}` : ''}`
        : `n/a: ${v.note}`;
      summary.push([label, value, '—', target, MET(v.met)]);
    }
  }

  // ---- Group 5
  if (opts.only.has('lsp')) {
    const title = '### 5. Language server over stdio (full refpolicy index)';
    const SERVER = join(REPO, 'dist', 'server.js');
    if (!existsSync(SERVER) || !src.root) {
      const why = !src.root ? `skipped: ${src.skip}` : 'skipped: npm run build';
      sections.push(`${title}\n\n${why}`);
      summary.push(['LSP server ready after initialize', why, '—', `≤ ${TARGETS.lspReadyMs} ms`, '—']);
    } else {
      const files = largestPolicyFiles(src.root);
      const res = [];
      for (let i = 0; i < opts.runs; i++) {
        log(`lsp: session ${i + 1}/${opts.runs}`);
        const r = await run(process.execPath, [bundles.lsp, SERVER, src.root, ...files], { tmp });
        if (r.code !== 0) throw new Error(`lsp session failed (exit ${r.code}): ${r.stderr.trim().slice(-2000)}`);
        res.push(lastJson(r));
      }
      // The same sessions with the index cache on: one session writes it, then each reads it.
      const cachedEnv = { ...process.env, BENCH_INDEX_CACHE: '1', SELINUX_LS_CACHE_DIR: join(tmp, 'lsp-index-cache') };
      log('lsp: one session writing the index cache');
      const writer = await run(process.execPath, [bundles.lsp, SERVER, src.root, ...files], { tmp, env: cachedEnv });
      if (writer.code !== 0) throw new Error(`lsp session failed (exit ${writer.code}): ${writer.stderr.trim().slice(-2000)}`);
      const cachedRes = [];
      for (let i = 0; i < opts.runs; i++) {
        log(`lsp: session ${i + 1}/${opts.runs} with the index cache`);
        const r = await run(process.execPath, [bundles.lsp, SERVER, src.root, ...files], { tmp, env: cachedEnv });
        if (r.code !== 0) throw new Error(`lsp session failed (exit ${r.code}): ${r.stderr.trim().slice(-2000)}`);
        cachedRes.push(lastJson(r));
      }
      const cachedReady = median(cachedRes.map((r) => r.readyMs));
      const ready = median(res.map((r) => r.readyMs));
      const cp95 = median(res.map((r) => r.completion.p95));
      const hp95 = median(res.map((r) => r.hover.p95));
      sections.push([
        title, '',
        `Files: ${files.map((f) => relative(src.root, f)).join(', ')}. Per session: ${res[0].completion.n} completion and ${res[0].hover.n} hover requests (after 20 unmeasured warm-up requests per file), ${opts.runs} sessions.`,
        '',
        table(['measure', 'median of sessions', 'per session'], [
          ['server ready (initialize → index built), index cache off', ms(ready), res.map((r) => num(r.readyMs, 0)).join(', ')],
          ['server ready, index cache present (written by one earlier session)', ms(cachedReady), cachedRes.map((r) => num(r.readyMs, 0)).join(', ')],
          ['server peak RSS when ready (VmHWM), index cache off', mb(median(res.map((r) => kb2mb(r.server.readyRssKB)))), res.map((r) => num(kb2mb(r.server.readyRssKB), 1)).join(', ')],
          ['server peak RSS when ready, index cache present', mb(median(cachedRes.map((r) => kb2mb(r.server.readyRssKB)))), cachedRes.map((r) => num(kb2mb(r.server.readyRssKB), 1)).join(', ')],
          ['server peak RSS after the session (4 large files open, all requests)', mb(median(res.map((r) => kb2mb(r.server.endRssKB)))), res.map((r) => num(kb2mb(r.server.endRssKB), 1)).join(', ')],
          ['completion p50', ms(median(res.map((r) => r.completion.p50))), res.map((r) => num(r.completion.p50, 2)).join(', ')],
          ['completion p95', ms(cp95), res.map((r) => num(r.completion.p95, 2)).join(', ')],
          ['hover p50', ms(median(res.map((r) => r.hover.p50))), res.map((r) => num(r.hover.p50, 2)).join(', ')],
          ['hover p95', ms(hp95), res.map((r) => num(r.hover.p95, 2)).join(', ')],
        ]),
      ].join('\n'));
      summary.push(['LSP server ready after initialize (refpolicy), index cache off', ms(ready), '—', `≤ ${TARGETS.lspReadyMs} ms`, MET(ready <= TARGETS.lspReadyMs)]);
      summary.push(['LSP server ready after initialize (refpolicy), index cache present', ms(cachedReady), '—', `≤ ${TARGETS.lspReadyMs} ms`, MET(cachedReady <= TARGETS.lspReadyMs)]);
      summary.push(['LSP server peak RSS when ready (refpolicy), index cache off', mb(median(res.map((r) => kb2mb(r.server.readyRssKB)))), '—', 'none (informational)', '—']);
      summary.push(['LSP server peak RSS after the session (refpolicy, 4 large files open)', mb(median(res.map((r) => kb2mb(r.server.endRssKB)))), '—', 'none (informational)', '—']);
      summary.push(['LSP completion p95 (largest .te/.if)', ms(cp95), '—', `≤ ${TARGETS.lspP95Ms} ms`, MET(cp95 <= TARGETS.lspP95Ms)]);
      summary.push(['LSP hover p95 (largest .te/.if)', ms(hp95), '—', `≤ ${TARGETS.lspP95Ms} ms`, MET(hp95 <= TARGETS.lspP95Ms)]);
    }
  }

  // ---- Group 6
  if (opts.only.has('diag')) {
    const title = '### 6. Diagnostics after an edit (full refpolicy index)';
    if (!src.root) {
      sections.push(`${title}\n\nskipped: ${src.skip}`);
      summary.push(['Diagnostics after an edit, p95', `skipped: ${src.skip}`, '—', `≤ ${TARGETS.diagP95Ms} ms`, '—']);
    } else {
      const files = largestPolicyFiles(src.root);
      const res = [];
      for (let i = 0; i < opts.runs; i++) {
        log(`diag: process ${i + 1}/${opts.runs}`);
        const r = await run(process.execPath, [bundles.diag, src.root, ...files], { tmp });
        if (r.code !== 0) throw new Error(`diag run failed (exit ${r.code}): ${r.stderr.trim().slice(-2000)}`);
        res.push(lastJson(r));
      }
      const p95 = median(res.map((r) => r.p95));
      sections.push([
        title, '',
        `Files: ${files.map((f) => relative(src.root, f)).join(', ')}. Each: 60 measured edits (a line inserted at a different place; 10 unmeasured warm-up edits first), timing parse + symbol update + all diagnostic rules, in process. ${opts.runs} processes.`,
        '',
        table(['measure', 'median of runs', 'per run'], [
          ['p50', ms(median(res.map((r) => r.p50))), res.map((r) => num(r.p50, 2)).join(', ')],
          ['p95', ms(p95), res.map((r) => num(r.p95, 2)).join(', ')],
          ['max', ms(median(res.map((r) => r.max))), res.map((r) => num(r.max, 1)).join(', ')],
          ...files.map((f) => [`p95 ${relative(src.root, f)} (${num(statSync(f).size / 1024, 0)} KiB)`, ms(median(res.map((r) => r.perFile[f]))), res.map((r) => num(r.perFile[f], 1)).join(', ')]),
        ]),
      ].join('\n'));
      for (const f of files) summary.push([`Diagnostics after an edit, p95 ${relative(join(src.root, 'policy', 'modules'), f)}`, ms(median(res.map((r) => r.perFile[f]))), '—', `≤ ${TARGETS.diagP95Ms} ms`, MET(median(res.map((r) => r.perFile[f])) <= TARGETS.diagP95Ms)]);
      summary.push(['Diagnostics after an edit, p95 (largest .te/.if)', ms(p95), '—', `≤ ${TARGETS.diagP95Ms} ms`, MET(p95 <= TARGETS.diagP95Ms)]);
    }
  }

  // ---- Group 7
  if (opts.only.has('fc')) {
    const title = '### 7. File contexts: conflict analysis, and fc-match vs matchpathcon';
    if (!src.root || !existsSync(CLI) || !which('matchpathcon') || !which('make') || !which('m4')) {
      const why = !src.root ? `skipped: ${src.skip}` : !existsSync(CLI) ? 'skipped: npm run build' : 'skipped: apt-get install selinux-utils make m4';
      sections.push(`${title}\n\n${why}`);
      summary.push(['File contexts: full conflict analysis', why, '—', `≤ ${TARGETS.fcFullMs} ms`, '—']);
    } else {
      const fcFile = join(src.root, 'policy', 'modules', 'kernel', 'corecommands.fc');
      const res = [];
      for (let i = 0; i < opts.runs; i++) {
        log(`fc: process ${i + 1}/${opts.runs}`);
        const r = await run(process.execPath, [bundles.fc, src.root, fcFile, '3'], { tmp });
        if (r.code !== 0) throw new Error(`fc run failed (exit ${r.code}): ${r.stderr.trim().slice(-2000)}`);
        res.push(lastJson(r));
      }
      // fc-match vs matchpathcon: the same paths (derived from every entry) against the built file_contexts.
      log('fc: make MONOLITHIC=y file_contexts');
      const mk = await run('make', ['MONOLITHIC=y', 'file_contexts'], { cwd: src.root, tmp });
      if (mk.code !== 0) throw new Error(`make file_contexts failed: ${mk.stderr.slice(-2000)}`);
      const fcBuilt = join(src.root, 'file_contexts');
      const pathsFile = join(tmp, 'fc-paths.txt');
      const gen = await run(process.execPath, [bundles.fcPaths, fcBuilt, pathsFile, '10000'], { tmp });
      if (gen.code !== 0) throw new Error(`fc paths failed: ${gen.stderr.slice(-2000)}`);
      const paths = readFileSync(pathsFile, 'utf8').split('\n').filter(Boolean);
      const ours = [];
      const peer = [];
      let agree = 0;
      for (let i = 0; i < opts.runs; i++) {
        log(`fc: fc-match vs matchpathcon ${i + 1}/${opts.runs}`);
        const pair = [
          [process.execPath, [CLI, 'fc-match', '--file-contexts', fcBuilt, '--type', 'f', ...paths], ours],
          ['matchpathcon', ['-m', 'f', '-f', fcBuilt, ...paths], peer],
        ];
        if (i % 2) pair.reverse();
        const outs = {};
        for (const [cmd, args, acc] of pair) {
          const r = await run(cmd, args, { tmp });
          if (r.code !== 0) throw new Error(`${cmd} failed (exit ${r.code}): ${r.stderr.slice(-2000)}`);
          acc.push(r.wallMs);
          outs[cmd === 'matchpathcon' ? 'peer' : 'ours'] = r.stdout;
        }
        if (i === 0) {
          const theirs = outs.peer.split('\n').filter(Boolean).map((l) => l.split('\t')[1]);
          const mine = outs.ours.split('\n').filter((l) => !l.startsWith(' ') && l).map((l) => l.split('\t')[1]);
          agree = mine.filter((c, k) => c === theirs[k]).length;
        }
      }
      const full = median(res.map((r) => r.coldMs));
      const warm = median(res.map((r) => median(r.warmMs)));
      const edit = median(res.map((r) => r.edit.p95));
      const c = res[0].counts;
      const hostile = res[0].hostile;
      sections.push([
        title, '',
        `Full analysis: read and parse the ${res[0].fcFiles} refpolicy .fc files, index, fc_sort, then overlaps, duplicates, ties and shadowing of every entry against all others (${c.entries} entries: ${c.overlaps} overlapping pairs with different contexts counted from both sides, ${c.duplicates} duplicate entries, ${c.ties} ties, ${c.shadowed} shadowed). Cold = the first run of a fresh process. Edit: ${res[0].edit.n} edits of ${relative(src.root, fcFile)} (a line inserted), timing the index update and the re-analysis of that file. Hostile: ${hostile.patterns.map((p) => `\`${p}\``).join(', ')} matched against a path of 5,000 and 40,000 characters.`,
        '',
        table(['measure', 'median of runs', 'per run'], [
          ['full analysis, cold', ms(full), res.map((r) => num(r.coldMs, 0)).join(', ')],
          ['full analysis, warm', ms(warm), res.map((r) => num(median(r.warmMs), 0)).join(', ')],
          ['re-analysis after an edit, p95', ms(edit), res.map((r) => num(r.edit.p95, 1)).join(', ')],
          ['hostile regexes, time 8×/1× path length', num(median(res.map((r) => r.hostile.ratio)), 2), res.map((r) => num(r.hostile.ratio, 2)).join(', ')],
        ]),
        '',
        `fc-match vs matchpathcon, ${paths.length} paths derived from the entries of the built file_contexts, \`-m f\`, one process each (wall time, alternating order); ${agree}/${paths.length} answers agree:`,
        '',
        table(['tool', 'median', 'per run (ms)'], [
          ['selinux-ls fc-match --file-contexts', ms(median(ours)), ours.map((x) => num(x, 0)).join(', ')],
          ['matchpathcon -f', ms(median(peer)), peer.map((x) => num(x, 0)).join(', ')],
        ]),
      ].join('\n'));
      summary.push([`File contexts: full conflict analysis (${c.entries} entries), cold`, ms(full), '—', `≤ ${TARGETS.fcFullMs} ms`, MET(full <= TARGETS.fcFullMs)]);
      summary.push(['File contexts: re-analysis after an edit, p95', ms(edit), '—', `≤ ${TARGETS.fcEditMs} ms`, MET(edit <= TARGETS.fcEditMs)]);
      summary.push(['File contexts: hostile regex matching, 8×/1× length', num(median(res.map((r) => r.hostile.ratio)), 2), '—', `≤ ${LINEAR_RATIO_MAX} (linear ≈ 8)`, MET(median(res.map((r) => r.hostile.ratio)) <= LINEAR_RATIO_MAX)]);
      summary.push([`fc-match, ${paths.length} paths (${agree} agree with matchpathcon)`, ms(median(ours)), `${ms(median(peer))} (matchpathcon)`, 'none (informational)', '—']);
    }
  }

  // ---- Group 8
  if (opts.only.has('avc')) {
    const title = '### 8. AVC import: selinux-ls audit2te vs audit2allow';
    if (!src.root || !existsSync(CLI) || !which('audit2allow') || !which('make') || !which('m4') || !which('checkpolicy')) {
      const why = !src.root ? `skipped: ${src.skip}` : !existsSync(CLI) ? 'skipped: npm run build' : 'skipped: apt-get install policycoreutils-python-utils checkpolicy make m4';
      sections.push(`${title}\n\n${why}`);
      summary.push(['AVC import, 10,000-line log', why, '—', `≥ ${TARGETS.avcSpeedup}× faster than audit2allow`, '—']);
    } else {
      log('avc: make MONOLITHIC=y policy');
      const mk = await run('make', ['MONOLITHIC=y', 'policy'], { cwd: src.root, tmp, timeoutMs: 10 * 60 * 1000 });
      if (mk.code !== 0) throw new Error(`make policy failed: ${mk.stderr.slice(-2000)}`);
      const policy = join(src.root, readdirSync(src.root).find((f) => /^policy\.\d+$/.test(f)));
      // audit2allow takes tens of seconds per run on such a log: at most 2 runs of it.
      const peerRuns = Math.min(2, opts.runs);
      const rows = [];
      for (const mode of ['avc-only', 'mixed']) {
        const file = join(tmp, `avc-${mode}.log`);
        const g = await run(process.execPath, [bundles.avcLog, src.root, file, '10000', mode], { tmp });
        if (g.code !== 0) throw new Error(`avc log failed: ${g.stderr.slice(-2000)}`);
        const ours = [];
        const peer = [];
        let oursOut = '';
        let peerOut = '';
        for (let i = 0; i < Math.max(opts.runs, peerRuns); i++) {
          log(`avc (${mode}): run ${i + 1}`);
          const r = await run(process.execPath, [CLI, 'audit2te', file], { tmp });
          if (r.code !== 0) throw new Error(`audit2te failed: ${r.stderr.slice(-2000)}`);
          ours.push(r.wallMs);
          oursOut = r.stdout;
          if (i < peerRuns) {
            const p = await run('audit2allow', ['-p', policy, '-i', file], { tmp, timeoutMs: 10 * 60 * 1000 });
            if (p.code !== 0) throw new Error(`audit2allow failed: ${p.stderr.slice(-2000)}`);
            peer.push(p.wallMs);
            peerOut = p.stdout;
          }
        }
        // The same rules? (source, target, class, permission) tuples of both outputs.
        const tuples = (out) => {
          const set = new Set();
          for (const m of out.matchAll(/^allow (\S+) (\S+):(\S+) (\{ ([^}]*) \}|[^\s;]+);$/gm)) {
            for (const p of m[5] !== undefined ? m[5].split(/\s+/).filter(Boolean) : [m[4]]) set.add(`${m[1]} ${m[2]} ${m[3]} ${p}`);
          }
          return set;
        };
        const a = tuples(oursOut);
        const b = tuples(peerOut);
        const shared = [...b].filter((x) => a.has(x)).length;
        const tp = await run(process.execPath, [bundles.avcRun, file, '10'], { tmp });
        const thr = lastJson(tp);
        rows.push({ mode, ours, peer, shared, peerTuples: b.size, oursTuples: a.size, thr, bytes: statSync(file).size });
      }
      sections.push([
        title, '',
        `Logs: 10,000 lines generated from the refpolicy's own domains, types, classes and permissions (bench/entries/avcLog.ts), so audit2allow keeps every AVC: "avc-only" is what \`ausearch -m AVC\` or \`grep avc:\` hands to audit2allow; "mixed" interleaves SYSCALL and PROCTITLE records as a raw audit.log does. audit2allow 3.4 runs with \`-p\` on \`make MONOLITHIC=y policy\` of the same tree; \`selinux-ls audit2te LOG\` is a fresh node process (node's own start-up included). Wall times; ${plural(peerRuns, 'run')} of audit2allow, ${plural(Math.max(opts.runs, peerRuns), 'run')} of ours. Throughput: the reader alone, in process, median of runs 2–10.`,
        '',
        table(['log', 'size', 'audit2allow (median)', 'audit2te (median)', 'speed-up', 'rules: shared / audit2allow / ours (tuples)', 'reader MB/s'], rows.map((r) => [
          r.mode, size(r.bytes), ms(median(r.peer)), ms(median(r.ours)), `${num(median(r.peer) / median(r.ours), 0)}×`, `${r.shared} / ${r.peerTuples} / ${r.oursTuples}`, num(median(r.thr.mbps.slice(1)), 0),
        ])),
      ].join('\n'));
      for (const r of rows) {
        const speed = median(r.peer) / median(r.ours);
        // The target is set on a log of AVC lines (audit2allow ≈ 28 s there, per the issue); on a raw log where
        // two lines in three are SYSCALL/PROCTITLE, audit2allow is 3× quicker and node's own start-up (~70 ms)
        // is most of our time: reported, not judged.
        if (r.mode === 'avc-only') summary.push([`AVC import, 10,000 AVC lines, wall`, ms(median(r.ours)), `${ms(median(r.peer))} (audit2allow)`, `≥ ${TARGETS.avcSpeedup}× faster`, `${MET(speed >= TARGETS.avcSpeedup)} (${num(speed, 0)}×)`]);
        else summary.push([`AVC import, 10,000-line raw audit.log (1 AVC line in 3), wall`, ms(median(r.ours)), `${ms(median(r.peer))} (audit2allow)`, 'none (informational)', `${num(speed, 0)}×`]);
      }
      const thrMin = Math.min(...rows.map((r) => median(r.thr.mbps.slice(1))));
      summary.push(['AVC reader throughput (in process)', `${num(thrMin, 0)} MB/s`, '—', `≥ ${TARGETS.avcMBps} MB/s`, MET(thrMin >= TARGETS.avcMBps)]);
    }
  }

  // ---- Report
  const totalS = (performance.now() - tBench) / 1000;
  const versions = [
    ['selinux-ls', `${pkg.version}${cliVersion ? ` (\`dist/cli.js --version\`: ${cliVersion})` : ' (dist/cli.js missing: npm run build)'}`],
    ['node', process.version],
    ['esbuild (bench bundles)', esbuild.version],
    ['selint', selintPath ? `${tryExec(selintPath, ['--version']) ?? '?'}${dpkgVersion('selint') ? ` (Debian ${dpkgVersion('selint')})` : ''}` : 'not installed: apt-get install selint'],
    ['refpolicy source', existsSync(POLICY_SRC_TARBALL) ? `${POLICY_SRC_TARBALL}${refVersion ? `, VERSION ${refVersion}` : ''}${dpkgVersion('selinux-policy-src') ? ` (selinux-policy-src ${dpkgVersion('selinux-policy-src')})` : ''}` : 'not installed: apt-get install selinux-policy-src'],
    ['devel headers', develOk ? `${DEVEL}${dpkgVersion('selinux-policy-dev') ? ` (selinux-policy-dev ${dpkgVersion('selinux-policy-dev')})` : ''}` : 'not installed: apt-get install selinux-policy-dev'],
    ['GNU time (RSS of children)', hasGnuTime ? `${GNU_TIME}: ${gnuTimeVersion}` : 'not installed: apt-get install time'],
  ];
  const machine = [
    ['CPU', cpu.model],
    ['cores', String(cpu.cores)],
    ['memory', `${num(os.totalmem() / 2 ** 30, 1)} GiB`],
    ['OS', `${os.type()} ${os.release()} ${os.arch()}${existsSync('/etc/debian_version') ? ` (Debian ${readFileSync('/etc/debian_version', 'utf8').trim()})` : ''}`],
    ['load average (1, 5, 15 min) at start / end', `${loadAtStart} / ${os.loadavg().map((x) => x.toFixed(2)).join(' ')} (other processes on the machine add noise)`],
  ];
  const report = [
    '# selinux-ls benchmarks',
    '',
    `${startedAt.toISOString()} — medians of ${opts.runs} runs — total bench time ${num(totalS, 0)} s. Not a test: nothing fails; ✓/✗ say whether the median meets the target.`,
    '',
    '## Machine',
    '',
    table(['', ''], machine),
    '',
    '## Versions compared',
    '',
    table(['tool', 'version'], versions),
    '',
    '## Results',
    '',
    sections.join('\n\n'),
    '',
    '## Summary',
    '',
    table(['benchmark', 'ours (median)', 'peer (median)', 'target', 'met'], summary),
    '',
  ].join('\n');
  process.stdout.write(`\n${report}`);
  mkdirSync(dirname(RESULTS), { recursive: true });
  writeFileSync(RESULTS, report);
  log(`wrote ${relative(REPO, RESULTS)} (${num(totalS, 0)} s)`);
}

try {
  await main();
} catch (e) {
  process.stderr.write(`bench: ${e?.stack ?? e}\n`);
  process.exitCode = 1;
} finally {
  if (opts.keep) log(`kept ${tmp}`);
  else rmSync(tmp, { recursive: true, force: true });
}
