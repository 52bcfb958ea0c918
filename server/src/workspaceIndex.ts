// SPDX-License-Identifier: MIT
// Owns the PolicyIndex for the server: indexes the configured policy sources and the workspace folders
// in the background with work-done progress, and keeps open documents' symbols current.

import type { Connection } from 'vscode-languageserver/node';
import { URI } from 'vscode-uri';
import { extractSymbols } from './core/index/extract';
import { PolicyIndex } from './core/index/policyIndex';
import type { SourceFile } from './core/syntax/nodes';
import { detectSource, DEVEL_DEFINES, installedFileContexts, PolicySource, resolveSources } from './policySources';
import { indexFileContexts, indexSources, sourcesHaveFileContexts } from './indexer';
import { defaultCacheDir, IndexCaches } from './indexCache';

export class WorkspaceIndex {
  readonly index = new PolicyIndex();
  private ready: Promise<void> = Promise.resolve();
  private warned = false;
  private stopped = false;
  private runId = 0;

  /** Stops background work (shutdown). */
  stop(): void {
    this.stopped = true;
  }

  constructor(private readonly connection: Connection) {}

  /** Resolves when the current indexing run has finished (tests and benchmarks await it). */
  whenReady(): Promise<void> {
    return this.ready;
  }

  /** (Re)indexes everything: the policy sources from settings, then the workspace folders. */
  start(policyPath: readonly string[] | Promise<readonly string[]>, workspaceFolders: readonly string[], fileContexts?: Promise<string>, indexCache?: Promise<boolean>): Promise<void> {
    this.ready = Promise.all([policyPath, fileContexts, indexCache]).then(([p, fc, cache]) => this.run(p, workspaceFolders, fc ?? '', cache ?? true));
    return this.ready;
  }

  private async run(policyPath: readonly string[], workspaceFolders: readonly string[], fileContexts: string, useCache: boolean): Promise<void> {
    const id = ++this.runId;
    const { sources, problems } = resolveSources(policyPath);
    if (problems.length && !this.warned) {
      this.warned = true;
      const msg = problems.join(' ');
      this.connection.console.warn(msg);
      void this.connection.window.showWarningMessage(msg);
    }
    const folders: PolicySource[] = [];
    for (const f of workspaceFolders) {
      const s = detectSource(f);
      if (!('error' in s)) folders.push({ ...s, workspace: true });
    }
    // Reference file contexts: the source tree's .fc files, else a built file_contexts (the setting, or
    // the installed policy's).
    const fcPath = fileContexts || (sourcesHaveFileContexts(sources) ? undefined : installedFileContexts());
    if (fcPath) {
      const problem = indexFileContexts(this.index, fcPath);
      if (problem) this.connection.console.warn(`selinux.fileContexts: cannot read ${problem}`);
      else this.connection.console.log(`Reference file contexts: ${fcPath}`);
    }
    const all = [...sources, ...folders];
    const total = all.reduce((n, s) => n + s.files.length, 0);
    const progress = await this.connection.window.createWorkDoneProgress().catch(() => undefined);
    progress?.begin('Indexing SELinux policy', 0, `${total} files`, false);
    // Policy sources are read from the on-disk cache where their files have not changed.
    const caches = new IndexCaches(useCache ? defaultCacheDir() : undefined);
    // Index in slices so requests are answered while indexing runs.
    let done = 0;
    for (const source of all) {
      for (let i = 0; i < source.files.length; i += 100) {
        // A newer run (settings changed) or shutdown supersedes this one.
        if (this.stopped || id !== this.runId) {
          progress?.done();
          return;
        }
        const slice = { ...source, files: source.files.slice(i, i + 100) };
        indexSources(this.index, [slice], undefined, () => caches.for(source));
        done += slice.files.length;
        progress?.report(Math.round((done / Math.max(1, total)) * 100), `${done}/${total} files`);
        await new Promise((r) => setImmediate(r));
      }
    }
    progress?.done();
    const s = this.index.stats();
    this.connection.console.log(`Indexed ${s.files} files (${caches.hits()} from the cache): ${s.interfaces} interfaces, ${s.templates} templates, ${s.types} types, ${s.classes} classes.`);
    // Writing the cache waits until the index is in use (and shutdown writes what is still pending).
    this.unsaved = caches;
    setImmediate(() => this.saveCache());
  }

  private unsaved: IndexCaches | undefined;

  /** Writes the index cache of the last run, if not done yet. */
  saveCache(): void {
    const caches = this.unsaved;
    this.unsaved = undefined;
    for (const c of caches?.saveAll() ?? []) if (c.problem) this.connection.console.warn(`Index cache: ${c.problem}`);
  }

  /**
   * An open document changed: replace its symbols (incremental indexing of one file). A file the index
   * knows keeps its precedence (a header opened to read it stays a policy source); any other is the user's.
   */
  updateDocument(uri: string, file: SourceFile): void {
    if (URI.parse(uri).scheme !== 'file' && URI.parse(uri).scheme !== 'untitled') return;
    this.index.update(extractSymbols(uri, file, file.fileKind === 'fc' ? { defines: DEVEL_DEFINES } : {}));
  }
}
