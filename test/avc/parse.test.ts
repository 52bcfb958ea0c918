// The audit-log reader on the shared test logs (every record kind and the malformed ones), plus fuzzing.
import { suite, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseAuditLog } from '../../server/src/core/avc/parse';
import { generateRules, ruleText } from '../../server/src/core/avc/rules';
import { avcLogDir } from '../support/avcLogs';

const AVC_DIR = avcLogDir().dir;
const read = (name: string) => readFileSync(join(AVC_DIR, name), 'utf8');

suite('audit log reader', () => {
  test('every record kind of many.log', () => {
    const log = parseAuditLog(read('many.log'));
    assert.equal(log.malformed.length, 0);
    assert.equal(log.records.length, 21);
    const at = (line: number) => log.records.find((r) => r.line === line - 1)!;
    assert.equal(at(6).permissive, false);
    assert.equal(at(7).permissive, true);
    assert.equal(at(10).scontext, 'staff_u:staff_r:staff_t:s0-s0:c0.c1023', 'MCS range kept whole');
    assert.equal(at(13).denied, false, 'granted');
    assert.equal(at(14).userspace, true, 'USER_AVC');
    assert.equal(at(14).tclass, 'system');
    assert.equal(at(14).exe, '/usr/lib/systemd/systemd');
    assert.equal(at(16).ioctlcmd, '0x5401', 'dmesg-prefixed form');
    assert.equal(at(17).target, 'named_zone_t', 'syslog-prefixed form');
    assert.equal(at(18).comm, 'rsyslogd', 'ausearch -i: unquoted comm kept whole (audit2allow cuts it to "syslog")');
    assert.equal(at(18).event, '11/14/2023 22:15:00.017:5017');
    assert.equal(at(19).path, '/tmp/messages', 'AVC_PATH merged by event id');
    assert.equal(at(21).kind, 'compute_sid');
    assert.equal(at(21).invalidContext, 'unconfined_u:system_r:httpd_t:s0');
    assert.deepEqual(at(22).perms, ['read', 'write']);
  });

  test('junk.log: malformed records are reported with their lines, a wrapped record is joined', () => {
    const log = parseAuditLog(read('junk.log'));
    assert.deepEqual(log.malformed.map((m) => `${m.line + 1}: ${m.message}`), [
      "7: an AVC whose permission list has no closing '}'",
      '14: an AVC without a { permission } list',
      '16: an AVC with an empty permission list',
    ]);
    const wrapped = log.records.find((r) => r.line === 7)!;
    assert.equal(wrapped.endLine, 8, 'the record wrapped onto line 9 is read (audit2allow loses it)');
    assert.equal(wrapped.target, 'var_t');
    assert.ok(log.records.some((r) => r.line === 19 && r.perms[0] === 'open'), 'avc: glued to the header is read');
    assert.equal(log.records.find((r) => r.line === 20)!.tclass, 'dir', 'a repeated tclass: the last wins, as in audit2allow');
    assert.ok(log.records.some((r) => r.kind === 'compute_sid' && r.line === 16), 'the prefixed 1401 form is read');
  });

  test('rule generation: one rule per source/target/class, permissions merged, self, sorted', () => {
    const g = generateRules(parseAuditLog(read('many.log')).records);
    const text = g.rules.map(ruleText);
    assert.ok(text.includes('allow ntpd_t self:capability { setuid sys_time };'));
    assert.ok(text.includes('allow syslogd_t user_tmp_t:file { append getattr };'));
    assert.ok(!text.some((t) => t.includes('setsecparam')), 'granted records make no rule');
    assert.deepEqual(g.roles.map((r) => `${r.role} ${r.type}`), ['system_r httpd_t']);
    assert.deepEqual([...text].sort((a, b) => (a < b ? -1 : 1)), text, 'deterministic order');
    const d = generateRules(parseAuditLog(read('simple.log')).records, { dontaudit: true });
    assert.deepEqual(d.rules.map(ruleText), ['dontaudit httpd_t user_home_t:file { getattr open read };']);
    assert.equal(d.rules[0].count, 3);
  });

  test('every shared log parses without throwing', () => {
    for (const f of readdirSync(AVC_DIR).filter((x) => x.endsWith('.log'))) {
      const log = parseAuditLog(read(f));
      assert.ok(log.records.length + log.malformed.length > 0, f);
    }
  });

  test('fuzz: random and mutated lines never throw, and records point at real lines', () => {
    const base = read('many.log').split('\n');
    const mutated = fc.tuple(fc.integer({ min: 0, max: base.length - 1 }), fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 40 }), fc.string())
      .map(([i, at, del, ins]) => { const l = base[i]; return l.slice(0, at) + ins + l.slice(at + del); });
    fc.assert(fc.property(fc.array(fc.oneof(mutated, fc.string(), fc.constantFrom('{', '}', 'avc:', ' avc:  denied  {', 'scontext=a:b', '\r', '')), { maxLength: 30 }), (lines) => {
      const text = lines.join('\n');
      const log = parseAuditLog(text);
      for (const r of log.records) assert.ok(r.line >= 0 && r.endLine < log.lines && r.line <= r.endLine);
      generateRules(log.records);
    }), { numRuns: 500 });
  });
});
