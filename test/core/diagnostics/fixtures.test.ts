// Diagnostics fixtures: policy files whose expected diagnostics live in `#` comments, so every fixture
// stays valid policy (for .fc files, comments are whole lines, as libselinux requires).
//
//   `# check: CODE, CODE`      the codes this fixture compares exactly (every diagnostic with one of these
//                              codes must be expected, and every expectation must be met)
//   `# diag: CODE text`        a diagnostic with CODE on the next line that is not a directive, whose
//                              message contains text (optional)
//   `#- name.ext`              starts another document of the same fixture (one folder, so same-named
//                              .te/.fc files form one module)
//
// The index holds the mini reference-policy tree and every document of the fixture.
import { suite, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { URI } from 'vscode-uri';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseDocument } from '../../../server/src/core/document';
import { doValidation } from '../../../server/src/core/features/diagnostics/index';
import { languageIdFor, miniIndex, miniPolicy } from '../features/fixture';

const DIR = join(__dirname, '..', '..', 'fixtures', 'diagnostics');

interface Expect {
  line: number;
  code: string;
  text: string;
}

function split(name: string, text: string): Array<{ name: string; text: string }> {
  if (!/^#- /m.test(text)) return [{ name, text }];
  const docs: Array<{ name: string; text: string }> = [];
  for (const part of text.split(/^(?=#- )/m)) {
    const m = /^#- (\S+)\n/.exec(part);
    if (m) docs.push({ name: m[1], text: part.slice(m[0].length) });
    else assert.match(part, /^(\s*#.*\n|\s*\n)*$/, `${name}: only comments before the first #- header`);
  }
  return docs;
}

suite('diagnostics fixtures', () => {
  for (const file of readdirSync(DIR).sort()) {
    test(file, () => {
      const raw = readFileSync(join(DIR, file), 'utf8');
      const docs = split(file, raw).map((d) => {
        const uri = URI.file(join(DIR, file.replace(/\.\w+$/, ''), d.name)).toString();
        return parseDocument(TextDocument.create(uri, languageIdFor(d.name), 1, d.text));
      });
      const check = new Set([...raw.matchAll(/^\s*# check: (.+)$/gm)].flatMap((m) => m[1].split(',').map((c) => c.trim())));
      assert.ok(check.size, `${file}: no # check: directive`);
      const index = miniIndex(docs);
      const defines = miniPolicy().source.defines;
      for (const doc of docs) {
        const lines = doc.file.text.split('\n');
        const expected: Expect[] = [];
        let pending: Array<{ code: string; text: string }> = [];
        lines.forEach((l, i) => {
          const m = /^\s*# diag: (\S+)\s*(.*)$/.exec(l);
          if (m) pending.push({ code: m[1], text: m[2] });
          else if (!/^\s*# check:/.test(l) && pending.length) {
            for (const p of pending) expected.push({ line: i, ...p });
            pending = [];
          }
        });
        const got = doValidation(doc, index, defines ? { defines } : {}).filter((d) => check.has(String(d.code)));
        const where = doc.uri.slice(doc.uri.lastIndexOf('/') + 1);
        for (const e of expected) {
          const hit = got.find((d) => d.range.start.line === e.line && d.code === e.code && String(d.message).includes(e.text));
          assert.ok(hit, `${where}:${e.line + 1}: expected ${e.code} "${e.text}"; got ${JSON.stringify(got.map((d) => `${d.range.start.line + 1} ${d.code} ${d.message}`))}`);
        }
        for (const d of got) {
          assert.ok(expected.some((e) => e.line === d.range.start.line && e.code === d.code), `${where}:${d.range.start.line + 1}: unexpected ${d.code}: ${d.message}`);
        }
      }
    });
  }
});
