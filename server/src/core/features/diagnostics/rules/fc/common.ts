// SPDX-License-Identifier: MIT
// What the .fc rules share: the document's entries with their parts, and the overlap analysis of the
// document against every file context the build loads.

import type { Range as LspRange } from 'vscode-languageserver-types';
import type { EntryAnalysis } from '../../../../fc/conflicts';
import { analyzeDocument, fcUniverse } from '../../../../fc/universe';
import type { TableEntry } from '../../../../fc/table';
import type { Range } from '../../../../syntax/nodes';
import type { RuleContext } from '../../rule';

/**
 * The analysis of this document's entries (empty when the document is not indexed as a .fc file).
 * An installed file_contexts usually holds this module's own entries already (the module is installed
 * while it is being developed): identical entries from it are not duplicates of the document's.
 */
export function documentAnalysis(ctx: RuleContext): EntryAnalysis[] {
  const uri = ctx.doc.text.uri;
  if (!ctx.index.fileSymbols(uri)) return [];
  return analyzeDocument(fcUniverse(ctx.index, ctx.defines, uri), uri).map((a) => {
    const installedCopy = (o: TableEntry) => o.spec.module === 'file_contexts' && o.spec.regex === a.entry.spec.regex && o.spec.flag === a.entry.spec.flag && o.spec.context === a.entry.spec.context;
    if (!a.duplicates.some(installedCopy)) return a;
    const { shadowedBy: _ignored, ...rest } = a;
    return { ...rest, duplicates: a.duplicates.filter((d) => !installedCopy(d)), overlaps: a.overlaps.filter((o) => !installedCopy(o.other)) };
  });
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
