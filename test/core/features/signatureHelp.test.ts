// Signature help: the active parameter follows the commas; interfaces, templates and support macros
// (test/fixtures/features/signature, format in fixture.ts).
import { suite, test } from 'node:test';
import assert from 'node:assert/strict';
import { basename } from 'node:path';
import type { MarkupContent } from 'vscode-languageserver-types';
import { doSignatureHelp } from '../../../server/src/core/features/signatureHelp';
import { Fixture, fixtureFiles, fixtureFromText, loadFixture, testOptions } from './fixture';

function checkFixture(fx: Fixture): void {
  const want = fx.one('signature');
  assert.ok(want !== undefined, 'the fixture has a # signature: line');
  const help = doSignatureHelp(fx.doc, fx.position, fx.index);
  if (want === 'null') {
    assert.equal(help, null);
    return;
  }
  const m = /^(.*?)\s*\|\s*active=(\d+)$/.exec(want);
  assert.ok(m, `signature directive "${want}"`);
  assert.ok(help, 'signature help');
  assert.equal(help.signatures.length, 1);
  assert.equal(help.activeSignature, 0);
  const sig = help.signatures[0];
  assert.equal(sig.label, m[1], 'label');
  assert.equal(help.activeParameter, Number(m[2]), 'active parameter');
  // The parameters are those of the label, in order.
  const inLabel = m[1].slice(m[1].indexOf('(') + 1, -1).split(', ').map((p) => p.replace(/^\[|\]$/g, ''));
  assert.deepEqual(sig.parameters?.map((p) => p.label), inLabel, 'parameters');
}

suite('signature help fixtures', () => {
  for (const path of fixtureFiles('signature')) {
    const fx = loadFixture(path);
    test(basename(path), testOptions(fx), () => checkFixture(fx));
  }
});

suite('signature help', () => {
  test('the active parameter moves with each comma', () => {
    const text = 'type myapp_t;\nfiles_tmp_filetrans(myapp_t, myapp_tmp_t, file)';
    const start = text.indexOf('(') + 1;
    const seen: number[] = [];
    for (let o = start; o < text.length - 1; o++) {
      const fx = fixtureFromText('move.te', `${text.slice(0, o)}<|>${text.slice(o)}`);
      seen.push(doSignatureHelp(fx.doc, fx.position, fx.index)!.activeParameter!);
    }
    const commas = [...text.slice(start)].map((c, i) => (c === ',' ? i : -1)).filter((i) => i >= 0);
    // Up to and including the first comma's offset: 0; then 1 up to the second; then 2.
    seen.forEach((a, i) => assert.equal(a, i <= commas[0] ? 0 : i <= commas[1] ? 1 : 2, `offset ${start + i}`));
  });

  test('interface parameters carry their ## <param> summaries, the signature its summary', () => {
    const fx = fixtureFromText('docs.te', 'init_daemon_domain(<|>)');
    const sig = doSignatureHelp(fx.doc, fx.position, fx.index)!.signatures[0];
    assert.equal((sig.documentation as MarkupContent).value, 'Create a domain for long running processes\n(daemons/services) which are started by init scripts.');
    assert.deepEqual(sig.parameters?.map((p) => (p.documentation as MarkupContent).value), [
      'Type to be used as a daemon domain.',
      'Type of the program to be used as an entry point to this domain.',
    ]);
  });

  test('support macros carry their documentation', () => {
    const fx = fixtureFromText('docs.te', 'gen_tunable(<|>)');
    const sig = doSignatureHelp(fx.doc, fx.position, fx.index)!.signatures[0];
    assert.match((sig.documentation as MarkupContent).value, /tunable/);
  });
});
