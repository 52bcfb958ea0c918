// Runs inside VS Code's (code-server's) Node extension host through extensionTestsPath.
// VS Code calls run(); the promise's outcome becomes the exit code that drive.js reports.
// Waits are polls on real signals (completion items, diagnostics), each bounded by a deadline.
const vscode = require('vscode');
const assert = require('assert');
const path = require('path');

async function poll(what, fn, timeoutMs = 30000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    last = await fn();
    if (last) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function open(file) {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  await vscode.window.showTextDocument(doc);
  return doc;
}

function positionOf(doc, needle, delta = 0) {
  const i = doc.getText().indexOf(needle);
  assert.ok(i >= 0, `${needle} in ${doc.uri.fsPath}`);
  return doc.positionAt(i + delta);
}

exports.run = async function run() {
  const folder = vscode.workspace.workspaceFolders[0].uri.fsPath;
  const log = (m) => console.log(`E2E: ${m}`);

  // Language ids come from the manifest.
  const te = await open(path.join(folder, 'webapp.te'));
  assert.strictEqual(te.languageId, 'selinux-te');
  const ext = vscode.extensions.getExtension('selinux-ls.selinux-ls');
  assert.ok(ext, 'extension is installed');
  await ext.activate();
  assert.ok(ext.isActive, 'extension activated');
  log('extension active on a .te file');

  const fc = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(folder, 'webapp.fc')));
  assert.strictEqual(fc.languageId, 'selinux-fc');
  const iface = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(folder, 'webapp.if')));
  assert.strictEqual(iface.languageId, 'selinux-if');
  const audit = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(folder, 'audit.log')));
  assert.strictEqual(audit.languageId, 'selinux-audit');
  const plain = await open(path.join(folder, 'denials.txt'));
  await vscode.commands.executeCommand('selinux.setAuditLanguage');
  await poll('the audit language on denials.txt', () => vscode.window.activeTextEditor.document.languageId === 'selinux-audit');
  log(`language ids: te, if, fc, audit; ${path.basename(plain.uri.fsPath)} switched to selinux-audit`);

  // Completion from the server at the start of a line.
  await open(te.uri.fsPath);
  const end = new vscode.Position(te.lineCount - 1, 0);
  const list = await poll('completion items from the server', async () => {
    const l = await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', te.uri, end);
    return l && l.items.some((i) => i.label === 'optional_policy') ? l : undefined;
  });
  assert.ok(list.items.some((i) => i.label === 'allow'), 'keyword allow offered');
  log(`completion: ${list.items.length} items including optional_policy and allow`);

  // Context-aware completion: after the class, only its permissions (needs the installed devel headers).
  const demo = await open(path.join(folder, 'demo.te'));
  const edit = new vscode.WorkspaceEdit();
  edit.insert(demo.uri, new vscode.Position(demo.lineCount, 0), 'allow demo_t self:tcp_socket \n');
  await vscode.workspace.applyEdit(edit);
  const permPos = new vscode.Position(demo.lineCount - 2, 'allow demo_t self:tcp_socket '.length);
  const perms = await poll('tcp_socket permissions', async () => {
    const l = await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', demo.uri, permPos);
    return l && l.items.some((i) => i.label === 'name_bind') ? l : undefined;
  }, 60000);
  assert.ok(!perms.items.some((i) => i.label === 'execute_no_trans'), 'no file permissions for a socket');
  log(`completion after tcp_socket: ${perms.items.length} items, name_bind offered, execute_no_trans not`);

  // Hover on an interface call: header summary and the rules it expands to here.
  const callPos = positionOf(demo, 'files_read_etc_files', 3);
  const ihover = await poll('hover on files_read_etc_files', async () => {
    const h = await vscode.commands.executeCommand('vscode.executeHoverProvider', demo.uri, callPos);
    const t = (h || []).flatMap((x) => x.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    return /Read generic files in \/etc/.test(t) ? t : undefined;
  });
  assert.match(ihover, /allow demo_t etc_t:file/);
  log('hover on files_read_etc_files shows the summary and the expansion');

  // Go to definition jumps into the headers.
  const defs = await vscode.commands.executeCommand('vscode.executeDefinitionProvider', demo.uri, callPos);
  const target = defs.map((d) => (d.uri || d.targetUri).fsPath);
  assert.ok(target.some((p) => p.endsWith('/kernel/files.if')), `definition in files.if: ${target.join(', ')}`);
  log(`definition: ${target[0]}`);

  // Signature help inside the call's parentheses.
  const sigPos = positionOf(demo, 'files_read_etc_files(', 'files_read_etc_files('.length);
  const sig = await vscode.commands.executeCommand('vscode.executeSignatureHelpProvider', demo.uri, sigPos, '(');
  assert.strictEqual(sig && sig.signatures[0].label, 'files_read_etc_files(domain)');
  log(`signature help: ${sig.signatures[0].label}`);

  // Navigation and structure on the example module.
  const declPos = positionOf(te, 'type webapp_log_t', 6);
  const refs = await vscode.commands.executeCommand('vscode.executeReferenceProvider', te.uri, declPos);
  const refFiles = [...new Set(refs.map((r) => path.basename(r.uri.fsPath)))].sort();
  assert.deepStrictEqual(refFiles, ['webapp-extra.fc', 'webapp.fc', 'webapp.if', 'webapp.te']);
  const highlights = await vscode.commands.executeCommand('vscode.executeDocumentHighlights', te.uri, declPos);
  assert.ok(highlights.length >= 2, `highlights: ${highlights.length}`);
  const symbols = await vscode.commands.executeCommand('vscode.executeDocumentSymbolProvider', te.uri);
  assert.ok(symbols.some((x) => x.name === 'webapp_t'), 'outline has webapp_t');
  const wsyms = await vscode.commands.executeCommand('vscode.executeWorkspaceSymbolProvider', 'webapp_read');
  assert.ok(wsyms.some((x) => x.name === 'webapp_read_log'), 'workspace symbol webapp_read_log');
  const folds = await vscode.commands.executeCommand('vscode.executeFoldingRangeProvider', iface.uri);
  assert.ok(folds.length > 3, `folding ranges: ${folds.length}`);
  const rename = await vscode.commands.executeCommand('vscode.executeDocumentRenameProvider', te.uri, declPos, 'webapp_logfile_t');
  const renamed = rename.entries().map(([u, edits]) => `${path.basename(u.fsPath)}:${edits.length}`).sort();
  assert.ok(renamed.some((x) => x.startsWith('webapp.fc:')) && renamed.some((x) => x.startsWith('webapp.if:')), renamed.join(' '));
  log(`references in ${refFiles.join(', ')}; ${highlights.length} highlights; ${symbols.length} symbols; ${folds.length} folds; rename edits ${renamed.join(' ')}`);

  // A quick fix for a missing require.
  const fixme = await open(path.join(folder, 'fixme.te'));
  const unknown = await poll('unknown-type diagnostic', () => vscode.languages.getDiagnostics(fixme.uri).find((d) => d.code === 'unknown-type'));
  const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', fixme.uri, unknown.range);
  assert.ok(actions.some((a) => a.title === 'Add type etc_t to the require block'), actions.map((a) => a.title).join('; '));
  log(`quick fixes for "${unknown.message}": ${actions.map((a) => a.title).join('; ')}`);

  // Hover from the server.
  const hovers = await poll('hover on policy_module', async () => {
    const h = await vscode.commands.executeCommand('vscode.executeHoverProvider', te.uri, positionOf(te, 'policy_module', 3));
    return h && h.length ? h : undefined;
  });
  const hoverText = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
  assert.match(hoverText, /policy_module/);
  log('hover on policy_module');

  // File contexts: a duplicate entry (setfiles -c would reject it), and the overlap analysis in hover.
  const extra = await open(path.join(folder, 'webapp-extra.fc'));
  const dups = await poll('fc-duplicate diagnostics', () => {
    const d = vscode.languages.getDiagnostics(extra.uri).filter((x) => x.code === 'fc-duplicate');
    return d.length === 2 ? d : undefined;
  });
  assert.match(dups[0].message, /Multiple same specifications for \/var\/log\/webapp\(\/\.\*\)\?/);
  const fcHover = await poll('hover on an fc entry', async () => {
    const h = await vscode.commands.executeCommand('vscode.executeHoverProvider', extra.uri, new vscode.Position(2, 20));
    const t = (h || []).flatMap((x) => x.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    return /File context/.test(t) ? t : undefined;
  });
  assert.match(fcHover, /this wins \(longer stem\)/);
  log(`.fc: ${dups.length} fc-duplicate diagnostics; hover shows the overlaps`);

  // Audit logs: every denial is a diagnostic with quick fixes; "Import denials" merges them into the module.
  const auditDoc = await open(path.join(folder, 'audit.log'));
  const denials = await poll('denial diagnostics on audit.log', () => {
    const d = vscode.languages.getDiagnostics(auditDoc.uri).filter((x) => x.code === 'avc-denial');
    return d.length >= 5 ? d : undefined;
  });
  const mapDenial = denials.find((d) => /mysqld_port_t:tcp_socket/.test(d.message));
  assert.ok(mapDenial, denials.map((d) => d.message).join('; '));
  const fixes = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', auditDoc.uri, mapDenial.range);
  assert.ok(fixes.some((a) => a.title.startsWith('Allow in webapp.te')), fixes.map((a) => a.title).join('; '));
  log(`audit.log: ${denials.length} denials; quick fixes: ${fixes.map((a) => a.title).join('; ')}`);
  const teUri = te.uri.toString();
  const logText = auditDoc.getText();
  const first = await vscode.commands.executeCommand('selinux.importDenials', { log: logText, target: teUri, interfaces: false, preview: false });
  assert.ok(first && first.merge && first.merge.newRules + first.merge.extendedRules > 0, JSON.stringify(first));
  const merged = (await vscode.workspace.openTextDocument(te.uri)).getText();
  assert.match(merged, /allow webapp_t webapp_conf_t:file map;|allow webapp_t webapp_conf_t:file \{[^}]*map/);
  const second = await vscode.commands.executeCommand('selinux.importDenials', { log: logText, target: teUri, interfaces: false, preview: false });
  assert.ok(second && !second.edit, 'importing the same log twice changes nothing');
  await vscode.commands.executeCommand('workbench.action.files.revert', te.uri);
  log(`import denials: ${first.merge.newRules} new, ${first.merge.extendedRules} extended rules; a second import changes nothing`);

  // A diagnostic from the server.
  const broken = await open(path.join(folder, 'broken.te'));
  const diags = await poll('a diagnostic on broken.te', () => {
    const d = vscode.languages.getDiagnostics(broken.uri).filter((x) => x.source === 'selinux-ls');
    return d.length ? d : undefined;
  });
  assert.ok(diags.some((d) => /Missing ';'|Expected/.test(d.message)), `syntax diagnostic: ${diags.map((d) => d.message).join('; ')}`);
  log(`diagnostics on broken.te: ${diags.map((d) => `${d.range.start.line + 1}: ${d.message}`).join(' | ')}`);
  // The valid module has none.
  const clean = vscode.languages.getDiagnostics(te.uri).filter((x) => x.source === 'selinux-ls' && x.severity === vscode.DiagnosticSeverity.Error);
  assert.deepStrictEqual(clean.map((d) => d.message), []);
  log('PASS');
};
