// SPDX-License-Identifier: MIT
// E-005 (selint): the type of a file context is declared by no known policy.

import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { Rule } from '../../rule';
import { templateTypes } from '../../../../semantics/templateNames';
import { contextParts, fieldRange, isParam, moduleTe } from './contextParts';

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
      if (ctx.index.declarations(p.type).length || ctx.index.isKnown(p.type) || templateTypes(ctx.index).has(p.type)) continue;
      // Types an installed file_contexts uses exist in the installed policy.
      if (ctx.index.fileContextsFor(p.type).some((f) => f.module === 'file_contexts')) continue;
      ctx.report(fieldRange(p, 2), `Nonexistent type ${p.type} in file context: no module declares it`);
    }
  },
};
