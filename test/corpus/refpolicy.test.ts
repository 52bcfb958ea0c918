// Corpus tests over Debian's reference policy: the whole source tree (selinux-policy-src) and the
// installed development headers (selinux-policy-dev). The parser must read every file without an error,
// and the index counts must agree with independent plain-text counts.
import { after, before, suite, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parse, fileKindOf } from '../../server/src/core/syntax/parser';
import { PolicyIndex } from '../../server/src/core/index/policyIndex';
import { macroDoc } from '../../server/src/core/index/xmlDoc';
import { detectSource, PolicySource } from '../../server/src/policySources';
import { indexSources, indexSourcesCached } from '../../server/src/indexer';
import { extractFromText, extractSymbols } from '../../server/src/core/index/extract';
import { decodeSymbols, encodeSymbols } from '../../server/src/core/index/snapshot';
import { URI } from 'vscode-uri';
import { DEVEL, missing, needs, POLICY_SRC_TARBALL, filesUnder } from '../support/system';


/**
 * Reading a file statement by statement (what the indexer does) gives the symbols of the whole parse.
 * The on-disk cache gives back exactly what parsing gives: every file's snapshot, through JSON, decodes
 * to symbols equal to the extracted ones, and an index built from a warm cache equals one built by
 * parsing (the same symbols for every file, the same counts).
 */
