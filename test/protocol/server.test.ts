// Protocol-level tests: a real client connection talks JSON-RPC to the server.
import { suite, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CompletionRequest, HoverRequest, CompletionList, MarkupContent, DidChangeTextDocumentNotification } from 'vscode-languageserver-protocol/node';
import { childProcessClient, inProcessClient } from './client';
import { CAPABILITIES } from '../../server/src/server';

const root = join(__dirname, '..', '..');
const MINI = { policyPath: [join(root, 'test', 'fixtures', 'mini-devel')] };
const EXPECTED_CAPABILITIES = CAPABILITIES;

suite('protocol', () => {
  test('initialize answers with the implemented capabilities', async () => {
    const c = inProcessClient();
    const r = await c.initialize(MINI);
    assert.deepEqual(r.capabilities, EXPECTED_CAPABILITIES);
    assert.equal(r.serverInfo?.name, 'selinux-ls');
    await c.close();
  });

  test('diagnostics are published for a broken module and cleared when fixed text is opened', async () => {
    const c = inProcessClient();
    await c.initialize(MINI);
    const uri = 'file:///ws/broken.te';
    await c.open(uri, 'selinux-te', 'policy_module(broken, 1.0)\ntype broken_t\nallow broken_t self:file read;\n');
    const d = await c.diagnostics(uri);
    assert.equal(d.diagnostics.length, 1);
    assert.equal(d.diagnostics[0].message, "Missing ';'");
    assert.equal(d.diagnostics[0].code, 'syntax');
    assert.deepEqual(d.diagnostics[0].range.start, { line: 1, character: 13 });
    const ok = 'file:///ws/ok.te';
    await c.open(ok, 'selinux-te', 'policy_module(ok, 1.0)\ntype ok_t;\n');
    assert.deepEqual((await c.diagnostics(ok)).diagnostics, []);
    await c.close();
  });

  test('completion and hover round trip', async () => {
    const c = inProcessClient();
    await c.initialize(MINI);
    const uri = 'file:///ws/a.te';
    await c.open(uri, 'selinux-te', 'policy_module(a, 1.0)\n\n');
    const list = (await c.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 1, character: 0 } })) as CompletionList;
    const labels = list.items.map((i) => i.label);
    assert.ok(labels.includes('optional_policy'));
    assert.ok(labels.includes('allow'));
    const hover = await c.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 0, character: 3 } });
    assert.match((hover?.contents as MarkupContent).value, /\*\*policy_module\*\* \(support macro\)/);
    await c.close();
  });

  test('the server indexes the configured policy sources', async () => {
    const c = inProcessClient();
    await c.initialize({ policyPath: [join(root, 'test', 'fixtures', 'mini-devel')] });
    const stats = (await c.connection.sendRequest('selinux/indexStatus')) as Record<string, number>;
    assert.equal(stats.files, 3);
    assert.equal(stats.interfaces, 2);
    assert.equal(stats.templates, 1);
    assert.equal(stats.classes, 4);
    assert.equal(stats.permissionSets, 3 + 4);
    assert.equal(stats.parseErrors, 0);
    await c.close();
  });

  test('the bundled server answers initialize over stdio', { skip: existsSync(join(root, 'dist', 'server.js')) ? false : 'run npm run build first' }, async () => {
    const c = childProcessClient(join(root, 'dist', 'server.js'));
    const r = await c.initialize(MINI);
    assert.deepEqual(r.capabilities, EXPECTED_CAPABILITIES);
    await c.close();
    assert.equal(c.child.exitCode, 0);
  });
});

suite('protocol: editing', () => {
  test('completion follows incremental edits (the parse cache is keyed by version)', async () => {
    const c = inProcessClient();
    await c.initialize(MINI);
    await c.connection.sendRequest('selinux/indexStatus');
    const uri = 'file:///ws/edit.te';
    await c.open(uri, 'selinux-te', 'policy_module(edit, 1.0)\ntype edit_t;\n');
    await c.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, text: 'allow edit_t self:tcp_socket \n' }],
    });
    const list = (await c.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 2, character: 29 } })) as CompletionList;
    const labels = list.items.map((i) => i.label);
    assert.ok(labels.includes('name_bind'), labels.slice(0, 10).join(' '));
    assert.ok(!labels.includes('execute_no_trans'));
    await c.close();
  });
});
