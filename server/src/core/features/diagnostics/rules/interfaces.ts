// SPDX-License-Identifier: MIT
// Interface files: names used in an interface body but missing from its gen_require (W-002), unused
// gen_require entries (W-003), declarations inside interfaces (S-005), and `## <param>` docs that do
// not match the `$N` the body uses.

import { DiagnosticSeverity } from 'vscode-languageserver-types';
import type { Call, IdList, Name, RequireEntry, Statement } from '../../../syntax/nodes';
import type { Rule, RuleContext } from '../rule';

interface Body {
  call: Call;
  kind: 'interface' | 'template';
  name: Name;
  statements: readonly Statement[];
}

function bodies(stmts: readonly Statement[]): Body[] {
  const out: Body[] = [];
  for (const s of stmts) {
    if (s.kind !== 'Call') continue;
    const n = s.name.text;
    const name = s.args[0]?.words?.[0];
    if ((n === 'interface' || n === 'template') && name && s.args[1]?.body) out.push({ call: s, kind: n, name, statements: s.args[1].body });
    else for (const a of s.args) if (a.body) out.push(...bodies(a.body));
  }
  return out;
}

interface BodyModel {
  uses: Array<{ name: Name; role: 'type' | 'attribute' | 'role' }>;
  required: Array<{ name: Name; keyword: string; entry: RequireEntry }>;
  declared: Array<{ name: Name; keyword: string }>;
}

function model(stmts: readonly Statement[]): BodyModel {
  const m: BodyModel = { uses: [], required: [], declared: [] };
  const use = (n: Name | undefined, role: 'type' | 'attribute' | 'role') => {
    if (n && !n.text.includes('$') && n.text !== 'self' && !n.text.includes('(')) m.uses.push({ name: n, role });
  };
  const list = (l: IdList | undefined, role: 'type' | 'attribute' | 'role') => {
    for (const i of l?.items ?? []) use(i.name, role);
  };
  const walk = (ss: readonly Statement[]) => {
    for (const s of ss) {
      switch (s.kind) {
        case 'AvRule':
          list(s.source, 'type');
          list(s.target, 'type');
          break;
        case 'TypeRule':
          list(s.source, 'type');
          list(s.target, 'type');
          use(s.result, 'type');
          break;
        case 'Association':
          use(s.subject, s.keyword === 'roleattribute' ? 'role' : 'type');
          if (s.keyword !== 'typealias') for (const o of s.objects) use(o, 'attribute');
          break;
        case 'SimpleDecl':
          if (s.keyword === 'role' && s.types) {
            use(s.name, 'role');
            list(s.types, 'type');
          } else if (s.name && s.keyword !== 'permissive') m.declared.push({ name: s.name, keyword: s.keyword });
          break;
        case 'TypeDecl':
          if (s.name) m.declared.push({ name: s.name, keyword: 'type' });
          break;
        case 'RoleAllow':
          list(s.from, 'role');
          list(s.to, 'role');
          break;
        case 'Require':
          for (const e of s.entries) if (e.kind === 'RequireEntry') for (const n of e.names) m.required.push({ name: n, keyword: e.keyword, entry: e });
          break;
        case 'Optional':
        case 'If':
          walk(s.body);
          if (s.elseBody) walk(s.elseBody);
          break;
        case 'Call':
          for (const a of s.args) if (a.body) walk(a.body);
          break;
        default:
          break;
      }
    }
  };
  walk(stmts);
  return m;
}

function forBodies(ctx: RuleContext, fn: (b: Body, m: BodyModel) => void): void {
  for (const b of bodies(ctx.doc.file.statements)) fn(b, model(b.statements));
}

export const missingGenRequire: Rule = {
  code: 'W-002',
  severity: DiagnosticSeverity.Warning,
  description: 'A type, attribute or role used in an interface or template but not in its gen_require: callers fail to compile unless they require it themselves.',
  files: ['if'],
  check(ctx) {
    forBodies(ctx, (b, m) => {
      // system_r is required by policy_module() in every module an expansion can land in.
      const have = new Set(['system_r', ...m.required.map((r) => r.name.text), ...m.declared.map((d) => d.name.text)]);
      const seen = new Set<string>();
      for (const u of m.uses) {
        if (have.has(u.name.text) || seen.has(u.name.text)) continue;
        seen.add(u.name.text);
        const what = u.role === 'role' ? 'Role' : u.role === 'attribute' ? 'Attribute' : 'Type';
        ctx.report(u.name, `${what} ${u.name.text} is used in ${b.kind} ${b.name.text} but not required`, { name: u.name.text, kind: u.role, interfaceStart: b.call.start });
      }
    });
  },
};

