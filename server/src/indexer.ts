// SPDX-License-Identifier: MIT
// Reads policy sources from disk and feeds them to the pure index, one file at a time.

import { readFileSync } from 'node:fs';
import { URI } from 'vscode-uri';
import { extractSymbols } from './core/index/extract';
import { PolicyIndex } from './core/index/policyIndex';
import { parse, fileKindOf } from './core/syntax/parser';
import type { PolicySource } from './policySources';

export interface IndexRun {
  files: number;
  bytes: number;
  unreadable: string[];
  ms: number;
}

/** Parses and indexes one file's text (used for sources on disk and for open documents). */
export function indexText(index: PolicyIndex, path: string, text: string, defines?: ReadonlySet<string>): void {
  const uri = URI.file(path).toString();
  index.update(extractSymbols(uri, parse(text, fileKindOf(path)), defines ? { defines } : {}));
}

export function indexSources(index: PolicyIndex, sources: readonly PolicySource[], progress?: (done: number, total: number) => void): IndexRun {
  const t0 = performance.now();
  const total = sources.reduce((n, s) => n + s.files.length, 0);
  const run: IndexRun = { files: 0, bytes: 0, unreadable: [], ms: 0 };
  for (const source of sources) {
    if (source.moduleStatus) index.setModuleStatus(source.moduleStatus);
    for (const path of source.files) {
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch (e) {
        run.unreadable.push(`${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
        continue;
      }
      indexText(index, path, text, source.defines);
      run.files++;
      run.bytes += text.length;
      if (progress && run.files % 50 === 0) progress(run.files, total);
    }
  }
  run.ms = performance.now() - t0;
  return run;
}
