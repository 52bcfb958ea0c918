// The webapp example is a real module: it must build with Debian's development Makefile, and SELint
// must have nothing to say about it.
import { suite, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { missing, needs } from '../support/system';
import { buildModule } from '../snippets/devel-make';

const exampleDir = join(__dirname, '..', '..', 'examples', 'webapp');
const SOURCES = ['webapp.te', 'webapp.if', 'webapp.fc'];

function sources(): Record<string, string> {
  return Object.fromEntries(SOURCES.map((f) => [f, readFileSync(join(exampleDir, f), 'utf8')]));
}

suite('examples/webapp', () => {
  test('builds webapp.pp with the development Makefile', { skip: missing(needs.devel, needs.make, needs.checkmodule, needs.m4) }, () => {
    const r = buildModule('webapp', sources());
    assert.equal(r.status, 0, r.log);
    assert.ok(r.packaged, `webapp.pp was not created\n${r.log}`);
    assert.match(r.stdout, /Creating \S+ webapp\.pp policy package/, r.log);
    assert.doesNotMatch(r.stderr, /warning|error/i, `the build printed diagnostics\n${r.log}`);
  });

  test('a deliberately broken copy fails to build (the build test can fail)', { skip: missing(needs.devel, needs.make, needs.checkmodule, needs.m4) }, () => {
    const files = sources();
    files['webapp.te'] += '\nallow webapp_t webapp_no_such_type_t:file read;\n';
    const r = buildModule('webapp', files);
    assert.notEqual(r.status, 0, r.log);
    assert.ok(!r.packaged);
    assert.match(r.stderr, /webapp_no_such_type_t/);
  });

  test('selint reports no findings', { skip: missing(needs.selint) }, () => {
    const r = spawnSync('selint', ['--fail', '--level=C', ...SOURCES], { cwd: exampleDir, encoding: 'utf8', timeout: 60_000 });
    if (r.error) throw r.error;
    const findings = `${r.stdout}\n${r.stderr}`.split('\n').filter((l) => /\([CSWEF]\):/.test(l));
    assert.deepEqual(findings, []);
    assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
  });
});
