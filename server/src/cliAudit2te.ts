// SPDX-License-Identifier: MIT
// `selinux-ls audit2te`: audit2allow done right, over the same core as the editor. Reads logs (or stdin),
// prints rules (or JSON), or merges them into a module (--module FILE.te, printed; --write to save).

import { isAscii } from 'node:buffer';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseAuditLog, AvcRecord, Malformed } from './core/avc/parse';
import { AvRule, generateRules, moduleText, ruleText } from './core/avc/rules';
import { annotatedText, RuleNotes } from './core/avc/output';
import { UsageError } from './cliCommon';

/* eslint-disable @typescript-eslint/no-require-imports */
// What plain rule output does not need is loaded on demand (esbuild initialises a required module when it
// is first required), so `audit2te LOG` starts fast: the index, the parser and the merge come with
// --module, --interfaces or --policy only.
const lazy = {
  common: () => require('./cliCommon') as typeof import('./cliCommon'),
  index: () => require('./core/index/policyIndex') as typeof import('./core/index/policyIndex'),
  indexer: () => require('./indexer') as typeof import('./indexer'),
  cache: () => require('./indexCache') as typeof import('./indexCache'),
  known: () => require('./core/avc/known') as typeof import('./core/avc/known'),
  booleans: () => require('./core/avc/booleans') as typeof import('./core/avc/booleans'),
  interfaces: () => require('./core/avc/interfaces') as typeof import('./core/avc/interfaces'),
  merge: () => require('./core/avc/merge') as typeof import('./core/avc/merge'),
  document: () => require('./core/document') as typeof import('./core/document'),
  textDocument: () => require('vscode-languageserver-textdocument') as typeof import('vscode-languageserver-textdocument'),
  uri: () => require('vscode-uri') as typeof import('vscode-uri'),
};

/** A log's text: ASCII (the usual case: audit records hex-encode other bytes) decodes as latin1, much faster. */
function decode(buf: Buffer): string {
  return buf.toString(isAscii(buf) ? 'latin1' : 'utf8');
}

