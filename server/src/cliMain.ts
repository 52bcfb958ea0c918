// SPDX-License-Identifier: MIT
// The `selinux-ls` commands (check, index, fc-match; audit2te has its own bundle, cliAudit2te.ts): the
// same core as the language server, for CI and terminals. cli.ts dispatches here.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { URI } from 'vscode-uri';
import { getLanguageService } from './core/languageService';
import { fileKindOf } from './core/syntax/parser';
import { VERSION } from './version';
import { toSarif } from './sarif';
import { PolicyIndex } from './core/index/policyIndex';
import { DEVEL_DEFINES } from './policySources';
import { extractFromText } from './core/index/extract';
import { indexSourcesCached } from './indexer';
import { defaultCacheDir } from './indexCache';
import { policyOption, policySources, UsageError, valueOption } from './cliCommon';
import type { Mode } from './core/fc/spec';
import type { FcMatchEntry } from './core/features/fcMatch';
import { loadFcTable } from './fcSources';

export const USAGE = `selinux-ls ${VERSION}: SELinux reference-policy tools

usage:
  selinux-ls check [--policy DIR]... [--format text|json|sarif] [--no-cache] PATH...
                                                  diagnostics for .te/.if/.fc/.spt files and folders
  selinux-ls index [--policy DIR]... [--format text|json] [--no-cache] --stats
                                                  index policy sources and print symbol counts and timing
                                                  (DIR: devel headers or a refpolicy source root; default:
                                                  the installed headers)
  selinux-ls fc-match [--policy DIR]... [--fc FILE]... [--file-contexts FILE] [--type f|d|l|s|p|b|c]
             [--format text|json] PATH...
                                                  which file-context entry labels each path (libselinux's
                                                  lookup) and the entries it beat
  selinux-ls audit2te [--policy DIR]... [--module FILE.te [--write]] [--interfaces] [--dontaudit]
             [--format te|json] [--no-cache] [LOG...]
                                                  policy rules for the AVC denials in audit logs (stdin
                                                  when no LOG), merged into a module with --module
  selinux-ls --help

The symbols of policy sources (devel headers, source trees) are cached between runs in
$SELINUX_LS_CACHE_DIR, else $XDG_CACHE_HOME/selinux-ls, else ~/.cache/selinux-ls (--no-cache: not used).

exit status: 0 no errors, 1 errors found, 2 usage or I/O error
`;


const LANGUAGE: Record<string, string> = { te: 'selinux-te', if: 'selinux-if', spt: 'selinux-if', fc: 'selinux-fc' };
const POLICY_FILE = /\.(te|if|fc|spt)$/;

