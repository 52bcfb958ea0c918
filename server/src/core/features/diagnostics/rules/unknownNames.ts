// SPDX-License-Identifier: MIT
// Types, attributes, roles and booleans used but neither declared nor required in scope, with
// checkmodule's messages. A name required only in another optional block is "not within scope".

import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { requiredElsewhere, resolve, type ModuleModel } from '../../../semantics/moduleModel';
import type { Rule, RuleContext } from '../rule';

/**
 * `x_` for each plain-name argument `x` of a call to a macro no indexed policy defines: such a call may
 * be a template that declares `x_t` and the like (Fedora's systemd_domain_template(foo) on Debian's
 * headers). Names with these prefixes are not reported as unknown: W-010 at the call is the cause.
 * Computed once per module model (four rules ask).
 */
const prefixCache = new WeakMap<ModuleModel, string[]>();
function unknownTemplatePrefixes(m: ModuleModel, text: string): string[] {
  const hit = prefixCache.get(m);
  if (hit) return hit;
  const out: string[] = [];
  for (const c of m.calls) {
    if (c.known) continue;
    for (const a of c.call.args) {
      const arg = text.slice(a.inner.start, a.inner.end).trim();
      if (/^[A-Za-z][A-Za-z0-9_-]*$/.test(arg)) out.push(`${arg}_`);
    }
  }
  prefixCache.set(m, out);
  return out;
}

function makeRule(code: string, role: 'type' | 'attribute' | 'role' | 'bool', description: string, message: (n: string) => string): Rule {
  return {
    code,
    severity: DiagnosticSeverity.Error,
    description,
    files: ['te'],
    check(ctx: RuleContext) {
      const m = ctx.model;
      if (!m || m.form === 'none') return;
      const prefixes = unknownTemplatePrefixes(m, ctx.doc.file.text);
      for (const u of m.uses) {
        if (u.role !== role) continue;
        if (resolve(u.scope, u.name)) continue;
        if (prefixes.some((p) => u.name.startsWith(p))) continue;
        if (requiredElsewhere(m, u.scope, u.name)) continue; // reported by not-in-scope
        const via = u.viaCall ? ` (passed to ${u.viaCall})` : '';
        ctx.report(u.range, message(u.name) + via, { name: u.name, kind: role === 'bool' ? 'bool' : role === 'role' ? 'role' : role === 'attribute' ? 'attribute' : 'type' });
      }
    },
  };
}

export const unknownType = makeRule('unknown-type', 'type', 'A type (or attribute used as a type) is neither declared nor required: checkmodule fails with "unknown type".', (n) => `unknown type ${n}`);
export const unknownAttribute = makeRule('unknown-attribute', 'attribute', 'An attribute is neither declared nor required: checkmodule fails with "attribute X is not declared".', (n) => `attribute ${n} is not declared`);
export const unknownRole = makeRule('unknown-role', 'role', 'A role is neither declared nor required: checkmodule fails with "unknown role".', (n) => `unknown role ${n}`);
export const unknownBoolean = makeRule('unknown-boolean', 'bool', 'A boolean in a condition is neither declared nor required: checkmodule fails with "unknown boolean".', (n) => `unknown boolean ${n} in conditional expression`);

export const notInScope: Rule = {
  code: 'not-in-scope',
  severity: DiagnosticSeverity.Error,
  description: 'A name is required only inside another optional block: checkmodule fails with "X is not within scope".',
  files: ['te'],
  check(ctx) {
    const m = ctx.model;
    if (!m || m.form === 'none') return;
    for (const u of m.uses) {
      if (u.role === 'perm' || u.role === 'class') continue;
      if (resolve(u.scope, u.name) || !requiredElsewhere(m, u.scope, u.name)) continue;
      const what = u.role === 'bool' ? 'boolean' : u.role === 'role' ? 'role' : u.role === 'attribute' ? 'attribute' : 'type';
      ctx.report(u.range, `${what} ${u.name} is not within scope`, { name: u.name, kind: u.role === 'bool' ? 'bool' : u.role });
    }
  },
};
