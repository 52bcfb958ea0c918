// The on-disk index cache (server/src/indexCache.ts): a cached file is used only while its content is
// unchanged; a damaged cache file, an unwritable directory or a cache of another build only cost a
// parse, never a wrong symbol or an exception.
import { after, before, suite, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PolicyIndex } from '../../server/src/core/index/policyIndex';
import { indexSources, indexSourcesCached } from '../../server/src/indexer';
import { defaultCacheDir, SourceCache } from '../../server/src/indexCache';
import { detectSource, PolicySource } from '../../server/src/policySources';

const mini = join(__dirname, '..', 'fixtures', 'mini-devel');

suite('index cache', () => {
  let work = '';
  let source: PolicySource;
  let cacheDir = '';
  const counts = (r: ReturnType<typeof indexSourcesCached>) => r.cache.map((c) => ({ hits: c.hits, misses: c.misses, saved: c.saved, problem: c.problem }));
  const parsedStats = () => {
    const i = new PolicyIndex();
    indexSources(i, [source]);
    return i.stats();
  };
  const cacheFiles = () => readdirSync(cacheDir).filter((n) => n.endsWith('.json'));

  before(() => {
    work = mkdtempSync(join(tmpdir(), 'selinux-ls-cache-'));
    cpSync(mini, join(work, 'devel'), { recursive: true });
    const s = detectSource(join(work, 'devel'));
    assert.ok(!('error' in s) && s.kind === 'devel');
    source = s as PolicySource;
    cacheDir = join(work, 'cache');
  });
  after(() => {
    chmodSync(work, 0o755);
    rmSync(work, { recursive: true, force: true });
  });

  test('a cold run parses and saves; a warm run reads every file back and builds the same index', () => {
    const cold = new PolicyIndex();
    assert.deepEqual(counts(indexSourcesCached(cold, [source], cacheDir)), [{ hits: 0, misses: source.files.length, saved: true, problem: undefined }]);
    assert.equal(cacheFiles().length, 1);
    const warm = new PolicyIndex();
    assert.deepEqual(counts(indexSourcesCached(warm, [source], cacheDir)), [{ hits: source.files.length, misses: 0, saved: false, problem: undefined }]);
    const parsed = new PolicyIndex();
    indexSources(parsed, [source]);
    assert.deepStrictEqual(warm.stats(), parsed.stats());
    for (const f of parsed.allFiles()) assert.deepStrictEqual(warm.fileSymbols(f.uri), f);
  });

  test('a changed file is parsed again, and its new symbols replace the cached ones', () => {
    const file = source.files.find((f) => f.endsWith('files.if'));
    assert.ok(file);
    writeFileSync(file, `${readFileSync(file, 'utf8')}\ninterface(\`files_cache_probe',\`\n\tgen_require(\`\n\t\ttype etc_t;\n\t')\n\tallow $1 etc_t:file read;\n')\n`);
    const index = new PolicyIndex();
    assert.deepEqual(counts(indexSourcesCached(index, [source], cacheDir)), [{ hits: source.files.length - 1, misses: 1, saved: true, problem: undefined }]);
    assert.equal(index.macro('files_cache_probe')?.maxParam, 1);
    const again = new PolicyIndex();
    assert.deepEqual(counts(indexSourcesCached(again, [source], cacheDir))[0].hits, source.files.length);
    assert.deepEqual(again.macro('files_cache_probe')?.requires, [{ keyword: 'type', names: ['etc_t'] }]);
  });

  test('a file gone from the source is dropped from the cache', () => {
    const fewer = { ...source, files: source.files.filter((f) => !f.endsWith('all_perms.spt')) };
    const r = indexSourcesCached(new PolicyIndex(), [fewer], cacheDir);
    assert.deepEqual(counts(r), [{ hits: fewer.files.length, misses: 0, saved: true, problem: undefined }]);
    const stored = JSON.parse(readFileSync(join(cacheDir, cacheFiles()[0]), 'utf8')) as { files: Record<string, unknown> };
    assert.deepEqual(Object.keys(stored.files).sort(), [...fewer.files].sort());
    indexSourcesCached(new PolicyIndex(), [source], cacheDir);
  });

  test('a damaged cache file is reported and ignored: every file is parsed, the cache rewritten', () => {
    const file = join(cacheDir, cacheFiles()[0]);
    writeFileSync(file, '{"key": "nonsense", "files": 7');
    const index = new PolicyIndex();
    const r = counts(indexSourcesCached(index, [source], cacheDir))[0];
    assert.equal(r.hits, 0);
    assert.equal(r.saved, true);
    assert.match(r.problem ?? '', /index-.*\.json/);
    assert.deepStrictEqual(index.stats(), parsedStats());
    // A well-formed file whose entries are nonsense: each is a miss, not an exception.
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { key: string; files: Record<string, [string, unknown]> };
    for (const v of Object.values(stored.files)) v[1] = { u: 3, macros: 'x' };
    writeFileSync(file, JSON.stringify(stored));
    const damaged = new PolicyIndex();
    assert.equal(counts(indexSourcesCached(damaged, [source], cacheDir))[0].misses, source.files.length);
    assert.deepStrictEqual(damaged.stats(), index.stats());
  });

  test('the cache of another build of selinux-ls is replaced, not read', () => {
    const [mine] = cacheFiles();
    const other = mine.replace(/-[0-9a-f]+\.json$/, '-000000000000.json');
    writeFileSync(join(cacheDir, other), readFileSync(join(cacheDir, mine)));
    rmSync(join(cacheDir, mine));
    const r = counts(indexSourcesCached(new PolicyIndex(), [source], cacheDir))[0];
    assert.equal(r.hits, 0);
    assert.deepEqual(cacheFiles(), [mine], 'the other build\'s file is removed when this one is saved');
  });

  test('an unwritable cache directory costs a parse, not an error', { skip: process.getuid?.() === 0 ? 'root can write anywhere' : false }, () => {
    const ro = join(work, 'ro');
    mkdirSync(ro);
    chmodSync(ro, 0o555);
    const r = counts(indexSourcesCached(new PolicyIndex(), [source], join(ro, 'cache')))[0];
    assert.equal(r.saved, false);
    assert.match(r.problem ?? '', /EACCES/);
  });

  test('a cache path that is a file: the problem is reported, indexing goes on', () => {
    const notDir = join(work, 'plain-file');
    writeFileSync(notDir, 'x');
    const index = new PolicyIndex();
    const r = counts(indexSourcesCached(index, [source], notDir))[0];
    assert.equal(r.saved, false);
    assert.match(r.problem ?? '', /ENOTDIR|EEXIST/);
    assert.deepStrictEqual(index.stats(), parsedStats());
  });

  test('workspace folders are not cached; without a directory nothing is', () => {
    const folder: PolicySource = { kind: 'folder', root: work, files: source.files };
    assert.deepEqual(indexSourcesCached(new PolicyIndex(), [folder], cacheDir).cache, []);
    assert.deepEqual(indexSourcesCached(new PolicyIndex(), [source], undefined).cache, []);
    assert.ok(SourceCache.open(source, cacheDir));
  });

  test('the cache directory: $SELINUX_LS_CACHE_DIR, else $XDG_CACHE_HOME/selinux-ls, else ~/.cache/selinux-ls', () => {
    assert.equal(defaultCacheDir({ SELINUX_LS_CACHE_DIR: '/a', XDG_CACHE_HOME: '/b' }), '/a');
    assert.equal(defaultCacheDir({ XDG_CACHE_HOME: '/b' }), '/b/selinux-ls');
    assert.match(defaultCacheDir({}) ?? '', /\/\.cache\/selinux-ls$/);
  });
});
