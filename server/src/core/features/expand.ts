// SPDX-License-Identifier: MIT
// What a macro call expands to at its call site: the body with $N replaced by the arguments, nested
// interface calls expanded, and permission sets written out. Like m4, but only as far as showing the
// rules goes: support macros keep their structure (optional, if, ifdef) and require blocks are left out.

import type { PolicyIndex } from '../index/policyIndex';
import { parse } from '../syntax/parser';
import type { Call, IdList, Statement } from '../syntax/nodes';

export const MAX_EXPANSION_DEPTH = 6;
export const MAX_EXPANSION_LINES = 400;

export interface Expansion {
  readonly lines: string[];
  /** Rules (allow, type_transition, ...) in the expansion. */
  readonly rules: number;
  readonly truncated: boolean;
}

/** Replaces $1..$9, $* and $# in a macro body the way m4 does for a call with these arguments. */
export function substitute(body: string, args: readonly string[]): string {
  return body.replace(/\$(\d|\*|@|#)/g, (_m, d: string) => {
    if (d === '*' || d === '@') return args.join(',');
    if (d === '#') return String(args.length);
    const n = Number(d);
    return n === 0 ? '' : (args[n - 1] ?? '');
  });
}

export function expandCall(index: PolicyIndex, name: string, args: readonly string[]): Expansion {
  const state = { lines: [] as string[], rules: 0, truncated: false };
  const def = index.macro(name);
  if (!def) return { lines: [`${name}(${args.join(', ')})`], rules: 0, truncated: false };
  expandBody(index, substitute(def.body, args), 0, '', state, new Set([name]));
  return state;
}

type State = { lines: string[]; rules: number; truncated: boolean };

function emit(state: State, line: string): void {
  if (state.lines.length >= MAX_EXPANSION_LINES) {
    state.truncated = true;
    return;
  }
  state.lines.push(line);
}

function expandBody(index: PolicyIndex, body: string, depth: number, indent: string, state: State, active: Set<string>): void {
  const file = parse(body, 'if');
  walk(index, file.text, file.statements, depth, indent, state, active);
}

function squash(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

function walk(index: PolicyIndex, text: string, stmts: readonly Statement[], depth: number, indent: string, state: State, active: Set<string>): void {
  for (const s of stmts) {
    if (state.truncated) return;
    switch (s.kind) {
      case 'Require':
      case 'Empty':
        break;
      case 'AvRule':
        state.rules++;
        emit(state, `${indent}${s.keyword} ${ids(text, s.source)} ${ids(text, s.target)}:${ids(text, s.classes)} ${perms(index, text, s.perms)};`);
        break;
      case 'TypeRule':
      case 'RoleAllow':
      case 'RoleTransition':
      case 'RangeTransition':
        state.rules++;
        emit(state, indent + squash(text.slice(s.start, s.end)));
        break;
      case 'Optional':
      case 'If': {
        const header = s.kind === 'If' ? `if ${squash(text.slice(s.condition?.start ?? s.start, s.condition?.end ?? s.start))}` : 'optional';
        emit(state, `${indent}${header} {`);
        walk(index, text, s.body, depth, indent + '\t', state, active);
        if (s.elseBody) {
          emit(state, `${indent}} else {`);
          walk(index, text, s.elseBody, depth, indent + '\t', state, active);
        }
        emit(state, `${indent}}`);
        break;
      }
      case 'Call':
        call(index, text, s, depth, indent, state, active);
        break;
      default:
        emit(state, indent + squash(text.slice(s.start, s.end)));
    }
  }
}

function call(index: PolicyIndex, text: string, c: Call, depth: number, indent: string, state: State, active: Set<string>): void {
  const name = c.name.text;
  const args = c.args.map((a) => text.slice(a.inner.start, a.inner.end).trim());
  // `header { then } else { otherwise }`, the shape the structural support macros expand to.
  const block = (header: string, then: number, otherwise: number) => {
    emit(state, `${indent}${header} {`);
    walk(index, text, c.args[then]?.body ?? [], depth, indent + '\t', state, active);
    const alt = c.args[otherwise]?.body;
    if (alt) {
      emit(state, `${indent}} else {`);
      walk(index, text, alt, depth, indent + '\t', state, active);
    }
    emit(state, `${indent}}`);
  };
  switch (name) {
    case 'gen_require':
      return;
    case 'optional_policy':
      return block('optional', 0, 1);
    case 'tunable_policy':
      return block(`if (${squash(args[0] ?? '')})`, 1, 2);
    case 'ifdef':
    case 'ifndef':
      return block(`${name}(${args[0] ?? ''})`, 1, 2);
  }
  const def = index.macro(name);
  if (!def || def.kind === 'define' && !def.calls.length && !/;/.test(def.body) || depth >= MAX_EXPANSION_DEPTH || active.has(name)) {
    emit(state, `${indent}${name}(${args.join(', ')})`);
    return;
  }
  emit(state, `${indent}# ${name}(${args.join(', ')})`);
  active.add(name);
  expandBody(index, substitute(def.body, args), depth + 1, indent, state, active);
  active.delete(name);
}

function ids(text: string, l: IdList | undefined): string {
  return l ? squash(text.slice(l.start, l.end)) : '?';
}

/** Permissions with permission sets written out: `{ getattr open read }`. */
function perms(index: PolicyIndex, text: string, l: IdList | undefined): string {
  if (!l) return '?';
  if (l.star || l.complement || l.calls.length) return squash(text.slice(l.start, l.end));
  const out = new Set<string>();
  for (const item of l.items) {
    for (const p of index.permsOf(item.name.text) ?? [item.name.text]) out.add(p);
  }
  const list = [...out];
  return list.length === 1 ? list[0] : `{ ${list.join(' ')} }`;
}
