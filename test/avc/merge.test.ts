// Merging denials into a module: minimal, idempotent edits that touch nothing else.
import { suite, test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { mergeDenials } from '../../server/src/core/avc/merge';
import { parseAuditLog } from '../../server/src/core/avc/parse';
import { generateRules } from '../../server/src/core/avc/rules';
import { parseDocument } from '../../server/src/core/document';
import { miniIndex } from '../core/features/fixture';

const avc = (src: string, tgt: string, cls: string, perms: string, n = 1) =>
  `type=AVC msg=audit(1.${n}:${n}): avc:  denied  { ${perms} } for pid=1 comm="x" scontext=system_u:system_r:${src}:s0 tcontext=system_u:object_r:${tgt}:s0 tclass=${cls} permissive=0`;

function merge(te: string, log: string[], callFor?: (r: { source: string }) => string | undefined) {
  const doc = parseDocument(TextDocument.create('file:///ws/m.te', 'selinux-te', 1, te));
  const g = generateRules(parseAuditLog(log.join('\n')).records);
  const r = mergeDenials(doc, g, miniIndex(), callFor ? { callFor } : {});
  const out = TextDocument.applyEdits(doc.text, r.edits);
  const again = mergeDenials(parseDocument(TextDocument.create('file:///ws/m.te', 'selinux-te', 2, out)), g, miniIndex(), callFor ? { callFor } : {});
  assert.deepEqual(again.edits, [], 'importing twice changes nothing');
  return { out, r };
}

suite('merge denials into a module', () => {
  test('a new require block after policy_module, rules under a per-domain section', () => {
    const { out, r } = merge('policy_module(m, 1.0)\n\ntype m_t;\n', [avc('m_t', 'etc_t', 'file', 'read'), avc('m_t', 'etc_t', 'file', 'open', 2), avc('m_t', 'm_t', 'process', 'signal', 3)]);
    assert.equal(out, 'policy_module(m, 1.0)\n\nrequire {\n\ttype etc_t;\n}\n\ntype m_t;\n\n#============= m_t ==============\nallow m_t etc_t:file { open read };\nallow m_t self:process signal;\n');
    assert.equal(r.form, 'policy_module');
    assert.equal(r.newRules, 2);
  });

  test('an existing rule gets the missing permissions; a permission set already covering them is left alone', () => {
    const te = 'policy_module(m, 1.0)\n\nrequire {\n\ttype etc_t;\n\ttype tmp_t;\n}\n\ntype m_t;\n# keep this comment\nallow m_t etc_t:file read;\nallow m_t tmp_t:file read_file_perms;\n';
    const { out, r } = merge(te, [avc('m_t', 'etc_t', 'file', 'getattr'), avc('m_t', 'tmp_t', 'file', 'read', 2)]);
    assert.equal(out, te.replace('allow m_t etc_t:file read;', 'allow m_t etc_t:file { read getattr };'));
    assert.equal(r.extendedRules, 1);
    assert.equal(r.newRules, 0);
  });

  test('an existing section is appended to; roles get their own section', () => {
    const te = 'policy_module(m, 1.0)\n\ntype m_t;\n\n#============= m_t ==============\nallow m_t self:process signal;\n\n# trailing notes\n';
    const compute = 'type=SELINUX_ERR msg=audit(1.9:9): security_compute_sid:  invalid context system_u:system_r:m_t:s0 for scontext=system_u:system_r:init_t:s0 tcontext=system_u:object_r:m_t:s0 tclass=process';
    const { out } = merge(te, [avc('m_t', 'm_t', 'process', 'sigkill'), avc('m_t', 'm_t', 'fifo_file', 'read', 2), compute]);
    assert.match(out, /allow m_t self:process \{ signal sigkill \};\nallow m_t self:fifo_file read;\n\n# trailing notes\n/);
    assert.match(out, /#============= ROLES ==============\nrole system_r types m_t;\n$/);
    assert.match(out, /require \{\n\trole system_r;\n\}/);
  });

  test('interface calls instead of rules, once each', () => {
    const { out } = merge('policy_module(m, 1.0)\n\ntype m_t;\n', [avc('m_t', 'etc_t', 'file', 'read'), avc('m_t', 'etc_t', 'dir', 'search', 2)], () => 'files_read_etc_files(m_t)');
    assert.equal(out.match(/files_read_etc_files\(m_t\)/g)?.length, 1);
    assert.ok(!out.includes('allow m_t etc_t'));
  });

  test('a file with no module statement: rules appended, nothing else', () => {
    const { out } = merge('# scratch\n', [avc('a_t', 'b_t', 'file', 'read')]);
    assert.equal(out, '# scratch\n\n#============= a_t ==============\nallow a_t b_t:file read;\n');
  });
});
