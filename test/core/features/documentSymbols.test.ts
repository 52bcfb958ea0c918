// Document symbols: the outline of declarations, interfaces and templates, and optional/if/tunable blocks
// (test/fixtures/features/symbols, format in fixture.ts).
import { suite, test } from 'node:test';
import assert from 'node:assert/strict';
import { basename } from 'node:path';
import { DocumentSymbol, Range, SymbolKind } from 'vscode-languageserver-types';
import { findDocumentSymbols } from '../../../server/src/core/features/documentSymbols';
import { Fixture, fixtureFiles, fixtureFromText, loadFixture, testOptions } from './fixture';

const KIND_NAME = new Map<number, string>(Object.entries(SymbolKind).map(([k, v]) => [v as number, k]));

/** `parent>child Kind`, depth first. */
function flatten(symbols: readonly DocumentSymbol[], parent = ''): string[] {
  return symbols.flatMap((s) => [`${parent}${s.name} ${KIND_NAME.get(s.kind)}`, ...flatten(s.children ?? [], `${parent}${s.name}>`)]);
}

function inside(inner: Range, outer: Range): boolean {
  const before = (a: Range['start'], b: Range['start']) => a.line < b.line || (a.line === b.line && a.character <= b.character);
  return before(outer.start, inner.start) && before(inner.end, outer.end);
}

function checkFixture(fx: Fixture): void {
  assert.ok(fx.has('symbols'), 'the fixture has a # symbols: line');
  const symbols = findDocumentSymbols(fx.doc);
  assert.deepEqual(flatten(symbols), fx.all('symbols'));
  const walk = (ss: readonly DocumentSymbol[], parent?: DocumentSymbol) => {
    for (const s of ss) {
      assert.ok(inside(s.selectionRange, s.range), `${s.name}: selectionRange inside range`);
      if (parent) assert.ok(inside(s.range, parent.range), `${s.name}: inside ${parent.name}`);
      walk(s.children ?? [], s);
    }
  };
  walk(symbols);
}

suite('document symbol fixtures', () => {
  for (const path of fixtureFiles('symbols')) {
    const fx = loadFixture(path);
    test(basename(path), testOptions(fx), () => checkFixture(fx));
  }
});

suite('document symbols', () => {
  test('the selection range of a declaration is its name', () => {
    const fx = fixtureFromText('sel.te', '<|>type myapp_t, domain;\ngen_tunable(myapp_can_bind, false)\n');
    const [type, tunable] = findDocumentSymbols(fx.doc);
    assert.equal(fx.doc.text.getText(type.selectionRange), 'myapp_t');
    assert.equal(type.detail, 'type');
    assert.equal(fx.doc.text.getText(type.range), 'type myapp_t, domain;');
    assert.equal(fx.doc.text.getText(tunable.selectionRange), 'myapp_can_bind');
    assert.equal(tunable.detail, 'tunable');
  });

  test('an interface spans its call and selects its name', () => {
    const fx = fixtureFromText('sel.if', "<|>interface(`myapp_read',`\n\tallow $1 myapp_t:file read;\n')\n");
    const [iface] = findDocumentSymbols(fx.doc);
    assert.equal(iface.name, 'myapp_read');
    assert.equal(iface.detail, 'interface');
    assert.equal(fx.doc.text.getText(iface.selectionRange), 'myapp_read');
    assert.deepEqual([iface.range.start.line, iface.range.end.line], [0, 2]);
  });
});
