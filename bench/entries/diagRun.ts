// Diagnostics after an edit, in process, with the full refpolicy source indexed: for the largest .te and
// .if files, insert a line at 60 places in turn and time parse + validation (what the server does per
// edit after its debounce). Prints one JSON line.
//   node diagRun.cjs POLICY_ROOT FILE...
import { readFileSync } from 'node:fs';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { parseDocument } from '../../server/src/core/document';
import { doValidation } from '../../server/src/core/features/diagnostics/index';
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
  const lines = text.split('\n');
  const t: number[] = (times[f] = []);
  for (let i = 0; i < 70; i++) {
    const at = Math.floor(((i * 7919) % 997) / 997 * lines.length);
    const edited = [...lines.slice(0, at), '# edited', ...lines.slice(at)].join('\n');
    const s = performance.now();
    const doc = parseDocument(TextDocument.create(uri, lang, i + 2, edited));
    index.update(extractSymbols(uri, doc.file));
    const d = doValidation(doc, index, { defines: DEVEL_DEFINES });
    const ms = performance.now() - s;
    if (i >= 10) t.push(ms); // the first 10 warm the JIT
    diagnostics = d.length;
  }
}
const all = Object.values(times).flat().sort((a, b) => a - b);
const pct = (p: number) => all[Math.min(all.length - 1, Math.floor((p / 100) * all.length))];
process.stdout.write(JSON.stringify({ n: all.length, p50: pct(50), p95: pct(95), max: all[all.length - 1], diagnostics, perFile: Object.fromEntries(Object.entries(times).map(([f, t]) => [f, [...t].sort((a, b) => a - b)[Math.floor(t.length * 0.95)]])) }) + '\n');
