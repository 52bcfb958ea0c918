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
import { WorkspaceIndex } from './workspaceIndex';
import { URI } from 'vscode-uri';

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

  const workspace = new WorkspaceIndex(connection);
  let folders: string[] = [];
  let canConfigure = false;

  connection.onInitialize((params): InitializeResult => {
    folders = (params.workspaceFolders ?? []).map((f) => URI.parse(f.uri).fsPath);
    if (!folders.length && params.rootUri) folders = [URI.parse(params.rootUri).fsPath];
    canConfigure = !!params.capabilities.workspace?.configuration;
    const init = (params.initializationOptions ?? {}) as { policyPath?: string[] };
    initialPolicyPath = Array.isArray(init.policyPath) ? init.policyPath : [];
    return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      completionProvider: { triggerCharacters: [':', '{', '('], resolveProvider: false },
      hoverProvider: true,
    },
    serverInfo: { name: 'selinux-ls', version: VERSION },
    };
  });
  let initialPolicyPath: string[] = [];

  const policyPath = async (): Promise<string[]> => {
    if (!canConfigure) return initialPolicyPath;
    const v = (await connection.workspace.getConfiguration('selinux').catch(() => undefined)) as { policyPath?: unknown } | undefined;
    return Array.isArray(v?.policyPath) ? v.policyPath.filter((x): x is string => typeof x === 'string') : initialPolicyPath;
  };

  connection.onInitialized(() => {
    void workspace.start(policyPath(), folders);
  });
  connection.onDidChangeConfiguration(() => {
    void workspace.start(policyPath(), folders);
  });

  const isPolicy = (doc: TextDocument) => POLICY_LANGUAGES.includes(doc.languageId) || /\.(te|if|spt|fc)$/.test(doc.uri);

  const validate = (doc: TextDocument) => {
    if (!isPolicy(doc) || shuttingDown) return;
    validated.set(doc.uri, doc.version);
    const parsed = cache.get(doc);
    runSafe(log, () => workspace.updateDocument(doc.uri, parsed.file), undefined, `indexing ${doc.uri}`);
    const diagnostics = runSafe(log, () => service.doValidation(parsed), [], `validating ${doc.uri}`);
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

  // Index statistics once the current indexing run is done (tests, benchmarks and the status command).
  connection.onRequest('selinux/indexStatus', async () => {
    await workspace.whenReady();
    return workspace.index.stats();
  });

  connection.onShutdown(() => {
    shuttingDown = true;
    workspace.stop();
    for (const t of pending.values()) clearTimeout(t);
    pending.clear();
  });

  documents.listen(connection);
  connection.listen();
}
