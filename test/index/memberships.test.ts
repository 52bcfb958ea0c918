// Attribute memberships that macro calls in .te files create (files_type(usr_t) → typeattribute usr_t
// file_type): expanded through nested calls, kept up to date as files change. The whole-policy check
// against the build's policy.conf is in test/corpus/audit2allow.test.ts.
import { suite, test } from 'node:test';
import assert from 'node:assert/strict';
import { extractFromText } from '../../server/src/core/index/extract';
import { PolicyIndex } from '../../server/src/core/index/policyIndex';
import type { FileKind } from '../../server/src/core/syntax/nodes';

const IF = `interface(\`base_type',\`
	typeattribute $1 base_attr;
')
interface(\`files_type',\`
	base_type($1)
	typeattribute $1 file_type, non_security_file_type;
')
template(\`data_template',\`
	type $1_data_t, data_attr;
	files_type($1_data_t)
')
`;

const file = (name: string, text: string, kind: FileKind = name.endsWith('.if') ? 'if' : 'te') => extractFromText(`file:///p/${name}`, text, kind);
const sorted = (s: ReadonlySet<string>) => [...s].sort();

function index(te: string, iface = IF): PolicyIndex {
  const i = new PolicyIndex();
  i.update(file('files.if', iface));
  i.update(file('app.te', te));
  return i;
}

suite('attribute memberships through macro calls', () => {
  test('a call gives its argument the attributes of the expansion, nested calls included', () => {
    const i = index('type usr_t;\nfiles_type(usr_t)\n');
    assert.deepEqual(sorted(i.attributesOf('usr_t')), ['base_attr', 'file_type', 'non_security_file_type']);
    assert.deepEqual(sorted(i.membersOf('base_attr')), ['usr_t']);
  });

  test('templates: the names they create, and calls inside optional_policy blocks', () => {
    const i = index('optional_policy(`\n\tdata_template(myapp)\n\')\n');
    assert.deepEqual(sorted(i.attributesOf('myapp_data_t')), ['base_attr', 'data_attr', 'file_type', 'non_security_file_type']);
  });

  test('attributes from declarations and typeattribute statements are still there', () => {
    const i = index('type a_t, decl_attr;\ntypeattribute a_t stmt_attr;\nfiles_type(a_t)\n');
    assert.deepEqual(sorted(i.attributesOf('a_t')), ['base_attr', 'decl_attr', 'file_type', 'non_security_file_type', 'stmt_attr']);
  });

  test('editing the .te file: its calls are expanded again', () => {
    const i = index('files_type(usr_t)\n');
    assert.ok(i.membersOf('file_type').has('usr_t'));
    i.update(file('app.te', 'files_type(var_t)\n'));
    assert.deepEqual(sorted(i.membersOf('file_type')), ['var_t']);
    i.remove('file:///p/app.te');
    assert.deepEqual(sorted(i.membersOf('file_type')), []);
  });

  test('editing the interface: every caller sees the new body; removing it drops the memberships', () => {
    const i = index('files_type(usr_t)\n');
    assert.ok(i.attributesOf('usr_t').has('base_attr'));
    i.update(file('files.if', IF.replace('typeattribute $1 base_attr;', 'typeattribute $1 other_attr;')));
    assert.deepEqual(sorted(i.attributesOf('usr_t')), ['file_type', 'non_security_file_type', 'other_attr']);
    i.remove('file:///p/files.if');
    assert.deepEqual(sorted(i.attributesOf('usr_t')), []);
  });

  test('arguments that do not expand to a name give nothing; a macro calling itself terminates', () => {
    const loop = 'interface(`loop_a\',`\n\ttypeattribute $1 a_attr;\n\tloop_b($1)\n\')\ninterface(`loop_b\',`\n\tloop_a($1)\n\ttypeattribute $1 b_attr;\n\')\n';
    const i = index('files_type()\nfiles_type({ a_t b_t })\nloop_a(x_t)\n', IF + loop);
    assert.deepEqual(sorted(i.membersOf('file_type')), []);
    assert.deepEqual(sorted(i.attributesOf('x_t')), ['a_attr', 'b_attr']);
  });

  test('calls in .if files are not expansions: only .te files state memberships', () => {
    const i = index('', IF + 'interface(`uses\',`\n\tfiles_type(inner_t)\n\')\n');
    assert.deepEqual(sorted(i.attributesOf('inner_t')), []);
  });
});
