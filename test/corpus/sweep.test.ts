// Robustness on real policy: every feature of the language service at many places of every module file of
// Debian's reference policy, and every quick fix it offers there, applied alone. Nothing may throw; a fix
// may not add a syntax error nor change text outside the lines it edits. (The same sweep over a few hundred
// hand-written modules from public repositories found the parser bugs fixed with it; only Debian's files
// are used here.)
import { after, before, suite, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import type { Diagnostic } from 'vscode-languageserver-types';
import { getLanguageService } from '../../server/src/core/languageService';
import { extractSymbols } from '../../server/src/core/index/extract';
import { PolicyIndex } from '../../server/src/core/index/policyIndex';
import { indexSources } from '../../server/src/indexer';
import { DEVEL_DEFINES, detectSource, PolicySource } from '../../server/src/policySources';
import { DEVEL, filesUnder, missing, needs, POLICY_SRC_TARBALL } from '../support/system';

/** Places per file where every position-based feature runs (spread evenly, plus the file's end). */
const PLACES = 16;
const LANGUAGE: Record<string, string> = { te: 'selinux-te', if: 'selinux-if', fc: 'selinux-fc' };

suite('corpus: every feature and quick fix on every module file of the reference policy', { skip: missing(needs.policySrc, needs.zstd, needs.devel) }, () => {
  const ls = getLanguageService();
  let dir = '';
  let files: string[] = [];
  let index: PolicyIndex;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'sweep-'));
    execFileSync('tar', ['--zstd', '-xf', POLICY_SRC_TARBALL, '-C', dir, '--wildcards', '*/policy/modules/*']);
    files = filesUnder(join(dir, readdirSync(dir)[0], 'policy', 'modules')).filter((f) => /\.(te|if|fc)$/.test(f)).sort();
    // As `selinux-ls check` sees a tree of modules: the installed headers, then the modules themselves.
    index = new PolicyIndex();
    indexSources(index, [detectSource(DEVEL) as PolicySource]);
    for (const f of files) index.update(extractSymbols(URI.file(f).toString(), ls.parseDocument(TextDocument.create(URI.file(f).toString(), LANGUAGE[f.slice(f.lastIndexOf('.') + 1)], 1, readFileSync(f, 'utf8'))).file));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('no feature throws, and every quick fix keeps the file parseable and the rest of the text as it was', (t) => {
    assert.ok(files.length > 1000, `${files.length} module files`);
    const failures: string[] = [];
    let calls = 0;
    let fixes = 0;
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      const uri = URI.file(f).toString();
      const lang = LANGUAGE[f.slice(f.lastIndexOf('.') + 1)];
      const doc = ls.parseDocument(TextDocument.create(uri, lang, 1, text));
      const run = <T>(what: string, fn: () => T): T | undefined => {
        calls++;
        try {
          return fn();
        } catch (e) {
          failures.push(`${what} ${f}: ${(e as Error).message}`);
          return undefined;
        }
      };
      const diagnostics: Diagnostic[] = run('diagnostics', () => ls.doValidation(doc, index, { defines: DEVEL_DEFINES })) ?? [];
      run('symbols', () => ls.findDocumentSymbols(doc));
      run('folding', () => ls.getFoldingRanges(doc));
      for (let k = 0; k <= PLACES; k++) {
        const position = doc.text.positionAt(Math.floor((k * text.length) / PLACES));
        run('completion', () => ls.doComplete(doc, position, index));
        run('hover', () => ls.doHover(doc, position, index, DEVEL_DEFINES));
        run('signature', () => ls.doSignatureHelp(doc, position, index));
        run('definition', () => ls.findDefinition(doc, position, index));
        run('highlights', () => ls.findDocumentHighlights(doc, position));
        run('prepareRename', () => ls.prepareRename(doc, position, index));
      }
      for (const d of diagnostics) {
        for (const action of run('codeActions', () => ls.getCodeActions(doc, d.range, [d], index)) ?? []) {
          const edits = action.edit?.changes?.[uri];
          if (!edits?.length) continue;
          fixes++;
          const out = TextDocument.applyEdits(doc.text, edits);
          const after = ls.parseDocument(TextDocument.create(uri, lang, 2, out));
          if (after.file.errors.length > doc.file.errors.length) failures.push(`${f}: "${action.title}" adds a syntax error: ${after.file.errors[0].message}`);
          // Whole lines before the first edit and after the last one stay as they were.
          const from = Math.min(...edits.map((e) => doc.text.offsetAt(e.range.start)));
          const to = Math.max(...edits.map((e) => doc.text.offsetAt(e.range.end)));
          const head = text.slice(0, text.lastIndexOf('\n', from - 1) + 1);
          const eol = text.indexOf('\n', to);
          const tail = eol < 0 ? '' : text.slice(eol);
          if (!out.startsWith(head) || !out.endsWith(tail)) failures.push(`${f}: "${action.title}" changes text outside the lines it edits`);
        }
      }
    }
    t.diagnostic(`${files.length} files, ${calls} feature calls, ${fixes} quick fixes applied one at a time`);
    assert.deepEqual(failures.slice(0, 20), []);
    assert.ok(fixes > 0, 'some quick fixes were tried');
  });
});
