// SPDX-License-Identifier: MIT
// What kind of name belongs at the cursor: the completion context.

import type { PolicyIndex } from '../index/policyIndex';
import { macroDoc } from '../index/xmlDoc';
import type { IdList, SourceFile, Statement } from '../syntax/nodes';
import { locate } from './locate';

export type CompletionContext =
  | { kind: 'statement' }
  /** Types and aliases, attributes unless `attributes` is false, and self when `self`. */
  | { kind: 'type'; self: boolean; attributes?: boolean }
  | { kind: 'attribute' }
  | { kind: 'role' }
  | { kind: 'class' }
  /** `sets`: whether permission sets fit here (not inside a require entry's braces, where they would nest). */
  | { kind: 'perm'; classes: readonly string[]; sets?: boolean }
  | { kind: 'condition' }
  | { kind: 'requireKeyword' }
  | { kind: 'requireName'; keyword: string }
  | { kind: 'fcFileType' }
  | { kind: 'fcUser' }
  | { kind: 'fcRole' }
  | { kind: 'fcType' }
  | { kind: 'mlsLevel' }
  | { kind: 'none' };

const ROLE_PARAM = /role/i;
const CLASS_PARAM = /class/i;
const BOOL_PARAM = /bool|tunable/i;

export function completionContext(file: SourceFile, offset: number, index: PolicyIndex): CompletionContext {
  const text = file.text;
  // Nothing to complete inside a comment (comments are sorted: binary search for the last one starting before).
  const cs = file.comments;
  let lo = 0, hi = cs.length - 1, at = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (cs[mid].start < offset) {
      at = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (at >= 0 && offset <= cs[at].end) return { kind: 'none' };
  const loc = locate(file, offset);
  const line = text.slice(text.lastIndexOf('\n', offset - 1) + 1, offset);

  // Inside a macro call's arguments (the innermost call wins).
  const frame = loc.calls[loc.calls.length - 1];
  const st = loc.statement;
  if (frame && !(st && st.start > frame.call.start)) {
    const name = frame.call.name.text;
    const i = frame.argIndex;
    const argText = frame.arg ? text.slice(frame.arg.inner.start, offset) : '';
    switch (name) {
      case 'gen_context': {
        if (i >= 1) return { kind: 'mlsLevel' };
        const colons = (argText.match(/:/g) ?? []).length;
        return colons === 0 ? { kind: 'fcUser' } : colons === 1 ? { kind: 'fcRole' } : colons === 2 ? { kind: 'fcType' } : { kind: 'mlsLevel' };
      }
      case 'tunable_policy':
        if (i === 0) return { kind: 'condition' };
        break;
      case 'gen_require':
        return requireContext(text, frame.arg?.inner.start ?? offset, offset);
      case 'interface':
      case 'template':
      case 'define':
      case 'ifdef':
      case 'ifndef':
      case 'ifelse':
      case 'gen_tunable':
      case 'gen_bool':
      case 'policy_module':
      case 'refpolicywarn':
        if (frame.arg?.body) return { kind: 'statement' };
        return { kind: 'none' };
      case 'optional_policy':
        return { kind: 'statement' };
      default: {
        if (frame.arg?.body) break;
        const def = index.macro(name);
        const param = def ? macroDoc(def)?.params[i]?.name ?? '' : '';
        if (ROLE_PARAM.test(param)) return { kind: 'role' };
        if (CLASS_PARAM.test(param)) return { kind: 'class' };
        if (BOOL_PARAM.test(param)) return { kind: 'condition' };
        return { kind: 'type', self: false };
      }
    }
  }

  if (loc.fcEntry) {
    const e = loc.fcEntry;
    if (offset <= e.path.end) return { kind: 'none' };
    if (/^\S+\s+-\w?$/.test(line) || (!e.context && /\s$/.test(line))) return { kind: 'fcFileType' };
    return { kind: 'none' };
  }

  if (!st) return file.fileKind === 'fc' ? { kind: 'none' } : { kind: 'statement' };
  return statementContext(text, st, offset);
}

function classNames(l: IdList | undefined): string[] {
  return l ? l.items.map((i) => i.name.text) : [];
}

function statementContext(text: string, st: Statement, offset: number): CompletionContext {
  // On the name of a macro call at statement level: another interface or macro may go there.
  if (st.kind === 'Call' && offset <= st.name.end) return { kind: 'statement' };
  // `self` may stand only in the target position: after a non-empty source.
  const afterSource = (l: IdList | undefined) => !!l && l.items.length > 0 && offset > l.end;
  // In the class position: no class yet, inside `{ }` of a class list, or still typing the class name.
  const inClasses = (l: IdList | undefined) =>
    !l || !l.items.length || (l.braced ? offset < l.end : offset <= l.end && !/\s$/.test(text.slice(l.start, offset)));
  switch (st.kind) {
    case 'AvRule': {
      if (st.colon < 0 || offset <= st.colon) return { kind: 'type', self: afterSource(st.source) };
      if (inClasses(st.classes)) return { kind: 'class' };
      return { kind: 'perm', classes: classNames(st.classes) };
    }
    case 'TypeRule': {
      if (st.colon < 0 || offset <= st.colon) return { kind: 'type', self: afterSource(st.source) };
      if (inClasses(st.classes)) return { kind: 'class' };
      // The new type: a type, not an attribute.
      return { kind: 'type', self: false, attributes: false };
    }
    case 'RoleAllow':
      return { kind: 'role' };
    case 'TypeDecl':
      return st.name && offset > st.name.end && text.slice(st.name.end, offset).includes(',') ? { kind: 'attribute' } : { kind: 'none' };
    case 'Association':
      if (!st.subject || offset <= st.subject.end) return st.keyword === 'roleattribute' ? { kind: 'role' } : { kind: 'type', self: false };
      return st.keyword === 'typealias' ? { kind: 'none' } : { kind: 'attribute' };
    case 'SimpleDecl':
      if (st.keyword === 'role' && st.types && offset >= st.types.start) return { kind: 'type', self: false };
      if (st.keyword === 'role' && st.name && /\btypes\s+\S*$/.test(text.slice(st.start, offset))) return { kind: 'type', self: false };
      if (st.keyword === 'permissive') return { kind: 'type', self: false };
      return { kind: 'none' };
    case 'If':
      if (st.condition && offset > st.condition.start && offset <= st.condition.end) return { kind: 'condition' };
      return { kind: 'statement' };
    case 'Require': {
      // Entries start after the block's `{` (a gen_require body has none: it starts with the entries).
      const open = text.startsWith('require', st.start) ? text.indexOf('{', st.start) : -1;
      return requireContext(text, open >= 0 && open < offset ? open + 1 : st.start, offset);
    }
    case 'BareWord':
    case 'Bad':
    case 'Empty':
      return { kind: 'statement' };
    default:
      return { kind: 'none' };
  }
}

/** Inside `require { ... }` or gen_require: the entry keyword, then names of that kind, or a class's perms. */
function requireContext(text: string, blockStart: number, offset: number): CompletionContext {
  // The current entry: text since the last `;` or `{` (outside a class's perm braces) in the block.
  const before = text.slice(blockStart, offset);
  const m = /(?:^|[;{`\n])\s*([^;{`]*(?:\{[^}]*)?)$/.exec(before);
  const entry = (m ? m[1] : '').replace(/^\s+/, '');
  const words = entry.split(/\s+/);
  if (words.length <= 1) return { kind: 'requireKeyword' };
  const keyword = words[0];
  if (keyword === 'class') {
    if (words.length === 2) return { kind: 'class' };
    const cls = words[1];
    return { kind: 'perm', classes: [cls], sets: !entry.includes('{') };
  }
  return { kind: 'requireName', keyword };
}
