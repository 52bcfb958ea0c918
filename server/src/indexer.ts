// SPDX-License-Identifier: MIT
// Reads policy sources from disk and feeds them to the pure index, one file at a time.

import { readFileSync } from 'node:fs';
import { URI } from 'vscode-uri';
import { extractFromText } from './core/index/extract';
import { PolicyIndex, SOURCE_LAYER, USER_LAYER } from './core/index/policyIndex';
import { fileKindOf } from './core/syntax/parser';
import { readFileContexts } from './core/fc/read';
import type { PolicySource } from './policySources';
import { CacheStats, FileStat, IndexCaches, SourceCache, stableStat } from './indexCache';

export interface IndexRun {
  files: number;
  bytes: number;
  unreadable: string[];
  ms: number;
}

export interface IndexTextOptions {
  /** The build's m4 symbols (ifdef branches). */
  defines?: ReadonlySet<string>;
  /** The file's precedence (PolicyIndex.update). */
  layer?: number;
  cache?: SourceCache;
  /** With a cache: the file's stat data, taken before the text was read. */
  stat?: FileStat;
}

/** Parses and indexes one file's text (used for sources on disk and for open documents). */
export function indexText(index: PolicyIndex, path: string, text: string, options: IndexTextOptions = {}): void {
  const { defines, layer, cache, stat } = options;
  const cached = cache?.lookup(path, text, stat);
  if (cached) {
    index.update(cached, layer);
    return;
  }
  const uri = URI.file(path).toString();
  const symbols = extractFromText(uri, text, fileKindOf(path), defines ? { defines } : {});
  cache?.store(path, text, symbols, stat);
  index.update(symbols, layer);
}

/**
 * Indexes a built file_contexts (an installed policy's) as reference file contexts: one pseudo-module
 * `file_contexts`, entries in file order. Returns an error message when it cannot be read.
 */
export function indexFileContexts(index: PolicyIndex, path: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    return `${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`;
  }
  const uri = URI.file(path).toString();
  const lines = text.split('\n');
  const { specs } = readFileContexts(text, uri);
  index.update({
    uri, module: 'file_contexts', kind: 'fc', macros: [], declarations: [], associations: [], required: [], classes: [], calls: [], parseErrors: 0,
    fileContexts: specs.map((s) => {
      const type = s.context === '<<none>>' ? undefined : s.context.split(':')[2];
      return {
        uri, module: 'file_contexts', range: { start: { line: s.line, character: 0 }, end: { line: s.line, character: lines[s.line].length } },
        path: s.regex, ...(s.flag ? { fileType: s.flag } : {}), ...(type ? { type } : {}), context: s.context,
      };
    }),
  });
  return undefined;
}

/** Whether any of the sources has .fc files (else the installed file_contexts is the reference). */
export function sourcesHaveFileContexts(sources: readonly PolicySource[]): boolean {
  return sources.some((s) => s.files.some((f) => f.endsWith('.fc')));
}

/**
 * Reads and indexes the files of `sources`. With `cacheFor`, a source's files are looked up in its cache
 * first (the caller saves the caches afterwards).
 */
export function indexSources(index: PolicyIndex, sources: readonly PolicySource[], progress?: (done: number, total: number) => void, cacheFor?: (source: PolicySource) => SourceCache | undefined): IndexRun {
  const t0 = performance.now();
  const total = sources.reduce((n, s) => n + s.files.length, 0);
  const run: IndexRun = { files: 0, bytes: 0, unreadable: [], ms: 0 };
  for (const source of sources) {
    if (source.moduleStatus) index.setModuleStatus(source.moduleStatus);
    const cache = cacheFor?.(source);
    const layer = source.workspace ? USER_LAYER : SOURCE_LAYER;
    const now = Date.now();
    for (const path of source.files) {
      // A cached file whose stat data are unchanged is not read at all.
      const stat = cache ? stableStat(path, now) : undefined;
      const unchanged = cache?.unchanged(path, stat);
      let text: string;
      if (unchanged) {
        index.update(unchanged.symbols, layer);
        text = unchanged.text;
      } else {
        try {
          text = readFileSync(path, 'utf8');
        } catch (e) {
          run.unreadable.push(`${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
          continue;
        }
        indexText(index, path, text, { defines: source.defines, layer, cache, stat });
      }
      run.files++;
      run.bytes += text.length;
      if (progress && run.files % 50 === 0) progress(run.files, total);
    }
  }
  run.ms = performance.now() - t0;
  return run;
}

/**
 * indexSources() with the on-disk cache in `cacheDir` (none when undefined): files whose content is
 * cached are not parsed again, and the caches are saved when anything changed.
 */
export function indexSourcesCached(index: PolicyIndex, sources: readonly PolicySource[], cacheDir: string | undefined): IndexRun & { cache: CacheStats[] } {
  const caches = new IndexCaches(cacheDir);
  const run = indexSources(index, sources, undefined, (s) => caches.for(s));
  return { ...run, cache: caches.saveAll() };
}
