// SPDX-License-Identifier: MIT
// Classes and permissions: unknown ones (E-008, E-007) and those a module must require but does not.
// Under policy_module() the kernel classes and their permissions are required automatically; userspace
// classes are not. Under a bare `module` statement every class and permission must be required.

import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { Scope, ModuleModel } from '../../../semantics/moduleModel';
import type { Rule, RuleContext } from '../rule';

/** Whether the module must require `cls` (and its permissions) itself. */
function needsRequire(ctx: RuleContext, m: ModuleModel, cls: string): boolean {
  if (m.form === 'module') return true;
  return !!ctx.index.cls(cls)?.userspace;
}

/** Whether `cls` is required in the scope chain. */
function classInScope(scope: Scope, cls: string): boolean {
  for (let s: Scope | undefined = scope; s; s = s.parent) if ((s.required.get(cls) ?? []).some((r) => r.keyword === 'class')) return true;
  return false;
}

/**
 * Permissions of `cls` required anywhere in the module: checkmodule wants the class in scope, but a
 * permission may be required by any block of the module (an optional's gen_require counts too).
 */
function requiredPerms(m: ModuleModel, cls: string): Set<string> {
  const out = new Set<string>();
  for (const s of m.scopes) for (const r of s.required.get(cls) ?? []) if (r.keyword === 'class') for (const p of r.perms ?? []) out.add(p);
  return out;
}

export const unknownClass: Rule = {
  code: 'E-008',
  severity: DiagnosticSeverity.Error,
  description: 'Unknown object class, or a userspace class the module does not require: checkmodule fails with "unknown class".',
  files: ['te'],
  check(ctx) {
    const m = ctx.model;
    if (!m || m.form === 'none' || !ctx.hasPolicy) return;
    for (const u of m.uses) {
      if (u.role !== 'class') continue;
      const known = ctx.index.cls(u.name);
      if (!known) {
        ctx.report(u.range, `unknown class ${u.name}`, { name: u.name, kind: 'class', misspelled: true });
      } else if (needsRequire(ctx, m, u.name) && !classInScope(u.scope, u.name)) {
        ctx.report(u.range, `unknown class ${u.name} (a ${known.userspace ? 'userspace ' : ''}class this module must require)`, { name: u.name, kind: 'class' });
      }
    }
  },
};

export const unknownPermission: Rule = {
  code: 'E-007',
  severity: DiagnosticSeverity.Error,
  description: 'A permission not defined for its class, or not required for a class the module must require: checkmodule fails with "permission X is not defined for class Y".',
  files: ['te'],
  check(ctx) {
    const m = ctx.model;
    if (!m || m.form === 'none' || !ctx.hasPolicy) return;
    for (const u of m.uses) {
      if (u.role !== 'perm') continue;
      for (const cls of u.classes ?? []) {
        const c = ctx.index.cls(cls);
        if (!c) continue; // reported as an unknown class
        if (!c.perms.has(u.name)) {
          ctx.report(u.range, `permission ${u.name} is not defined for class ${cls}`, { name: u.name, kind: 'perm', cls, misspelled: true });
        } else if (needsRequire(ctx, m, cls) && classInScope(u.scope, cls)) {
          const req = requiredPerms(m, cls);
          if (!req.has(u.name)) ctx.report(u.range, `permission ${u.name} is not defined for class ${cls} (not in the module's require for ${cls})`, { name: u.name, kind: 'perm', cls });
        }
      }
    }
  },
};
