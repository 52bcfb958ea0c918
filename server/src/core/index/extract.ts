// SPDX-License-Identifier: MIT
// Extracts the symbols of one parsed file. Pure: the caller reads files and passes their text.

import { LineIndex } from '../lineIndex';
import type { Arg, Call, FcEntry, FileKind, IdList, Name, SourceFile, Statement } from '../syntax/nodes';
import { parse, parseEach } from '../syntax/parser';
import { docText, plain } from './xmlDoc';
import { ifdefBranch } from '../syntax/walk';
import type { ClassDef, Declaration, DeclKind, FcInfo, FileSymbols, MacroDef, RequireDecl } from './symbols';

export interface ExtractOptions {
  /** m4 symbols defined for the build (enable_mcs, distro_debian...). When set, ifdef branches are resolved. */
  readonly defines?: ReadonlySet<string>;
}

/** The module a file belongs to: its base name without the extension (`apache.te` → apache). */
export function moduleOf(uri: string): string {
  const base = uri.slice(uri.lastIndexOf('/') + 1);
  return base.replace(/\.(te|if|fc|spt)(\.in)?$/, '');
}


export function extractSymbols(uri: string, file: SourceFile, options: ExtractOptions = {}): FileSymbols {
  const x = extractor(uri, file.text, file.fileKind, options);
  if (file.fileKind === 'fc') x.fcEntries(fcEntriesOf(file, options.defines));
  else for (const s of file.statements) x.statement(s);
  return x.result(file.errors.length);
}

/**
 * The symbols of a file's text, parsed one top-level statement at a time (parseEach): what
 * extractSymbols(uri, parse(text, kind)) gives, without ever holding the whole file's tree. For reading
 * policy sources into the index.
 */
export function extractFromText(uri: string, text: string, fileKind: FileKind, options: ExtractOptions = {}): FileSymbols {
  if (fileKind === 'fc') return extractSymbols(uri, parse(text, fileKind), options);
  const x = extractor(uri, text, fileKind, options);
  const file = parseEach(text, fileKind, (s) => x.statement(s));
  return x.result(file.errors.length);
}

