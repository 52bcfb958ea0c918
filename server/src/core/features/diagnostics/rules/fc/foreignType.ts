// SPDX-License-Identifier: MIT
// S-002 (selint): the type is declared by another module and not required by this module's .te.

import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { Rule } from '../../rule';
import { contextParts, fieldRange, isParam, moduleTe } from './contextParts';

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
