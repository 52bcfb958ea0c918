// Hover: one fixture per kind of name (test/fixtures/features/hover, format in fixture.ts).
import { suite, test } from 'node:test';
import assert from 'node:assert/strict';
import { basename } from 'node:path';
import type { MarkupContent } from 'vscode-languageserver-types';
import { doHover } from '../../../server/src/core/features/hover';
import { wordRange } from '../../../server/src/core/features/locate';
import { Fixture, fixtureFiles, fixtureFromText, loadFixture, testOptions } from './fixture';

function checkFixture(fx: Fixture): void {
  const hover = doHover(fx.doc, fx.position, fx.index);
  const expected = fx.all('hover');
  assert.ok(expected.length || fx.has('hover-not'), 'the fixture asserts something');
  if (expected.length === 1 && expected[0] === 'null') {
    assert.equal(hover, null);
    return;
  }
  assert.ok(hover, 'a hover');
  const contents = hover.contents as MarkupContent;
  assert.equal(contents.kind, 'markdown');
  for (const text of expected) assert.ok(contents.value.includes(text), `hover contains ${JSON.stringify(text)}:\n${contents.value}`);
  for (const text of fx.all('hover-not')) assert.ok(!contents.value.includes(text), `hover does not contain ${JSON.stringify(text)}:\n${contents.value}`);
  assert.ok(hover.range, 'a range');
  // On a .fc path the range is the whole path regex; elsewhere the word under the cursor.
  const entry = fx.doc.file.fcEntries.find((e) => e.path.start <= fx.offset && fx.offset <= e.path.end);
  if (entry) assert.equal(fx.doc.text.getText(hover.range), fx.doc.file.text.slice(entry.path.start, entry.path.end), 'the hover range is the path');
  else assert.equal(fx.doc.text.getText(hover.range), wordRange(fx.doc.file.text, fx.offset).text, 'the hover range is the word under the cursor');
}

suite('hover fixtures', () => {
  for (const path of fixtureFiles('hover')) {
    const fx = loadFixture(path);
    test(basename(path), testOptions(fx), () => checkFixture(fx));
  }
});

suite('hover', () => {
  test('the same interface hovers differently at two call sites', () => {
    const fx1 = fixtureFromText('a.te', 'type a_t;\ntype b_t;\ncorenet_tcp_bind_<|>http_port(a_t)\ncorenet_tcp_bind_http_port(b_t)');
    const fx2 = fixtureFromText('a.te', 'type a_t;\ntype b_t;\ncorenet_tcp_bind_http_port(a_t)\ncorenet_tcp_bind_<|>http_port(b_t)');
    const v1 = (doHover(fx1.doc, fx1.position, fx1.index)!.contents as MarkupContent).value;
    const v2 = (doHover(fx2.doc, fx2.position, fx2.index)!.contents as MarkupContent).value;
    assert.ok(v1.includes('allow a_t http_port_t:tcp_socket name_bind;'), v1);
    assert.ok(v2.includes('allow b_t http_port_t:tcp_socket name_bind;'), v2);
    assert.ok(!v2.includes('a_t'), 'no trace of the other call');
  });

  test('an interface name outside a call shows the documentation without an expansion', () => {
    // The name stands where a type would (not followed by an argument list): docs, but nothing to expand.
    const fx = fixtureFromText('a.te', 'type a_t;\nallow a_t files_read_etc<|>_files:file read;');
    const h = doHover(fx.doc, fx.position, fx.index);
    assert.ok(h);
    const v = (h.contents as MarkupContent).value;
    assert.ok(v.includes('Read generic files in /etc.'), v);
    assert.ok(!v.includes('Expands here'), v);
  });
});
