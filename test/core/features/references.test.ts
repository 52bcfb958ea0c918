// Find references (across the mini-policy and the fixture's documents, as SourceText) and document
// highlights (test/fixtures/features/references, format in fixture.ts).
import { suite, test } from 'node:test';
import assert from 'node:assert/strict';
import { basename } from 'node:path';
import { DocumentHighlightKind } from 'vscode-languageserver-types';
import { findDocumentHighlights, findReferences, nameAt, occurrences } from '../../../server/src/core/features/references';
import { Fixture, fixtureFiles, fixtureFromText, loadFixture, miniPolicy, testOptions, uriBase } from './fixture';

function checkFixture(fx: Fixture): void {
  let checks = 0;
  const name = nameAt(fx.doc, fx.position);
  const refs = fx.one('references');
  if (refs !== undefined) {
    const got = findReferences(name, fx.sources());
    const where = got.map((l) => `${uriBase(l.uri)}:${l.range.start.line + 1}`).join(' ');
    assert.equal(got.length, Number(refs), `references of ${name}: ${where}`);
    // Every location is the name.
    const texts = new Map(fx.sources().map((s) => [s.uri, s.text]));
    for (const l of got) {
      const lines = texts.get(l.uri)!.split('\n');
      assert.equal(lines[l.range.start.line].slice(l.range.start.character, l.range.end.character), name);
    }
    checks++;
  }
  const hl = fx.all('highlights');
  if (hl.length) {
    const got = findDocumentHighlights(fx.doc, fx.position);
    const want = hl.length === 1 && hl[0] === 'none' ? [] : hl;
    assert.deepEqual(got.map((h) => `${h.range.start.line + 1}:${h.range.start.character + 1}`), want, `highlights of "${name}"`);
    for (const h of got) {
      assert.equal(h.kind, DocumentHighlightKind.Text);
      assert.equal(fx.doc.text.getText(h.range), name);
    }
    checks++;
  }
  assert.ok(checks > 0, 'the fixture asserts something');
}

suite('references fixtures', () => {
  for (const path of fixtureFiles('references')) {
    const fx = loadFixture(path);
    test(basename(path), testOptions(fx), () => checkFixture(fx));
  }
});

suite('references', () => {
  test('references come from every source that mentions the name', () => {
    const fx = fixtureFromText('order.te', 'type myapp_t;\nfiles_read_etc_<|>files(myapp_t)');
    const got = findReferences('files_read_etc_files', fx.sources());
    const files = got.map((l) => uriBase(l.uri));
    assert.deepEqual([...new Set(files)].sort(), ['apache.te', 'files.if', 'init.te', 'order.te']);
    assert.equal(got.find((l) => uriBase(l.uri) === 'files.if')?.range.start.line, 75, 'the interface name in files.if (line 76)');
  });

  test('an .fc path is not a word: a name inside a path regex is not a reference', () => {
    const text = '/usr/lib/myapp_t(/.*)?\t\tgen_context(system_u:object_r:myapp_t,s0)\n';
    assert.deepEqual(occurrences(text, 'fc', 'myapp_t'), [text.lastIndexOf('myapp_t')]);
  });

  test('the mini-policy sources are real files with their text', () => {
    const { texts } = miniPolicy();
    assert.ok(texts.length >= 15);
    assert.ok(texts.every((t) => t.uri.startsWith('file:///') && t.text.length > 0));
  });
});