function collect(paths: string[]): string[] {
  const out: string[] = [];
  const walk = (p: string, explicit: boolean) => {
    let st;
    try {
      st = statSync(p);
    } catch (e) {
      throw new UsageError(`cannot read ${p}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
    if (st.isDirectory()) {
      for (const name of readdirSync(p).sort()) {
        if (name === 'node_modules' || name.startsWith('.')) continue;
        walk(join(p, name), false);
      }
    } else if (explicit || POLICY_FILE.test(p)) {
      out.push(p);
    }
  };
  for (const p of paths) walk(p, true);
  return out;
}

const SEVERITY = ['', 'error', 'warning', 'info', 'hint'];

function check(args: string[]): number {
  let format = 'text';
  let noCache = false;
  const paths: string[] = [];
  const policies: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const next = policyOption(args, i, policies);
    if (next >= 0) {
      i = next;
    } else if (a === '--format') {
      format = args[++i] ?? '';
      if (!['text', 'json', 'sarif'].includes(format)) throw new UsageError(`--format takes text, json or sarif, not '${format}'`);
    } else if (a.startsWith('--format=')) {
      format = a.slice('--format='.length);
      if (!['text', 'json', 'sarif'].includes(format)) throw new UsageError(`--format takes text, json or sarif, not '${format}'`);
    } else if (a === '--no-cache') {
      noCache = true;
    } else if (a.startsWith('-')) {
      throw new UsageError(`unknown option ${a}`);
    } else {
      paths.push(a);
    }
  }
  if (!paths.length) throw new UsageError('check needs at least one file or folder');
  const service = getLanguageService();
  const files = collect(paths);
  const index = buildIndex(policies, noCache);
  let errors = 0;
  const results: Array<{ file: string; diagnostics: Diagnostic[] }> = [];
  // Read and index everything first (a module's own interfaces and types are then known), keeping only
  // the texts: each file is parsed again when it is checked, so that no more than one file's tree is
  // held at a time (the whole tree's would cost far more memory and garbage collection than a parse).
  const docs = files.map((file) => {
    let content: string;
    try {
      content = readFileSync(file, 'utf8');
    } catch (e) {
      throw new UsageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
    const kind = fileKindOf(file);
    const uri = URI.file(file).toString();
    index.update(extractFromText(uri, content, kind, kind === 'fc' ? { defines: DEVEL_DEFINES } : {}));
    return { file, uri, kind, content };
  });
  for (const { file, uri, kind, content } of docs) {
    const parsed = service.parseDocument(TextDocument.create(uri, LANGUAGE[kind] ?? 'selinux-te', 1, content));
    const diagnostics = service.doValidation(parsed, index, { defines: DEVEL_DEFINES });
    errors += diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error).length;
    results.push({ file, diagnostics });
  }
  if (format === 'sarif') {
    process.stdout.write(JSON.stringify(toSarif(results, process.cwd()), null, 2) + '\n');
  } else if (format === 'json') {
    const flat = results.flatMap(({ file, diagnostics }) => diagnostics.map((d) => ({
      file, range: d.range, severity: SEVERITY[d.severity ?? 1], code: d.code, message: d.message,
    })));
    process.stdout.write(JSON.stringify(flat, null, 2) + '\n');
  } else {
    let count = 0;
    for (const { file, diagnostics } of results) {
      for (const d of diagnostics) {
        count++;
        process.stdout.write(`${relative(process.cwd(), file) || file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${SEVERITY[d.severity ?? 1]}: ${d.message} [${d.code}]\n`);
      }
    }
    process.stderr.write(`${files.length} file${files.length === 1 ? '' : 's'} checked, ${count} diagnostic${count === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'})\n`);
  }
  return errors > 0 ? 1 : 0;
}

function indexCommand(args: string[]): number {
  let format = 'text';
  let stats = false;
  let noCache = false;
  const policies: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const next = policyOption(args, i, policies);
    const f = valueOption(args, i, '--format');
    if (next >= 0) i = next;
    else if (f) [format, i] = [f.value, f.next];
    else if (a === '--stats') stats = true;
    else if (a === '--no-cache') noCache = true;
    else throw new UsageError(`unknown option ${a}`);
  }
  if (!['text', 'json'].includes(format)) throw new UsageError(`--format takes text or json, not '${format}'`);
  if (!stats) throw new UsageError('index needs --stats (the only output it has for now)');
  const t0 = performance.now();
  // With nothing to index, `index` has nothing to say: that is a usage error here, a warning for `check`.
  const sources = policySources(policies, (problems) => {
    throw new UsageError(problems.join('; '));
  });
  const index = new PolicyIndex();
  const run = indexSourcesCached(index, sources, noCache ? undefined : defaultCacheDir());
  const counts = index.stats();
  const ms = performance.now() - t0;
  const cache = run.cache.reduce((c, s) => ({ hits: c.hits + s.hits, misses: c.misses + s.misses }), { hits: 0, misses: 0 });
  const result = { sources: sources.map((s) => ({ kind: s.kind, root: s.root, files: s.files.length })), ...counts, unreadable: run.unreadable, bytes: run.bytes, cache, ms: Math.round(ms) };
  if (format === 'json') process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  else {
    for (const s of result.sources) process.stdout.write(`source: ${s.kind} ${s.root} (${s.files} files)\n`);
    for (const [k, v] of Object.entries(counts)) process.stdout.write(`${k.padEnd(15)} ${v}\n`);
    for (const u of run.unreadable) process.stdout.write(`unreadable: ${u}\n`);
    process.stdout.write(`${'cache'.padEnd(15)} ${noCache ? 'off' : `${cache.hits} files read from the cache, ${cache.misses} parsed`}\n`);
    for (const c of run.cache) if (c.problem) process.stdout.write(`cache problem: ${c.problem}\n`);
    process.stdout.write(`${'time'.padEnd(15)} ${Math.round(ms)} ms\n`);
  }
  return 0;
}

function fcMatchCommand(args: string[]): number {
  let format = 'text';
  let type = '';
  let fileContexts: string | undefined;
  const fcFiles: string[] = [];
  const policies: string[] = [];
  const paths: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const next = policyOption(args, i, policies);
    const opt = (...names: string[]) => {
      const v = valueOption(args, i, ...names);
      if (v) i = v.next;
      return v?.value;
    };
    let v: string | undefined;
    if (next >= 0) i = next;
    else if ((v = opt('--format')) !== undefined) format = v;
    else if ((v = opt('--type', '-m')) !== undefined) type = v;
    else if ((v = opt('--fc')) !== undefined) fcFiles.push(v);
    else if ((v = opt('--file-contexts')) !== undefined) fileContexts = v;
    else if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option ${a}`);
    else paths.push(a);
  }
  if (!['text', 'json'].includes(format)) throw new UsageError(`--format takes text or json, not '${format}'`);
  // matchpathcon -m takes a word and uses its first letter: accept both `f` and `file`.
  const mode = (type ? type[0] : '') as Mode;
  if (!/^[fdlspbc]?$/.test(mode)) throw new UsageError(`--type takes f, d, l, s, p, b or c, not '${type}'`);
  if (!paths.length) throw new UsageError('fc-match needs at least one PATH');
  for (const p of paths) if (!p.startsWith('/')) throw new UsageError(`${p}: give absolute paths`);
  if (fcFiles.some((f) => !f)) throw new UsageError('--fc needs a file');

  const loaded = loadFcTable({ sources: fileContexts !== undefined && !policies.length ? [] : policySources(policies, () => undefined), fcFiles, fileContexts });
  if ('error' in loaded) throw new UsageError(loaded.error);
  for (const w of loaded.warnings) process.stderr.write(`selinux-ls: ${w}\n`);
  const table = loaded.table;
  const service = getLanguageService();
  const results = paths.map((p) => service.matchPath(table, p, mode));
  if (format === 'json') {
    const plain = (e: FcMatchEntry) => ({ ...e, uri: undefined, file: e.uri ? relative(process.cwd(), URI.parse(e.uri).fsPath) : undefined, line: e.line + 1 });
    process.stdout.write(JSON.stringify(results.map((r) => ({ ...r, winner: r.winner ? plain(r.winner) : undefined, beaten: r.beaten.map(plain) })), null, 2) + '\n');
    return 0;
  }
  const at = (e: FcMatchEntry) => `${e.uri ? relative(process.cwd(), URI.parse(e.uri).fsPath) : 'file_contexts'}:${e.line + 1}`;
  const entryText = (e: FcMatchEntry) => `${at(e)}  ${e.regex}${e.fileType ? `  ${e.fileType}` : ''}  ${e.context}`;
  for (const r of results) {
    process.stdout.write(`${r.path}\t${r.context}\n`);
    if (r.key !== r.path) process.stdout.write(`  looked up as ${r.key}\n`);
    if (r.winner) process.stdout.write(`  wins:  ${entryText(r.winner)}\n`);
    for (const b of r.beaten) process.stdout.write(`  beats: ${entryText(b)}\n`);
  }
  return 0;
}

/** The index of the given policy sources, or of the installed headers when none is given (empty if none). */
function buildIndex(policies: string[], noCache: boolean): PolicyIndex {
  const index = new PolicyIndex();
  const sources = policySources(policies, (problems) => process.stderr.write(`selinux-ls: ${problems.join('; ')}\n`));
  indexSourcesCached(index, sources, noCache ? undefined : defaultCacheDir());
  return index;
}

export function main(argv: string[]): number {
  const [cmd, ...rest] = argv;
  try {
    switch (cmd) {
      case 'check':
        return check(rest);
      case 'index':
        return indexCommand(rest);
      case 'fc-match':
        return fcMatchCommand(rest);
      case '--version':
      case '-v':
      case 'version':
        process.stdout.write(`selinux-ls ${VERSION}\n`);
        return 0;
      case '--help':
      case '-h':
      case 'help':
        process.stdout.write(USAGE);
        return 0;
      case undefined:
        process.stderr.write(USAGE);
        return 2;
      default:
        throw new UsageError(`unknown command '${cmd}'`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`selinux-ls: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}