function readInput(paths: readonly string[]): Array<{ name: string; text: string }> {
  if (!paths.length) {
    try {
      return [{ name: '<stdin>', text: decode(readFileSync(0)) }];
    } catch (e) {
      throw new UsageError(`cannot read standard input: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
  }
  return paths.map((p) => {
    try {
      return { name: p, text: decode(readFileSync(p)) };
    } catch (e) {
      throw new UsageError(`cannot read ${p}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
  });
}

/** The command with its usage errors reported (exit status 2). */
export function run(args: string[]): number {
  try {
    return audit2teCommand(args);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`selinux-ls: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

export function audit2teCommand(args: string[]): number {
  let format = 'te';
  let modulePath: string | undefined;
  let write = false;
  let dontaudit = false;
  let noCache = false;
  let interfaces = false;
  const policies: string[] = [];
  const logs: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const next = lazy.common().policyOption(args, i, policies);
    if (next >= 0) i = next;
    else if (a === '--format') format = args[++i] ?? '';
    else if (a.startsWith('--format=')) format = a.slice(9);
    else if (a === '--module') modulePath = args[++i];
    else if (a.startsWith('--module=')) modulePath = a.slice(9);
    else if (a === '--write') write = true;
    else if (a === '--dontaudit' || a === '-D') dontaudit = true;
    else if (a === '--no-cache') noCache = true;
    else if (a === '--interfaces' || a === '-R') interfaces = true;
    else if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option ${a}`);
    else logs.push(a);
  }
  if (!['te', 'json'].includes(format)) throw new UsageError(`--format takes te or json, not '${format}'`);
  if (modulePath === '') throw new UsageError('--module needs a .te file');
  if (write && !modulePath) throw new UsageError('--write needs --module FILE.te');
  const inputs = readInput(logs.filter((l) => l !== '-'));

  const records: AvcRecord[] = [];
  const malformed: Array<Malformed & { file: string }> = [];
  for (const input of inputs) {
    const log = parseAuditLog(input.text);
    records.push(...log.records);
    for (const m of log.malformed) malformed.push({ ...m, file: input.name });
  }
  if (malformed.length) {
    const where = malformed.slice(0, 20).map((m) => `${m.file}:${m.line + 1}`).join(', ');
    process.stderr.write(`selinux-ls: skipped ${malformed.length} malformed AVC record${malformed.length === 1 ? '' : 's'}: ${where}${malformed.length > 20 ? ', …' : ''}\n`);
  }
  if (!records.length) process.stderr.write('selinux-ls: no AVC records found\n');

  // The index: needed to merge into a module (class requires, permission sets), for interfaces, and to
  // leave out denials the policy cannot express. Plain output without --policy needs none.
  const needIndex = !!modulePath || interfaces || policies.length > 0;
  const index = needIndex ? new (lazy.index().PolicyIndex)() : undefined;
  let usable = records;
  if (index) {
    lazy.indexer().indexSourcesCached(index, lazy.common().policySources(policies, () => undefined), noCache ? undefined : lazy.cache().defaultCacheDir());
    const { known, unknown } = lazy.known().partitionKnown(records, index);
    usable = known;
    if (unknown.records) {
      const what = [...unknown.types.map((t) => `type ${t}`), ...unknown.classes.map((c) => `class ${c}`), ...unknown.perms.map((p) => `permission ${p}`)];
      process.stderr.write(`selinux-ls: left out ${unknown.records} denial${unknown.records === 1 ? '' : 's'} the policy cannot express: ${what.slice(0, 10).join(', ')}${what.length > 10 ? ', …' : ''}\n`);
    }
  }
  const g = generateRules(usable, { dontaudit });

  // Notes: booleans that already allow a denial (from the source tree's modules), interface suggestions.
  const notes = new Map<AvRule, RuleNotes>();
  if (index) {
    const { booleanHints } = lazy.booleans();
    const { suggestInterfaces } = lazy.interfaces();
    const { URI } = lazy.uri();
    const moduleText = (uri: string) => {
      try {
        return readFileSync(URI.parse(uri).fsPath, 'utf8');
      } catch {
        return undefined;
      }
    };
    for (const r of g.rules) {
      const booleans = dontaudit ? [] : booleanHints(index, r, moduleText);
      const suggestions = interfaces && !booleans.length ? suggestInterfaces(index, r, 5) : [];
      if (booleans.length || suggestions.length) notes.set(r, { booleans, interfaces: suggestions });
    }
  }

  if (format === 'json' && !modulePath) {
    const out = [
      ...g.rules.map((r) => {
        const n = notes.get(r);
        return {
          source: r.source, target: r.target, class: r.tclass, perms: r.perms, kind: r.kind, count: r.count, lines: r.lines.map((l) => l + 1),
          ...(n?.booleans?.length ? { booleans: n.booleans.map((b) => ({ condition: b.condition, booleans: b.booleans, commands: b.commands })) } : {}),
          ...(n?.interfaces?.length ? { interfaces: n.interfaces.map((i) => ({ call: i.call, extra: i.extra })) } : {}),
        };
      }),
      ...g.roles.map((r) => ({ source: r.role, target: r.type, class: null, perms: [], kind: 'role', count: r.lines.length, lines: r.lines.map((l) => l + 1) })),
    ];
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return 0;
  }
  if (!modulePath) {
    process.stdout.write(notes.size ? annotatedText(g, notes, interfaces) : moduleText(g, undefined, () => false));
    return 0;
  }
  let text: string;
  try {
    text = readFileSync(modulePath, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${modulePath}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  const { TextDocument } = lazy.textDocument();
  const doc = lazy.document().parseDocument(TextDocument.create(lazy.uri().URI.file(resolve(modulePath)).toString(), 'selinux-te', 1, text));
  // Denials a boolean already allows are not merged: the fix is setsebool.
  const byBoolean = g.rules.filter((r) => notes.get(r)?.booleans?.length);
  for (const r of byBoolean) {
    const b = notes.get(r)!.booleans!;
    process.stderr.write(`selinux-ls: not merged: ${ruleText(r)} is allowed by ${b.map((x) => x.condition).join(' or ')} (${b[0].commands.join('; ')})\n`);
  }
  const toMerge = { ...g, rules: g.rules.filter((r) => !byBoolean.includes(r)) };
  const merged = lazy.merge().mergeDenials(doc, toMerge, index, interfaces ? { callFor: (r) => { const best = notes.get(r)?.interfaces?.[0]; return best?.named ? best.call : undefined; } } : {});
  const result = TextDocument.applyEdits(doc.text, merged.edits);
  const summary = `${merged.newRules} new rule${merged.newRules === 1 ? '' : 's'}, ${merged.extendedRules} extended, ${merged.requires} require entr${merged.requires === 1 ? 'y' : 'ies'}, ${merged.roles} role rule${merged.roles === 1 ? '' : 's'}`;
  if (format === 'json') {
    process.stdout.write(`${JSON.stringify({ module: modulePath, ...merged, edits: merged.edits.length, text: result }, null, 2)}\n`);
  } else if (!write) process.stdout.write(result);
  if (write) {
    if (merged.edits.length) writeFileSync(modulePath, result);
    process.stderr.write(`selinux-ls: ${modulePath}: ${merged.edits.length ? summary : 'already up to date'}\n`);
  }
  return 0;
}
