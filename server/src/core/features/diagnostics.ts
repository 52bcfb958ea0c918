// SPDX-License-Identifier: MIT
// Diagnostics: the parser's syntax errors plus the rules. Each rule has a stable code; a
// `# selint-disable:CODE[,CODE]` comment on the line (or the line above) suppresses it, as in selint.

import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import type { PolicyDocument } from '../document';

export const SYNTAX = 'syntax';
export const M4_APOSTROPHE = 'm4-apostrophe-in-comment';

export function doValidation(doc: PolicyDocument): Diagnostic[] {
  const out: Diagnostic[] = [];
  const { text, file } = doc;
  for (const e of file.errors) {
    out.push({
      range: { start: text.positionAt(e.start), end: text.positionAt(e.end) },
      severity: DiagnosticSeverity.Error,
      code: SYNTAX,
      source: 'selinux-ls',
      message: e.message,
    });
  }
  // An apostrophe inside a `#` comment inside quotes closes the quote in m4 (`# don't`).
  for (const t of file.proseApostrophes) {
    out.push({
      range: { start: text.positionAt(t.start), end: text.positionAt(t.end) },
      severity: DiagnosticSeverity.Warning,
      code: M4_APOSTROPHE,
      source: 'selinux-ls',
      message: 'This apostrophe closes an m4 quote even though it is inside a comment, so the quoted text ends here. Rephrase the comment without an apostrophe.',
    });
  }
  return filterSuppressed(file.text, out);
}

/** Drops diagnostics suppressed by `selint-disable:CODE` on the same line or the line before. */
export function filterSuppressed(text: string, diags: Diagnostic[]): Diagnostic[] {
  if (!text.includes('selint-disable:')) return diags;
  const lines = text.split('\n');
  const disabled = (line: number): Set<string> => {
    const s = new Set<string>();
    for (const l of [lines[line], lines[line - 1]]) {
      const m = l?.match(/selint-disable:\s*([A-Za-z0-9_,\s-]+)/);
      if (m) for (const c of m[1].split(',')) s.add(c.trim());
    }
    return s;
  };
  return diags.filter((d) => !disabled(d.range.start.line).has(String(d.code)));
}
