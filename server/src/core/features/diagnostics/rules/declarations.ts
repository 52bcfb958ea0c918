// SPDX-License-Identifier: MIT
// Duplicate declarations in a module (checkmodule: "Duplicate declaration of type").

import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { Rule } from '../rule';

export const duplicateDeclaration: Rule = {
  code: 'duplicate-declaration',
  severity: DiagnosticSeverity.Error,
  description: 'The same name is declared twice in a module: checkmodule fails with "Duplicate declaration".',
  files: ['te'],
  check(ctx) {
    const m = ctx.model;
    if (!m || m.form === 'none') return;
    for (const scope of m.scopes) {
      // A scope sees its ancestors' declarations: compare along the chain.
      const chain: string[] = [];
      for (let s = scope.parent; s; s = s.parent) chain.push(...s.declared.keys());
      const above = new Set(chain);
      for (const [name, decls] of scope.declared) {
        const dups = above.has(name) ? decls : decls.slice(1);
        for (const d of dups) {
          const kind = d.kind === 'alias' ? 'type' : d.kind;
          ctx.report(d.range, `Duplicate declaration of ${kind} ${name}`);
        }
      }
    }
  },
};

/** checkmodule: "This block has no require section." for an optional block that requires nothing. */
export const optionalWithoutRequire: Rule = {
  code: 'optional-without-require',
  severity: DiagnosticSeverity.Error,
  description: 'An optional block that requires nothing (neither a require block nor an interface call that requires something): checkmodule fails with "This block has no require section".',
  files: ['te'],
  check(ctx) {
    const m = ctx.model;
    if (!m || m.form === 'none' || !ctx.hasPolicy) return;
    // A block that calls an interface no indexed policy defines is W-010's: what that interface would
    // require is unknown (a module written against other headers, such as Fedora's).
    const unknownCallIn = new Set(m.calls.filter((c) => !c.known).map((c) => c.scope));
    for (const s of m.scopes) {
      if (s.kind !== 'optional' || !s.range || s.required.size || unknownCallIn.has(s)) continue;
      ctx.report(s.range, 'This optional block has no require section: checkmodule rejects it (require something, or call an interface that does)');
    }
  },
};
