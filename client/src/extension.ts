// SPDX-License-Identifier: MIT
// The VS Code client: starts the language server over IPC and registers a few commands. Nothing clever.

import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind, WorkspaceEdit as LspWorkspaceEdit } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

const LANGUAGES = ['selinux-te', 'selinux-if', 'selinux-fc', 'selinux-audit'];

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const output = vscode.window.createOutputChannel('SELinux Language Server', { log: true });
  const clientOptions: LanguageClientOptions = {
    documentSelector: LANGUAGES.flatMap((language) => [{ scheme: 'file', language }, { scheme: 'untitled', language }]),
    outputChannel: output,
    // Hovers on .fc entries link to the "Which file context applies to a path" command.
    markdown: { isTrusted: { enabledCommands: ['selinux.fcMatch'] } },
    synchronize: { configurationSection: 'selinux' },
  };
  client = new LanguageClient('selinux', 'SELinux Language Server', serverOptions, clientOptions);

  context.subscriptions.push(
    output,
    vscode.commands.registerCommand('selinux.setAuditLanguage', async () => {
      const editor = vscode.window.activeTextEditor;
      if (editor) await vscode.languages.setTextDocumentLanguage(editor.document, 'selinux-audit');
    }),
    vscode.commands.registerCommand('selinux.restartServer', async () => {
      await client?.restart();
    }),
    vscode.commands.registerCommand('selinux.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('selinux.fcMatch', (example?: string) => fcMatch(example)),
    vscode.commands.registerCommand('selinux.importDenials', (options?: ImportOptions) => importDenials(options)),
    vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, { provideTextDocumentContent: (uri) => previews.get(uri.toString()) ?? '' }),
  );
  await client.start();
}

/** Proposed module texts shown in the import preview (a read-only virtual document per preview). */
const PREVIEW_SCHEME = 'selinux-preview';
const previews = new Map<string, string>();

interface ImportOptions {
  /** The log text (else the user picks a file, the clipboard or the selection). */
  log?: string;
  /** The target .te URI (else the active .te, or the user picks one). */
  target?: string;
  interfaces?: boolean;
  dontaudit?: boolean;
  /** false: apply without the preview (automation). */
  preview?: boolean;
}

interface ImportResponse {
  error?: string;
  edit?: unknown;
  merge?: { newRules: number; extendedRules: number; requires: number; roles: number };
  records?: number;
  malformed?: number;
  unknown?: { records: number };
  booleans?: Array<{ rule: string; hints: Array<{ condition: string; commands: string[] }> }>;
}

async function pickLog(): Promise<string | undefined> {
  const editor = vscode.window.activeTextEditor;
  const items: Array<vscode.QuickPickItem & { from: string }> = [{ label: 'From a file…', from: 'file' }, { label: 'From the clipboard', from: 'clipboard' }];
  if (editor && !editor.selection.isEmpty) items.unshift({ label: 'From the selected text', from: 'selection' });
  if (editor?.document.languageId === 'selinux-audit') items.unshift({ label: `From ${path.basename(editor.document.uri.fsPath)}`, from: 'document' });
  const pick = await vscode.window.showQuickPick(items, { title: 'Import denials: where are the AVC records?' });
  if (!pick) return undefined;
  if (pick.from === 'document') return editor!.document.getText();
  if (pick.from === 'selection') return editor!.document.getText(editor!.selection);
  if (pick.from === 'clipboard') return vscode.env.clipboard.readText();
  const files = await vscode.window.showOpenDialog({ canSelectMany: false, title: 'Audit log', openLabel: 'Import denials' });
  if (!files?.length) return undefined;
  return Buffer.from(await vscode.workspace.fs.readFile(files[0])).toString('utf8');
}

