// SPDX-License-Identifier: MIT
// The language server entry point. `node dist/server.js --stdio` for Neovim, Emacs and Helix;
// VS Code starts it with --node-ipc. vscode-languageserver reads the transport from the arguments.

import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';
import { VERSION } from './version';

const args = process.argv.slice(2);
if (args.includes('--version') || args.includes('-v')) {
  process.stdout.write(`selinux-ls ${VERSION}\n`);
  process.exit(0);
}
if (!args.some((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket') || a.startsWith('--pipe'))) {
  process.stderr.write('usage: node dist/server.js --stdio | --node-ipc | --socket=PORT\n');
  process.exit(2);
}
startServer(createConnection(ProposedFeatures.all));
