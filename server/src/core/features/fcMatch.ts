// SPDX-License-Identifier: MIT
// "Which file context applies to this path?": libselinux's lookup over a file-context table, with the
// winning entry and the entries it beat. Used by the `selinux-ls fc-match` CLI, the server's
// `selinux/fcMatch` request (VS Code's "Which file context applies to a path…"), and fc hovers.

import { Mode, MODE_FLAG } from '../fc/spec';
import type { FcTable, TableEntry } from '../fc/table';

export interface FcMatchEntry {
  readonly uri?: string;
  /** 0-based line. */
  readonly line: number;
  readonly regex: string;
  readonly fileType?: string;
  readonly context: string;
}

export interface FcMatchResult {
  readonly path: string;
  /** The key libselinux looked up (normalised, substitutions applied). */
  readonly key: string;
  /** The file type asked about, as a flag (`--`, `-d`...), or undefined for any. */
  readonly fileType?: string;
  /** The label: the winner's context, or `<<none>>` when nothing matches or the winner says so. */
  readonly context: string;
  readonly winner?: FcMatchEntry;
  readonly beaten: readonly FcMatchEntry[];
}

function entry(e: TableEntry): FcMatchEntry {
  const s = e.spec;
  return { ...(s.uri ? { uri: s.uri } : {}), line: s.line, regex: s.regex, ...(s.flag ? { fileType: s.flag } : {}), context: s.context };
}

export function matchPath(table: FcTable, path: string, mode: Mode = ''): FcMatchResult {
  const r = table.lookup(path, mode, true);
  return {
    path, key: r.key, ...(mode ? { fileType: MODE_FLAG[mode] } : {}),
    context: r.winner ? r.winner.spec.context : '<<none>>',
    ...(r.winner ? { winner: entry(r.winner) } : {}),
    beaten: r.beaten.map(entry),
  };
}
