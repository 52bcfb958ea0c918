// AVC import against the real toolchain:
//  - the rules equal audit2allow's (run with -p on a policy built from Debian's selinux-policy-src with
//    `make MONOLITHIC=y policy`), compared as (source, target, class, permission) and (role, type) tuples,
//    restricted to the AVCs audit2allow keeps (its line parser and libsepol's validity checks, asked
//    of the real audit2why);
//  - every merge of a log into the example module compiles with the devel Makefile, and importing the
//    same log twice changes nothing.
import { after, before, suite, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { mergeDenials } from '../../server/src/core/avc/merge';
import { parseAuditLog } from '../../server/src/core/avc/parse';
import { generateRules, ruleText } from '../../server/src/core/avc/rules';
import { partitionKnown } from '../../server/src/core/avc/known';
import { parseDocument } from '../../server/src/core/document';
import { PolicyIndex } from '../../server/src/core/index/policyIndex';
import { indexSources } from '../../server/src/indexer';
import { detectSource, PolicySource, resolveSources } from '../../server/src/policySources';
import { booleanHints } from '../../server/src/core/avc/booleans';
import { suggestInterfaces } from '../../server/src/core/avc/interfaces';
import { audit2allowTuples, audit2whyCodes, DROPPED_CODES, recordTuples, sepolgenParses } from '../support/audit2allow';
import { DEVEL, missing, needs, POLICY_SRC_TARBALL } from '../support/system';
import { avcLogDir, avcLogs } from '../support/avcLogs';
import { policyConfMemberships } from '../support/policyConf';

const AVC_DIR = avcLogDir().dir;
const EXAMPLE = join(__dirname, '..', '..', 'examples', 'webapp');
const srcOf = (d: string): PolicySource => detectSource(join(d, readdirSync(d)[0])) as PolicySource;
const LOGS = avcLogs();

suite('AVC import vs audit2allow and the devel Makefile', {
  skip: missing(needs.policySrc, needs.zstd, needs.make, needs.m4, needs.audit2allow, needs.checkmodule, needs.devel),
}, () => {
  let dir = '';
  let policy = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'audit2allow-'));
    execFileSync('tar', ['--zstd', '-xf', POLICY_SRC_TARBALL, '-C', dir]);
    const root = join(dir, readdirSync(dir)[0]);
    execFileSync('make', ['MONOLITHIC=y', 'policy'], { cwd: root, stdio: 'ignore' });
    policy = join(root, readdirSync(root).find((f) => /^policy\.\d+$/.test(f))!);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('our rules equal audit2allow -p on every shared log (restricted to the AVCs it keeps)', (t) => {
    const rows: string[] = [];
    let total = 0;
    let agreed = 0;
    for (const name of LOGS) {
      const path = join(AVC_DIR, name);
      const text = readFileSync(path, 'utf8');
      const lines = text.split('\n');
      const log = parseAuditLog(text);
      const codes = audit2whyCodes(policy, log.records);
      const kept = log.records.filter((r) => sepolgenParses(r, lines) && !(r.kind === 'avc' && DROPPED_CODES.has(codes.get(r) ?? 0)));
      const ours = recordTuples(kept);
      const out = spawnSync('audit2allow', ['-p', policy, '-i', path], { encoding: 'utf8' });
      assert.equal(out.status, 0, out.stderr);
      const theirs = audit2allowTuples(out.stdout);
      // Our generator, not just our reader: the rules it writes cover exactly the same tuples.
      const generated = new Set(generateRules(kept).rules.flatMap((r) => r.perms.map((p) => `${r.source} ${r.target === 'self' ? r.source : r.target} ${r.tclass} ${p}`)));
      for (const r of generateRules(kept).roles) generated.add(`role ${r.role} ${r.type}`);
      assert.deepEqual([...generated].sort(), [...ours].sort(), `${name}: generated rules = records`);
      const both = [...ours].filter((x) => theirs.has(x)).length;
      total += theirs.size;
      agreed += both;
      rows.push(`${name}: ${log.records.length} records (${log.malformed.length} malformed), audit2allow keeps ${kept.length}; tuples ours ${ours.size}, audit2allow ${theirs.size}, shared ${both}`);
      assert.deepEqual([...ours].sort(), [...theirs].sort(), name);
    }
    t.diagnostic(`logs from ${avcLogDir().shared ? 'the shared test data' : 'test/fixtures/avc (the shared test data is not beside the project)'}: ${LOGS.join(', ')}`);
    for (const r of rows) t.diagnostic(r);
    t.diagnostic(`agreement: ${agreed}/${total} audit2allow tuples`);
    mkdirSync('test-results', { recursive: true });
    writeFileSync(join('test-results', 'audit2allow-agreement.json'), JSON.stringify({ logs: rows, agreed, total }, null, 2));
    assert.equal(agreed, total);
  });

  test('dontaudit mode matches audit2allow -D', () => {
    const path = join(AVC_DIR, 'many.log');
    const out = spawnSync('audit2allow', ['-D', '-p', policy, '-i', path], { encoding: 'utf8' }).stdout;
    assert.match(out, /^dontaudit httpd_t var_log_t:file \{ read write \};$/m);
    const g = generateRules(parseAuditLog(readFileSync(path, 'utf8')).records, { dontaudit: true });
    assert.ok(g.rules.every((r) => r.kind === 'dontaudit'));
    assert.ok(g.rules.some((r) => r.source === 'httpd_t' && r.target === 'var_log_t' && r.perms.join(' ') === 'read write'));
  });

  test('boolean hints name the booleans audit2allow names (from the source tree\'s tunable_policy/if blocks)', () => {
    const index = new PolicyIndex();
    indexSources(index, [srcOf(dir)]);
    const moduleText = (uri: string) => readFileSync(URI.parse(uri).fsPath, 'utf8');
    for (const name of ['simple.log', 'many.log']) {
      const path = join(AVC_DIR, name);
      const out = spawnSync('audit2allow', ['-p', policy, '-i', path], { encoding: 'utf8' }).stdout;
      // audit2allow: "#!!!! This avc can be allowed using the boolean 'X'" or "... one of the these booleans:\n#     a, b", then the rule.
      const theirs = new Map<string, string[]>();
      for (const m of out.matchAll(/#!!!! This avc can be allowed using (?:the boolean '(\w+)'|one of the these booleans:\n#\s+([\w, ]+))\n(allow [^\n]+;)/g)) {
        theirs.set(m[3], (m[1] ?? m[2]).split(/,\s*/).sort());
      }
      assert.ok(theirs.size > 0, `${name}: audit2allow names booleans`);
      const g = generateRules(parseAuditLog(readFileSync(path, 'utf8')).records);
      const ours = new Map<string, string[]>();
      for (const r of g.rules) {
        const hints = booleanHints(index, r, moduleText);
        if (hints.length) ours.set(ruleText(r), hints.flatMap((h) => h.booleans).sort());
      }
      assert.deepEqual(ours, theirs, name);
    }
  });

  test('attribute memberships equal the built policy.conf\'s, interface and template calls included', (t) => {
    // What grants and interface suggestions read: a type's attributes from its declaration, typeattribute
    // statements and the calls of .te files expanded (files_type(usr_t) → typeattribute usr_t file_type).
    const index = new PolicyIndex();
    indexSources(index, [srcOf(dir)]);
    const truth = policyConfMemberships(readFileSync(join(dir, readdirSync(dir)[0], 'policy.conf'), 'utf8'));
    let pairs = 0;
    const missing: string[] = [];
    const extra: string[] = [];
    for (const [type, attrs] of truth) {
      const ours = index.attributesOf(type);
      pairs += attrs.size;
      for (const a of attrs) if (!ours.has(a)) missing.push(`${type} ${a}`);
      for (const a of ours) if (!attrs.has(a)) extra.push(`${type} ${a}`);
    }
    t.diagnostic(`${truth.size} types, ${pairs} memberships in policy.conf; missing ${missing.length}, extra ${extra.length}`);
    if (extra.length) t.diagnostic(`extra: ${extra.join(', ')}`);
    assert.ok(pairs > 10000, `policy.conf read: ${pairs} memberships`);
    assert.deepEqual(missing, []);
    // The index takes every branch of an ifelse (init_startstop_service's `ifelse(\`init_systemd', ...)`),
    // so a few memberships of a branch the build leaves out are extra.
    assert.ok(extra.length <= pairs / 1000, `extra memberships: ${extra.join(', ')}`);
  });

  test('interface suggestions: audit2allow -R\'s pick first, every candidate grants the request, multi-parameter interfaces considered', () => {
    const index = new PolicyIndex();
    indexSources(index, [srcOf(dir)]);
    const g = generateRules(parseAuditLog(readFileSync(join(AVC_DIR, 'simple.log'), 'utf8')).records);
    const s = suggestInterfaces(index, g.rules[0], 5);
    assert.equal(s[0].call, 'userdom_read_user_home_content_files(httpd_t)');
    const named = s.filter((x) => x.named);
    assert.ok(named.length > 1, JSON.stringify(s.map((x) => x.call)));
    assert.ok(named.every((x, i) => i === 0 || x.extra.length >= named[i - 1].extra.length), 'least extra privilege first');
    // A request on a type no interface names: an interface that takes the target as an argument.
    const req = { kind: 'allow' as const, source: 'myapp_t', target: 'myapp_exec_t', tclass: 'file', perms: ['entrypoint'], count: 1, lines: [0], permissiveOnly: false };
    const p = suggestInterfaces(index, req, 5);
    assert.ok(p.some((x) => x.args.length === 2 && x.args.includes('myapp_exec_t')), JSON.stringify(p.map((x) => x.call)));
  });

  test('a bare `module` gets every class and permission required, and compiles with checkmodule', () => {
    const index = new PolicyIndex();
    indexSources(index, resolveSources([DEVEL]).sources);
    const work = mkdtempSync(join(tmpdir(), 'merge-bare-'));
    try {
      const te = join(work, 'local.te');
      const original = 'module local 1.0;\n\nrequire {\n\ttype httpd_t;\n\tclass file read;\n}\n\n# kept as is\nallow httpd_t self:file read;\n';
      const { known } = partitionKnown(parseAuditLog(readFileSync(join(AVC_DIR, 'many.log'), 'utf8')).records, index);
      const doc = parseDocument(TextDocument.create(URI.file(te).toString(), 'selinux-te', 1, original));
      const merged = mergeDenials(doc, generateRules(known), index);
      assert.equal(merged.form, 'module');
      const result = TextDocument.applyEdits(doc.text, merged.edits);
      assert.match(result, /^\tclass file \{ read append create getattr write \};$/m, 'the existing class entry is extended in place');
      assert.match(result, /^\tclass tcp_socket \{ name_bind name_connect \};$/m);
      assert.match(result, /^# kept as is\nallow httpd_t self:file read;$/m);
      writeFileSync(te, result);
      const r = spawnSync('checkmodule', ['-M', '-m', '-o', join(work, 'local.mod'), te], { encoding: 'utf8' });
      assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}\n${result}`);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  test('merging each log into the example module compiles with the devel Makefile, and a second import changes nothing', () => {
    const index = new PolicyIndex();
    indexSources(index, resolveSources([DEVEL]).sources);
    const work = mkdtempSync(join(tmpdir(), 'merge-'));
    try {
      for (const name of LOGS) {
        const module = join(work, name.replace(/\.log$/, '').replace(/[^a-z0-9]/g, ''));
        mkdirSync(module);
        const te = join(module, 'webapp.te');
        copyFileSync(join(EXAMPLE, 'webapp.if'), join(module, 'webapp.if'));
        copyFileSync(join(EXAMPLE, 'webapp.fc'), join(module, 'webapp.fc'));
        const original = readFileSync(join(EXAMPLE, 'webapp.te'), 'utf8');
        const { known } = partitionKnown(parseAuditLog(readFileSync(join(AVC_DIR, name), 'utf8')).records, index);
        const g = generateRules(known);
        const doc = parseDocument(TextDocument.create(URI.file(te).toString(), 'selinux-te', 1, original));
        const merged = mergeDenials(doc, g, index);
        // Only insertions and permission-list edits: every original line is still there, in order.
        const result = TextDocument.applyEdits(doc.text, merged.edits);
        let k = 0;
        const outLines = result.split('\n');
        for (const line of original.split('\n')) {
          while (k < outLines.length && !outLines[k].startsWith(line.replace(/\s*\}?;?\s*$/, ''))) k++;
          assert.ok(k < outLines.length, `${name}: original line kept: ${line}`);
          k++;
        }
        writeFileSync(te, result);
        const again = mergeDenials(parseDocument(TextDocument.create(URI.file(te).toString(), 'selinux-te', 2, result)), g, index);
        assert.deepEqual(again.edits, [], `${name}: importing twice changes nothing`);
        const make = spawnSync('make', ['-f', join(DEVEL, 'Makefile'), 'webapp.pp'], { cwd: module, encoding: 'utf8' });
        assert.equal(make.status, 0, `${name}: ${make.stdout}\n${make.stderr}`);
      }
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