export const unusedGenRequire: Rule = {
  code: 'W-003',
  severity: DiagnosticSeverity.Warning,
  description: 'A gen_require entry the interface or template never uses.',
  files: ['if'],
  check(ctx) {
    forBodies(ctx, (b, m) => {
      // *_stub interfaces exist to require names for their callers.
      if (b.name.text.endsWith('_stub')) return;
      const used = new Set(m.uses.map((u) => u.name.text));
      for (const r of m.required) {
        if (r.keyword === 'class' || r.keyword === 'bool' || used.has(r.name.text) || r.name.text.includes('$')) continue;
        // Names may be used through macros that m4 expands (permission patterns): look for the word in the body text.
        if (wordCount(ctx.doc.file.text, b.call.start, b.call.end, r.name.text) > 1) continue;
        ctx.report(r.name, `${r.keyword} ${r.name.text} is listed in the require block but not used in ${b.kind} ${b.name.text}`, { name: r.name.text, keyword: r.keyword, entry: { start: r.entry.start, end: r.entry.end }, nameRange: { start: r.name.start, end: r.name.end } });
      }
    });
  },
};

export const declarationInInterface: Rule = {
  code: 'S-005',
  severity: DiagnosticSeverity.Warning,
  description: 'A declaration inside an interface (templates are the place for declarations).',
  files: ['if'],
  check(ctx) {
    forBodies(ctx, (b, m) => {
      if (b.kind !== 'interface') return;
      for (const d of m.declared) ctx.report(d.name, `Declaration of ${d.keyword} ${d.name.text} in interface ${b.name.text}`);
    });
  },
};

export const paramDocs: Rule = {
  code: 'param-docs',
  severity: DiagnosticSeverity.Warning,
  description: 'The `## <param>` documentation does not match the `$N` parameters the body uses.',
  files: ['if'],
  check(ctx) {
    const text = ctx.doc.file.text;
    for (const b of bodies(ctx.doc.file.statements)) {
      if (!b.call.doc) continue;
      // Only the <param> tags matter here: read them without parsing the whole documentation.
      const params = [...text.slice(b.call.doc.start, b.call.doc.end).matchAll(/<param\s([^>]*)>/g)].map((m) => m[1]);
      const doc = { params: params.map((a) => ({ optional: /optional\s*=\s*"true"/.test(a), unused: /unused\s*=\s*"true"/.test(a) })) };
      const body = text.slice(b.call.args[1].inner.start, b.call.args[1].inner.end);
      if (/\$[*@]/.test(body)) continue; // $* reads every parameter
      let max = 0;
      for (const m of body.matchAll(/\$([1-9])/g)) max = Math.max(max, Number(m[1]));
      const documented = doc.params.length;
      const required = doc.params.filter((p) => !p.optional && !p.unused).length;
      if (max > documented) ctx.report(b.name, `${b.name.text} uses $${max} but documents ${documented} parameter${documented === 1 ? '' : 's'}`);
      // A deprecated stub (its body warns through refpolicywarn) keeps the documented signature on purpose.
      else if (max < required && !/\brefpolicywarn\(/.test(body)) ctx.report(b.name, `${b.name.text} documents ${required} required parameter${required === 1 ? '' : 's'} but uses only ${max ? `up to $${max}` : 'none'}`);
    }
  },
};

/** Whole-word occurrences of `word` in text[start, end). */
function wordCount(text: string, start: number, end: number, word: string): number {
  const isWord = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
  let n = 0;
  for (let i = text.indexOf(word, start); i >= 0 && i + word.length <= end; i = text.indexOf(word, i + 1)) {
    if (!isWord(text.charCodeAt(i - 1)) && !isWord(text.charCodeAt(i + word.length))) n++;
  }
  return n;
}
