// SPDX-License-Identifier: MIT
// Hover: interfaces and templates (docs and the expansion at this call site), types and attributes,
// classes, permission sets, booleans and tunables, and the language's own keywords and macros.

import { Hover, MarkupKind, Position } from 'vscode-languageserver-types';
import type { PolicyDocument } from '../document';
import { SUPPORT_MACROS, TE_KEYWORDS } from '../facts/keywords';
import type { PolicyIndex } from '../index/policyIndex';
import { expandCall } from './expand';
import { doFcHover } from './fcHover';
import { locate, wordRange } from './locate';
import { macroMarkdown } from './macroDocs';
import type { Call } from '../syntax/nodes';

const FACTS = new Map([...TE_KEYWORDS, ...SUPPORT_MACROS].map((k) => [k.name, k]));
/** Expansions longer than this are folded into a <details> block. */
const FOLD_LINES = 12;

export function doHover(doc: PolicyDocument, position: Position, index: PolicyIndex, defines?: ReadonlySet<string>): Hover | null {
  const fc = doFcHover(doc, position, index, defines);
  if (fc) return fc;
  const text = doc.file.text;
  const offset = doc.text.offsetAt(position);
  const w = wordRange(text, offset);
  if (!w.text) return null;
  const range = { start: doc.text.positionAt(w.start), end: doc.text.positionAt(w.end) };
  const value = hoverText(doc, index, w.text, w.start);
  return value ? { contents: { kind: MarkupKind.Markdown, value }, range } : null;
}

function hoverText(doc: PolicyDocument, index: PolicyIndex, name: string, start: number): string | undefined {
  const text = doc.file.text;
  const fact = FACTS.get(name);
  const def = index.macro(name);
  if (def && def.kind !== 'define') {
    const call = callNamed(doc, start, name);
    let expansion: string | undefined;
    if (call) {
      const args = call.args.map((a) => text.slice(a.inner.start, a.inner.end).trim());
      const exp = expandCall(index, name, args);
      const block = ['```selinux-te', ...exp.lines, ...(exp.truncated ? ['# …'] : []), '```'].join('\n');
      const title = `Expands here to ${exp.rules} rule${exp.rules === 1 ? '' : 's'}`;
      expansion = '---\n\n' + (exp.lines.length > FOLD_LINES ? `<details><summary>${title}</summary>\n\n${block}\n\n</details>` : `**${title}:**\n\n${block}`) + '\n\n---';
    }
    return macroMarkdown(def, true, expansion);
  }
  const set = index.permSets().get(name);
  if (set) {
    return [`**${name}** (permission set)`, '```selinux-te', `{ ${set.perms.join(' ')} }`, '```', set.classes.length ? `For class${set.classes.length > 1 ? 'es' : ''}: ${set.classes.join(', ')}` : ''].join('\n');
  }
  if (fact) return `**${fact.name}** (${TE_KEYWORDS.includes(fact) ? 'keyword' : 'support macro'})\n\n${fact.doc}`;
  if (def) {
    return [`**${name}** (m4 define in ${def.module})`, '```', def.body.trim().slice(0, 800), '```'].join('\n');
  }
  const decls = index.declarations(name);
  if (decls.length) {
    const d = decls[0];
    const lines = [`**${name}** (${d.kind}${d.kind === 'alias' && d.aliasOf ? ` of \`${d.aliasOf}\`` : ''}) — declared in module **${d.module}**`];
    if (d.kind === 'bool' || d.kind === 'tunable') {
      if (d.defaultValue) lines.push(`Default: \`${d.defaultValue}\``);
      if (d.description) lines.push('', d.description);
    }
    const attrs = [...index.attributesOf(name)].sort();
    if (attrs.length) lines.push('', `Attributes: ${attrs.map((a) => `\`${a}\``).join(', ')}`);
    if (d.kind === 'attribute') {
      const members = [...index.membersOf(name)].sort();
      if (members.length) lines.push('', `${members.length} member type${members.length === 1 ? '' : 's'}: ${members.slice(0, 30).map((m) => `\`${m}\``).join(', ')}${members.length > 30 ? ', …' : ''}`);
    }
    const fcs = index.fileContextsFor(name);
    if (fcs.length) {
      lines.push('', 'File contexts:', '```selinux-fc', ...fcs.slice(0, 15).map((f) => `${f.path}${f.fileType ? `\t${f.fileType}` : ''}\t${f.context}`), ...(fcs.length > 15 ? [`# … ${fcs.length - 15} more`] : []), '```');
    }
    return lines.join('\n');
  }
  const cls = index.cls(name);
  if (cls) return `**${name}** (${cls.userspace ? 'userspace' : 'kernel'} class)\n\nPermissions: ${[...cls.perms].sort().map((p) => `\`${p}\``).join(' ')}`;
  if (index.isKnown(name)) return `**${name}** — required by interfaces of the indexed policy (declared in a module whose source is not indexed)`;
  return undefined;
}

/** The call whose name starts at `start`, if any. */
function callNamed(doc: PolicyDocument, start: number, name: string): Call | undefined {
  const loc = locate(doc.file, start + 1);
  for (const s of [...loc.path].reverse()) if (s.kind === 'Call' && s.name.start === start && s.name.text === name) return s;
  for (const f of loc.calls) if (f.call.name.start === start) return f.call;
  return undefined;
}
