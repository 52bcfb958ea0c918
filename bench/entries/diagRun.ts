// Diagnostics after an edit, in process, with the full refpolicy source indexed: for the largest .te and
// .if files, insert a line at 70 places in turn (each edit on the text the previous one left, as typing
// does) and time what the server does per edit after its debounce: for .te files a parse, symbol update
// and every rule; for .if files the incremental validation, given the editor's change. Prints one JSON line.
//   node diagRun.cjs POLICY_ROOT FILE...
import { readFileSync } from 'node:fs';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { parseDocument } from '../../server/src/core/document';
import { doValidation } from '../../server/src/core/features/diagnostics/index';
import { IncrementalValidator } from '../../server/src/core/features/diagnostics/incremental';
import { extractSymbols } from '../../server/src/core/index/extract';
import { PolicyIndex } from '../../server/src/core/index/policyIndex';
import { indexSources } from '../../server/src/indexer';
import { DEVEL_DEFINES, detectSource, PolicySource } from '../../server/src/policySources';

const [root, ...files] = process.argv.slice(2);
const index = new PolicyIndex();
indexSources(index, [detectSource(root) as PolicySource]);
const times: Record<string, number[]> = {};
let diagnostics = 0;
for (const f of files) {
  const text = readFileSync(f, 'utf8');
  const uri = URI.file(f).toString();
  const lang = f.endsWith('.if') ? 'selinux-if' : 'selinux-te';
  const t: number[] = (times[f] = []);
  const inc = lang === 'selinux-if' ? new IncrementalValidator(uri, lang) : undefined;
  inc?.update(text, 1, index, { defines: DEVEL_DEFINES });
  let current = text;
  for (let i = 0; i < 70; i++) {
    const lineStarts = [0];
    for (let k = current.indexOf('\n'); k >= 0; k = current.indexOf('\n', k + 1)) lineStarts.push(k + 1);
    const at = lineStarts[Math.floor(((i * 7919) % 997) / 997 * lineStarts.length)];
    const line = '# edited\n';
    const edited = current.slice(0, at) + line + current.slice(at);
    const s = performance.now();
    let d;
    if (inc) d = inc.update(edited, i + 2, index, { defines: DEVEL_DEFINES }, { start: at, end: at, length: line.length }).diagnostics;
    else {
      const doc = parseDocument(TextDocument.create(uri, lang, i + 2, edited));
      index.update(extractSymbols(uri, doc.file));
      d = doValidation(doc, index, { defines: DEVEL_DEFINES });
    }
    const ms = performance.now() - s;
    if (i >= 10) t.push(ms); // the first 10 warm the JIT
    diagnostics = d.length;
    current = edited;
  }
}
const all = Object.values(times).flat().sort((a, b) => a - b);
const pct = (p: number) => all[Math.min(all.length - 1, Math.floor((p / 100) * all.length))];
process.stdout.write(JSON.stringify({ n: all.length, p50: pct(50), p95: pct(95), max: all[all.length - 1], diagnostics, perFile: Object.fromEntries(Object.entries(times).map(([f, t]) => [f, [...t].sort((a, b) => a - b)[Math.floor(t.length * 0.95)]])) }) + '\n');
