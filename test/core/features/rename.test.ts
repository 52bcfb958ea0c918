// Rename: a module-local name across the module's .te, .if and .fc, with prepareRename; refused for names
// of other modules and for invalid new names (test/fixtures/features/rename, format in fixture.ts).
// The module's files are the fixture's documents (what the server passes as moduleFiles).
import { suite, test } from 'node:test';
import assert from 'node:assert/strict';
import { basename } from 'node:path';
import { doRename, prepareRename } from '../../../server/src/core/features/rename';
import { wordRange } from '../../../server/src/core/features/locate';
import { Fixture, fixtureFiles, loadFixture, testOptions, uriBase } from './fixture';

function moduleFiles(fx: Fixture) {
  return fx.docs.map((d) => ({ uri: d.uri, text: d.file.text, kind: d.file.fileKind }));
}

function checkFixture(fx: Fixture): void {
  let checks = 0;
  const prepare = fx.one('prepare');
  if (prepare !== undefined) {
    const r = prepareRename(fx.doc, fx.position, fx.index);
    if (prepare === 'null') assert.equal(r, null, 'prepareRename refuses');
    else {
      assert.ok(r, 'prepareRename accepts');
      assert.equal(fx.doc.text.getText(r), prepare);
    }
    checks++;
  }
  const rename = fx.one('rename');
  if (rename !== undefined) {
    const m = /^(\S+)\s*->\s*(.*)$/.exec(rename);
    assert.ok(m, `rename directive "${rename}"`);
    const [, newName, want] = m;
    const edit = doRename(fx.doc, fx.position, newName, fx.index, moduleFiles(fx));
    if (want === 'null') assert.equal(edit, null, 'rename refuses');
    else {
      assert.ok(edit?.changes, 'a workspace edit with changes');
      const counts = Object.entries(edit.changes).map(([uri, edits]) => `${uriBase(uri)}=${edits.length}`).sort();
      assert.deepEqual(counts, want.split(',').map((s) => s.trim()).sort(), 'edits per file');
      // Every edit replaces exactly the old name with the new one.
      const old = wordRange(fx.doc.file.text, fx.offset).text;
      const byUri = new Map(fx.docs.map((d) => [d.uri, d]));
      for (const [uri, edits] of Object.entries(edit.changes)) {
        const doc = byUri.get(uri);
        assert.ok(doc, `${uri} is one of the module's files`);
        for (const e of edits) {
          assert.equal(doc.text.getText(e.range), old);
          assert.equal(e.newText, newName);
        }
      }
    }
    checks++;
  }
  assert.ok(checks > 0, 'the fixture asserts something');
}

suite('rename fixtures', () => {
  for (const path of fixtureFiles('rename')) {
    const fx = loadFixture(path);
    test(basename(path), testOptions(fx), () => checkFixture(fx));
  }
});

suite('rename', () => {
  test('after renaming, the module no longer mentions the old name outside comments', () => {
    const fx = loadFixture(fixtureFiles('rename').find((p) => p.endsWith('local-type.te'))!);
    const edit = doRename(fx.doc, fx.position, 'webapp_t', fx.index, moduleFiles(fx))!;
    for (const d of fx.docs) {
      const edits = [...(edit.changes![d.uri] ?? [])].sort((a, b) => d.text.offsetAt(b.range.start) - d.text.offsetAt(a.range.start));
      let text = d.file.text;
      for (const e of edits) text = text.slice(0, d.text.offsetAt(e.range.start)) + e.newText + text.slice(d.text.offsetAt(e.range.end));
      const code = text.split('\n').filter((l) => !/^\s*#/.test(l)).join('\n');
      assert.ok(!/\bmyapp_t\b/.test(code), `${uriBase(d.uri)} still mentions myapp_t`);
      if (d.uri.endsWith('.te')) assert.match(text, /# myapp_t is the daemon domain\./, 'comments are left alone');
    }
  });
});