/** Collects the symbols of the statements (or .fc entries) it is given, in order. */
function extractor(uri: string, text: string, fileKind: FileKind, options: ExtractOptions) {
  const lines = new LineIndex(text);
  const module = moduleOf(uri);
  const macros: MacroDef[] = [];
  const declarations: Declaration[] = [];
  const associations: Array<readonly [string, string]> = [];
  const required: RequireDecl[] = [];
  const classes: ClassDef[] = [];
  const fileContexts: FcInfo[] = [];
  const calls: Array<{ name: string; args: string[]; range: ReturnType<LineIndex['range']> }> = [];
  const defines = options.defines;

  const loc = (n: { start: number; end: number }) => ({ uri, range: lines.range(n.start, n.end), module });
  const names = (l: IdList | undefined) => (l ? l.items.filter((i) => !i.negated).map((i) => i.name.text) : []);
  const argText = (a: Arg | undefined) => (a ? text.slice(a.inner.start, a.inner.end).trim() : '');

  /** Walks statements; `inMacro` collects the declarations of an interface/template body instead. */
  type MacroScope = {
    declares: MacroDef['declares'][number][];
    requires: RequireDecl[];
    classDecls: { name: string; perms: string[] }[];
    calls: { name: string; args: string[] }[];
    associations: [string, string][];
  };
  const walk = (stmts: readonly Statement[], inMacro: MacroScope | undefined, depth: number): void => {
    if (depth > 64) return;
    for (const s of stmts) {
      switch (s.kind) {
        case 'TypeDecl':
          if (s.name) {
            declare('type', s.name, inMacro, { attributes: s.attributes.map((a) => a.text) });
            if (inMacro) for (const a of s.attributes) inMacro.associations.push([s.name.text, a.text]);
            for (const a of s.aliases) declare('alias', a, inMacro, { aliasOf: s.name.text });
          }
          break;
        case 'SimpleDecl':
          if (!s.name) break;
          if (s.keyword === 'permissive') break;
          if (s.keyword === 'bool') declare('bool', s.name, inMacro, { defaultValue: s.value?.text });
          // `role r types t;` associates types with a role; only `role r;` declares it.
          else if (s.keyword === 'role' && s.types) break;
          else if (s.keyword === 'attribute' || s.keyword === 'attribute_role' || s.keyword === 'role') declare(s.keyword, s.name, inMacro, {});
          break;
        case 'Association':
          if (!s.subject) break;
          if (s.keyword === 'typealias') for (const o of s.objects) declare('alias', o, inMacro, { aliasOf: s.subject.text });
          else if (s.keyword === 'typeattribute' || s.keyword === 'roleattribute') for (const o of s.objects) (inMacro ? inMacro.associations : associations).push([s.subject.text, o.text]);
          break;
        case 'Require':
          for (const e of s.entries) {
            if (e.kind !== 'RequireEntry') continue;
            const r: RequireDecl = { keyword: e.keyword, names: e.names.map((n) => n.text), ...(e.perms ? { perms: names(e.perms) } : {}) };
            required.push(r);
            inMacro?.requires.push(r);
          }
          break;
        case 'Optional':
        case 'If':
          walk(s.body, inMacro, depth + 1);
          if (s.elseBody) walk(s.elseBody, inMacro, depth + 1);
          break;
        case 'ClassDecl':
          if (!s.name) break;
          if (inMacro) {
            inMacro.classDecls.push({ name: s.name.text, perms: names(s.perms) });
          } else {
            const eol = text.indexOf('\n', s.end);
            const userspace = /#\s*userspace/.test(text.slice(s.end, eol < 0 ? text.length : eol));
            classes.push({
              ...loc(s.name), name: s.name.text, kind: s.keyword, ...(s.inherits ? { inherits: s.inherits.text } : {}), perms: names(s.perms),
              ...(userspace ? { userspace } : {}),
            });
          }
          break;
        case 'Call':
          call(s, inMacro, depth);
          break;
        default:
          break;
      }
    }
  };

  const declare = (kind: DeclKind, name: Name, inMacro: Parameters<typeof walk>[1], extra: Partial<Declaration>) => {
    if (inMacro) {
      inMacro.declares.push({ kind, name: name.text });
      return;
    }
    if (name.text.includes('$') || name.text.includes('(')) return;
    const d: Declaration = { uri, range: lines.range(name.start, name.end), module, name: name.text, kind };
    declarations.push(extra.attributes || extra.aliasOf || extra.defaultValue || extra.description ? Object.assign(d, stripUndefined(extra)) : d);
  };

  const call = (c: Call, inMacro: Parameters<typeof walk>[1], depth: number) => {
    const n = c.name.text;
    switch (n) {
      case 'interface':
      case 'template':
      case 'define':
      case 'pushdef': {
        const nameArg = c.args[0];
        const macroName = nameArg?.words?.[0];
        if (!macroName || !c.args[1]) return;
        const body = c.args[1];
        const inner: MacroScope = { declares: [], requires: [], classDecls: [], calls: [], associations: [] };
        if (body.body) walk(body.body, inner, depth + 1);
        const bodyText = text.slice(body.inner.start, body.inner.end);
        const maxParam = highestParam(bodyText);
        const kind = n === 'pushdef' ? 'define' : n;
        const docBlock = c.doc && kind !== 'define' ? text.slice(c.doc.start, c.doc.end) : undefined;
        const def: MacroDef = {
          uri, range: lines.range(macroName.start, macroName.end), module, name: macroName.text, kind, maxParam, body: bodyText,
          requires: inner.requires, declares: inner.declares, calls: inner.calls,
        };
        if (inner.classDecls.length) Object.assign(def, { classDecls: inner.classDecls });
        if (inner.associations.length) Object.assign(def, { associations: inner.associations });
        if (docBlock) Object.assign(def, { docBlock });
        if (kind === 'define' && body.ids) Object.assign(def, { setItems: body.ids.items.map((i) => i.name.text) });
        macros.push(def);
        return;
      }
      case 'gen_tunable':
      case 'gen_bool': {
        const name = c.args[0]?.words?.[0];
        if (!name) return;
        const description = c.doc ? plain(docText(text.slice(c.doc.start, c.doc.end))) : undefined;
        declare(n === 'gen_tunable' ? 'tunable' : 'bool', name, inMacro, { defaultValue: c.args[1]?.words?.[0]?.text, description });
        return;
      }
      case 'ifdef':
      case 'ifndef': {
        const kept = ifdefBranch(c, defines);
        if (kept) {
          if (kept.body) walk(kept.body, inMacro, depth + 1);
          return;
        }
        for (const a of c.args) if (a.body) walk(a.body, inMacro, depth + 1);
        return;
      }
      default:
        for (const a of c.args) if (a.body) walk(a.body, inMacro, depth + 1);
        if (inMacro) inMacro.calls.push({ name: n, args: c.args.map(argText) });
        else if (fileKind === 'te') calls.push({ name: n, args: c.args.map(argText), range: lines.range(c.start, c.end) });
    }
  };

  const fcEntries = (entries: readonly FcEntry[]) => {
    for (const e of entries) {
      const ctx = e.context;
      let context = '';
      let type: string | undefined;
      let level: { mls?: string; mcs?: string } = {};
      if (ctx?.kind === 'Call') {
        context = text.slice(ctx.args[0]?.inner.start ?? ctx.start, ctx.args[0]?.inner.end ?? ctx.end).trim();
        type = context.split(':')[2];
        const mls = argText(ctx.args[1]);
        const mcs = argText(ctx.args[2]);
        level = { ...(mls ? { mls } : {}), ...(mcs ? { mcs } : {}) };
      } else if (ctx) {
        context = ctx.text;
        type = ctx.text === '<<none>>' ? undefined : ctx.text.split(':')[2];
      }
      fileContexts.push({
        uri, module, range: lines.range(e.start, e.end), path: e.path.text, ...(e.fileType ? { fileType: e.fileType.text } : {}),
        ...(type ? { type } : {}), context, ...(ctx?.kind === 'Call' ? { genContext: true } : {}), ...level,
      });
    }
  };

  return {
    statement: (s: Statement) => walk([s], undefined, 0),
    fcEntries,
    result: (parseErrors: number): FileSymbols => ({ uri, module, kind: fileKind, macros, declarations, associations, required, classes, fileContexts, calls, parseErrors }),
  };
}