async function pickTarget(): Promise<string | undefined> {
  const active = vscode.window.activeTextEditor?.document;
  if (active && active.languageId === 'selinux-te') return active.uri.toString();
  const files = await vscode.workspace.findFiles('**/*.te', '**/node_modules/**', 500);
  if (!files.length) {
    void vscode.window.showErrorMessage('Import denials: open or create the module (.te) to import into.');
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(files.map((f) => ({ label: path.basename(f.fsPath), description: vscode.workspace.asRelativePath(f), uri: f })), { title: 'Import denials into which module?' });
  return pick?.uri.toString();
}

/** Reads denials, asks for the module, and applies the server's edit after VS Code's preview. */
async function importDenials(options: ImportOptions = {}): Promise<ImportResponse | undefined> {
  if (!client) return undefined;
  const log = options.log ?? (await pickLog());
  if (log === undefined) return undefined;
  const target = options.target ?? (await pickTarget());
  if (!target) return undefined;
  let interfaces = options.interfaces;
  if (interfaces === undefined && options.log === undefined) {
    const style = await vscode.window.showQuickPick([
      { label: 'allow rules', interfaces: false },
      { label: 'Reference-policy interfaces where one fits', interfaces: true },
    ], { title: 'Write the denials as' });
    if (!style) return undefined;
    interfaces = style.interfaces;
  }
  const r = await client.sendRequest<ImportResponse>('selinux/importDenials', { log, target, interfaces: !!interfaces, dontaudit: !!options.dontaudit });
  if (r.error) {
    void vscode.window.showErrorMessage(`Import denials: ${r.error}`);
    return r;
  }
  const notes: string[] = [];
  if (r.malformed) notes.push(`${r.malformed} malformed record(s) skipped`);
  if (r.unknown?.records) notes.push(`${r.unknown.records} denial(s) name types, classes or permissions the policy does not know`);
  for (const b of r.booleans ?? []) notes.push(`${b.rule} is allowed by ${b.hints.map((h) => h.condition).join(' or ')}: ${b.hints[0].commands.join('; ')}`);
  if (!r.edit) {
    void vscode.window.showInformationMessage(`The module already has these rules.${notes.length ? ` ${notes.join('. ')}.` : ''}`);
    return r;
  }
  const edit = await client.protocol2CodeConverter.asWorkspaceEdit(r.edit as LspWorkspaceEdit);
  if (!edit) return r;
  // The same edits without the confirmation annotation: the preview below is the confirmation.
  const plain = new vscode.WorkspaceEdit();
  const targetUri = vscode.Uri.parse(target);
  for (const [uri, edits] of edit.entries()) plain.set(uri, edits.map((e: vscode.TextEdit) => new vscode.TextEdit(e.range, e.newText)));
  if (options.preview !== false) {
    const doc = await vscode.workspace.openTextDocument(targetUri);
    const edits = plain.get(targetUri).map((e) => ({ start: doc.offsetAt(e.range.start), end: doc.offsetAt(e.range.end), text: e.newText })).sort((a, b) => b.start - a.start);
    let proposed = doc.getText();
    for (const e of edits) proposed = proposed.slice(0, e.start) + e.text + proposed.slice(e.end);
    const previewUri = vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: targetUri.path, query: String(Date.now()) });
    previews.set(previewUri.toString(), proposed);
    await vscode.commands.executeCommand('vscode.diff', targetUri, previewUri, `${path.basename(targetUri.path)} ↔ with the imported denials`);
    const m = r.merge!;
    const answer = await vscode.window.showInformationMessage(
      `Import ${r.records} denial(s) into ${path.basename(targetUri.path)}: ${m.newRules} new rule(s), ${m.extendedRules} extended, ${m.requires} require entr(ies)?`, 'Apply', 'Cancel');
    previews.delete(previewUri.toString());
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    if (answer !== 'Apply') return r;
  }
  const applied = await vscode.workspace.applyEdit(plain);
  if (applied && r.merge) {
    const m = r.merge;
    void vscode.window.showInformationMessage(`Imported ${r.records} denial(s): ${m.newRules} new rule(s), ${m.extendedRules} extended, ${m.requires} require entr(ies).${notes.length ? ` ${notes.join('. ')}.` : ''}`);
  }
  return r;
}

interface FcMatchEntry { uri?: string; line: number; regex: string; fileType?: string; context: string }
interface FcMatchResult { path: string; key: string; context: string; winner?: FcMatchEntry; beaten: FcMatchEntry[]; error?: string }

const TYPES = [
  { label: 'any type', type: '' }, { label: 'regular file', type: 'f' }, { label: 'directory', type: 'd' }, { label: 'symbolic link', type: 'l' },
  { label: 'socket', type: 's' }, { label: 'named pipe', type: 'p' }, { label: 'block device', type: 'b' }, { label: 'character device', type: 'c' },
];

/** Asks for a path and a file type, then shows the entry that labels it and the entries it beat. */
async function fcMatch(example?: string): Promise<FcMatchResult | undefined> {
  if (!client) return undefined;
  const path = await vscode.window.showInputBox({
    title: 'Which file context applies to a path', prompt: 'Absolute path', value: typeof example === 'string' ? example : '',
    validateInput: (v) => (v.startsWith('/') ? undefined : 'An absolute path, such as /var/www/html/index.html'),
  });
  if (!path) return undefined;
  const type = await vscode.window.showQuickPick(TYPES, { title: `File type of ${path}` });
  if (!type) return undefined;
  const r = await client.sendRequest<FcMatchResult>('selinux/fcMatch', { path, type: type.type });
  if (r.error) {
    void vscode.window.showErrorMessage(r.error);
    return r;
  }
  const at = (e: FcMatchEntry) => `${e.uri ? vscode.Uri.parse(e.uri).fsPath : 'file_contexts'}:${e.line + 1}`;
  const items: Array<vscode.QuickPickItem & { entry?: FcMatchEntry }> = [];
  if (r.winner) items.push({ label: `$(check) ${r.context}`, description: `${r.winner.regex} ${r.winner.fileType ?? ''}`, detail: `wins: ${at(r.winner)}`, entry: r.winner });
  else items.push({ label: '<<none>>', detail: 'no entry matches: the path gets no label from file_contexts' });
  for (const b of r.beaten) items.push({ label: b.context, description: `${b.regex} ${b.fileType ?? ''}`, detail: `beaten: ${at(b)}`, entry: b });
  const pick = await vscode.window.showQuickPick(items, { title: `${r.key} (${type.label}) → ${r.context}` });
  if (pick?.entry?.uri) {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(pick.entry.uri));
    const pos = new vscode.Position(pick.entry.line, 0);
    await vscode.window.showTextDocument(doc, { selection: new vscode.Range(pos, pos) });
  }
  return r;
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
