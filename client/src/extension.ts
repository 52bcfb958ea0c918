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
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
