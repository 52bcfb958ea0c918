// Go to definition: interfaces and templates into their .if, declarations into the .te that declares
// them, classes into access_vectors, defines into the support .spt (test/fixtures/features/definition).
import { suite, test } from 'node:test';
import assert from 'node:assert/strict';
import { basename } from 'node:path';
import { findDefinition } from '../../../server/src/core/features/definition';
import { wordRange } from '../../../server/src/core/features/locate';
import { Fixture, fixtureFiles, loadFixture, testOptions, uriBase } from './fixture';

function checkFixture(fx: Fixture): void {
  const want = fx.all('definition');
  assert.ok(want.length, 'the fixture has a # definition: line');
  const got = findDefinition(fx.doc, fx.position, fx.index);
  if (want.length === 1 && want[0] === 'none') {
    assert.deepEqual(got, []);
    return;
  }
  const show = (l: (typeof got)[number]) => `${uriBase(l.uri)}:${l.range.start.line + 1}`;
  assert.deepEqual(got.map(show).sort(), [...want].sort(), 'locations (file:line)');
  // Each location is the name itself in the target file.
  const name = wordRange(fx.doc.file.text, fx.offset).text;
  const texts = new Map(fx.sources().map((s) => [s.uri, s.text]));
  for (const l of got) {
    const text = texts.get(l.uri);
    assert.ok(text !== undefined, `${l.uri} is a mini-policy file or a fixture document`);
    const start = offsetOf(text, l.range.start.line, l.range.start.character);
    const end = offsetOf(text, l.range.end.line, l.range.end.character);
    assert.equal(text.slice(start, end), name, `${show(l)}: the range is the name`);
  }
}

function offsetOf(text: string, line: number, character: number): number {
  let o = 0;
  for (let i = 0; i < line; i++) o = text.indexOf('\n', o) + 1;
  return o + character;
}

suite('definition fixtures', () => {
  for (const path of fixtureFiles('definition')) {
    const fx = loadFixture(path);
    test(basename(path), testOptions(fx), () => checkFixture(fx));
  }
});
