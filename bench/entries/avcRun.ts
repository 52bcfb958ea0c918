// SPDX-License-Identifier: MIT
// Reading throughput of the audit-log reader, in process: parses the log REPEATS times (the first is
// cold) and prints one JSON line with the per-run MB/s and the rule count.
//   node avcRun.cjs LOG REPEATS
import { readFileSync } from 'node:fs';
import { parseAuditLog } from '../../server/src/core/avc/parse';
import { generateRules } from '../../server/src/core/avc/rules';

const [file, repeatsArg] = process.argv.slice(2);
const text = readFileSync(file, 'utf8');
const bytes = Buffer.byteLength(text);
const mbps: number[] = [];
let records = 0;
let rules = 0;
for (let i = 0; i < Math.max(2, Number(repeatsArg ?? '10')); i++) {
  const t0 = performance.now();
  const log = parseAuditLog(text);
  const ms = performance.now() - t0;
  mbps.push(bytes / 1e6 / (ms / 1000));
  records = log.records.length;
  rules = generateRules(log.records).rules.length;
}
process.stdout.write(`${JSON.stringify({ bytes, records, rules, mbps })}\n`);