function checkCache(src: PolicySource): void {
  for (const f of src.files) {
    const text = readFileSync(f, 'utf8');
    const options = src.defines ? { defines: src.defines } : {};
    const symbols = extractSymbols(URI.file(f).toString(), parse(text, fileKindOf(f)), options);
    // The indexer reads files one statement at a time: the same symbols as from the whole tree.
    assert.deepStrictEqual(extractFromText(URI.file(f).toString(), text, fileKindOf(f), options), symbols, f);
    const decoded = decodeSymbols(JSON.parse(JSON.stringify(encodeSymbols(symbols, text))), text);
    assert.deepStrictEqual(decoded, symbols, f);
  }
  const dir = mkdtempSync(join(tmpdir(), 'index-cache-'));
  try {
    const parsed = new PolicyIndex();
    const cold = indexSourcesCached(parsed, [src], dir);
    assert.deepEqual(cold.cache.map((c) => [c.hits, c.misses, c.saved, c.problem]), [[0, src.files.length, true, undefined]]);
    const cached = new PolicyIndex();
    const warm = indexSourcesCached(cached, [src], dir);
    assert.deepEqual(warm.cache.map((c) => [c.hits, c.misses, c.saved, c.problem]), [[src.files.length, 0, false, undefined]]);
    assert.deepStrictEqual(cached.stats(), parsed.stats());
    for (const f of parsed.allFiles()) assert.deepStrictEqual(cached.fileSymbols(f.uri), f, f.uri);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Distinct first capture groups of `re` over the files. */
function scanNames(files: string[], re: RegExp): Set<string> {
  const out = new Set<string>();
  for (const f of files) for (const m of readFileSync(f, 'utf8').matchAll(re)) out.add(m[1]);
  return out;
}

function parseErrors(files: string[], root: string): string[] {
  const out: string[] = [];
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    for (const e of parse(text, fileKindOf(f)).errors) {
      out.push(`${relative(root, f)}:${text.slice(0, e.start).split('\n').length}: ${e.message}`);
    }
  }
  return out;
}

const IFACE = /^\s*(?:interface|template)\(`(\w+)'/gm;

suite('corpus: Debian refpolicy source (selinux-policy-src)', { skip: missing(needs.policySrc, needs.zstd) }, () => {
  let dir = '';
  let src: PolicySource;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'refpolicy-'));
    execFileSync('tar', ['--zstd', '-xf', POLICY_SRC_TARBALL, '-C', dir]);
    const root = join(dir, readdirSync(dir)[0]);
    const s = detectSource(root);
    assert.ok(!('error' in s) && s.kind === 'refpolicy', 'the tarball is a refpolicy source tree');
    src = s as PolicySource;
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('every policy file parses without errors', () => {
    const files = src.files;
    assert.ok(files.length > 1000, `${files.length} files`);
    assert.deepEqual(parseErrors([...files], src.root), []);
    // Also the kernel-language files outside policy/modules.
    const extra = filesUnder(join(src.root, 'policy')).filter((f) => /\/policy\/(constraints|mls|mcs|users|flask\/initial_sids|policy_capabilities)$/.test(f));
    assert.ok(extra.length >= 4);
    assert.deepEqual(parseErrors(extra, src.root), []);
  });

  test('index counts agree with plain-text counts', () => {
    // Index every ifdef branch, as a text scan sees them all.
    const index = new PolicyIndex();
    indexSources(index, [{ ...src, defines: undefined }]);
    const s = index.stats();
    const files = [...src.files];
    const ifs = files.filter((f) => /\.if(\.in)?$/.test(f));
    const tes = files.filter((f) => /\.te(\.in)?$/.test(f));
    assert.equal(s.parseErrors, 0);
    assert.equal(s.interfaces + s.templates, scanNames(ifs, IFACE).size, 'interfaces + templates');
    assert.equal(s.types, scanNames(tes, /^\s*type (\w+)[\s,;]/gm).size, 'types');
    assert.equal(s.attributes, scanNames(tes, /^\s*attribute (\w+)\s*;/gm).size, 'attributes');
    const tunableFiles = [...tes, ...ifs, ...files.filter((f) => f.endsWith('global_tunables'))];
    assert.equal(s.tunables, scanNames(tunableFiles, /gen_tunable\(`?(\w+)'?\s*,/gm).size, 'tunables');
    const classes = scanNames(files.filter((f) => f.endsWith('flask/security_classes')), /^class (\w+)/gm);
    assert.equal(s.classes, classes.size, 'classes');
    const permSets = scanNames(files.filter((f) => f.endsWith('obj_perm_sets.spt')), /^define\(`(\w+_perms)'/gm);
    assert.equal(s.permissionSets, permSets.size, 'permission sets');
    const fcLines = files.filter((f) => f.endsWith('.fc')).reduce((n, f) => n + readFileSync(f, 'utf8').split('\n').filter((l) => /^\s*(\/|HOME_|[A-Z_]+\/)/.test(l)).length, 0);
    assert.equal(s.fileContexts, fcLines, 'file-context entries');
  });

  test('the index cache reads back what parsing gives, for every file', () => checkCache(src));

  test('well-known facts are indexed', () => {
    const index = new PolicyIndex();
    indexSources(index, [src]);
    const f = index.macro('files_read_etc_files');
    assert.ok(f, 'files_read_etc_files');
    assert.equal(f.kind, 'interface');
    assert.match(f.uri, /\/kernel\/files\.if$/);
    assert.equal(macroDoc(f)?.summary, 'Read generic files in /etc.');
    assert.deepEqual(macroDoc(f)?.params.map((p) => p.name), ['domain']);
    assert.ok(index.cls('tcp_socket')?.perms.has('name_bind'));
    assert.ok(!index.cls('tcp_socket')?.perms.has('execute_no_trans'));
    assert.equal(index.cls('dbus')?.userspace, true);
    assert.equal(index.cls('file')?.userspace, false);
    assert.deepEqual(index.permSets().get('read_file_perms')?.classes, ['file']);
    assert.deepEqual(index.permSets().get('read_file_perms')?.perms, ['getattr', 'ioctl', 'lock', 'open', 'read']);
    assert.ok(index.declarations('httpd_t').some((d) => d.kind === 'type' && d.module === 'apache'));
    assert.ok(index.fileContextsFor('httpd_exec_t').some((fc) => fc.path.startsWith('/usr/sbin/httpd')));
  });
});

suite('corpus: installed devel headers (selinux-policy-dev)', { skip: missing(needs.devel) }, () => {
  test('every header parses without errors and the interface count matches a text scan', () => {
    const s = detectSource(DEVEL);
    assert.ok(!('error' in s) && s.kind === 'devel');
    const src = s as PolicySource;
    assert.deepEqual(parseErrors([...src.files], DEVEL), []);
    const index = new PolicyIndex();
    indexSources(index, [src]);
    const st = index.stats();
    assert.equal(st.interfaces + st.templates, scanNames(src.files.filter((f) => f.endsWith('.if')), IFACE).size);
    assert.ok(st.classes > 100, `${st.classes} classes from all_perms.spt`);
    assert.ok(index.cls('dbus')?.userspace);
    assert.deepEqual(index.permSets().get('read_file_perms')?.classes, ['file']);
  });

  test('the index cache reads back what parsing gives, for every header', () => {
    const s = detectSource(DEVEL);
    assert.ok(!('error' in s));
    checkCache(s as PolicySource);
  });
});
