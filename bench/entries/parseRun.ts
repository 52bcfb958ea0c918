// SPDX-License-Identifier: MIT
// Bench entry (bundled by bench/run.mjs, one fresh node process per input kind): parses 1×, 2×, 4×, 8×
// a base size of one input kind and prints one JSON line per size on stdout, so a kill on timeout keeps
// the sizes already measured.
//
//   node --expose-gc parseRun.cjs KIND BASE_BYTES RUNS BUDGET_MS [BASE_TEXT_FILE]
//   node parseRun.cjs --list          the kinds and multipliers, as JSON
//
// BASE_TEXT_FILE (kind "realistic"): the 1× text; k× is that text repeated k times. Hostile kinds are
// generated here and scale their depth or length with the size.
import { readFileSync } from 'node:fs';
import { parse } from '../../server/src/core/syntax/parser';

const MULTIPLIERS = [1, 2, 4, 8];

/** Hostile generators: text of exactly (or just under) `bytes` bytes. */
const HOSTILE: Record<string, (bytes: number) => string> = {
  // m4 argument collection with `()` nesting: x(((( … )))).
  'nested-parens': (b) => {
    const n = Math.floor((b - 3) / 2);
    return `x(${'('.repeat(n)}${')'.repeat(n)})`;
  },
  // Nested m4 quotes: ```` … ''''.
  'nested-quotes': (b) => '`'.repeat(Math.floor(b / 2)) + "'".repeat(Math.floor(b / 2)),
  // Nested blocks: {{{{ … }}}}.
  'nested-braces': (b) => '{'.repeat(Math.floor(b / 2)) + '}'.repeat(Math.floor(b / 2)),
  // Unbalanced quotes: only closing quotes, only opening quotes.
  'many-apostrophes': (b) => "'".repeat(b),
  'many-backquotes': (b) => '`'.repeat(b),
  // One line, no newline: statements back to back.
  'single-line': (b) => {
    const unit = 'allow foo_t bar_t:file { read write getattr }; ';
    return unit.repeat(Math.floor(b / unit.length));
  },
  // Unclosed m4 calls: foo(foo(foo( …
  'unclosed-calls': (b) => 'foo('.repeat(Math.floor(b / 4)),
};

const KINDS = ['realistic', ...Object.keys(HOSTILE)];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

interface Timed {
  ms: number;
  errors: number;
  threw?: string;
}

function timeParse(text: string): Timed {
  gc();
  const t0 = performance.now();
  try {
    const file = parse(text, 'te');
    return { ms: performance.now() - t0, errors: file.errors.length };
  } catch (e) {
    const ms = performance.now() - t0;
    return { ms, errors: -1, threw: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
  }
}

function emit(o: object): void {
  process.stdout.write(`${JSON.stringify(o)}\n`);
}

function main(): void {
  const [kind, baseArg, runsArg, budgetArg, baseFile] = process.argv.slice(2);
  if (kind === '--list') {
    emit({ kinds: KINDS, multipliers: MULTIPLIERS });
    return;
  }
  const base = Number(baseArg);
  const runs = Math.max(1, Number(runsArg) | 0);
  const budget = Number(budgetArg);
  let make: (mult: number) => string;
  if (kind === 'realistic') {
    const unit = readFileSync(baseFile, 'utf8');
    make = (mult) => unit.repeat(mult);
  } else if (HOSTILE[kind]) {
    make = (mult) => HOSTILE[kind](base * mult);
  } else {
    throw new Error(`unknown kind ${kind}`);
  }

  // Warm up the JIT on the 1× input (three untimed parses); the last one also predicts the next size.
  const warmup = make(1);
  let last = 0;
  for (let i = 0; i < 3; i++) last = timeParse(warmup).ms;
  let exponent: number | undefined;
  let prevMs: number | undefined;
  for (const mult of MULTIPLIERS) {
    if (mult > 1) {
      // Predict this size from the growth seen so far (pessimistic: quadratic until measured).
      const predicted = last * 2 ** (exponent ?? 2);
      if (predicted > budget) {
        emit({ mult, skipped: `predicted ${Math.round(predicted)} ms per parse > budget ${budget} ms` });
        continue;
      }
    }
    const text = make(mult);
    const bytes = Buffer.byteLength(text, 'utf8');
    const samples: number[] = [];
    let errors = 0;
    let threw: string | undefined;
    for (let i = 0; i < runs; i++) {
      const r = timeParse(text);
      samples.push(r.ms);
      errors = r.errors;
      threw ??= r.threw;
      // Slow sizes: three samples are enough for a median and keep the whole bench short.
      if (r.ms > budget / 2 && i >= 2) break;
    }
    const ms = median(samples);
    if (prevMs !== undefined && prevMs > 0) exponent = Math.min(2, Math.max(1, Math.log2(ms / prevMs)));
    prevMs = ms;
    last = ms;
    emit({ mult, bytes, ms, samples, errors, threw });
  }
}

main();
