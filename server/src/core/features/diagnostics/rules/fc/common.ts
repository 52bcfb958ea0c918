// SPDX-License-Identifier: MIT
// What the .fc rules share: the document's entries with their parts, and the overlap analysis of the
// document against every file context the build loads.

import type { Range as LspRange } from 'vscode-languageserver-types';
import type { EntryAnalysis } from '../../../../fc/conflicts';
import { analyzeDocument, fcUniverse } from '../../../../fc/universe';
import type { Range } from '../../../../syntax/nodes';
import type { RuleContext } from '../../rule';

/** The analysis of this document's entries (empty when the document is not indexed as a .fc file). */
export function documentAnalysis(ctx: RuleContext): EntryAnalysis[] {
  const uri = ctx.doc.text.uri;
  if (!ctx.index.fileSymbols(uri)) return [];
  return analyzeDocument(fcUniverse(ctx.index, ctx.defines, uri), uri);
}

export function offsets(ctx: RuleContext, r: LspRange | undefined): Range {
  if (!r) return { start: 0, end: 0 };
  return { start: ctx.doc.text.offsetAt(r.start), end: ctx.doc.text.offsetAt(r.end) };
}

/** `file:line` of an entry, the file's base name only. */
export function where(spec: { uri?: string; line: number }): string {
  const base = spec.uri ? decodeURIComponent(spec.uri.slice(spec.uri.lastIndexOf('/') + 1)) : 'file_contexts';
  return `${base}:${spec.line + 1}`;
}

/** The path range of the entry that starts at `range` (the whole entry range when unknown). */
export function pathRange(ctx: RuleContext, r: LspRange | undefined): Range {
  const o = offsets(ctx, r);
  const e = ctx.doc.file.fcEntries.find((x) => x.start === o.start);
  return e ? e.path : o;
}
