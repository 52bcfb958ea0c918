// The packaged extension: small, and only what it needs (bundles, grammars, snippets, configurations).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { missing } from '../support/system';

const vsix = join(__dirname, '..', '..', 'dist', 'selinux-ls.vsix');
const skip = missing({ path: 'unzip', pkg: 'unzip' }) || (existsSync(vsix) ? false : process.env.CI ? false : 'run npm run package first');

test('the .vsix is under 2 MB and holds no sources, tests or node_modules', { skip }, () => {
  assert.ok(existsSync(vsix), `${vsix} exists (npm run package)`);
  const size = statSync(vsix).size;
  assert.ok(size < 2 * 1024 * 1024, `size ${size} < 2 MB`);
  const files = execFileSync('unzip', ['-Z1', vsix], { encoding: 'utf8' }).split('\n').filter((f) => f.startsWith('extension/'));
  const allowed = /^extension\/(package\.json|readme\.md|LICENSE\.txt|changelog\.md|dist\/(extension|server|cli|cli-main|cli-audit2te)\.js|syntaxes\/[\w-]+\.tmLanguage\.json|snippets\/[\w-]+\.code-snippets|language-configuration\/[\w-]+\.json|docs\/icon\.png)$/;
  assert.deepEqual(files.filter((f) => !allowed.test(f)), []);
  for (const needed of ['extension/dist/extension.js', 'extension/dist/server.js', 'extension/dist/cli.js', 'extension/syntaxes/selinux-te.tmLanguage.json']) {
    assert.ok(files.includes(needed), `${needed} is packaged`);
  }
});
