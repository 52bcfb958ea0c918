// Protocol-level tests: a real client connection talks JSON-RPC to the server.
import { suite, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CodeAction, CodeActionRequest, CompletionList, CompletionRequest, DefinitionRequest, DidChangeTextDocumentNotification, DocumentHighlightRequest,
  DocumentSymbol, DocumentSymbolRequest, FoldingRangeRequest, HoverRequest, Location, MarkupContent, PrepareRenameRequest, ReferencesRequest,
  RenameRequest, SignatureHelpRequest, SymbolInformation, WorkspaceSymbolRequest,
} from 'vscode-languageserver-protocol/node';
import { childProcessClient, inProcessClient } from './client';
import { CAPABILITIES } from '../../server/src/server';
import { URI } from 'vscode-uri';

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

  test('selinux/fcMatch and .fc diagnostics and hover over an open file-context document', async () => {
    const c = inProcessClient();
    await c.initialize(MINI);
    await c.connection.sendRequest('selinux/indexStatus');
    const uri = 'file:///ws/app.fc';
    await c.open(uri, 'selinux-fc', '/opt/app(/.*)?\t\tgen_context(system_u:object_r:etc_t,s0)\n/opt/app/logs(/.*)?\t\tgen_context(system_u:object_r:var_t,s0)\n/opt/app(/.*)?\t\tgen_context(system_u:object_r:etc_t,s0)\n');
    const d = await c.diagnostics(uri);
    assert.deepEqual(d.diagnostics.filter((x) => x.code === 'fc-duplicate').map((x) => x.range.start.line), [0, 2]);
    const r = (await c.connection.sendRequest('selinux/fcMatch', { path: '/opt/app/logs/today.log', type: 'f' })) as { context: string; winner: { line: number; regex: string }; beaten: unknown[] };
    assert.equal(r.context, 'system_u:object_r:var_t:s0');
    assert.equal(r.winner.regex, '/opt/app/logs(/.*)?');
    assert.equal(r.beaten.length, 2);
    const bad = (await c.connection.sendRequest('selinux/fcMatch', { path: 'relative' })) as { error?: string };
    assert.match(bad.error ?? '', /absolute path/);
    const hover = await c.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 1, character: 5 } });
    assert.match((hover?.contents as MarkupContent).value, /this wins \(longer stem\)/);
    await c.close();
  });

  test('selinux.fileContexts: .fc entries are checked against a built file_contexts (an installed copy of the same entry is not a duplicate)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'selinux-ls-fc-'));
    const fc = join(dir, 'file_contexts');
    writeFileSync(fc, '/opt/app(/.*)?\t\tsystem_u:object_r:usr_t:s0\n/opt/app/logs(/.*)?\t\tsystem_u:object_r:var_t:s0\n/opt/app/run\t-d\tsystem_u:object_r:var_t:s0\n');
    const c = inProcessClient();
    await c.initialize({ ...MINI, fileContexts: fc });
    await c.connection.sendRequest('selinux/indexStatus');
    const uri = 'file:///ws/app.fc';
    await c.open(uri, 'selinux-fc', '/opt/app(/.*)?\t\tgen_context(system_u:object_r:etc_t,s0)\n/opt/app/run\t-d\tgen_context(system_u:object_r:var_t,s0)\n');
    const d = (await c.diagnostics(uri)).diagnostics;
    const dup = d.filter((x) => x.code === 'fc-duplicate');
    assert.equal(dup.length, 1, JSON.stringify(d));
    assert.match(String(dup[0].message), /Multiple different specifications for \/opt\/app\(\/\.\*\)\? \(system_u:object_r:etc_t:s0 and system_u:object_r:usr_t:s0 at file_contexts:1\)/);
    assert.ok(d.some((x) => x.code === 'fc-overridden' && x.range.start.line === 0 && /from \/opt\/app\/run \(file_contexts:3\), which wins: exact path \(and 1 more/.test(String(x.message))), JSON.stringify(d));
    // The installed copy of the document's own /opt/app/run entry is not a duplicate.
    assert.ok(!dup.some((x) => x.range.start.line === 1));
    await c.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('audit logs: a diagnostic per denial, "allow in <module>.te" with a preview annotation, and selinux/importDenials', async () => {
    const c = inProcessClient();
    await c.initialize(MINI);
    await c.connection.sendRequest('selinux/indexStatus');
    const te = 'file:///ws/myweb.te';
    const teText = 'policy_module(myweb, 1.0)\n\ntype myweb_t;\n';
    await c.open(te, 'selinux-te', teText);
    const logUri = 'file:///ws/audit.log';
    const avc = (perm: string, n: number) => `type=AVC msg=audit(1700000000.${n}:${n}): avc:  denied  { ${perm} } for  pid=1 comm="myweb" scontext=system_u:system_r:myweb_t:s0 tcontext=system_u:object_r:etc_t:s0 tclass=file permissive=0`;
    const logText = [avc('read', 1), 'type=SYSCALL msg=audit(1700000000.1:1): arch=c000003e', avc('open', 2), 'type=AVC msg=audit(1:3): avc:  denied  { read  for scontext=a:b:c tcontext=a:b:d tclass=file'].join('\n');
    await c.open(logUri, 'selinux-audit', logText);
    const d = (await c.diagnostics(logUri)).diagnostics;
    assert.deepEqual(d.map((x) => `${x.range.start.line}:${x.code}`), ['0:avc-denial', '2:avc-denial', '3:avc-malformed']);
    assert.match(String(d[0].message), /denied \{ read \} for myweb_t → etc_t:file/);
    const actions = (await c.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: logUri }, range: d[0].range, context: { diagnostics: [d[0]] } })) as CodeAction[];
    const allow = actions.find((a) => a.title.startsWith('Allow in myweb.te'));
    assert.ok(allow, actions.map((a) => a.title).join('; '));
    const change = allow.edit?.documentChanges?.[0] as { textDocument: { uri: string }; edits: Array<{ newText: string; annotationId?: string }> };
    assert.equal(change.textDocument.uri, te);
    assert.ok(change.edits.every((e) => e.annotationId) && allow.edit?.changeAnnotations?.[change.edits[0].annotationId!]?.needsConfirmation, 'previewed before it is applied');
    assert.ok(change.edits.some((e) => e.newText.includes('allow myweb_t etc_t:file read;')));
    const r = (await c.connection.sendRequest('selinux/importDenials', { log: logText, target: te })) as { edit: { documentChanges: Array<{ edits: Array<{ newText: string }> }> }; merge: { newRules: number; requires: number }; malformed: number };
    assert.equal(r.merge.newRules, 1);
    assert.equal(r.merge.requires, 1);
    assert.equal(r.malformed, 1);
    assert.match(r.edit.documentChanges[0].edits.map((e) => e.newText).join(''), /type etc_t;[\s\S]*allow myweb_t etc_t:file \{ open read \};/);
    const bad = (await c.connection.sendRequest('selinux/importDenials', { log: 'nothing here', target: te })) as { error?: string };
    assert.match(bad.error ?? '', /No AVC records/);
    await c.close();
  });

  test('an interface the workspace defines again wins over the installed headers\' (diagnostics and hover)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'selinux-ls-ws-'));
    writeFileSync(join(dir, 'mymod.if'), '## <summary>Mine.</summary>\n\n########################################\n## <summary>\n##\tRead etc files, for two domains.\n## </summary>\n#\ninterface(`files_read_etc_files\',`\n\tgen_require(`\n\t\ttype etc_t;\n\t\')\n\tallow $1 etc_t:file read;\n\tallow $2 etc_t:file read;\n\')\n');
    const te = join(dir, 'mymod.te');
    const teText = 'policy_module(mymod, 1.0)\n\ntype mymod_t;\ntype mymod2_t;\nfiles_read_etc_files(mymod_t, mymod2_t)\n';
    writeFileSync(te, teText);
    const c = inProcessClient();
    await c.initialize(MINI, [dir]);
    await c.connection.sendRequest('selinux/indexStatus');
    const uri = URI.file(te).toString();
    await c.open(uri, 'selinux-te', teText);
    // The headers' files_read_etc_files takes one argument: with it the call would get extra-arguments.
    assert.deepEqual((await c.diagnostics(uri)).diagnostics, []);
    const hover = await c.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 4, character: 3 } });
    assert.match((hover?.contents as MarkupContent).value, /for two domains/);
    await c.close();
    rmSync(dir, { recursive: true, force: true });
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

