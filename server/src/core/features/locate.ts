// SPDX-License-Identifier: MIT
// Where the cursor is: the chain of statements, calls and arguments around an offset, and the word
// under it. Shared by completion, hover, signature help and navigation.

import type { Arg, Call, FcEntry, Statement, SourceFile } from '../syntax/nodes';

export interface CallFrame {
  readonly call: Call;
  /** Index of the argument holding the offset, or -1 when the offset is on the name. */
  readonly argIndex: number;
  readonly arg?: Arg;
}

export interface Location {
  /** Statements containing the offset, outermost first (calls included). */
  readonly path: readonly Statement[];
  /** The innermost statement containing the offset (or still open before it). */
  readonly statement?: Statement;
  /** Macro calls whose argument list holds the offset, outermost first. */
  readonly calls: readonly CallFrame[];
  readonly fcEntry?: FcEntry;
}

/** A statement "holds" an offset inside it, or right after it when it was not terminated (still being typed). */
function holds(text: string, s: Statement, offset: number): boolean {
  if (offset <= s.start) return false;
  if (offset < s.end) return true;
  if (offset === s.end) return !isClosed(text, s);
  // Trailing spaces after an unterminated statement on the same line.
  if (isClosed(text, s)) return false;
  const between = text.slice(s.end, offset);
  return /^[ \t]*$/.test(between);
}

function isClosed(text: string, s: Statement): boolean {
  if (s.kind === 'BareWord') return !!s.semi;
  if (s.kind === 'Call') return s.close >= 0;
  const last = text.charCodeAt(s.end - 1);
  if (last === 59 /* ; */) return true;
  // A `}` ends block statements; in a rule it only closes a set (`:{ file dir }`) and the rule goes on.
  return last === 125 /* } */ && (s.kind === 'Optional' || s.kind === 'If' || s.kind === 'Require' || s.kind === 'ClassDecl');
}

export function locate(file: SourceFile, offset: number): Location {
  const path: Statement[] = [];
  const calls: CallFrame[] = [];
  const text = file.text;
  let fcEntry: FcEntry | undefined;
  const visit = (stmts: readonly Statement[]): void => {
    // Statements are ordered: skip to the last one starting before the offset (only it can hold it).
    let lo = 0, hi = stmts.length - 1, first = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (stmts[mid].start < offset) {
        first = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    for (let i = Math.max(0, first - 1); i < stmts.length; i++) {
      const s = stmts[i];
      if (s.start >= offset) break;
      if (!holds(text, s, offset)) continue;
      path.push(s);
      if ((s as unknown as FcEntry).kind === 'FcEntry') fcEntry = s as unknown as FcEntry;
      switch (s.kind) {
        case 'Call': {
          const frame = callFrame(s, offset);
          if (frame.argIndex >= 0) {
            calls.push(frame);
            if (frame.arg?.body) visit(frame.arg.body);
          }
          return;
        }
        case 'Optional':
        case 'If':
          visit(s.body);
          if (s.elseBody) visit(s.elseBody);
          return;
        default:
          // Calls inside rules (`{ read ifdef(...) }`) and fc contexts.
          for (const c of innerCalls(s)) {
            if (offset > c.start && (offset < c.end || c.close < 0)) {
              const frame = callFrame(c, offset);
              if (frame.argIndex >= 0) calls.push(frame);
            }
          }
          return;
      }
    }
  };
  visit(file.statements);
  return { path, statement: path[path.length - 1], calls, fcEntry };
}

function callFrame(c: Call, offset: number): CallFrame {
  if (offset <= c.open) return { call: c, argIndex: -1 };
  for (let i = 0; i < c.args.length; i++) {
    const a = c.args[i];
    const last = i === c.args.length - 1;
    if (offset >= a.start && (offset <= a.end || (last && c.close < 0))) return { call: c, argIndex: i, arg: a };
  }
  return { call: c, argIndex: c.args.length - 1, arg: c.args[c.args.length - 1] };
}

function innerCalls(s: Statement): readonly Call[] {
  const f = s as unknown as FcEntry;
  if (f.kind === 'FcEntry') return f.context?.kind === 'Call' ? [f.context] : [];
  switch (s.kind) {
    case 'AvRule':
      return [...(s.source?.calls ?? []), ...(s.target?.calls ?? []), ...(s.classes?.calls ?? []), ...(s.perms?.calls ?? [])];
    case 'Generic':
      return s.calls;
    default:
      return [];
  }
}

export interface Word {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

function isIdent(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 36;
}

/** Whether the '-' at i sits between two identifier characters (it may join them into one name). */
function isJoin(text: string, i: number): boolean {
  return text.charCodeAt(i) === 45 && i > 0 && isIdent(text.charCodeAt(i - 1)) && isIdent(text.charCodeAt(i + 1));
}

/**
 * The identifier touching offset (possibly empty, at offset). Names are split as the scanner splits them:
 * one that starts with a letter takes in '-' joins (checkpolicy's `my-app_t`), others stop at '-'.
 */
export function wordRange(text: string, offset: number): Word {
  let s = offset;
  while (s > 0 && (isIdent(text.charCodeAt(s - 1)) || isJoin(text, s - 1))) s--;
  for (let w = s; ; ) {
    const c = text.charCodeAt(w);
    const letter = (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
    let e = w;
    while (e < text.length && (isIdent(text.charCodeAt(e)) || (letter && isJoin(text, e)))) e++;
    // offset is in this word or just after it; else the next word starts after the '-' this one stopped at.
    if (e >= offset || e === w) return { start: w, end: e, text: text.slice(w, e) };
    w = e + 1;
  }
}

/** The identifier prefix before offset. */
export function prefixAt(text: string, offset: number): Word {
  const w = wordRange(text, offset);
  const start = w.start < offset ? w.start : offset;
  return { start, end: offset, text: text.slice(start, offset) };
}
