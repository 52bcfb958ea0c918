// The CLI end to end: the bundled dist/cli.js on real files, its formats, exit codes and SARIF validity.
import { suite, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { BUILTIN_CODES, RULES } from '../../server/src/core/features/diagnostics/index';

const root = join(__dirname, '..', '..');
const cli = join(root, 'dist', 'cli.js');
const mini = join(root, 'test', 'fixtures', 'mini-devel');
const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: root });

suite('cli', { skip: existsSync(cli) ? false : 'run npm run build first' }, () => {
  let dir = '';
  const broken = () => join(dir, 'broken.te');
  test('setup', () => {
    dir = mkdtempSync(join(tmpdir(), 'selinux-ls-cli-'));
    writeFileSync(broken(), 'policy_module(broken, 1.0)\n\ntype broken_t;\nallow broken_t etc_t:file read;\nallow broken_t self:file { read write };\npermissive broken_t;\n');
    writeFileSync(join(dir, 'ok.te'), 'policy_module(ok, 1.0)\n\nrequire {\n\ttype etc_t;\n}\n\ntype ok_t;\nallow ok_t etc_t:file read;\n');
    assert.ok(existsSync(broken()));
  });

  test('text format: file:line:col: severity: message [CODE], exit 1 on errors', () => {
    const r = run('check', '--policy', mini, broken());
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /broken\.te:4:16: error: unknown type etc_t \[unknown-type\]/);
    assert.match(r.stdout, /broken\.te:6:1: warning: permissive statement.* \[permissive\]/);
  });

  test('exit 0 without errors', () => {
    const r = run('check', '--policy', mini, join(dir, 'ok.te'));
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });

  test('a module\'s own definition of an interface wins over the headers\' (m4 keeps the last definition)', () => {
    const mod = join(dir, 'override');
    mkdirSync(mod);
    writeFileSync(join(mod, 'mymod.if'), '## <summary>Mine.</summary>\n\ninterface(`files_read_etc_files\',`\n\tgen_require(`\n\t\ttype etc_t;\n\t\')\n\tallow $1 etc_t:file read;\n\tallow $2 etc_t:file read;\n\')\n');
    writeFileSync(join(mod, 'mymod.te'), 'policy_module(mymod, 1.0)\n\ntype mymod_t;\ntype mymod2_t;\nfiles_read_etc_files(mymod_t, mymod2_t)\n');
    const r = run('check', '--format', 'json', '--policy', mini, mod);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    // The headers' files_read_etc_files takes one argument: with it, the call would get extra-arguments.
    assert.deepEqual(JSON.parse(r.stdout), []);
  });

  test('exit 2 on usage and I/O errors', () => {
    assert.equal(run('check').status, 2);
    assert.equal(run('check', '--format', 'xml', broken()).status, 2);
    assert.equal(run('check', join(dir, 'does-not-exist.te')).status, 2);
    assert.equal(run('frobnicate').status, 2);
  });

  test('json format: one object per diagnostic with 0-based ranges', () => {
    const r = run('check', '--policy', mini, '--format', 'json', broken());
    const list = JSON.parse(r.stdout) as Array<{ file: string; range: { start: { line: number; character: number } }; severity: string; code: string; message: string }>;
    const d = list.find((x) => x.code === 'unknown-type');
    assert.ok(d);
    assert.deepEqual(d.range.start, { line: 3, character: 15 });
    assert.equal(d.severity, 'error');
    assert.equal(d.message, 'unknown type etc_t');
    assert.ok(d.file.endsWith('broken.te'));
  });

  test('sarif format validates against the SARIF 2.1.0 schema', () => {
    const r = run('check', '--policy', mini, '--format', 'sarif', broken());
    const sarif = JSON.parse(r.stdout) as { runs: Array<{ results: unknown[] }> };
    const schema = JSON.parse(readFileSync(join(root, 'node_modules', '@microsoft', 'jest-sarif', 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json'), 'utf8'));
    // The published rtm.5 schema has a language-tag pattern that is invalid with the `u` flag.
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    assert.ok(validate(sarif), JSON.stringify(validate.errors, null, 1));
    const results = sarif.runs[0].results as Array<{ ruleId: string; locations: Array<{ physicalLocation: { region: { startLine: number } } }> }>;
    assert.ok(results.some((x) => x.ruleId === 'unknown-type' && x.locations[0].physicalLocation.region.startLine === 4));
  });

  test('index --stats counts the sources', () => {
    const r = run('index', '--policy', mini, '--stats', '--format', 'json');
    assert.equal(r.status, 0, r.stderr);
    const s = JSON.parse(r.stdout);
    assert.equal(s.interfaces, 2);
    assert.equal(s.templates, 1);
    assert.equal(s.parseErrors, 0);
  });

  test('index: the second run reads the headers from the cache (text and JSON); --no-cache does not', () => {
    const env = { ...process.env, SELINUX_LS_CACHE_DIR: join(dir, 'cache') };
    const idx = (...args: string[]) => spawnSync(process.execPath, [cli, 'index', '--policy', mini, '--stats', ...args], { encoding: 'utf8', cwd: root, env });
    const first = idx('--format', 'json');
    assert.equal(first.status, 0, first.stderr);
    assert.deepEqual(JSON.parse(first.stdout).cache, { hits: 0, misses: 3 });
    const second = idx();
    assert.match(second.stdout, /^cache\s+3 files read from the cache, 0 parsed$/m);
    assert.match(second.stdout, /^interfaces\s+2$/m);
    const off = idx('--no-cache');
    assert.match(off.stdout, /^cache\s+off$/m);
    assert.match(run('--help').stdout, /--no-cache/);
  });

  test('fc-match: the winning entry and the ones it beat, text and JSON; exit 2 on usage errors', () => {
    const fc = join(dir, 'app.fc');
    writeFileSync(fc, '/opt/app(/.*)?\t\tgen_context(system_u:object_r:etc_t,s0)\n/opt/app/run\t-d\tgen_context(system_u:object_r:var_t,s0)\n/opt/app/tmp/.*\t\t<<none>>\n');
    const t = run('fc-match', '--fc', fc, '--type', 'd', '/opt/app/run', '/opt/app//conf/');
    assert.equal(t.status, 0, t.stderr);
    assert.match(t.stdout, /^\/opt\/app\/run\tsystem_u:object_r:var_t:s0\n {2}wins: {2}.*app\.fc:2 {2}\/opt\/app\/run {2}-d/m);
    assert.match(t.stdout, /beats: .*app\.fc:1 {2}\/opt\/app\(\/\.\*\)\?/);
    assert.match(t.stdout, /^\/opt\/app\/\/conf\/\tsystem_u:object_r:etc_t:s0\n {2}looked up as \/opt\/app\/conf$/m);
    // A file (not a directory) at /opt/app/run does not match the -d entry.
    const j = JSON.parse(run('fc-match', '--fc', fc, '--type', 'f', '--format', 'json', '/opt/app/run', '/opt/app/tmp/x').stdout);
    assert.equal(j[0].context, 'system_u:object_r:etc_t:s0');
    assert.equal(j[1].context, '<<none>>');
    assert.equal(j[1].winner.line, 3);
    assert.equal(run('fc-match', '--fc', fc, 'relative/path').status, 2);
    assert.equal(run('fc-match', '--fc', fc, '--type', 'x', '/a').status, 2);
    assert.equal(run('fc-match', '--fc', join(dir, 'missing.fc'), '/a').status, 2);
    assert.equal(run('fc-match', '/a', '--policy', mini).status, 2, 'the devel headers have no file contexts');
  });

  test('audit2te: rules from a log or stdin, JSON, merge into a module (--write is idempotent), malformed records reported', () => {
    const log = join(dir, 'audit.log');
    const avc = (perm: string, n: number) => `type=AVC msg=audit(1.${n}:${n}): avc:  denied  { ${perm} } for pid=1 comm="ok" scontext=system_u:system_r:ok_t:s0 tcontext=system_u:object_r:etc_t:s0 tclass=file permissive=0`;
    writeFileSync(log, [avc('read', 1), avc('open', 2), 'type=AVC msg=audit(1.3:3): avc:  denied  {} for scontext=a:b:c tcontext=a:b:d tclass=file'].join('\n') + '\n');
    const te = run('audit2te', log);
    assert.equal(te.status, 0, te.stderr);
    assert.equal(te.stdout, '#============= ok_t ==============\nallow ok_t etc_t:file { open read };\n');
    assert.match(te.stderr, /skipped 1 malformed AVC record: .*audit\.log:3/);
    const stdin = spawnSync(process.execPath, [cli, 'audit2te', '--format', 'json', '--dontaudit'], { input: readFileSync(log), encoding: 'utf8' });
    assert.deepEqual(JSON.parse(stdin.stdout), [{ source: 'ok_t', target: 'etc_t', class: 'file', perms: ['open', 'read'], kind: 'dontaudit', count: 2, lines: [1, 2] }]);
    const module = join(dir, 'ok.te');
    const before = readFileSync(module, 'utf8');
    const w = run('audit2te', '--policy', mini, '--module', module, '--write', log);
    assert.equal(w.status, 0, w.stderr);
    const after = readFileSync(module, 'utf8');
    assert.equal(after, before.replace('allow ok_t etc_t:file read;', 'allow ok_t etc_t:file { read open };'));
    const again = run('audit2te', '--policy', mini, '--module', module, '--write', log);
    assert.match(again.stderr, /already up to date/);
    assert.equal(readFileSync(module, 'utf8'), after);
    assert.equal(run('audit2te', '--format', 'xml', log).status, 2);
    assert.equal(run('audit2te', '--write', log).status, 2);
    assert.equal(run('audit2te', join(dir, 'missing.log')).status, 2);
  });

  test('cleanup', () => {
    rmSync(dir, { recursive: true, force: true });
    assert.ok(!existsSync(dir));
  });
});

test('the README documents every diagnostic code', () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const missingCodes = [...BUILTIN_CODES, ...RULES].map((r) => r.code).filter((c) => !readme.includes(`| \`${c}\` |`));
  assert.deepEqual(missingCodes, []);
});
