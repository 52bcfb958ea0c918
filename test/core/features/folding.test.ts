// Folding ranges: m4 blocks, require, optional and if blocks, and runs of comment lines
// (test/fixtures/features/folding, format in fixture.ts).
import { suite, test } from 'node:test';
import assert from 'node:assert/strict';
import { basename } from 'node:path';
import { FoldingRangeKind } from 'vscode-languageserver-types';
import { getFoldingRanges } from '../../../server/src/core/features/folding';
import { Fixture, fixtureFiles, fixtureFromText, loadFixture, testOptions } from './fixture';

function checkFixture(fx: Fixture): void {
  assert.ok(fx.has('folds'), 'the fixture has a # folds: line');
  const got = getFoldingRanges(fx.doc).map((f) => `${f.startLine + 1}-${f.endLine + 1}${f.kind ? ` ${f.kind}` : ''}`);
  const order = (s: string) => s.split(/[- ]/).map((x, i) => (i < 2 ? x.padStart(6, '0') : x)).join(' ');
  const sort = (l: string[]) => [...l].sort((a, b) => (order(a) < order(b) ? -1 : 1));
  assert.deepEqual(sort(got), sort(fx.all('folds')));
}

suite('folding range fixtures', () => {
  for (const path of fixtureFiles('folding')) {
    const fx = loadFixture(path);
    test(basename(path), testOptions(fx), () => checkFixture(fx));
  }
});

suite('folding ranges', () => {
  test('comment folds have the comment kind, block folds none', () => {
    const fx = fixtureFromText('k.te', '<|>## a\n## b\noptional_policy(`\n\tfiles_read_etc_files(x_t)\n\')\n');
    const folds = getFoldingRanges(fx.doc);
    assert.deepEqual(folds.map((f) => [f.startLine, f.endLine, f.kind]).sort(), [[0, 1, FoldingRangeKind.Comment], [2, 3, undefined]]);
  });

  test('an unterminated block still folds to the end of the text', () => {
    const fx = fixtureFromText('k.te', "<|>optional_policy(`\n\tfiles_read_etc_files(x_t)\n\tinit_signal(x_t)\n");
    const folds = getFoldingRanges(fx.doc);
    assert.ok(folds.some((f) => f.startLine === 0 && f.endLine >= 1), JSON.stringify(folds));
  });
});
