// SPDX-License-Identifier: MIT
// Interface and template calls: unknown names (W-010, with the closest names suggested), missing and
// extra arguments, and empty arguments (W-006).

import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { PolicyIndex } from '../../../index/policyIndex';
import { macroDoc } from '../../../index/xmlDoc';
import type { Rule } from '../rule';

/** Up to 3 macro names closest to `name` (edit distance), for "did you mean". */
export function closestMacros(index: PolicyIndex, name: string): string[] {
  const best: Array<[number, string]> = [];
  const limit = Math.max(2, Math.floor(name.length / 4));
  for (const cand of index.macros().keys()) {
    if (Math.abs(cand.length - name.length) > limit) continue;
    const d = distance(name, cand, limit);
    if (d <= limit) best.push([d, cand]);
  }
  return best.sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : 1)).slice(0, 3).map((x) => x[1]);
}

/** Levenshtein distance, giving up (returning limit + 1) once it exceeds limit. */
export function distance(a: string, b: string, limit: number): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return limit + 1;
    prev = cur;
  }
  return prev[b.length];
}

export const unknownInterface: Rule = {
  code: 'W-010',
  severity: DiagnosticSeverity.Error,
  description: 'A call to an interface, template or macro that no indexed policy defines: m4 leaves it unexpanded and checkmodule fails with a syntax error.',
  files: ['te'],
  check(ctx) {
    const m = ctx.model;
    if (!m || !ctx.hasPolicy) return;
    for (const c of m.calls) {
      if (c.known) continue;
      const name = c.call.name.text;
      const near = closestMacros(ctx.index, name);
      ctx.report(c.call.name, `Call to unknown interface ${name}${near.length ? `; did you mean ${near.join(', ')}?` : ''}`, { name, kind: 'macro', suggestions: near });
    }
  },
};

export const argumentCount: Rule = {
  code: 'argument-count',
  severity: DiagnosticSeverity.Error,
  description: 'Too few arguments for what the interface uses: the expansion breaks and checkmodule reports a syntax error.',
  files: ['te'],
  check(ctx) {
    const m = ctx.model;
    if (!m) return;
    for (const c of m.calls) {
      if (!c.known) continue;
      const name = c.call.name.text;
      const needed = c.maxParam;
      if (c.paramCount < needed) {
        ctx.report(c.call, `${name} needs ${needed} argument${needed === 1 ? '' : 's'} but is given ${c.paramCount}: the expansion will not compile`);
      }
    }
  },
};

export const emptyArgument: Rule = {
  code: 'W-006',
  severity: DiagnosticSeverity.Warning,
  description: 'An empty argument in an interface call.',
  files: ['te'],
  check(ctx) {
    const m = ctx.model;
    if (!m) return;
    const text = ctx.doc.file.text;
    for (const c of m.calls) {
      if (c.paramCount === 0) continue;
      c.call.args.forEach((a, i) => {
        if (text.slice(a.inner.start, a.inner.end).trim() === '' && i < Math.max(c.paramCount, 1)) {
          ctx.report({ start: a.start, end: Math.max(a.end, a.start + 1) }, `Argument ${i + 1} of ${c.call.name.text} is empty`);
        }
      });
    }
  },
};

export const extraArguments: Rule = {
  code: 'extra-arguments',
  severity: DiagnosticSeverity.Warning,
  description: 'More arguments than the interface takes: m4 ignores the extra ones.',
  files: ['te'],
  check(ctx) {
    const m = ctx.model;
    if (!m) return;
    for (const c of m.calls) {
      if (!c.known) continue;
      const def = ctx.index.macro(c.call.name.text);
      if (!def) continue;
      // What the body can read: its highest $N ($* and $@ read them all), or what the docs describe.
      if (/\$[*@]/.test(def.body)) continue;
      const takes = Math.max(def.maxParam, macroDoc(def)?.params.length ?? 0);
      if (c.paramCount > takes) ctx.report(c.call, `${c.call.name.text} takes ${takes} argument${takes === 1 ? '' : 's'} but is given ${c.paramCount}; m4 ignores the rest`);
    }
  },
};

export const callOutsideOptional: Rule = {
  code: 'W-005',
  severity: DiagnosticSeverity.Warning,
  description: 'A call to an interface of a module that is not in base (per modules.conf) outside optional_policy: the module fails to load when that module is absent.',
  files: ['te'],
  check(ctx) {
    const m = ctx.model;
    const own = m?.moduleName?.text;
    if (!m || !own) return;
    for (const c of m.calls) {
      if (!c.known) continue;
      // Only calls outside every optional block.
      let inOptional = false;
      for (let s: typeof c.scope | undefined = c.scope; s; s = s.parent) if (s.kind === 'optional') inOptional = true;
      if (inOptional) continue;
      const def = ctx.index.macro(c.call.name.text);
      if (!def || def.module === own || def.kind === 'define') continue;
      if (ctx.index.moduleStatus(def.module) !== 'module' || ctx.index.moduleStatus(own) === 'base') continue;
      ctx.report(c.call.name, `Call to interface ${def.name} defined in module ${def.module} should be in an optional_policy block (${def.module} is not in base)`, { name: def.name, kind: 'optional' });
    }
  },
};
