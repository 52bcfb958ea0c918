// SPDX-License-Identifier: MIT
// LSP glue: capabilities, open documents, debounced validation, and one line per request handler.
// Every handler finds the document, takes the cached parse and calls one core function.

import {
  Connection, DiagnosticSeverity, InitializeResult, ServerCapabilities, TextDocumentContentChangeEvent, TextDocuments, TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { openDocumentSources, moduleSources, indexedSources } from './sources';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from './core/languageService';
import { DocumentCache } from './documentCache';
import { runSafe } from './runSafe';
import { VERSION } from './version';
import { WorkspaceIndex } from './workspaceIndex';
import { DEVEL_DEFINES } from './policySources';
import { fcUniverse } from './core/fc/universe';
import type { Mode } from './core/fc/spec';
import type { FcMatchResult } from './core/features/fcMatch';
import { parseAuditLog, AuditLog } from './core/avc/parse';
import { BOOLEAN_COMMAND, ImportResult } from './core/features/auditLog';
import type { PolicyDocument } from './core/document';
import { readFileSync } from 'node:fs';
import { IncrementalValidator, TextChange } from './core/features/diagnostics/incremental';
import { URI } from 'vscode-uri';

const VALIDATION_DELAY_MS = 200;

export const POLICY_LANGUAGES = ['selinux-te', 'selinux-if', 'selinux-fc'];

export const CAPABILITIES: ServerCapabilities = {
  textDocumentSync: TextDocumentSyncKind.Incremental,
  completionProvider: { triggerCharacters: [':', '{', '(', ','], resolveProvider: true },
  hoverProvider: true,
  signatureHelpProvider: { triggerCharacters: ['(', ','], retriggerCharacters: [','] },
  definitionProvider: true,
  referencesProvider: true,
  documentHighlightProvider: true,
  documentSymbolProvider: true,
  workspaceSymbolProvider: true,
  foldingRangeProvider: true,
  renameProvider: { prepareProvider: true },
  codeActionProvider: { codeActionKinds: ['quickfix', 'refactor.rewrite'] },
  executeCommandProvider: { commands: [BOOLEAN_COMMAND] },
};

export function startServer(connection: Connection): void {
  const service = getLanguageService();
  // The editor's changes since each document was last validated: one change lets the incremental
  // validation of .if files go straight to the chunks it touches.
  const changesSince = new Map<string, { count: number; change?: TextChange }>();
  const documents = new TextDocuments({
    create: TextDocument.create,
    update: (doc: TextDocument, changes: TextDocumentContentChangeEvent[], version: number) => {
      const seen = changesSince.get(doc.uri) ?? { count: 0 };
      for (const c of changes) {
        seen.count++;
        seen.change = 'range' in c ? { start: doc.offsetAt(c.range.start), end: doc.offsetAt(c.range.end), length: c.text.length } : undefined;
      }
      changesSince.set(doc.uri, seen);
      return TextDocument.update(doc, changes, version);
    },
  });
  const incremental = new Map<string, IncrementalValidator>();
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
    const init = (params.initializationOptions ?? {}) as { policyPath?: string[]; fileContexts?: string; indexCache?: boolean };
    initialPolicyPath = Array.isArray(init.policyPath) ? init.policyPath : [];
    initialIndexCache = init.indexCache !== false;
    initialFileContexts = typeof init.fileContexts === 'string' ? init.fileContexts : '';
    return { capabilities: CAPABILITIES, serverInfo: { name: 'selinux-ls', version: VERSION } };
  });
  let initialPolicyPath: string[] = [];
  let initialFileContexts = '';
  let initialIndexCache = true;

  // Per-code severities from `selinux.diagnostics.severity`.
  let severities: Record<string, DiagnosticSeverity | 'off'> = {};
  const SEVERITY_NAMES: Record<string, DiagnosticSeverity | 'off'> = { error: 1, warning: 2, information: 3, hint: 4, off: 'off' };
  const readSeverities = async () => {
    if (!canConfigure) return;
    const v = (await connection.workspace.getConfiguration('selinux.diagnostics').catch(() => undefined)) as { severity?: Record<string, string> } | undefined;
    severities = {};
    for (const [code, name] of Object.entries(v?.severity ?? {})) if (SEVERITY_NAMES[name] !== undefined) severities[code] = SEVERITY_NAMES[name];
  };

  const policyPath = async (): Promise<string[]> => {
    if (!canConfigure) return initialPolicyPath;
    const v = (await connection.workspace.getConfiguration('selinux').catch(() => undefined)) as { policyPath?: unknown } | undefined;
    return Array.isArray(v?.policyPath) ? v.policyPath.filter((x): x is string => typeof x === 'string') : initialPolicyPath;
  };

  const fileContexts = async (): Promise<string> => {
    if (!canConfigure) return initialFileContexts;
    const v = (await connection.workspace.getConfiguration('selinux').catch(() => undefined)) as { fileContexts?: unknown } | undefined;
    return typeof v?.fileContexts === 'string' && v.fileContexts ? v.fileContexts : initialFileContexts;
  };

  const indexCache = async (): Promise<boolean> => {
    if (!canConfigure) return initialIndexCache;
    const v = (await connection.workspace.getConfiguration('selinux').catch(() => undefined)) as { indexCache?: unknown } | undefined;
    return typeof v?.indexCache === 'boolean' ? v.indexCache : initialIndexCache;
  };

  // Diagnostics depend on the index: validate the open documents again when an indexing run ends.
  const reindex = () => Promise.all([workspace.start(policyPath(), folders, fileContexts(), indexCache()), readSeverities()]).then(() => {
    validated.clear();
    for (const d of documents.all()) validate(d);
  });
  connection.onInitialized(() => {
    void reindex();
  });
  connection.onDidChangeConfiguration(() => {
    void reindex();
  });

  const isPolicy = (doc: TextDocument) => POLICY_LANGUAGES.includes(doc.languageId) || /\.(te|if|spt|fc)$/.test(doc.uri);

  // Audit logs: parsed once per version; each denial is a diagnostic with quick fixes.
  const audits = new Map<string, { version: number; log: AuditLog }>();
  const auditLog = (doc: TextDocument): AuditLog => {
    const hit = audits.get(doc.uri);
    if (hit && hit.version === doc.version) return hit.log;
    const log = parseAuditLog(doc.getText());
    audits.set(doc.uri, { version: doc.version, log });
    return log;
  };
  const isAudit = (doc: TextDocument) => doc.languageId === 'selinux-audit';

  const validate = (doc: TextDocument) => {
    if (isAudit(doc) && !shuttingDown) {
      validated.set(doc.uri, doc.version);
      const diagnostics = runSafe(log, () => service.auditDiagnostics(doc, auditLog(doc)), [], `reading ${doc.uri}`);
      if (Array.isArray(diagnostics)) void connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics });
      return;
    }
    if (!isPolicy(doc) || shuttingDown) return;
    validated.set(doc.uri, doc.version);
    const since = changesSince.get(doc.uri);
    changesSince.delete(doc.uri);
    // Interface files: only the chunks an edit touches are read and checked again (same results).
    const scheme = URI.parse(doc.uri).scheme;
    if (doc.languageId === 'selinux-if' && (scheme === 'file' || scheme === 'untitled')) {
      let v = incremental.get(doc.uri);
      if (!v) incremental.set(doc.uri, (v = new IncrementalValidator(doc.uri, doc.languageId)));
      const validator = v;
      const r = runSafe(log, () => validator.update(doc.getText(), doc.version, workspace.index, { defines: DEVEL_DEFINES, severities }, since?.count === 1 ? since.change : undefined), undefined, `validating ${doc.uri}`);
      if (r && !(r instanceof Error) && 'diagnostics' in r) void connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics: r.diagnostics });
      return;
    }
    const parsed = cache.get(doc);
    runSafe(log, () => workspace.updateDocument(doc.uri, parsed.file), undefined, `indexing ${doc.uri}`);
    const diagnostics = runSafe(log, () => service.doValidation(parsed, workspace.index, { defines: DEVEL_DEFINES, severities }), [], `validating ${doc.uri}`);
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
    incremental.delete(e.document.uri);
    changesSince.delete(e.document.uri);
    audits.delete(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  /** The cached parse of an open policy document, or undefined. */
  const policyDoc = (uri: string) => {
    const doc = documents.get(uri);
    return doc && isPolicy(doc) ? cache.get(doc) : undefined;
  };
  const index = () => workspace.index;

  connection.onCompletion((p, token) => {
    const d = policyDoc(p.textDocument.uri);
    return d ? runSafe(log, () => service.doComplete(d, p.position, index()), null, 'computing completion', token) : null;
  });
  connection.onCompletionResolve((item, token) => runSafe(log, () => service.resolveCompletion(item, index()), item, 'resolving a completion item', token));
  connection.onHover((p, token) => {
    const d = policyDoc(p.textDocument.uri);
    return d ? runSafe(log, () => service.doHover(d, p.position, index(), DEVEL_DEFINES), null, 'computing hover', token) : null;
  });
  connection.onSignatureHelp((p, token) => {
    const d = policyDoc(p.textDocument.uri);
    return d ? runSafe(log, () => service.doSignatureHelp(d, p.position, index()), null, 'computing signature help', token) : null;
  });
  connection.onDefinition((p, token) => {
    const d = policyDoc(p.textDocument.uri);
    return d ? runSafe(log, () => service.findDefinition(d, p.position, index()), [], 'finding the definition', token) : [];
  });
  connection.onReferences((p, token) => {
    const d = policyDoc(p.textDocument.uri);
    if (!d) return [];
    return runSafe(log, () => {
      const name = service.nameAt(d, p.position);
      if (!name) return [];
      return service.findReferences(name, [...openDocumentSources(documents, cache), ...indexedSources(index(), documents, name)]);
    }, [], 'finding references', token);
  });
  connection.onDocumentHighlight((p, token) => {
    const d = policyDoc(p.textDocument.uri);
    return d ? runSafe(log, () => service.findDocumentHighlights(d, p.position), [], 'highlighting', token) : [];
  });
  connection.onDocumentSymbol((p, token) => {
    const d = policyDoc(p.textDocument.uri);
    return d ? runSafe(log, () => service.findDocumentSymbols(d), [], 'computing symbols', token) : [];
  });
  connection.onWorkspaceSymbol((p, token) => runSafe(log, () => service.findWorkspaceSymbols(p.query, index()), [], 'finding workspace symbols', token));
  connection.onFoldingRanges((p, token) => {
    const d = policyDoc(p.textDocument.uri);
    return d ? runSafe(log, () => service.getFoldingRanges(d), [], 'computing folding ranges', token) : [];
  });
  connection.onCodeAction((p, token) => {
    const audit = documents.get(p.textDocument.uri);
    if (audit && isAudit(audit)) {
      return runSafe(log, () => service.auditCodeActions(auditLog(audit), p.context.diagnostics, { index: index(), targetFor, moduleText: readModuleText }), [], 'computing denial fixes', token);
    }
    const d = policyDoc(p.textDocument.uri);
    return d ? runSafe(log, () => service.getCodeActions(d, p.range, p.context.diagnostics, index()), [], 'computing code actions', token) : [];
  });
  connection.onPrepareRename((p, token) => {
    const d = policyDoc(p.textDocument.uri);
    return d ? runSafe(log, () => service.prepareRename(d, p.position, index()), null, 'preparing rename', token) : null;
  });
  connection.onRenameRequest((p, token) => {
    const d = policyDoc(p.textDocument.uri);
    return d ? runSafe(log, () => service.doRename(d, p.position, p.newName, index(), moduleSources(d.uri, documents)), null, 'renaming', token) : null;
  });

  // Index statistics once the current indexing run is done (tests, benchmarks and the status command).
  connection.onRequest('selinux/indexStatus', async () => {
    await workspace.whenReady();
    return workspace.index.stats();
  });

  // The module to put a denial's rules in: an open .te, or a workspace .te, that declares the source type;
  // else the only open .te.
  const moduleDoc = (uri: string): PolicyDocument | undefined => {
    const open = documents.get(uri);
    if (open) return cache.get(open);
    try {
      return service.parseDocument(TextDocument.create(uri, 'selinux-te', 0, readFileSync(URI.parse(uri).fsPath, 'utf8')));
    } catch {
      return undefined;
    }
  };
  const inWorkspace = (uri: string) => folders.some((f) => URI.parse(uri).fsPath.startsWith(f.endsWith('/') ? f : `${f}/`));
  const targetFor = (source: string): PolicyDocument | undefined => {
    const decls = workspace.index.declarations(source).filter((d) => d.uri.endsWith('.te'));
    const openTe = documents.all().filter((d) => /\.te$/.test(d.uri));
    const hit = decls.find((d) => openTe.some((o) => o.uri === d.uri)) ?? decls.find((d) => inWorkspace(d.uri) || d.uri.startsWith('untitled:'));
    if (hit) return moduleDoc(hit.uri);
    return openTe.length === 1 ? cache.get(openTe[0]) : undefined;
  };
  const readModuleText = (uri: string): string | undefined => {
    const open = documents.get(uri);
    if (open) return open.getText();
    try {
      return readFileSync(URI.parse(uri).fsPath, 'utf8');
    } catch {
      return undefined;
    }
  };

  // "SELinux: Import denials…": the edit that imports a log's denials into a module (previewed by the client).
  connection.onRequest('selinux/importDenials', async (p: { log?: unknown; target?: unknown; interfaces?: unknown; dontaudit?: unknown }) => {
    await workspace.whenReady();
    if (typeof p?.log !== 'string' || typeof p.target !== 'string') return { error: 'importDenials needs the log text and the target .te URI' };
    const target = moduleDoc(p.target);
    if (!target) return { error: `cannot read ${p.target}` };
    const text = p.log;
    return runSafe<ImportResult | { error: string }>(log, () => service.importDenials(text, target, workspace.index, { interfaces: p.interfaces === true, dontaudit: p.dontaudit === true, moduleText: readModuleText }), { error: 'internal error' }, 'importing denials');
  });
  connection.onExecuteCommand((p) => {
    if (p.command === BOOLEAN_COMMAND) {
      const h = p.arguments?.[0] as { condition?: string; commands?: string[] } | undefined;
      if (h?.commands?.length) void connection.window.showInformationMessage(`${h.condition} allows this denial. Run as root: ${h.commands.join('; ')}`);
    }
    return null;
  });

  // "Which file context applies to a path": libselinux's lookup over the indexed file contexts.
  connection.onRequest('selinux/fcMatch', async (p: { path?: unknown; type?: unknown }) => {
    await workspace.whenReady();
    if (typeof p?.path !== 'string' || !p.path.startsWith('/')) return { error: 'Give an absolute path, such as /var/www/html/index.html.' };
    const mode = typeof p.type === 'string' && /^[fdlspbc]?$/.test(p.type) ? (p.type as Mode) : '';
    return runSafe<FcMatchResult | { error: string }>(log, () => service.matchPath(fcUniverse(workspace.index, DEVEL_DEFINES).table, p.path as string, mode), { error: 'internal error' }, 'matching a path');
  });

  connection.onShutdown(() => {
    shuttingDown = true;
    workspace.stop();
    workspace.saveCache();
    for (const t of pending.values()) clearTimeout(t);
    pending.clear();
  });

  documents.listen(connection);
  connection.listen();
}
