// SPDX-License-Identifier: MIT
// Loads a file-context table from disk for `selinux-ls fc-match` (and its tests): the .fc files of policy
// sources in build order, extra .fc files, and/or a built file_contexts with the .homedirs, .local,
// .subs and .subs_dist files libselinux reads beside it.

import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { URI } from 'vscode-uri';
import { FcSpec, FcTable, levelFromDefines, readFileContexts, readSubstitutions } from './core/fc/table';
import { orderedFcFiles, specsOf } from './core/fc/universe';
import { PolicyIndex } from './core/index/policyIndex';
import { indexSources, indexText } from './indexer';
import { DEVEL_DEFINES, installedFileContexts, PolicySource } from './policySources';

export interface FcLoadOptions {
  readonly sources: readonly PolicySource[];
  readonly fcFiles?: readonly string[];
  readonly fileContexts?: string;
}

function readOptional(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

export function loadFcTable(o: FcLoadOptions): { table: FcTable; warnings: string[] } | { error: string } {
  const index = new PolicyIndex();
  const warnings: string[] = [];
  let subs: Array<readonly [string, string]> = [];
  let distSubs: Array<readonly [string, string]> = [];
  for (const s of o.sources) {
    indexSources(index, [{ ...s, files: s.files.filter((f) => f.endsWith('.fc')) }]);
    // An installed policy ships the source tree's config/file_contexts.subs_dist beside file_contexts.
    const d = readOptional(join(s.root, 'config', 'file_contexts.subs_dist'));
    if (d) distSubs = readSubstitutions(d);
  }
  const defines = o.sources.find((s) => s.defines)?.defines ?? DEVEL_DEFINES;
  for (const f of o.fcFiles ?? []) {
    const text = readOptional(f);
    if (text === undefined) return { error: `cannot read ${f}` };
    indexText(index, resolve(f), text, { defines });
  }
  const specs = specsOf(orderedFcFiles(index), levelFromDefines(defines));
  // Nothing from sources or --fc: the installed policy's file_contexts, as the editor does.
  if (o.fileContexts === undefined && !specs.length) {
    const installed = installedFileContexts();
    if (installed) return loadFcTable({ ...o, fileContexts: installed });
  }
  if (o.fileContexts === undefined) {
    if (!specs.length) return { error: 'no file contexts to search: give --policy with a refpolicy source tree, --fc FILE or --file-contexts FILE (no installed policy was found either)' };
    return { table: FcTable.fromPolicy(specs, subs, distSubs), warnings };
  }
  const fc = resolve(o.fileContexts);
  const base = readOptional(fc);
  if (base === undefined) return { error: `cannot read ${o.fileContexts}` };
  const loaded: FcSpec[] = [];
  for (const [suffix, text] of [['', base], ['.homedirs', readOptional(`${fc}.homedirs`)], ['.local', readOptional(`${fc}.local`)]] as const) {
    if (text === undefined) continue;
    const r = readFileContexts(text, URI.file(`${fc}${suffix}`).toString());
    for (const e of r.errors) warnings.push(`${o.fileContexts}${suffix}: ${e.message}`);
    loaded.push(...r.specs);
  }
  subs = readSubstitutions(readOptional(`${fc}.subs`) ?? '');
  distSubs = readSubstitutions(readOptional(`${fc}.subs_dist`) ?? '');
  // With extra .fc entries, everything is sorted together, as semodule does with a module's entries.
  const table = specs.length ? FcTable.fromPolicy([...loaded, ...specs], subs, distSubs) : FcTable.fromFileContexts(loaded, subs, distSubs);
  return { table, warnings };
}
