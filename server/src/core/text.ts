// SPDX-License-Identifier: MIT
// Small text helpers shared by features.

export interface WordAt {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

function isIdent(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 36;
}

/** The identifier ([A-Za-z0-9_$]+) touching offset, or undefined. */
export function wordAt(text: string, offset: number): WordAt | undefined {
  let s = offset, e = offset;
  while (s > 0 && isIdent(text.charCodeAt(s - 1))) s--;
  while (e < text.length && isIdent(text.charCodeAt(e))) e++;
  if (s === e) return undefined;
  return { start: s, end: e, text: text.slice(s, e) };
}
