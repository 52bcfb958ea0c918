// SPDX-License-Identifier: MIT
// The on-disk index cache: the symbols of policy sources (devel headers, reference-policy trees), which
// change only when a package or a tree is updated, kept between runs so that a new server or CLI process
// reads them instead of parsing every file again.
//
// One JSON file per source (kind, root and build defines) and per build of selinux-ls, in
// $SELINUX_LS_CACHE_DIR, else $XDG_CACHE_HOME/selinux-ls, else ~/.cache/selinux-ls. An entry is used
// only when the file's content has the same SHA-1 as when it was stored, so a cache can be out of date
// but never wrong. Any problem (no such directory, a damaged file, a full disk) only means a slower
// start: the cache is never required. Workspace folders are not cached: they are the files being edited.

import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { decodeSymbols, encodeSymbols, SNAPSHOT_FORMAT } from './core/index/snapshot';
import type { FileSymbols } from './core/index/symbols';
import type { PolicySource } from './policySources';

/** Where cache files go (undefined: no usable location). */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.SELINUX_LS_CACHE_DIR) return env.SELINUX_LS_CACHE_DIR;
  if (env.XDG_CACHE_HOME) return join(env.XDG_CACHE_HOME, 'selinux-ls');
  let home: string;
  try {
    home = homedir();
  } catch {
    return undefined;
  }
  return home ? join(home, '.cache', 'selinux-ls') : undefined;
}

let buildId: string | null | undefined;
/**
 * Identifies the code that wrote a cache: a digest of the running bundle (the extraction code is in it),
 * so that any other build, even of the same version, starts from an empty cache. Null when the bundle
 * cannot be read: then no cache is used at all.
 */
function thisBuild(): string | null {
  if (buildId === undefined) {
    try {
      buildId = createHash('sha1').update(readFileSync(__filename)).digest('hex').slice(0, 12);
    } catch {
      buildId = null;
    }
  }
  return buildId;
}

type Stored = [sha1: string, symbols: unknown];

export interface CacheStats {
  hits: number;
  misses: number;
  /** The cache file was written. */
  saved: boolean;
  /** Why the cache was not read or written, when it was not. */
  problem?: string;
}

/** The cache of one policy source. */
export class SourceCache {
  private readonly next: Record<string, Stored> = Object.create(null) as Record<string, Stored>;
  /** Files parsed in this run, encoded when the cache is saved (off the indexing path). */
  private readonly parsed: Array<[path: string, sha1: string, text: string, symbols: FileSymbols]> = [];
  readonly stats: CacheStats = { hits: 0, misses: 0, saved: false };

  private constructor(
    private readonly dir: string,
    private readonly file: string,
    /** Starts the names of this source's cache files (one per build). */
    private readonly prefix: string,
    private readonly key: string,
    private readonly old: Record<string, Stored>,
    problem: string | undefined,
  ) {
    if (problem) this.stats.problem = problem;
  }

  /** Opens the cache of `source` in `dir` (an empty one when there is none yet or it cannot be read). */
  static open(source: PolicySource, dir: string): SourceCache {
    const key = JSON.stringify([SNAPSHOT_FORMAT, source.kind, source.root, [...(source.defines ?? [])].sort()]);
    const prefix = `index-${createHash('sha1').update(key).digest('hex').slice(0, 16)}-`;
    const file = join(dir, `${prefix}${thisBuild() ?? 'unknown'}.json`);
    let old: Record<string, Stored> = {};
    let problem: string | undefined;
    try {
      const data = JSON.parse(readFileSync(file, 'utf8')) as { key?: string; files?: Record<string, Stored> };
      if (data.key === key && data.files && typeof data.files === 'object') old = data.files;
      else problem = `${file}: not a cache of this source`;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') problem = `${file}: ${code ?? (e as Error).message}`;
    }
    return new SourceCache(dir, file, prefix, key, old, problem);
  }

  /** The stored symbols of a file with this text, if any. */
  lookup(path: string, text: string): FileSymbols | undefined {
    const sha1 = digest(text);
    const hit = Object.prototype.hasOwnProperty.call(this.old, path) ? this.old[path] : undefined;
    const symbols = Array.isArray(hit) && hit[0] === sha1 ? decodeSymbols(hit[1] as never, text) : undefined;
    if (symbols && hit) {
      this.next[path] = hit;
      this.stats.hits++;
      return symbols;
    }
    this.stats.misses++;
    return undefined;
  }

  /** Records the symbols just computed for a file (after a lookup() miss). */
  store(path: string, text: string, symbols: FileSymbols): void {
    this.parsed.push([path, digest(text), text, symbols]);
  }

  /**
   * Writes the cache when it changed (a file parsed again, or a file gone), replacing the file
   * atomically, and removes this source's caches written by other builds. Never throws.
   */
  save(): CacheStats {
    // Nothing to write when no file was parsed and every stored file was read back.
    if (!this.parsed.length && Object.keys(this.old).every((p) => Object.prototype.hasOwnProperty.call(this.next, p))) return this.stats;
    try {
      for (const [path, sha1, text, symbols] of this.parsed.splice(0)) this.next[path] = [sha1, encodeSymbols(symbols, text)];
      mkdirSync(this.dir, { recursive: true });
      const tmp = `${this.file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify({ key: this.key, files: this.next }));
      renameSync(tmp, this.file);
      this.stats.saved = true;
      for (const name of readdirSync(this.dir)) {
        const p = join(this.dir, name);
        if (name.startsWith(this.prefix) && name.endsWith('.json') && p !== this.file && statSync(p).isFile()) unlinkSync(p);
      }
    } catch (e) {
      this.stats.problem = `${this.file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`;
    }
    return this.stats;
  }
}

/** Whether a source's files are worth caching: installed headers and source trees, not workspace folders. */
export function cacheable(source: PolicySource): boolean {
  return source.kind === 'devel' || source.kind === 'refpolicy';
}

/**
 * Opens caches on demand, one per source root, for indexing runs that come in slices (the server's);
 * saveAll() writes them when the run ends.
 */
export class IndexCaches {
  private readonly open = new Map<string, SourceCache>();
  constructor(private readonly dir: string | undefined) {}

  for(source: PolicySource): SourceCache | undefined {
    if (!this.dir || !cacheable(source) || !thisBuild()) return undefined;
    let c = this.open.get(source.root);
    if (!c) this.open.set(source.root, (c = SourceCache.open(source, this.dir)));
    return c;
  }

  /** Files read from the caches so far. */
  hits(): number {
    let n = 0;
    for (const c of this.open.values()) n += c.stats.hits;
    return n;
  }

  saveAll(): CacheStats[] {
    return [...this.open.values()].map((c) => c.save());
  }
}

function digest(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}
