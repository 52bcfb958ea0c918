// SPDX-License-Identifier: MIT
// How interfaces and templates are presented: Markdown documentation and the snippet inserted on completion.

import type { MacroDef } from '../index/symbols';
import { macroDoc, ParamDoc } from '../index/xmlDoc';

/** Parameter names: from the `## <param>` docs, else `argN` for every `$N` the body uses. */
export function paramNames(def: MacroDef): string[] {
  const doc = macroDoc(def);
  const names = doc?.params.map((p) => p.name) ?? [];
  for (let i = names.length; i < def.maxParam; i++) names.push(`arg${i + 1}`);
  return names;
}

export function paramDocs(def: MacroDef): ParamDoc[] {
  const doc = macroDoc(def);
  const out = [...(doc?.params ?? [])];
  for (let i = out.length; i < def.maxParam; i++) out.push({ name: `arg${i + 1}`, summary: '', optional: false, unused: false });
  return out;
}

/** `name(${1:domain}, ${2:role})`; optional parameters are left out. */
export function macroSnippet(def: MacroDef): string {
  const params = paramDocs(def).filter((p) => !p.optional);
  const esc = (s: string) => s.replace(/[$}\\]/g, '\\$&');
  return `${def.name}(${params.map((p, i) => `\${${i + 1}:${esc(p.name)}}`).join(', ')})`;
}

/** The signature line: `files_read_etc_files(domain)`. */
export function signatureLabel(def: MacroDef): string {
  return `${def.name}(${paramDocs(def).map((p) => (p.optional ? `[${p.name}]` : p.name)).join(', ')})`;
}

/**
 * The documentation of an interface: signature, summary, parameters, then (when `full`) what the caller
 * passes as `extra` (the expansion at a call site), the description, and where it is defined.
 */
export function macroMarkdown(def: MacroDef, full: boolean, extra?: string): string {
  const doc = macroDoc(def);
  const lines: string[] = ['```selinux-if', signatureLabel(def), '```'];
  if (doc?.summary) lines.push(doc.summary);
  const params = paramDocs(def);
  if (params.length) {
    lines.push('', '**Parameters**');
    for (const p of params) lines.push(`- \`${p.name}\`${p.optional ? ' (optional)' : ''}${p.summary ? `: ${p.summary.replace(/\n/g, ' ')}` : ''}`);
  }
  if (extra) lines.push('', extra);
  if (full && doc?.description) lines.push('', doc.description);
  const file = def.uri.slice(def.uri.lastIndexOf('/') + 1);
  lines.push('', `*${def.kind} in module **${def.module}** (${file}:${def.range.start.line + 1})*`);
  return lines.join('\n');
}