/**
 * The entries of a .fc file in file order. With build defines, only the ifdef/ifndef branches the build
 * takes; without, every entry (both branches).
 */
export function fcEntriesOf(file: SourceFile, defines?: ReadonlySet<string>): FcEntry[] {
  if (!defines) return [...file.fcEntries];
  const out: FcEntry[] = [];
  const walk = (stmts: readonly Statement[], depth: number): void => {
    if (depth > 64) return;
    for (const s of stmts) {
      const st = s as Statement | FcEntry;
      if (st.kind === 'FcEntry') out.push(st);
      else if (st.kind === 'Call') {
        const kept = ifdefBranch(st, defines);
        if (kept) {
          if (kept.body) walk(kept.body, depth + 1);
        } else {
          for (const a of st.args) if (a.body) walk(a.body, depth + 1);
        }
      }
    }
  };
  walk(file.statements, 0);
  return out;
}

function stripUndefined<T extends object>(o: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out as T;
}

/** The highest `$N` (1-9) in a macro body, 0 when there is none. */
function highestParam(body: string): number {
  let max = 0;
  for (let i = body.indexOf('$'); i >= 0; i = body.indexOf('$', i + 1)) {
    const d = body.charCodeAt(i + 1) - 48;
    if (d >= 1 && d <= 9 && d > max) max = d;
  }
  return max;
}
