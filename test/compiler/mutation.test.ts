// The mutation suite: our diagnostics against the real compiler. Each module (the webapp example, a
// fixtures of our own and a few modules of Debian's reference policy) is broken in small, deterministic
// ways (mutants.ts); every mutant is built with the devel Makefile (checkmodule) and validated by the
// language service against an index of the installed headers. For each mutant:
//   (a) we report an error iff the build fails;
//   (b) when it fails, one of our errors is on a line checkmodule reports (recorded, not asserted);
//   (c) our quick fixes, applied repeatedly, give a module that builds; the add-to-require fix is idempotent.
// The summary goes to stdout and the details to test-results/mutation.json.
import { after, before, suite, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CodeAction, CodeActionKind, Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseDocument, PolicyDocument } from '../../server/src/core/document';
import { PolicyIndex } from '../../server/src/core/index/policyIndex';
import { extractSymbols } from '../../server/src/core/index/extract';
import { doValidation } from '../../server/src/core/features/diagnostics/index';
import { getCodeActions } from '../../server/src/core/features/codeActions';
import { detectSource, DEVEL_DEFINES, PolicySource } from '../../server/src/policySources';
import { indexSources } from '../../server/src/indexer';
import { DEVEL, missing, needs, POLICY_SRC_TARBALL } from '../support/system';
import { enclosingMacroLines, KINDS, Mutant, mutate, scanVocabulary, Vocabulary } from './mutants';
import { compile, Verdict } from './oracle';

// Mutants on which we knowingly disagree with checkmodule (id → reason). Empty: every known case is fixed.
const KNOWN: Record<string, string> = {};

const ROOT = join(__dirname, '..', '..');
const RESULTS = join(ROOT, 'test-results', 'mutation.json');
/** Modules of Debian's refpolicy that build standalone from their .te and .fc (their .if is in the headers). */
const REFPOLICY_MODULES = ['admin/anaconda', 'admin/firstboot', 'services/nscd', 'services/cvs', 'services/collectd'];

interface ModuleUnderTest {
  name: string;
  origin: string;
  te: string;
  /** Other files the build gets (.if, .fc). */
  files: Record<string, string>;
  /** The module's own .if, indexed like an open workspace file. */
  ifText?: string;
}

interface OurError {
  line: number;
  endLine: number;
  code: string;
  message: string;
}

interface FixRun {
  /** Titles of the fixes applied, in order. */
  steps: string[];
  /** Our errors left after the last fix. */
  remaining: OurError[];
  /** Whether the fixed module builds (when a fix was applied). */
  compiled?: boolean;
  compilerErrors?: string[];
  /** Add-to-require fixes applied a second time: did they change nothing? */
  idempotence: Array<{ title: string; unchanged: boolean }>;
  text?: string;
}

interface Outcome {
  id: string;
  kind: string;
  module: string;
  line: number;
  description: string;
  build: { ok: boolean; status: number | null; errors: Verdict['errors']; teLines: number[] };
  ours: OurError[];
  agree: boolean;
  /**
   * match: one of our errors covers a line checkmodule reports; in-block: checkmodule reports the first line
   * of an m4 block (optional_policy…) around one of our errors; differs: neither.
   */
  location?: 'match' | 'in-block' | 'differs' | 'no-compiler-line';
  fix?: FixRun;
  known?: string;
  problems: string[];
  /** The mutant's .te, kept for the mutants with a problem (a reproduction). */
  te?: string;
}

const skipBase = missing(needs.devel, needs.make, needs.m4, needs.checkmodule);
const skipSrc = skipBase || missing(needs.policySrc, needs.zstd);

