// SPDX-License-Identifier: MIT
// Audit logs in the editor: each denial is a diagnostic, with quick fixes "allow in <module>.te",
// "use interface …" and "boolean …"; and "Import denials…" builds one workspace edit for a module. Every
// edit carries a change annotation that needs confirmation, so editors show a preview before applying.
// Pure: the caller passes the target module's document and a reader for reference .te texts.

import { CodeAction, CodeActionKind, Command, Diagnostic, DiagnosticSeverity, Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { booleanHints, BooleanHint, ModuleText } from '../avc/booleans';
import { suggestInterfaces } from '../avc/interfaces';
import { extraText } from '../avc/output';
import { mergeDenials, MergeResult } from '../avc/merge';
import { parseAuditLog, AuditLog, AvcRecord } from '../avc/parse';
import { partitionKnown, Unknown } from '../avc/known';
import { AvRule, generateRules, Generated, ruleText } from '../avc/rules';
import type { PolicyDocument } from '../document';
import type { PolicyIndex } from '../index/policyIndex';

export const AVC_DENIAL = 'avc-denial';
export const AVC_MALFORMED = 'avc-malformed';
/** The server command that shows a boolean hint (any LSP client can run it). */
export const BOOLEAN_COMMAND = 'selinux.booleanHint';
const ANNOTATION = 'selinux.importDenials';

interface DenialData {
  readonly line: number;
}

function lineRange(text: TextDocument, first: number, last: number): Range {
  const end = last + 1 < text.lineCount ? text.offsetAt({ line: last + 1, character: 0 }) - 1 : text.getText().length;
  return { start: { line: first, character: 0 }, end: text.positionAt(end) };
}

/** One diagnostic per denied AVC record (and per malformed one). */
export function auditDiagnostics(text: TextDocument, log: AuditLog): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const r of log.records) {
    if (!r.denied) continue;
    const message = r.kind === 'compute_sid'
      ? `SELINUX_ERR: ${r.invalidContext} is not a valid context (role ${r.invalidContext?.split(':')[1]} needs type ${r.invalidContext?.split(':')[2]})`
      : `denied { ${r.perms.join(' ')} } for ${r.source} → ${r.target === r.source ? 'self' : r.target}:${r.tclass}${r.comm ? ` (comm=${r.comm}${r.path ?? r.name ? ` ${r.path ?? r.name}` : ''})` : ''}${r.permissive ? ' [permissive]' : ''}`;
    out.push({ range: lineRange(text, r.line, r.endLine), severity: DiagnosticSeverity.Information, code: AVC_DENIAL, source: 'selinux-ls', message, data: { line: r.line } satisfies DenialData });
  }
  for (const m of log.malformed) {
    out.push({ range: lineRange(text, m.line, m.line), severity: DiagnosticSeverity.Warning, code: AVC_MALFORMED, source: 'selinux-ls', message: `Malformed AVC record: ${m.message}` });
  }
  return out;
}

export interface ImportOptions {
  readonly dontaudit?: boolean;
  /** Use the best interface suggestion instead of a raw rule where there is one. */
  readonly interfaces?: boolean;
  /** Reference .te texts for boolean hints (denials a boolean allows are not imported). */
  readonly moduleText?: ModuleText;
}

export interface ImportResult {
  /** undefined when there is nothing to change. */
  readonly edit?: WorkspaceEdit;
  readonly merge: MergeResult;
  readonly records: number;
  readonly malformed: number;
  readonly unknown: Unknown;
  /** Denials left out because a boolean allows them. */
  readonly booleans: ReadonlyArray<{ readonly rule: string; readonly hints: readonly BooleanHint[] }>;
}

function annotated(uri: string, edits: TextEdit[], label: string): WorkspaceEdit {
  return {
    documentChanges: [{ textDocument: { uri, version: null }, edits: edits.map((e) => ({ ...e, annotationId: ANNOTATION })) }],
    changeAnnotations: { [ANNOTATION]: { label, needsConfirmation: true, description: 'Review the rules before they are added' } },
  };
}

function generate(records: readonly AvcRecord[], index: PolicyIndex, options: ImportOptions): { g: Generated; unknown: Unknown } {
  const { known, unknown } = partitionKnown(records, index);
  return { g: generateRules(known, { dontaudit: options.dontaudit }), unknown };
}

