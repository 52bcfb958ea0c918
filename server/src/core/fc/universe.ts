// SPDX-License-Identifier: MIT
// The file contexts a policy build would load, from the index: every indexed .fc file of a module that
// is built (base modules first, then loadable ones, each by name, as the refpolicy Makefile orders them),
// completed with the build's MLS/MCS level, fc_sort'ed. Cached per index version. Pure.

import type { PolicyIndex } from '../index/policyIndex';
import type { FileSymbols } from '../index/symbols';
import { analyzeEntries, EntryAnalysis, OverlapFinder } from './conflicts';
import { BuildLevel, FcSpec, FcTable, levelFromDefines, specOfFc, TableEntry } from './table';

export interface FcUniverse {
  readonly table: FcTable;
  readonly finder: OverlapFinder;
  /** Table entries by document URI, in file order. */
  readonly byUri: ReadonlyMap<string, readonly TableEntry[]>;
  readonly level: BuildLevel;
}

const STATUS_RANK: Record<string, number> = { base: 0, module: 1 };

/** The .fc files in build order; modules switched off in modules.conf are left out. */
export function orderedFcFiles(index: PolicyIndex, keep?: string): FileSymbols[] {
  const files = index.fcFiles().filter((f) => f.uri === keep || index.moduleStatus(f.module) !== 'off');
  const rank = (f: FileSymbols) => STATUS_RANK[index.moduleStatus(f.module) ?? ''] ?? 2;
  return files.sort((a, b) => rank(a) - rank(b) || (a.module < b.module ? -1 : a.module > b.module ? 1 : a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));
}

// Specs per indexed file, so that an edit of one file rebuilds only that file's specs.
const specCache = new WeakMap<FileSymbols, { level: BuildLevel; specs: FcSpec[] }>();

export function specsOf(files: readonly FileSymbols[], level: BuildLevel): FcSpec[] {
  return files.flatMap((f) => {
    const hit = specCache.get(f);
    if (hit && sameLevel(hit.level, level)) return hit.specs;
    const specs = f.fileContexts.map((fc) => specOfFc(fc, level));
    specCache.set(f, { level, specs });
    return specs;
  });
}

function sameLevel(a: BuildLevel, b: BuildLevel): boolean {
  return a.mls === b.mls && a.mcs === b.mcs && a.sensitivities === b.sensitivities && a.categories === b.categories && a.mcsCategories === b.mcsCategories;
}

const cache = new WeakMap<PolicyIndex, { version: number; key: string; universe: FcUniverse }>();

/** The build's file contexts; `keep` is a document URI to include even if its module is switched off. */
export function fcUniverse(index: PolicyIndex, defines?: ReadonlySet<string>, keepUri?: string): FcUniverse {
  // `keep` matters only for a file the build leaves out; for the others every document shares one universe.
  const kept = keepUri ? index.fileSymbols(keepUri) : undefined;
  const keep = kept && index.moduleStatus(kept.module) === 'off' ? keepUri : undefined;
  const key = `${defines ? [...defines].sort().join(',') : ''}|${keep ?? ''}`;
  const hit = cache.get(index);
  if (hit && hit.version === index.version && hit.key === key) return hit.universe;
  const level = levelFromDefines(defines);
  const table = FcTable.fromPolicy(specsOf(orderedFcFiles(index, keep), level));
  const byUri = new Map<string, TableEntry[]>();
  for (const e of table.entries) {
    const uri = e.spec.uri ?? '';
    const l = byUri.get(uri);
    if (l) l.push(e);
    else byUri.set(uri, [e]);
  }
  for (const l of byUri.values()) l.sort((a, b) => a.spec.line - b.spec.line);
  const universe: FcUniverse = { table, finder: new OverlapFinder(table), byUri, level };
  cache.set(index, { version: index.version, key, universe });
  return universe;
}

const analysisCache = new WeakMap<FcUniverse, Map<string, EntryAnalysis[]>>();

/** The overlap analysis of one document's entries against everything the build loads. */
export function analyzeDocument(u: FcUniverse, uri: string): EntryAnalysis[] {
  let m = analysisCache.get(u);
  if (!m) analysisCache.set(u, (m = new Map()));
  let r = m.get(uri);
  if (!r) m.set(uri, (r = analyzeEntries(u.finder, u.byUri.get(uri) ?? [])));
  return r;
}