suite('compiler: mutation suite (diagnostics vs checkmodule)', { skip: skipBase }, () => {
  let index: PolicyIndex;
  let vocab: Vocabulary;
  let srcDir = '';
  let version = 1;
  const outcomes: Outcome[] = [];
  const baselines: Outcome[] = [];

  before(() => {
    index = new PolicyIndex();
    const devel = detectSource(DEVEL);
    assert.ok(!('error' in devel), 'the devel headers are a policy source');
    indexSources(index, [devel as PolicySource]);
    vocab = scanVocabulary(DEVEL);
    if (!skipSrc) {
      srcDir = mkdtempSync(join(tmpdir(), 'selinux-ls-mutation-'));
      const patterns = REFPOLICY_MODULES.map((m) => `*/policy/modules/${m}.*`);
      execFileSync('tar', ['--zstd', '-xf', POLICY_SRC_TARBALL, '-C', srcDir, '--wildcards', ...patterns]);
    }
  });
  after(() => {
    if (srcDir) rmSync(srcDir, { recursive: true, force: true });
  });

  const uriOf = (m: ModuleUnderTest, ext: string) => `file:///mutation/${m.name}/${m.name}.${ext}`;

  /** Parses the module text, puts its symbols into the index (as the server does) and validates it. */
  function ours(m: ModuleUnderTest, te: string): { doc: PolicyDocument; diagnostics: Diagnostic[]; errors: Diagnostic[] } {
    const uri = uriOf(m, 'te');
    const doc = parseDocument(TextDocument.create(uri, 'selinux-te', version++, te));
    index.update(extractSymbols(uri, doc.file));
    const diagnostics = doValidation(doc, index, { defines: DEVEL_DEFINES });
    return { doc, diagnostics, errors: diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error) };
  }

  const brief = (ds: Diagnostic[]): OurError[] =>
    ds.map((d) => ({ line: d.range.start.line + 1, endLine: d.range.end.line + 1, code: String(d.code), message: typeof d.message === 'string' ? d.message : d.message.value }));

  const build = (m: ModuleUnderTest, te: string) => compile(m.name, { ...m.files, [`${m.name}.te`]: te });

  const editsOf = (a: CodeAction, uri: string) => a.edit?.changes?.[uri] ?? [];

  /** Takes the first preferred quick fix (or the first spelling fix) of an error, applies it, revalidates; at most 10 rounds. */
  function applyFixes(m: ModuleUnderTest, te: string): FixRun {
    const run: FixRun = { steps: [], remaining: [], idempotence: [] };
    let cur = te;
    for (let round = 0; round < 10; round++) {
      const { doc, errors } = ours(m, cur);
      let chosen: CodeAction | undefined;
      let diag: Diagnostic | undefined;
      for (const d of errors) {
        const actions = getCodeActions(doc, d.range, [d], index).filter((a) => a.kind === CodeActionKind.QuickFix && editsOf(a, doc.uri).length);
        chosen = actions.find((a) => a.isPreferred) ?? actions.find((a) => a.title.startsWith('Change to '));
        if (chosen) {
          diag = d;
          break;
        }
      }
      if (!chosen || !diag) break;
      const next = TextDocument.applyEdits(doc.text, editsOf(chosen, doc.uri));
      run.steps.push(chosen.title);
      if (chosen.title.startsWith('Add ')) {
        // The same fix for the same diagnostic, asked again on the fixed text, must change nothing.
        const again = parseDocument(TextDocument.create(doc.uri, 'selinux-te', version++, next));
        const second = getCodeActions(again, diag.range, [diag], index).find((a) => a.title === chosen!.title);
        const twice = second ? TextDocument.applyEdits(again.text, editsOf(second, again.uri)) : next;
        run.idempotence.push({ title: chosen.title, unchanged: twice === next });
      }
      if (next === cur) break;
      cur = next;
    }
    run.remaining = brief(ours(m, cur).errors);
    run.text = cur;
    return run;
  }

  function evaluate(m: ModuleUnderTest, mut: Pick<Mutant, 'id' | 'line' | 'description' | 'te'> & { kind: Mutant['kind'] | 'unmodified' }): Outcome {
    const verdict = build(m, mut.te);
    const { errors } = ours(m, mut.te);
    const mine = brief(errors);
    const o: Outcome = {
      id: mut.id, kind: mut.kind, module: m.name, line: mut.line, description: mut.description,
      build: { ok: verdict.ok, status: verdict.status, errors: verdict.errors, teLines: verdict.teLines },
      ours: mine, agree: (mine.length > 0) === !verdict.ok, problems: [],
    };
    if (KNOWN[mut.id]) o.known = KNOWN[mut.id];
    if (!o.agree) {
      o.problems.push(verdict.ok
        ? `we report errors but the module builds: ${mine.map((e) => `${e.line}: ${e.code} ${e.message}`).join('; ')}`
        : `the build fails but we report no error: ${verdict.errors.map((e) => `${e.file}:${e.line}: ${e.message}`).join('; ') || verdict.log}`);
    }
    if (!verdict.ok) {
      if (!verdict.teLines.length) o.location = 'no-compiler-line';
      else if (mine.some((e) => verdict.teLines.some((l) => l >= e.line && l <= e.endLine))) o.location = 'match';
      else if (mine.some((e) => enclosingMacroLines(mut.te, e.line).some((l) => verdict.teLines.includes(l)))) o.location = 'in-block';
      else o.location = 'differs';
    }
    if (mine.length) {
      const fix = applyFixes(m, mut.te);
      if (fix.steps.length) {
        const v = build(m, fix.text!);
        fix.compiled = v.ok;
        if (!v.ok) {
          fix.compilerErrors = v.errors.map((e) => `${e.file}:${e.line}: ${e.message}`);
          o.problems.push(`after our fixes (${fix.steps.join(' → ')}) the module still fails: ${fix.compilerErrors.join('; ') || v.log}`);
        }
      }
      for (const i of fix.idempotence) if (!i.unchanged) o.problems.push(`applying "${i.title}" a second time changed the text`);
      o.fix = fix;
    }
    if (o.problems.length) o.te = mut.te;
    else if (o.fix) delete o.fix.text;
    return o;
  }

  function runModule(load: () => ModuleUnderTest): void {
    const m = load();
    const ifUri = uriOf(m, 'if');
    if (m.ifText !== undefined) index.update(extractSymbols(ifUri, parseDocument(TextDocument.create(ifUri, 'selinux-if', 1, m.ifText)).file));
    const failures: string[] = [];
    try {
      // The unmodified module must build and be clean.
      const base = evaluate(m, { id: `${m.name}/unmodified`, kind: 'unmodified', line: 0, description: `${m.origin} as is`, te: m.te });
      delete base.fix;
      if (!base.build.ok) base.problems.push('the unmodified module does not build');
      baselines.push(base);
      report(base, failures);
      const mutants = mutate(m.name, m.te, vocab);
      assert.ok(mutants.length >= 5, `only ${mutants.length} mutants of ${m.name}`);
      for (const mut of mutants) {
        const o = evaluate(m, mut);
        outcomes.push(o);
        report(o, failures);
      }
    } finally {
      index.remove(uriOf(m, 'te'));
      if (m.ifText !== undefined) index.remove(ifUri);
    }
    assert.deepEqual(failures, [], `${failures.length} problem(s) in ${m.name}; see above and ${RESULTS}`);
  }

  function report(o: Outcome, failures: string[]): void {
    if (o.location === 'differs' || o.location === 'in-block') {
      const where = o.location === 'in-block' ? ' (the start of the m4 block around our error)' : '';
      console.log(`[line] ${o.id}: checkmodule reports line(s) ${o.build.teLines.join(', ')}${where}, we report ${o.ours.map((e) => e.line).join(', ')}`);
    }
    for (const p of o.problems) {
      if (o.known) console.log(`[known] ${o.id}: ${p} (${o.known})`);
      else {
        console.log(`[FAIL] ${o.id}: ${o.description}\n    ${p}`);
        failures.push(`${o.id}: ${p}`);
      }
    }
    if (o.known && !o.problems.length) console.log(`[note] ${o.id} is listed in KNOWN but now passes; remove it from the list`);
  }

  test('examples/webapp', () => {
    runModule(() => {
      const dir = join(ROOT, 'examples', 'webapp');
      const read = (f: string) => readFileSync(join(dir, f), 'utf8');
      return { name: 'webapp', origin: 'examples/webapp', te: read('webapp.te'), files: { 'webapp.if': read('webapp.if'), 'webapp.fc': read('webapp.fc') }, ifText: read('webapp.if') };
    });
  });

  test('fixture mutdemo (require lists, a userspace class, a boolean, names only an optional block requires)', () => {
    runModule(() => {
      const dir = join(ROOT, 'test', 'fixtures', 'compiler', 'mutdemo');
      const read = (f: string) => readFileSync(join(dir, f), 'utf8');
      return { name: 'mutdemo', origin: 'test/fixtures/compiler/mutdemo', te: read('mutdemo.te'), files: { 'mutdemo.fc': read('mutdemo.fc') } };
    });
  });

  test("fixture my-web-app (names with '-', which checkpolicy reads as one identifier)", () => {
    runModule(() => {
      const dir = join(ROOT, 'test', 'fixtures', 'compiler', 'my-web-app');
      const read = (f: string) => readFileSync(join(dir, f), 'utf8');
      return { name: 'my-web-app', origin: 'test/fixtures/compiler/my-web-app', te: read('my-web-app.te'), files: { 'my-web-app.fc': read('my-web-app.fc') } };
    });
  });

  for (const path of REFPOLICY_MODULES) {
    const name = path.slice(path.lastIndexOf('/') + 1);
    test(`refpolicy ${path} (.te and .fc only)`, { skip: skipSrc }, () => {
      runModule(() => {
        const root = join(srcDir, readdirSync(srcDir)[0], 'policy', 'modules');
        const read = (ext: string) => readFileSync(join(root, `${path}.${ext}`), 'utf8');
        return { name, origin: `refpolicy policy/modules/${path}`, te: read('te'), files: { [`${name}.fc`]: read('fc') } };
      });
    });
  }

  test('summary (stdout and test-results/mutation.json)', () => {
    const all = outcomes;
    const failing = all.filter((o) => !o.build.ok);
    const fixed = failing.filter((o) => o.fix?.steps.length && o.fix.compiled);
    const noFix = failing.filter((o) => !o.fix?.steps.length);
    const agreed = all.filter((o) => o.agree).length;
    const line = `mutation suite: ${all.length} mutants, ${agreed} agreed, ${all.length - agreed} disagreed, ${fixed.length} fixed by quick fixes, ${noFix.length} without a fix`;
    const rows = [...KINDS].map((kind) => {
      const os = all.filter((o) => o.kind === kind);
      const f = os.filter((o) => !o.build.ok);
      return {
        kind,
        mutants: os.length,
        'build fails': f.length,
        agreed: os.filter((o) => o.agree).length,
        disagreed: os.filter((o) => !o.agree).length,
        'line match': f.filter((o) => o.location === 'match').length,
        'in block': f.filter((o) => o.location === 'in-block').length,
        'line differs': f.filter((o) => o.location === 'differs').length,
        fixed: f.filter((o) => o.fix?.steps.length && o.fix.compiled).length,
        'fix fails': f.filter((o) => o.fix?.steps.length && !o.fix.compiled).length,
        'no fix': f.filter((o) => !o.fix?.steps.length).length,
        known: os.filter((o) => o.known && o.problems.length).length,
      };
    });
    const table = formatTable(rows);
    const baseLine = `unmodified modules: ${baselines.length}, ${baselines.filter((b) => b.build.ok).length} build, ${baselines.filter((b) => !b.ours.length).length} without errors from us (${baselines.map((b) => b.module).join(', ')})`;
    const idem = all.flatMap((o) => o.fix?.idempotence ?? []);
    const idemLine = `add-to-require fixes applied twice: ${idem.length}, unchanged the second time: ${idem.filter((i) => i.unchanged).length}`;
    const known = all.filter((o) => o.known && o.problems.length);
    const knownLines = known.map((o) => `  ${o.id}: ${o.problems.join('; ')}`);
    const ids = new Set([...all, ...baselines].map((o) => o.id));
    const stale = Object.keys(KNOWN).filter((id) => !ids.has(id) && baselines.some((b) => id.startsWith(`${b.module}/`)));
    const staleLines = stale.map((id) => `[note] KNOWN lists ${id}, which is no longer generated; remove it from the list`);
    console.log([line, baseLine, idemLine, table, `known issues (${known.length}, see KNOWN in test/compiler/mutation.test.ts):`, ...knownLines, ...staleLines].join('\n'));
    mkdirSync(join(ROOT, 'test-results'), { recursive: true });
    writeFileSync(RESULTS, `${JSON.stringify({ summary: line, table: rows, known: KNOWN, baselines, mutants: all }, null, 2)}\n`);
    assert.ok(all.length > 0, 'no mutant ran');
    assert.ok(idem.length > 0, 'no add-to-require fix was checked for idempotence');
  });
});

function formatTable(rows: Array<Record<string, string | number>>): string {
  if (!rows.length) return '';
  const cols = Object.keys(rows[0]);
  const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c]).length)));
  const fmt = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(width[i]) : c.padStart(width[i]))).join(' | ')} |`;
  const total: Record<string, string | number> = { [cols[0]]: 'total' };
  for (const c of cols.slice(1)) total[c] = rows.reduce((n, r) => n + Number(r[c]), 0);
  return [
    fmt(cols),
    `|${width.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...rows.map((r) => fmt(cols.map((c) => String(r[c])))),
    fmt(cols.map((c) => String(total[c]))),
  ].join('\n');
}