/**
 * The edit that imports a log's denials (its text, or the parsed log) into a module; no edit when the
 * module has them all, an error when the text holds no readable AVC record.
 */
export function importDenials(input: AuditLog | string, target: PolicyDocument, index: PolicyIndex, options: ImportOptions = {}): ImportResult | { error: string } {
  const log = typeof input === 'string' ? parseAuditLog(input) : input;
  if (!log.records.length) return { error: log.malformed.length ? `No readable AVC records (${log.malformed.length} malformed).` : 'No AVC records found.' };
  const { g, unknown } = generate(log.records, index, options);
  const booleans: Array<{ rule: string; hints: BooleanHint[] }> = [];
  const rules: AvRule[] = [];
  for (const r of g.rules) {
    const hints = options.moduleText && !options.dontaudit ? booleanHints(index, r, options.moduleText) : [];
    if (hints.length) booleans.push({ rule: ruleText(r), hints });
    else rules.push(r);
  }
  const calls = new Map<AvRule, string>();
  if (options.interfaces) for (const r of rules) {
    const best = suggestInterfaces(index, r, 1)[0];
    if (best?.named) calls.set(r, best.call);
  }
  const merge = mergeDenials(target, { ...g, rules }, index, { callFor: (r) => calls.get(r) });
  const name = target.uri.slice(target.uri.lastIndexOf('/') + 1);
  return {
    ...(merge.edits.length ? { edit: annotated(target.uri, merge.edits, `Import denials into ${name}`) } : {}),
    merge, records: log.records.filter((r) => r.denied).length, malformed: log.malformed.length, unknown, booleans,
  };
}

export interface AuditActionContext {
  readonly index: PolicyIndex;
  /** The module to write rules for a source type into (a workspace .te declaring it, or the open one). */
  readonly targetFor: (source: string) => PolicyDocument | undefined;
  readonly moduleText?: ModuleText;
}

/** Quick fixes for the denial diagnostics in range: allow in the module, use an interface, boolean hints. */
export function auditCodeActions(log: AuditLog, diagnostics: readonly Diagnostic[], ctx: AuditActionContext): CodeAction[] {
  const out: CodeAction[] = [];
  for (const d of diagnostics) {
    if (d.code !== AVC_DENIAL) continue;
    const line = (d.data as DenialData | undefined)?.line ?? d.range.start.line;
    const record = log.records.find((r) => r.line === line);
    if (!record) continue;
    const { g, unknown } = generate([record], ctx.index, {});
    if (unknown.records) continue;
    const rule = g.rules[0];
    const source = rule?.source ?? record.source;
    const target = ctx.targetFor(source);
    const hints = rule && ctx.moduleText ? booleanHints(ctx.index, rule, ctx.moduleText) : [];
    for (const h of hints) {
      const title = `Boolean ${h.condition} allows this: ${h.commands.join('; ')}`;
      out.push({ title, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: true, command: Command.create(title, BOOLEAN_COMMAND, h) });
    }
    if (!target) continue;
    const name = target.uri.slice(target.uri.lastIndexOf('/') + 1);
    const merge = mergeDenials(target, g, ctx.index);
    if (merge.edits.length) {
      out.push({ title: `Allow in ${name}: ${rule ? ruleText(rule) : `role for ${source}`}`, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: !hints.length, edit: annotated(target.uri, merge.edits, `Allow in ${name}`) });
    }
    if (!rule) continue;
    // Interfaces about the target type only: one that merely takes it as an argument (domain_entry_file…)
    // often grants far more than the denial asked for.
    for (const s of suggestInterfaces(ctx.index, rule, 6).filter((x) => x.named).slice(0, 3)) {
      const m = mergeDenials(target, g, ctx.index, { callFor: () => s.call });
      if (!m.edits.length) continue;
      out.push({ title: `Use interface ${s.call} in ${name} (${extraText(s, 2)})`, kind: CodeActionKind.QuickFix, diagnostics: [d], edit: annotated(target.uri, m.edits, `Use ${s.name}`) });
    }
  }
  return out;
}
