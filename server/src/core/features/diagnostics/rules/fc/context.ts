// SPDX-License-Identifier: MIT
// Context validity in .fc files, with selint's codes:
//  E-005: the type is declared by no known policy; S-002: declared by another module and not required
//  by this module's .te; E-003: an unknown user; E-004: an unknown role; fc-context: not user:role:type;
//  S-007: gen_context without the MLS level.

import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { FcEntry } from '../../../../syntax/nodes';
import type { Rule, RuleContext } from '../../rule';

interface Parts {
  readonly user: string;
  readonly role: string;
  readonly type: string;
  /** Offset of the context text in the document. */
  readonly start: number;
  readonly text: string;
}

function contextParts(ctx: RuleContext, e: FcEntry, allowShort = false): Parts | undefined {
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

function fieldRange(p: Parts, field: 0 | 1 | 2) {
  const fields = p.text.split(':');
  let off = 0;
  for (let i = 0; i < field; i++) off += fields[i].length + 1;
  return { start: p.start + off, end: p.start + off + (fields[field]?.length ?? 0) };
}

const isParam = (s: string) => s.includes('$') || s === '';

/** The module's own .te symbols (same module name), if indexed. */
function moduleTe(ctx: RuleContext) {
  const uri = ctx.doc.text.uri;
  const teUri = uri.replace(/\.fc$/, '.te');
  return ctx.index.fileSymbols(teUri);
}

export const fcContextShape: Rule = {
  code: 'fc-context',
  severity: DiagnosticSeverity.Error,
  description: 'A context that is not `user:role:type[:level]` (or `<<none>>`): the file_contexts fails validation.',
  files: ['fc'],
  check(ctx) {
    for (const e of ctx.doc.file.fcEntries) {
      const p = contextParts(ctx, e, true);
      if (!p || isParam(p.text)) continue;
      const n = p.text.split(':').length;
      const raw = e.context?.kind === 'RawContext';
      if (n < 3 || (!raw && n > 3)) {
        ctx.report({ start: p.start, end: p.start + p.text.length }, raw
          ? `Invalid context ${p.text}: expected user:role:type:level`
          : `Invalid context ${p.text} in gen_context: expected user:role:type (the level is gen_context's second argument)`);
      }
    }
  },
};

export const fcUnknownType: Rule = {
  code: 'E-005',
  severity: DiagnosticSeverity.Error,
  description: 'A file context labels with a type no known policy declares: the module fails to install ("invalid context").',
  files: ['fc'],
  check(ctx) {
    if (!ctx.hasPolicy) return;
    const te = moduleTe(ctx);
    for (const e of ctx.doc.file.fcEntries) {
      const p = contextParts(ctx, e);
      if (!p || isParam(p.type) || p.type.includes('(')) continue;
      if (te?.declarations.some((d) => d.name === p.type)) continue;
      if (ctx.index.declarations(p.type).length || ctx.index.isKnown(p.type)) continue;
      // Types an installed file_contexts uses exist in the installed policy.
      if (ctx.index.fileContextsFor(p.type).some((f) => f.module === 'file_contexts')) continue;
      ctx.report(fieldRange(p, 2), `Nonexistent type ${p.type} in file context: no module declares it`);
    }
  },
};

export const fcForeignType: Rule = {
  code: 'S-002',
  severity: DiagnosticSeverity.Information,
  description: "A file context labels with a type declared in another module that this module's .te does not require.",
  files: ['fc'],
  check(ctx) {
    if (!ctx.hasPolicy) return;
    const te = moduleTe(ctx);
    if (!te) return;
    for (const e of ctx.doc.file.fcEntries) {
      const p = contextParts(ctx, e);
      if (!p || isParam(p.type)) continue;
      if (te.declarations.some((d) => d.name === p.type)) continue;
      if (te.required.some((r) => r.names.includes(p.type))) continue;
      const decl = ctx.index.declarations(p.type).find((d) => d.module !== te.module);
      if (decl) ctx.report(fieldRange(p, 2), `Type ${p.type} is declared in module ${decl.module}, but used in file context here.`);
    }
  },
};

const KNOWN_USERS = new Set(['system_u', 'user_u', 'staff_u', 'sysadm_u', 'unconfined_u', 'root', 'guest_u', 'xguest_u']);

export const fcUnknownUser: Rule = {
  code: 'E-003',
  severity: DiagnosticSeverity.Error,
  description: 'A file context with a user no known policy defines.',
  files: ['fc'],
  check(ctx) {
    const users = new Set(ctx.index.names('user').map((n) => n.name));
    for (const e of ctx.doc.file.fcEntries) {
      const p = contextParts(ctx, e);
      if (!p || isParam(p.user) || KNOWN_USERS.has(p.user) || users.has(p.user)) continue;
      ctx.report(fieldRange(p, 0), `Nonexistent user ${p.user} in file context`);
    }
  },
};

export const fcUnknownRole: Rule = {
  code: 'E-004',
  severity: DiagnosticSeverity.Error,
  description: 'A file context with a role no known policy declares (files use object_r).',
  files: ['fc'],
  check(ctx) {
    if (!ctx.hasPolicy) return;
    for (const e of ctx.doc.file.fcEntries) {
      const p = contextParts(ctx, e);
      if (!p || isParam(p.role) || p.role === 'object_r') continue;
      if (ctx.index.declarations(p.role).some((d) => d.kind === 'role')) continue;
      ctx.report(fieldRange(p, 1), `Nonexistent role ${p.role} in file context (files are labelled with object_r)`);
    }
  },
};

export const fcNoLevel: Rule = {
  code: 'S-007',
  severity: DiagnosticSeverity.Information,
  description: 'gen_context without an MLS level: MLS builds produce a context ending in `:`.',
  files: ['fc'],
  check(ctx) {
    for (const e of ctx.doc.file.fcEntries) {
      const c = e.context;
      if (c?.kind === 'Call' && c.name.text === 'gen_context' && !ctx.doc.file.text.slice(c.args[1]?.inner.start ?? 0, c.args[1]?.inner.end ?? 0).trim()) {
        ctx.report(c.name, 'No mls levels specified in gen_context');
      }
    }
  },
};
