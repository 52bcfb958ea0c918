// SPDX-License-Identifier: MIT
// The parts of a .fc entry's context (user, role, type and where they are), for the context rules.

import type { FcEntry } from '../../../../syntax/nodes';
import type { RuleContext } from '../../rule';

export interface Parts {
  readonly user: string;
  readonly role: string;
  readonly type: string;
  /** Offset of the context text in the document. */
  readonly start: number;
  readonly text: string;
}

export function contextParts(ctx: RuleContext, e: FcEntry, allowShort = false): Parts | undefined {
  const c = e.context;
  if (!c) return undefined;
  let start: number;
  let end: number;
  if (c.kind === 'Call') {
    if (c.name.text !== 'gen_context' || !c.args[0]) return undefined;
    start = c.args[0].inner.start;
    end = c.args[0].inner.end;
  } else {
    if (c.text === '<<none>>') return undefined;
    start = c.start;
    end = c.end;
  }
  const text = ctx.doc.file.text.slice(start, end);
  const fields = text.trim().split(':');
  if (fields.length < 3 && !allowShort) return undefined;
  const [user = '', role = '', type = ''] = fields;
  return { user, role, type, start: start + (text.length - text.trimStart().length), text: text.trim() };
}

export function fieldRange(p: Parts, field: 0 | 1 | 2) {
  const fields = p.text.split(':');
  let off = 0;
  for (let i = 0; i < field; i++) off += fields[i].length + 1;
  return { start: p.start + off, end: p.start + off + (fields[field]?.length ?? 0) };
}

export const isParam = (s: string) => s.includes('$') || s === '';

/** The module's own .te symbols (same module name), if indexed. */
export function moduleTe(ctx: RuleContext) {
  const uri = ctx.doc.text.uri;
  const teUri = uri.replace(/\.fc$/, '.te');
  return ctx.index.fileSymbols(teUri);
}

