// SPDX-License-Identifier: MIT
// LSP glue: capabilities, open documents, debounced validation, and one line per request handler.
// Every handler finds the document, takes the cached parse and calls one core function.

import {
  Connection, InitializeResult, TextDocuments, TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from './core/languageService';
import { DocumentCache } from './documentCache';
import { runSafe } from './runSafe';
import { VERSION } from './version';

const VALIDATION_DELAY_MS = 200;

export const POLICY_LANGUAGES = ['selinux-te', 'selinux-if', 'selinux-fc'];

export function startServer(connection: Connection): void {
  const service = getLanguageService();
  const documents = new TextDocuments(TextDocument);
  const cache = new DocumentCache(service);
  const log = (m: string) => connection.console.log(m);
  const pending = new Map<string, NodeJS.Timeout>();
  const validated = new Map<string, number>();
  let shuttingDown = false;

  connection.onInitialize((): InitializeResult => ({
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      completionProvider: { triggerCharacters: [':', '{', '('], resolveProvider: false },
      hoverProvider: true,
    },
    serverInfo: { name: 'selinux-ls', version: VERSION },
  }));

  const isPolicy = (doc: TextDocument) => POLICY_LANGUAGES.includes(doc.languageId) || /\.(te|if|spt|fc)$/.test(doc.uri);

  const validate = (doc: TextDocument) => {
    if (!isPolicy(doc) || shuttingDown) return;
    validated.set(doc.uri, doc.version);
    const diagnostics = runSafe(log, () => service.doValidation(cache.get(doc)), [], `validating ${doc.uri}`);
    if (Array.isArray(diagnostics)) void connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics });
  };

  const schedule = (doc: TextDocument) => {
    // TextDocuments reports an open as a change too: the open was validated already.
    if (validated.get(doc.uri) === doc.version) return;
    clearTimeout(pending.get(doc.uri));
    pending.set(doc.uri, setTimeout(() => {
      pending.delete(doc.uri);
      const current = documents.get(doc.uri);
      if (current) validate(current);
    }, VALIDATION_DELAY_MS));
  };

  documents.onDidOpen((e) => validate(e.document));
  documents.onDidChangeContent((e) => schedule(e.document));
  documents.onDidClose((e) => {
    clearTimeout(pending.get(e.document.uri));
    pending.delete(e.document.uri);
    validated.delete(e.document.uri);
    cache.delete(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.onCompletion((params, token) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc || !isPolicy(doc)) return null;
    return runSafe(log, () => service.doComplete(cache.get(doc), params.position), null, 'computing completion', token);
  });

  connection.onHover((params, token) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc || !isPolicy(doc)) return null;
    return runSafe(log, () => service.doHover(cache.get(doc), params.position), null, 'computing hover', token);
  });

  connection.onShutdown(() => {
    shuttingDown = true;
    for (const t of pending.values()) clearTimeout(t);
    pending.clear();
  });

  documents.listen(connection);
  connection.listen();
}
