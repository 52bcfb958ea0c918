// The on-disk index cache (server/src/indexCache.ts): a cached file is used only while its content is
// unchanged; a damaged cache file, an unwritable directory or a cache of another build only cost a
// parse, never a wrong symbol or an exception.
import { after, before, suite, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PolicyIndex } from '../../server/src/core/index/policyIndex';
import { indexSources, indexSourcesCached } from '../../server/src/indexer';
import { defaultCacheDir, SourceCache, stableStat } from '../../server/src/indexCache';
import { extractFromText } from '../../server/src/core/index/extract';
import { fileKindOf } from '../../server/src/core/syntax/parser';
import { URI } from 'vscode-uri';
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
  /** A cache file: a JSON line, then the files' texts. */
  const readCache = (file: string) => {
    const content = readFileSync(file, 'utf8');
    const nl = content.indexOf('\n');
    return { data: JSON.parse(content.slice(0, nl)) as { key: string; files: Record<string, unknown[]> }, texts: content.slice(nl + 1) };
  };

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
    const stored = readCache(join(cacheDir, cacheFiles()[0])).data;
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
    const { data: stored, texts } = readCache(file);
    for (const v of Object.values(stored.files)) v[1] = { u: 3, macros: 'x' };
    writeFileSync(file, `${JSON.stringify(stored)}\n${texts}`);
    const damaged = new PolicyIndex();
    assert.equal(counts(indexSourcesCached(damaged, [source], cacheDir))[0].misses, source.files.length);
    assert.deepStrictEqual(damaged.stats(), index.stats());
  });

  test('a file changed in the last seconds has no stat data: it is compared by content', () => {
    const file = source.files[0];
    writeFileSync(file, readFileSync(file, 'utf8'));
    assert.equal(stableStat(file), undefined);
    const later = stableStat(file, Date.now() + 10_000);
    assert.ok(later);
    assert.equal(later[0], statSync(file).size);
  });

  test('a file whose stat data are unchanged is not read again: its symbols and text come from the cache', () => {
    const dir = join(work, 'stat-cache');
    const file = source.files.find((f) => f.endsWith('files.if'))!;
    const text = readFileSync(file, 'utf8');
    const parsed = extractFromText(URI.file(file).toString(), text, fileKindOf(file));
    // A whole-second modification time, so that it can be set back exactly below.
    const mtime = 1_700_000_000;
    utimesSync(file, mtime, mtime);
    const stat = stableStat(file, Date.now() + 10_000)!;
    const writer = SourceCache.open(source, dir);
    assert.equal(writer.lookup(file, text, stat), undefined);
    writer.store(file, text, parsed, stat);
    assert.equal(writer.save().saved, true);
    // The cache never opens the file on this path: it answers even once the file is gone.
    const copy = `${file}.kept`;
    cpSync(file, copy, { preserveTimestamps: true });
    unlinkSync(file);
    try {
      const reader = SourceCache.open(source, dir);
      const hit = reader.unchanged(file, stat);
      assert.ok(hit);
      assert.equal(hit.text, text);
      assert.deepStrictEqual(hit.symbols, parsed);
      assert.equal(reader.unchanged(file, [stat[0] + 1, stat[1], stat[2], stat[3]]), undefined, 'another size');
      assert.equal(reader.unchanged(file, undefined), undefined, 'no stat data');
    } finally {
      cpSync(copy, file, { preserveTimestamps: true });
      unlinkSync(copy);
    }
    // Same size, modification time set back: the change time still differs, so the file is read again.
    const at = text.indexOf('interface(');
    const changed = `${text.slice(0, at)}INTERFACE${text.slice(at + 'interface'.length)}`;
    assert.ok(at >= 0 && changed !== text && changed.length === text.length);
    writeFileSync(file, changed);
    utimesSync(file, mtime, mtime);
    try {
      const now = stableStat(file, Date.now() + 10_000)!;
      assert.equal(now[1], stat[1], 'same modification time');
      const reader = SourceCache.open(source, dir);
      assert.equal(reader.unchanged(file, now), undefined);
      assert.equal(reader.lookup(file, changed, now), undefined, 'different content: a miss');
    } finally {
      writeFileSync(file, text);
    }
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
