// SPDX-License-Identifier: MIT
// The on-disk index cache: the symbols of policy sources (devel headers, reference-policy trees), which
// change only when a package or a tree is updated, kept between runs so that a new server or CLI process
// reads them instead of parsing every file again.
//
// One file per source (kind, root and build defines) and per build of selinux-ls, in
// $SELINUX_LS_CACHE_DIR, else $XDG_CACHE_HOME/selinux-ls, else ~/.cache/selinux-ls. An entry is used
// only for the same file content: known unchanged from its stat data (then the file is not even read),
// or read and found to have the same SHA-1 as when it was stored. A cache can be out of date but never
// wrong. Any problem (no such directory, a damaged file, a full disk) only means a slower start: the cache
// is never required. Plain folders of modules are not cached: they are small and are the files being edited.

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

/**
 * What identifies one version of a file without reading it: size, modification and change times, inode.
 * Writing a file always moves its change time (which no tool can set back), so equal stat data mean equal
 * content. A file changed less than RACY_MS before it was looked at gets no stat data: its next change
 * could fall in the same timestamp tick, so it is compared by content instead (git's "racy" entries).
 */
export type FileStat = readonly [size: number, mtimeMs: number, ctimeMs: number, ino: number];
const RACY_MS = 3000;

/** The stat data of a file, undefined when it cannot be stat'ed or changed too recently to go by them. */
export function stableStat(path: string, now = Date.now()): FileStat | undefined {
  try {
    const st = statSync(path);
    if (now - st.mtimeMs < RACY_MS || now - st.ctimeMs < RACY_MS) return undefined;
    return [st.size, st.mtimeMs, st.ctimeMs, st.ino];
  } catch {
    return undefined;
  }
}

function sameStat(a: unknown, b: FileStat): boolean {
  return Array.isArray(a) && a.length === 4 && a[0] === b[0] && a[1] === b[1] && a[2] === b[2] && a[3] === b[3];
}

/**
 * A cache file: one line of JSON (the key, and per file its SHA-1, snapshot, stat data and where its text
 * is in the text part), a newline, then the text part: the files' texts one after another. A file whose
 * stat data are unchanged is decoded from the text part without reading the file itself.
 */
type Stored = [sha1: string, snapshot: unknown, stat: FileStat | null, textStart: number, textEnd: number];

/** An entry of the cache being written: its text goes into the text part. */
interface Next {
  readonly sha1: string;
  readonly snapshot: unknown;
  readonly stat: FileStat | undefined;
  readonly text: string;
}

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
  private readonly next = new Map<string, Next>();
  /** Files parsed in this run, encoded when the cache is saved (off the indexing path). */
  private readonly parsed: Array<[path: string, text: string, symbols: FileSymbols, stat: FileStat | undefined]> = [];
  readonly stats: CacheStats = { hits: 0, misses: 0, saved: false };

  private constructor(
    private readonly dir: string,
    private readonly file: string,
    /** Starts the names of this source's cache files (one per build). */
    private readonly prefix: string,
    private readonly key: string,
    private readonly old: Record<string, Stored>,
    /** The text part of the cache file read. */
    private readonly texts: string,
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
    let texts = '';
    let problem: string | undefined;
    try {
      // A Buffer decoded in one go: much faster than readFileSync(file, 'utf8') for a file this large.
      const content = readFileSync(file).toString('utf8');
      const nl = content.indexOf('\n');
      const data = JSON.parse(nl < 0 ? content : content.slice(0, nl)) as { key?: string; files?: Record<string, Stored> };
      if (data.key === key && data.files && typeof data.files === 'object' && nl >= 0) {
        old = data.files;
        texts = content.slice(nl + 1);
      } else problem = `${file}: not a cache of this source`;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') problem = `${file}: ${code ?? (e as Error).message}`;
    }
    return new SourceCache(dir, file, prefix, key, old, texts, problem);
  }

  private stored(path: string): Stored | undefined {
    const hit = Object.prototype.hasOwnProperty.call(this.old, path) ? this.old[path] : undefined;
    return Array.isArray(hit) && hit.length === 5 ? hit : undefined;
  }

  /**
   * The stored symbols of a file whose stat data (from stableStat, taken now) are those stored with them:
   * the file is unchanged and is not read. Its text comes from the cache.
   */
  unchanged(path: string, stat: FileStat | undefined): { symbols: FileSymbols; text: string } | undefined {
    const hit = stat && this.stored(path);
    if (!hit || !sameStat(hit[2], stat)) return undefined;
    const [sha1, snapshot, , start, end] = hit;
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start || end > this.texts.length) return undefined;
    const text = this.texts.slice(start, end);
    const symbols = decodeSymbols(snapshot as never, text);
    if (!symbols) return undefined;
    this.next.set(path, { sha1, snapshot, stat, text });
    this.stats.hits++;
    return { symbols, text };
  }

  /**
   * The stored symbols of a file with this text, if any (compared by content). `stat` is the file's,
   * taken before the text was read: kept for the next run's unchanged().
   */
  lookup(path: string, text: string, stat?: FileStat): FileSymbols | undefined {
    const hit = this.stored(path);
    const sha1 = digest(text);
    const symbols = hit && hit[0] === sha1 ? decodeSymbols(hit[1] as never, text) : undefined;
    if (symbols && hit) {
      this.next.set(path, { sha1, snapshot: hit[1], stat, text });
      this.stats.hits++;
      return symbols;
    }
    this.stats.misses++;
    return undefined;
  }

  /** Records the symbols just computed for a file (after a lookup() miss). */
  store(path: string, text: string, symbols: FileSymbols, stat?: FileStat): void {
    this.parsed.push([path, text, symbols, stat]);
  }

  /**
   * Writes the cache when it changed (a file parsed again, read again, or gone), replacing the file
   * atomically, and removes this source's caches written by other builds. Never throws.
   */
  save(): CacheStats {
    // Nothing to write when no file was parsed and every stored file was read back, with no new stat data
    // to record (a file changed in the last seconds has none yet).
    const same = (p: string) => {
      const n = this.next.get(p);
      return !!n && (!n.stat || sameStat(this.old[p][2], n.stat));
    };
    if (!this.parsed.length && this.next.size === Object.keys(this.old).length && Object.keys(this.old).every(same)) return this.stats;
    try {
      for (const [path, text, symbols, stat] of this.parsed.splice(0)) this.next.set(path, { sha1: digest(text), snapshot: encodeSymbols(symbols, text), stat, text });
      const files: Record<string, Stored> = {};
      const texts: string[] = [];
      let at = 0;
      for (const [path, n] of this.next) {
        files[path] = [n.sha1, n.snapshot as Stored[1], n.stat ?? null, at, at + n.text.length];
        texts.push(n.text);
        at += n.text.length;
      }
      mkdirSync(this.dir, { recursive: true });
      const tmp = `${this.file}.${process.pid}.tmp`;
      writeFileSync(tmp, `${JSON.stringify({ key: this.key, files })}\n${texts.join('')}`);
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

/**
 * Whether a source's files are worth caching: installed headers and source trees (a workspace folder that
 * is a source tree too: a file edited since is read and parsed again), not plain folders of modules.
 */
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