test('the bundled server keeps the headers\' symbols in the index cache; selinux.indexCache: false turns it off', { skip: existsSync(join(root, 'dist', 'server.js')) ? false : 'run npm run build first' }, async () => {
  const cache = mkdtempSync(join(tmpdir(), 'selinux-ls-server-cache-'));
  try {
    // Starts a server, waits for its index, and returns the index counts and its "Indexed" log line.
    const session = async (options: object) => {
      const c = childProcessClient(join(root, 'dist', 'server.js'), { ...process.env, SELINUX_LS_CACHE_DIR: cache });
      const logs: string[] = [];
      c.connection.onNotification('window/logMessage', (m: { message: string }) => {
        logs.push(m.message);
      });
      await c.initialize({ ...MINI, ...options });
      const stats = (await c.connection.sendRequest('selinux/indexStatus')) as Record<string, number>;
      await c.close();
      return { stats, indexed: logs.find((l) => l.startsWith('Indexed ')) ?? logs.join(' | ') };
    };
    const first = await session({});
    assert.match(first.indexed, /^Indexed 3 files \(0 from the cache\)/);
    const second = await session({});
    assert.match(second.indexed, /^Indexed 3 files \(3 from the cache\)/);
    assert.deepEqual(second.stats, first.stats);
    const off = await session({ indexCache: false });
    assert.match(off.indexed, /^Indexed 3 files \(0 from the cache\)/);
    assert.deepEqual(off.stats, first.stats);
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
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

suite('protocol: one round trip per feature', () => {
  const uri = 'file:///ws/feat.te';
  const ifUri = 'file:///ws/feat.if';
  const te = [
    'policy_module(feat, 1.0)',
    '',
    'type feat_t;',
    'type feat_tmp_t;',
    'files_read_etc_files(feat_t)',
    'files_tmp_filetrans(feat_t, feat_tmp_t, file)',
    'allow feat_t feat_tmp_t:file read;',
    'optional_policy(`',
    '\tfiles_read_etc_files(feat_t)',
    "')",
    '',
  ].join('\n');
  const iface = [
    '## <summary>Feat.</summary>',
    '',
    '########################################',
    '## <summary>',
    '##\tRead feat temporary files.',
    '## </summary>',
    '## <param name="domain">',
    '##\t<summary>',
    '##\tDomain allowed access.',
    '##\t</summary>',
    '## </param>',
    '#',
    "interface(`feat_read_tmp',`",
    '\tgen_require(`',
    '\t\ttype feat_tmp_t;',
    "\t')",
    '',
    '\tallow $1 feat_tmp_t:file read;',
    "')",
    '',
  ].join('\n');

  async function session() {
    const c = inProcessClient();
    await c.initialize(MINI);
    await c.connection.sendRequest('selinux/indexStatus');
    await c.open(uri, 'selinux-te', te);
    await c.open(ifUri, 'selinux-if', iface);
    await c.diagnostics(uri);
    await c.diagnostics(ifUri);
    return c;
  }

  test('signature help', async () => {
    const c = await session();
    const r = await c.connection.sendRequest(SignatureHelpRequest.type, { textDocument: { uri }, position: { line: 5, character: 30 } });
    assert.equal(r?.signatures[0].label, 'files_tmp_filetrans(domain, private_type, object_class)');
    assert.equal(r?.activeParameter, 1);
    await c.close();
  });

  test('definition into the indexed headers', async () => {
    const c = await session();
    const r = (await c.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position: { line: 4, character: 3 } })) as Location[];
    assert.equal(r.length, 1);
    assert.match(r[0].uri, /mini-devel\/include\/kernel\/files\.if$/);
    await c.close();
  });

  test('references and document highlights', async () => {
    const c = await session();
    const refs = (await c.connection.sendRequest(ReferencesRequest.type, { textDocument: { uri }, position: { line: 3, character: 6 }, context: { includeDeclaration: true } })) as Location[];
    assert.deepEqual(refs.map((l) => `${l.uri.slice(-7)}:${l.range.start.line}`).sort(), ['feat.if:14', 'feat.if:17', 'feat.te:3', 'feat.te:5', 'feat.te:6']);
    const hl = await c.connection.sendRequest(DocumentHighlightRequest.type, { textDocument: { uri }, position: { line: 2, character: 6 } });
    assert.equal(hl?.length, 5);
    await c.close();
  });

  test('document and workspace symbols', async () => {
    const c = await session();
    const doc = (await c.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })) as DocumentSymbol[];
    assert.deepEqual(doc.map((s) => s.name), ['feat', 'feat_t', 'feat_tmp_t', 'optional_policy']);
    const ws = await c.connection.sendRequest(WorkspaceSymbolRequest.type, { query: 'feat_read' });
    assert.deepEqual((ws as SymbolInformation[]).map((s) => s.name), ['feat_read_tmp']);
    await c.close();
  });

  test('folding ranges', async () => {
    const c = await session();
    const r = await c.connection.sendRequest(FoldingRangeRequest.type, { textDocument: { uri: ifUri } });
    assert.ok(r?.some((f) => f.startLine === 12 && f.endLine === 17), JSON.stringify(r));
    assert.ok(r?.some((f) => f.kind === 'comment' && f.startLine === 2));
    await c.close();
  });

  test('rename of a module-local type across .te and .if', async () => {
    const c = await session();
    const prep = await c.connection.sendRequest(PrepareRenameRequest.type, { textDocument: { uri }, position: { line: 3, character: 6 } });
    assert.ok(prep);
    const edit = await c.connection.sendRequest(RenameRequest.type, { textDocument: { uri }, position: { line: 3, character: 6 }, newName: 'feat_scratch_t' });
    assert.deepEqual(Object.keys(edit?.changes ?? {}).sort(), [ifUri, uri].sort());
    assert.equal(edit?.changes?.[uri].length, 3);
    assert.equal(edit?.changes?.[ifUri].length, 2);
    await c.close();
  });

  test('code actions: add a missing type to the require block', async () => {
    const c = inProcessClient();
    await c.initialize(MINI);
    await c.connection.sendRequest('selinux/indexStatus');
    const u = 'file:///ws/fix.te';
    await c.open(u, 'selinux-te', 'policy_module(fix, 1.0)\n\ntype fix_t;\nallow fix_t etc_t:file read;\n');
    let d = await c.diagnostics(u);
    while (!d.diagnostics.length) d = await c.diagnostics(u);
    const unknown = d.diagnostics.find((x) => x.code === 'unknown-type');
    assert.ok(unknown, JSON.stringify(d.diagnostics));
    const actions = (await c.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: u }, range: unknown.range, context: { diagnostics: [unknown] } })) as CodeAction[];
    const add = actions.find((a) => a.title === 'Add type etc_t to the require block');
    assert.ok(add, actions.map((a) => a.title).join('; '));
    assert.equal(add.edit?.changes?.[u][0].newText, '\nrequire {\n\ttype etc_t;\n}\n');
    await c.close();
  });
});
