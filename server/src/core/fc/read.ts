// SPDX-License-Identifier: MIT
// Reading built file_contexts texts (libselinux's `read_spec_entries`) and .subs files. Pure.

import { modeOfFlag } from './modes';
import type { FcSpec } from './table';

export interface ReadError {
  readonly line: number;
  readonly message: string;
}

/** Reads a file_contexts text as libselinux's `read_spec_entries` does. */
export function readFileContexts(text: string, uri?: string): { specs: FcSpec[]; errors: ReadError[] } {
  const specs: FcSpec[] = [];
  const errors: ReadError[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i].trim();
    if (!t || t.startsWith('#')) continue;
    const tokens = t.split(/\s+/);
    if (tokens.length < 2) {
      errors.push({ line: i, message: `line ${i + 1} is missing fields` });
      continue;
    }
    const [regex, second, third] = tokens;
    const flag = tokens.length >= 3 ? second : undefined;
    const context = tokens.length >= 3 ? third : second;
    const mode = modeOfFlag(flag);
    if (mode === undefined) {
      errors.push({ line: i, message: `line ${i + 1} has invalid file type ${flag}` });
      continue;
    }
    specs.push({ regex, ...(flag !== undefined ? { flag } : {}), mode, context, ...(uri ? { uri } : {}), line: i });
  }
  return { specs, errors };
}

export type Substitutions = ReadonlyArray<readonly [string, string]>;

/** Reads a file_contexts.subs(_dist) text: `SRC DST` lines. */
export function readSubstitutions(text: string): Array<readonly [string, string]> {
  const out: Array<readonly [string, string]> = [];
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (!t || t.startsWith('#')) continue;
    const [src, dst] = t.split(/\s+/);
    if (src && dst) out.push([src, dst]);
  }
  return out;
}
