// SPDX-License-Identifier: MIT
// Style and safety: permissive domains left in a module, `*`/`~` permissions (W-008), permission sets that
// do not fit their class (S-009), and a module name that differs from its file name (W-009).

import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { moduleOf } from '../../../index/extract';
import type { AvRule, Statement } from '../../../syntax/nodes';
import { expandSet } from '../../../semantics/moduleModel';
import { allStatements } from '../../../syntax/walk';
import type { Rule } from '../rule';

function* avRules(stmts: readonly Statement[]): Generator<AvRule> {
  for (const s of allStatements(stmts)) if (s.kind === 'AvRule') yield s;
}

export const permissiveLeft: Rule = {
  code: 'permissive',
  severity: DiagnosticSeverity.Warning,
  description: 'A `permissive` statement: useful while collecting denials, but it disables enforcement for the domain. Remove it before release.',
  files: ['te'],
  check(ctx) {
    for (const r of ctx.model?.permissives ?? []) ctx.report(r, 'permissive statement: the domain is not enforced; remove it before release');
  },
};

export const wildcardPerms: Rule = {
  code: 'W-008',
  severity: DiagnosticSeverity.Warning,
  description: 'An allow rule with `*` or `~{ }` permissions grants more than intended, including permissions added to the class later.',
  files: ['te', 'if'],
  check(ctx) {
    for (const r of avRules(ctx.doc.file.statements)) {
      if (r.keyword !== 'allow' || !r.perms) continue;
      if (r.perms.star) ctx.report(r.perms, 'Allow rule with * permissions');
      else if (r.perms.complement) ctx.report(r.perms, 'Allow rule with complemented (~) permissions');
    }
  },
};

export const permSetClass: Rule = {
  code: 'S-009',
  severity: DiagnosticSeverity.Warning,
  description: 'A permission set used with a class it is not meant for (`read_file_perms` on a dir).',
  files: ['te', 'if'],
  check(ctx) {
    if (!ctx.hasPolicy) return;
    for (const r of avRules(ctx.doc.file.statements)) {
      if (!r.perms || !r.classes) continue;
      const classes = r.classes.items.flatMap((i) => expandSet(ctx.index, i.name.text)).filter((c) => !c.includes('$'));
      for (const it of r.perms.items) {
        const set = ctx.index.permSets().get(it.name.text);
        if (!set || !set.classes.length) continue;
        const wrong = classes.filter((c) => !set.classes.includes(c));
        const meant = set.classes.length > 3 ? `${set.classes.length} classes (${set.classes.slice(0, 3).join(', ')}, …)` : set.classes.join(', ');
        if (wrong.length) ctx.report(it.name, `Permission set ${set.name} is meant for ${meant}, not ${wrong.join(', ')}`);
      }
    }
  },
};

export const moduleName: Rule = {
  code: 'W-009',
  severity: DiagnosticSeverity.Warning,
  description: 'The module name differs from the file name (the build names the package after the file).',
  files: ['te'],
  check(ctx) {
    const n = ctx.model?.moduleName;
    if (!n) return;
    const file = moduleOf(ctx.doc.uri);
    if (n.text !== file && !n.text.includes('$')) ctx.report(n, `Module name ${n.text} does not match the file name ${file}.te`);
  },
};
