// The fixture helper and the mini reference-policy tree the feature tests index.
import { suite, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse, fileKindOf } from '../../../server/src/core/syntax/parser';
import { FEATURE_FIXTURES, fixtureFromText, loadFixture, MINI_POLICY, miniIndex, miniPolicy } from './fixture';

suite('mini-policy', () => {
  test('is detected as a refpolicy source tree with TYPE = mcs', () => {
    const { source } = miniPolicy();
    assert.equal(source.kind, 'refpolicy');
    assert.ok(source.defines?.has('enable_mcs'), 'build.conf TYPE = mcs');
    assert.ok(!source.defines?.has('enable_mls'));
    const rel = source.files.map((f) => f.slice(MINI_POLICY.length + 1)).sort();
    for (const f of ['policy/flask/access_vectors', 'policy/flask/security_classes', 'policy/support/obj_perm_sets.spt', 'policy/support/file_patterns.spt', 'policy/modules/kernel/files.if', 'policy/modules/system/init.if', 'policy/global_booleans']) {
      assert.ok(rel.includes(f), f);
    }
  });

  test('every file parses without errors', () => {
    for (const t of miniPolicy().texts) {
      const errors = parse(t.text, t.kind).errors;
      assert.deepEqual(errors, [], t.uri);
    }
  });

  test('the index knows the classes, sets, interfaces and declarations the fixtures rely on', () => {
    const index = miniIndex();
    const s = index.stats();
    assert.equal(s.parseErrors, 0);
    assert.ok(s.interfaces >= 10 && s.templates >= 1 && s.permissionSets >= 20 && s.classes >= 15, JSON.stringify(s));
    assert.equal(index.cls('dbus')?.userspace, true);
    assert.equal(index.cls('file')?.userspace, false);
    assert.ok(index.cls('tcp_socket')?.perms.has('name_bind'), 'tcp_socket inherits name_bind from common socket');
    assert.ok(index.cls('file')?.perms.has('execute_no_trans') && !index.cls('dir')?.perms.has('execute_no_trans'));
    assert.deepEqual(index.permSets().get('read_file_perms')?.classes, ['file']);
    assert.deepEqual(index.permSets().get('list_dir_perms')?.classes, ['dir']);
    assert.equal(index.macro('files_read_etc_files')?.kind, 'interface');
    assert.equal(index.macro('files_data_template')?.kind, 'template');
    assert.equal(index.declarations('init_upstart')[0]?.kind, 'tunable');
    assert.equal(index.declarations('httpd_can_sendmail')[0]?.kind, 'bool');
    assert.equal(index.declarations('automount_etc_t')[0]?.aliasOf, 'etc_t');
    assert.deepEqual([...index.membersOf('httpdcontent')].sort(), ['httpd_sys_content_t', 'httpd_user_content_t']);
    assert.ok(index.fileContextsFor('etc_t').length >= 2);
  });

  test('the index is built once: two calls share the symbols', () => {
    assert.equal(miniPolicy(), miniPolicy());
    const a = [...miniIndex().allFiles()];
    const b = [...miniIndex().allFiles()];
    assert.equal(a[0], b[0]);
  });
});

suite('fixture helper', () => {
  test('finds and removes the cursor', () => {
    const fx = fixtureFromText('c.te', '# expect: x\ntype a_t;\nallow a<|>_t self:process signal;\n');
    assert.equal(fx.doc.file.text, '# expect: x\ntype a_t;\nallow a_t self:process signal;\n');
    assert.deepEqual(fx.position, { line: 2, character: 7 });
    assert.equal(fx.offset, fx.doc.text.offsetAt(fx.position));
    assert.deepEqual(fx.all('expect'), ['x']);
  });

  test('exactly one cursor', () => {
    assert.throws(() => fixtureFromText('c.te', 'type a_t;\n'), /exactly one cursor/);
    assert.throws(() => fixtureFromText('c.te', 'type <|>a_t;\n<|>'), /exactly one cursor/);
    assert.throws(() => fixtureFromText('c.te', '#- a.te\ntype <|>a_t;\n#- a.if\n<|>'), /exactly one cursor/);
  });

  test('unknown directives are an error, plain comments are not', () => {
    assert.throws(() => fixtureFromText('c.te', '# expcet: a\n<|>'), /unknown directive "expcet"/);
    assert.doesNotThrow(() => fixtureFromText('c.te', '# Declarations\n# The type of x\n<|>'));
  });

  test('list directives split on commas and add up; others keep the whole value', () => {
    const fx = fixtureFromText('c.te', '# expect: a, b\n# expect: c\n# edit: f => f(${1:x}, ${2:y})\n<|>');
    assert.deepEqual(fx.all('expect'), ['a', 'b', 'c']);
    assert.equal(fx.one('edit'), 'f => f(${1:x}, ${2:y})');
    assert.equal(fx.one('hover'), undefined);
  });

  test('multi-file fixtures: one folder, one module, every document indexed', () => {
    const fx = fixtureFromText('m.te', '# expect: x\n#- myapp.te\ntype myapp_t;\n<|>\n#- myapp.if\ninterface(`myapp_read\',`\n\tallow $1 myapp_t:file read;\n\')\n');
    assert.deepEqual(fx.docs.map((d) => d.uri), ['file:///fixtures/inline/m/myapp.te', 'file:///fixtures/inline/m/myapp.if']);
    assert.equal(fx.doc.uri, 'file:///fixtures/inline/m/myapp.te');
    assert.equal(fx.doc.file.fileKind, 'te');
    assert.equal(fx.docs[1].file.fileKind, 'if');
    assert.equal(fx.index.macro('myapp_read')?.module, 'myapp');
    assert.equal(fx.index.declarations('myapp_t')[0]?.module, 'myapp');
    assert.ok(fx.index.macro('files_read_etc_files'), 'and the mini-policy');
    assert.throws(() => fixtureFromText('m.te', 'type x;\n#- a.te\n<|>'), /before the first #- header/);
  });

  test('every fixture loads, and its documents without the cursor parse without errors', () => {
    let n = 0;
    for (const feature of readdirSync(FEATURE_FIXTURES).sort()) {
      const dir = join(FEATURE_FIXTURES, feature);
      if (!statSync(dir).isDirectory()) continue;
      for (const f of readdirSync(dir).sort()) {
        const fx = loadFixture(join(dir, f));
        assert.ok(fx.directives.length > 0, `${feature}/${f} has directives`);
        for (const d of fx.docs) {
          if (d === fx.doc) continue;
          assert.deepEqual(parse(d.file.text, fileKindOf(d.uri)).errors, [], `${feature}/${f}: ${d.uri}`);
        }
        n++;
      }
    }
    assert.ok(n >= 100, `${n} fixtures`);
  });
});
