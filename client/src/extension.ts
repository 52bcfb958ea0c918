// SPDX-License-Identifier: MIT
// The VS Code client: starts the language server over IPC and registers a few commands. Nothing clever.

import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';

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
  );
  await client.start();
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
