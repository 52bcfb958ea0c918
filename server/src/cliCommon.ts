// SPDX-License-Identifier: MIT
// What the CLI's commands share: usage errors and the --policy option.

import { detectSource, PolicySource, resolveSources } from './policySources';

/** A problem with the command line or its files: printed as one line, exit status 2. */
export class UsageError extends Error {}

/**
 * The sources for `--policy` directories (each must be detectable), or the installed headers when none is
 * given; `onMissing` decides what an empty default means.
 */
export function policySources(policies: readonly string[], onMissing: (problems: string[]) => void): PolicySource[] {
  if (!policies.length) {
    const r = resolveSources([]);
    if (r.problems.length) onMissing(r.problems);
    return r.sources;
  }
  return policies.map((p) => {
    const s = detectSource(p);
    if ('error' in s) throw new UsageError(s.error);
    return s;
  });
}

/** Consumes `--policy DIR` / `--policy=DIR` at args[i]; returns the next index, or -1 when args[i] is not one. */
export function policyOption(args: string[], i: number, policies: string[]): number {
  const a = args[i];
  if (a === '--policy') {
    const v = args[i + 1];
    if (!v) throw new UsageError('--policy needs a directory');
    policies.push(v);
    return i + 1;
  }
  if (a.startsWith('--policy=')) {
    policies.push(a.slice('--policy='.length));
    return i;
  }
  return -1;
}


/**
 * Reads `--name VALUE` or `--name=VALUE` at args[i]: the value and the index of the last argument used,
 * or undefined when args[i] is not this option. A missing value is ''.
 */
export function valueOption(args: readonly string[], i: number, ...names: string[]): { value: string; next: number } | undefined {
  const a = args[i];
  for (const n of names) {
    if (a === n) return { value: args[i + 1] ?? '', next: i + 1 };
    if (a.startsWith(`${n}=`)) return { value: a.slice(n.length + 1), next: i };
  }
  return undefined;
}
