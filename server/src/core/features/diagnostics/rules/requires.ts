// SPDX-License-Identifier: MIT
// Require entries: never used in their scope (a hint, with a fix), or naming something no indexed policy
// declares (W-011: linking fails with "global requirements were not met"; inside an optional block the
// block is silently disabled instead).

import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { resolve, RequiredName } from '../../../semantics/moduleModel';
import type { Statement } from '../../../syntax/nodes';
import { allStatements } from '../../../syntax/walk';
import type { Rule } from '../rule';

export const unusedRequire: Rule = {
  code: 'unused-require',
  severity: DiagnosticSeverity.Hint,
  description: 'A require entry that nothing in its scope uses (checkmodule accepts it; it only adds a dependency).',
  files: ['te'],
  check(ctx) {
    const m = ctx.model;
    if (!m || m.form === 'none') return;
    const used = new Set<RequiredName>();
    for (const u of m.uses) {
      if (u.role === 'perm') continue;
      const r = resolve(u.scope, u.name);
      if (r?.required) for (let s: typeof u.scope | undefined = u.scope; s; s = s.parent) for (const x of s.required.get(u.name) ?? []) used.add(x);
    }
    // Classes count as used when the class is used; kernel classes in a policy_module need no require at all.
    const usedClasses = new Set(m.uses.filter((u) => u.role === 'class').map((u) => u.name));
    for (const scope of m.scopes) {
      for (const [name, reqs] of scope.required) {
        for (const r of reqs) {
          if (r.implicit || used.has(r)) continue;
          if (r.keyword === 'class' && usedClasses.has(name)) continue;
          ctx.report(r.range, `${r.keyword} ${name} is required but not used`, { name, keyword: r.keyword, entry: r.entry ? { start: r.entry.start, end: r.entry.end } : undefined, nameRange: { start: r.range.start, end: r.range.end } });
        }
      }
    }
  },
};

export const unmetRequire: Rule = {
  code: 'W-011',
  severity: DiagnosticSeverity.Warning,
  description: 'A required name that no indexed policy declares: linking fails with "global requirements were not met".',
  files: ['te'],
  check(ctx) {
    const m = ctx.model;
    if (!m || m.form === 'none' || !ctx.hasPolicy) return;
    const local = new Set(m.scopes.flatMap((s) => [...s.declared.keys()]));
    for (const scope of m.scopes) {
      for (const [name, reqs] of scope.required) {
        for (const r of reqs) {
          if (r.implicit || local.has(name)) continue;
          if (r.keyword === 'class') {
            if (ctx.index.cls(name)) continue;
          } else if (ctx.index.isKnown(name)) continue;
          const inOptional = scope.kind === 'optional';
          ctx.report(r.range, inOptional
            ? `No known policy declares ${r.keyword} ${name}: this optional block will be disabled at link time`
            : `No known policy declares ${r.keyword} ${name}: linking will fail with "global requirements were not met"`, { name, keyword: r.keyword });
        }
      }
    }
  },
};

/** An empty require block is a syntax error for checkmodule (selint: E-009, empty block). */
export const emptyRequire: Rule = {
  code: 'E-009',
  severity: DiagnosticSeverity.Error,
  description: 'An empty require or gen_require block: checkmodule fails with a syntax error.',
  files: ['te', 'if'],
  check(ctx) {
    // A gen_require comes before its body in the walk: its empty body is reported once, at the call.
    const genBodies = new Set<Statement>();
    for (const s of allStatements(ctx.doc.file.statements)) {
      if (s.kind === 'Call' && s.name.text === 'gen_require') {
        const body = s.args[0]?.body?.[0];
        if (body) genBodies.add(body);
        if (!(body?.kind === 'Require' && body.entries.length)) ctx.report(s.name, 'Empty gen_require block: checkmodule fails with a syntax error');
      } else if (s.kind === 'Require' && s.entries.length === 0 && !genBodies.has(s)) {
        ctx.report({ start: s.start, end: Math.max(s.start + 1, Math.min(s.end, s.start + 7)) }, 'Empty require block: checkmodule fails with a syntax error');
      }
    }
  },
};
