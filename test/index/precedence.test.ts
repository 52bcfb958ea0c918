// Names defined more than once: the definition of the files being worked on wins over the installed
// headers' or a source tree's (as in the build, where a module's own .if comes after the headers and m4
// keeps the last definition), whatever order the files were indexed in.
import { suite, test } from 'node:test';
import assert from 'node:assert/strict';
import { extractFromText } from '../../server/src/core/index/extract';
import { PolicyIndex, SOURCE_LAYER, USER_LAYER } from '../../server/src/core/index/policyIndex';

const def = (uri: string, params: string) => extractFromText(uri, `interface(\`files_read_etc',\`\n\tallow ${params} etc_t:file read;\n')\n`, 'if');
const HEADER = 'file:///usr/share/selinux/devel/include/kernel/files.if';
const MINE = 'file:///work/mymod/files.if';
const winner = (i: PolicyIndex) => i.macro('files_read_etc')?.uri;

suite('definition precedence', () => {
  test('a user file wins over a policy source, indexed before or after it', () => {
    const a = new PolicyIndex();
    a.update(def(HEADER, '$1'), SOURCE_LAYER);
    a.update(def(MINE, '$1 $2'));
    assert.equal(winner(a), MINE);
    assert.equal(a.macro('files_read_etc')?.maxParam, 2);
    const b = new PolicyIndex();
    b.update(def(MINE, '$1 $2'), USER_LAYER);
    b.update(def(HEADER, '$1'), SOURCE_LAYER);
    assert.equal(winner(b), MINE);
    assert.deepEqual(b.macros().get('files_read_etc')?.map((d) => d.uri), [MINE, HEADER]);
  });

  test('the merged tables keep the order through updates, removals and a change of layer', () => {
    const i = new PolicyIndex();
    i.update(def(HEADER, '$1'), SOURCE_LAYER);
    assert.equal(winner(i), HEADER);
    i.update(def(MINE, '$1 $2'));
    assert.equal(winner(i), MINE);
    // The header opened in the editor (updated without a layer) keeps the sources' precedence.
    i.update(def(HEADER, '$1 $3'));
    assert.equal(winner(i), MINE);
    assert.equal(i.layerOf(HEADER), SOURCE_LAYER);
    i.remove(MINE);
    assert.equal(winner(i), HEADER);
    i.update(def(MINE, '$1 $2'));
    i.update(def(MINE, '$1 $2'), SOURCE_LAYER);
    assert.deepEqual(i.macros().get('files_read_etc')?.map((d) => d.uri), [HEADER, MINE], 'same layer: indexing order');
    i.update(def(HEADER, '$1'), USER_LAYER);
    assert.equal(winner(i), HEADER);
  });
});
