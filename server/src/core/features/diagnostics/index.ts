// SPDX-License-Identifier: MIT
// Diagnostics: the parser's syntax errors plus every rule in rules/. Each rule has a stable code; a
// `# selint-disable:CODE[,CODE]` comment on the line (or the line above) suppresses it, as in selint, and
// settings can change a code's severity or turn it off.

import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import type { PolicyDocument } from '../../document';
import type { PolicyIndex } from '../../index/policyIndex';
import { MacroSummaries } from '../../semantics/macroSummary';
import { buildModuleModel } from '../../semantics/moduleModel';
import type { Range } from '../../syntax/nodes';
import type { Rule, RuleContext } from './rule';
import { argumentCount, callOutsideOptional, emptyArgument, extraArguments, unknownInterface } from './rules/calls';
import { unknownClass, unknownPermission } from './rules/classesAndPerms';
import { duplicateDeclaration, optionalWithoutRequire } from './rules/declarations';
import { declarationInInterface, missingGenRequire, paramDocs, unusedGenRequire } from './rules/interfaces';
import { emptyRequire, unmetRequire, unusedRequire } from './rules/requires';
import { moduleName, permissiveLeft, permSetClass, wildcardPerms } from './rules/style';
import { fcContextShape } from './rules/fc/contextShape';
import { fcFileType } from './rules/fc/fileType';
import { fcForeignType } from './rules/fc/foreignType';
import { fcNoLevel } from './rules/fc/noLevel';
import { fcUnknownRole } from './rules/fc/unknownRole';
import { fcUnknownType } from './rules/fc/unknownType';
import { fcUnknownUser } from './rules/fc/unknownUser';
import { fcDuplicate } from './rules/fc/duplicate';
import { fcOrderTie } from './rules/fc/orderTie';
import { fcOverridden } from './rules/fc/overridden';
import { fcRegex } from './rules/fc/regex';
import { fcShadowed } from './rules/fc/shadowed';
import { fcNeverLookedUp } from './rules/fc/neverLookedUp';
import { fcUnescaped } from './rules/fc/unescaped';
import { notInScope, unknownAttribute, unknownBoolean, unknownRole, unknownType } from './rules/unknownNames';

export const SYNTAX = 'syntax';
export const M4_APOSTROPHE = 'm4-apostrophe-in-comment';

export const RULES: readonly Rule[] = [
  unknownType, unknownAttribute, unknownRole, unknownBoolean, notInScope,
  unknownClass, unknownPermission, duplicateDeclaration, optionalWithoutRequire,
  unusedRequire, unmetRequire, emptyRequire,
  unknownInterface, argumentCount, extraArguments, emptyArgument, callOutsideOptional,
  missingGenRequire, unusedGenRequire, declarationInInterface, paramDocs,
  permissiveLeft, wildcardPerms, permSetClass, moduleName,
  fcRegex, fcFileType, fcUnescaped, fcContextShape, fcUnknownType, fcForeignType, fcUnknownUser, fcUnknownRole, fcNoLevel,
  fcDuplicate, fcShadowed, fcNeverLookedUp, fcOrderTie, fcOverridden,
];

/** Codes the parser and the built-in checks produce, for the README and settings. */
export const BUILTIN_CODES: ReadonlyArray<{ code: string; severity: DiagnosticSeverity; description: string }> = [
  { code: SYNTAX, severity: DiagnosticSeverity.Error, description: 'Text that checkmodule (or libselinux, for .fc) would reject.' },
  { code: M4_APOSTROPHE, severity: DiagnosticSeverity.Warning, description: 'An apostrophe in a # comment inside m4 quotes closes the quote.' },
];

export interface ValidationOptions {
  /** Per-code severity overrides; 'off' disables the code. */
  readonly severities?: Readonly<Record<string, DiagnosticSeverity | 'off'>>;
  /** m4 symbols of the build (resolves ifdef in modules); defaults to none (both branches). */
  readonly defines?: ReadonlySet<string>;
}

const summariesByIndex = new WeakMap<PolicyIndex, MacroSummaries>();

export function doValidation(doc: PolicyDocument, index?: PolicyIndex, options: ValidationOptions = {}): Diagnostic[] {
  const out: Diagnostic[] = [];
  const { text, file } = doc;
  const sev = (code: string, def: DiagnosticSeverity) => options.severities?.[code] ?? def;
  const push = (code: string, def: DiagnosticSeverity, r: Range, message: string, data?: unknown) => {
    const s = sev(code, def);
    if (s === 'off') return;
    out.push({ range: { start: text.positionAt(r.start), end: text.positionAt(r.end) }, severity: s, code, source: 'selinux-ls', message, ...(data !== undefined ? { data } : {}) });
  };
  for (const e of file.errors) push(SYNTAX, DiagnosticSeverity.Error, e, e.message);
  for (const t of file.proseApostrophes) {
    push(M4_APOSTROPHE, DiagnosticSeverity.Warning, t, 'This apostrophe closes an m4 quote even though it is inside a comment, so the quoted text ends here. Rephrase the comment without an apostrophe.');
  }
  if (index && file.errors.length === 0) {
    let summaries = summariesByIndex.get(index);
    if (!summaries) summariesByIndex.set(index, (summaries = new MacroSummaries(index)));
    const model = file.fileKind === 'te' ? buildModuleModel(file, index, summaries, options.defines) : undefined;
    const hasPolicy = index.macros().size > 0;
    for (const rule of RULES) {
      if (!rule.files.includes(file.fileKind)) continue;
      const ctx: RuleContext = {
        doc, index, summaries, model, hasPolicy, ...(options.defines ? { defines: options.defines } : {}),
        report: (r, message, data) => push(rule.code, rule.severity, r, message, data),
      };
      rule.check(ctx);
    }
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
