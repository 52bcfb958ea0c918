// Incremental diagnostics for interface files must equal a full parse and validation after every edit:
// random edit sequences (fast-check) on the mini reference policy's .if files, and, with Debian's
// refpolicy source, on the largest real one (corenetwork.if).
import { suite, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import type { Diagnostic } from 'vscode-languageserver-types';
import { parseDocument } from '../../../server/src/core/document';
import { doValidation } from '../../../server/src/core/features/diagnostics/index';
import { IncrementalValidator, TextChange } from '../../../server/src/core/features/diagnostics/incremental';
import { extractSymbols } from '../../../server/src/core/index/extract';
import { PolicyIndex } from '../../../server/src/core/index/policyIndex';
import { indexSources } from '../../../server/src/indexer';
import { DEVEL_DEFINES, detectSource, PolicySource } from '../../../server/src/policySources';
import { miniIndex, MINI_POLICY } from '../features/fixture';
import { missing, needs, POLICY_SRC_TARBALL } from '../../support/system';

const key = (d: Diagnostic) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.code} ${d.message}`;

/** Applies edits one by one and checks each result against a full validation on a twin index. */
function check(uri: string, text: string, edits: ReadonlyArray<{ at: number; del: number; ins: string }>, incIndex: PolicyIndex, fullIndex: PolicyIndex, hint: boolean): void {
  const inc = new IncrementalValidator(uri, 'selinux-if');
  inc.update(text, 1, incIndex, { defines: DEVEL_DEFINES });
  let cur = text;
  edits.forEach((e, n) => {
    const start = Math.min(e.at, cur.length);
    const end = Math.min(start + e.del, cur.length);
    const next = cur.slice(0, start) + e.ins + cur.slice(end);
    const change: TextChange = { start, end, length: e.ins.length };
    const r = inc.update(next, n + 2, incIndex, { defines: DEVEL_DEFINES }, hint ? change : undefined);
    const doc = parseDocument(TextDocument.create(uri, 'selinux-if', n + 2, next));
    fullIndex.update(extractSymbols(uri, doc.file));
    const full = doValidation(doc, fullIndex, { defines: DEVEL_DEFINES });
    assert.deepEqual(r.diagnostics.map(key).sort(), full.map(key).sort(), `edit ${n}: diagnostics`);
    const expected = extractSymbols(uri, doc.file);
    assert.deepEqual(JSON.parse(JSON.stringify(r.symbols)), JSON.parse(JSON.stringify({ ...expected, parseErrors: r.full ? expected.parseErrors : 0 })), `edit ${n}: symbols`);
    // The index holds the same definitions at the same places (a name defined twice may be listed in either order).
    const ranges = (i: PolicyIndex) => (i.macros().get(expected.macros[0]?.name ?? '') ?? []).map((m) => JSON.stringify(m.range)).sort();
    assert.deepEqual(ranges(incIndex), ranges(fullIndex), `edit ${n}: index ranges`);
    cur = next;
  });
}

const edit = (len: number) => fc.record({
  at: fc.integer({ min: 0, max: len }),
  del: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 40 })),
  ins: fc.oneof(fc.constantFrom('', '\n', '# note\n', '\tallow $1 self:file read;\n', "')\n", 'gen_require(`', '`', '\n\ninterface(`x_new_iface\',`\n\tgen_require(`\n\t\ttype etc_t;\n\t\')\n\tallow $1 etc_t:file read;\n\')\n'), fc.string({ maxLength: 12 })),
});

suite('incremental diagnostics for .if files', () => {
  const files = readdirSync(join(MINI_POLICY, 'policy', 'modules'), { recursive: true }).map(String).filter((f) => f.endsWith('.if'));
  for (const f of files) {
    test(`random edit sequences on ${f} equal full validation (with and without the editor's change)`, () => {
      const path = join(MINI_POLICY, 'policy', 'modules', f);
      const text = readFileSync(path, 'utf8');
      const uri = URI.file(path).toString();
      fc.assert(fc.property(fc.array(edit(text.length), { minLength: 1, maxLength: 8 }), fc.boolean(), (edits, hint) => {
        check(uri, text, edits, miniIndex(), miniIndex(), hint);
      }), { numRuns: Number(process.env.INCREMENTAL_RUNS ?? 40) });
    });
  }

  test('corenetwork.if of Debian\'s refpolicy: 30 edits equal full validation', { skip: missing(needs.policySrc, needs.zstd) }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'incremental-'));
    try {
      execFileSync('tar', ['--zstd', '-xf', POLICY_SRC_TARBALL, '-C', dir]);
      const root = join(dir, readdirSync(dir)[0]);
      const src = detectSource(root) as PolicySource;
      const a = new PolicyIndex();
      const b = new PolicyIndex();
      indexSources(a, [src]);
      indexSources(b, [src]);
      const path = join(root, 'policy', 'modules', 'kernel', 'corenetwork.if');
      const text = readFileSync(path, 'utf8');
      const edits = Array.from({ length: 30 }, (_, n) => ({ at: Math.floor(((n * 7919) % 997) / 997 * text.length), del: n % 3 === 0 ? 0 : 1, ins: n % 2 ? '# edited\n' : '' }));
      check(URI.file(path).toString(), text, edits, a, b, true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
