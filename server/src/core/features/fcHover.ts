// SPDX-License-Identifier: MIT
// Hover on a .fc entry's path: how fc_sort ranks it, the entries with other contexts that match some of
// the same paths (who wins there, why, and an example path), duplicates, and whether it ever applies.
// A link runs "Which file context applies to a path…" with an example path.

import { MarkupKind, Hover, Position } from 'vscode-languageserver-types';
import type { PolicyDocument } from '../document';
import type { PolicyIndex } from '../index/policyIndex';
import { analyzeDocument, fcUniverse } from '../fc/universe';
import { where } from './diagnostics/rules/fc/common';

const MAX_ROWS = 10;

export function doFcHover(doc: PolicyDocument, position: Position, index: PolicyIndex, defines?: ReadonlySet<string>): Hover | null {
  if (doc.file.fileKind !== 'fc') return null;
  const offset = doc.text.offsetAt(position);
  const e = doc.file.fcEntries.find((x) => x.path.start <= offset && offset <= x.path.end);
  if (!e) return null;
  const uri = doc.text.uri;
  const line = doc.text.positionAt(e.start).line;
  const lines: string[] = [];
  const analysis = index.fileSymbols(uri) ? analyzeDocument(fcUniverse(index, defines, uri), uri).find((a) => a.entry.spec.line === line) : undefined;
  if (!analysis) {
    lines.push(`**File context** \`${e.path.text}\``, '', 'Not in the build’s file_contexts (a home-directory template line, or a branch the build leaves out).');
  } else {
    const s = analysis.entry.spec;
    const k = analysis.entry.key;
    lines.push(`**File context** \`${s.regex}\`${s.flag ? ` \`${s.flag}\`` : ''} → \`${s.context}\``, '');
    lines.push(k.meta
      ? `fc_sort: regex, stem ${k.stemLen}, length ${k.strLen}${k.hasType ? ', with a file type' : ''}. Later (more specific) entries win.`
      : 'fc_sort: exact path: it beats every regex.');
    if (analysis.duplicates.length) {
      lines.push('', `**Duplicate** of ${analysis.duplicates.map((d) => `${where(d.spec)}`).join(', ')}: \`setfiles -c\` rejects this.`);
    }
    if (analysis.neverLookedUp) {
      lines.push('', `**Never applies:** every path it matches holds \`//\` or ends in \`/\` (such as \`${analysis.neverLookedUp.example}\`), and libselinux collapses \`//\` and drops a trailing \`/\` before the lookup.`);
    }
    if (analysis.shadowedBy) {
      lines.push('', `**Never applies:** every path it matches is labelled by ${analysis.shadowedBy.slice(0, 3).map((w) => `\`${w.spec.regex}\` (${where(w.spec)})`).join(', ')}.`);
    }
    const ov = analysis.overlaps;
    if (ov.length) {
      lines.push('', `Overlaps ${ov.length} entr${ov.length === 1 ? 'y' : 'ies'} with other contexts:`, '',
        '| entry | context | on shared paths | e.g. |', '|---|---|---|---|');
      for (const o of ov.slice(0, MAX_ROWS)) {
        const won = o.wins ? `this wins (${o.reason})` : `it wins (${o.reason})`;
        lines.push(`| \`${o.other.spec.regex}\`${o.other.spec.flag ? ` ${o.other.spec.flag}` : ''} ${where(o.other.spec)} | \`${o.other.spec.context}\` | ${won} | \`${o.example}\` |`);
      }
      if (ov.length > MAX_ROWS) lines.push('', `… and ${ov.length - MAX_ROWS} more.`);
    } else {
      lines.push('', 'No other entry with a different context matches any of its paths.');
    }
    const example = ov[0]?.example;
    const args = encodeURIComponent(JSON.stringify([example ?? '']));
    lines.push('', `[Which file context applies to a path…](command:selinux.fcMatch?${args})`);
  }
  return {
    contents: { kind: MarkupKind.Markdown, value: lines.join('\n') },
    range: { start: doc.text.positionAt(e.path.start), end: doc.text.positionAt(e.path.end) },
  };
}
