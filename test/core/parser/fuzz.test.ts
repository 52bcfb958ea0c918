// Property-based tests of the parser's promises: it never throws, its ranges are well formed, sibling
// statements are ordered, the tree covers the input, and parsing is deterministic. Inputs are random
// policy-ish text, random unicode, and mutations of real policy files. Seeds are fixed so failures reproduce;
// fast-check prints the shrunk counterexample. No timing assertions here (bench/ measures speed).
import { suite, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse, parseEach } from '../../../server/src/core/syntax/parser';
import { extractFromText, extractSymbols } from '../../../server/src/core/index/extract';
import type { FileKind, SourceFile, Statement } from '../../../server/src/core/syntax/nodes';
import { dumpTree } from './dump';
import { containmentProblems, coverageProblem, fcEntryProblems, rangeProblems } from './invariants';

const SEED = 20240607;
const KINDS: readonly FileKind[] = ['te', 'if', 'fc', 'spt'];

/** All structural checks; throws an AssertionError naming the file kind and the problem. */
function checkText(text: string, kind: FileKind): SourceFile {
  let file: SourceFile;
  try {
    file = parse(text, kind);
  } catch (e) {
    assert.fail(`parse threw for kind ${kind}: ${(e as Error).stack ?? e}`);
  }
  assert.equal(file.text, text);
  assert.equal(file.fileKind, kind);
  assert.deepEqual(rangeProblems(file, 3), [], `ranges (${kind})`);
  assert.equal(coverageProblem(file), undefined, `coverage (${kind})`);
  assert.equal(fcEntryProblems(file), undefined, `fcEntries (${kind})`);
  return file;
}

// ---- generators ------------------------------------------------------------------------------------

const POLICY_TOKENS = [
  'a', 'b_t', 'x', '$1', '$2_t', 'foo9', '_', '0x1f', 's0', 'c0.c1023', '1.0',
  '`', "'", '(', ')', '{', '}', ';', ':', ',', '#', '##', '-', '~', '*', '"', '/', '.', '!', '&&', '||', '==',
  '\n', ' ', '\t', '\r\n',
  'dnl', 'dnl ', 'allow', 'auditallow', 'dontaudit', 'neverallow', 'allowxperm', 'ioctl', 'type', 'attribute',
  'typeattribute', 'typealias', 'alias', 'role', 'types', 'roleattribute', 'attribute_role', 'bool', 'true',
  'permissive', 'type_transition', 'type_change', 'type_member', 'range_transition', 'role_transition',
  'if', 'else', 'require', 'optional', 'class', 'common', 'inherits', 'constrain', 'mlsconstrain', 'sid',
  'genfscon', 'portcon', 'module', 'policy_module', 'gen_require', 'optional_policy', 'tunable_policy',
  'gen_tunable', 'gen_bool', 'ifdef', 'ifndef', 'ifelse', 'interface', 'template', 'define', 'gen_context',
  'refpolicywarn', 'self', 'read_file_perms', '--', '-d', '<<none>>', 'HOME_DIR', 'HOME_ROOT', '/usr/bin/x',
  '/etc(/.*)?', 'system_u:object_r:x_t:s0', '"file.name"', "don't", '€', '\u0000',
];

/** Text built from policy-ish tokens (most of the structure-changing characters, often). */
const policyish = fc.array(fc.constantFrom(...POLICY_TOKENS), { maxLength: 80 }).map((ts) => ts.join(''));

/** Structured-looking text: small statements and calls glued together, so deeper code paths are reached. */
const snippet = fc.constantFrom(
  'allow a b:c d;', 'allow a b:c { d e };', 'type t;', 'interface(`i\',`', "')", 'optional_policy(`', 'gen_require(`',
  'ifdef(`x\',`', "',`", 'if (b) {', '} else {', '}', 'require {', 'class c { p }', 'tunable_policy(`t\',`',
  '/p -- gen_context(u:r:t,s0)', 'define(`x\',`{ a b }\')', '# don\'t', 'dnl x', 'type_transition a b:c d "n";',
  'allowxperm a b:c ioctl { 0x1 0x2-0x3 };', 'f(a, b)', 'f(', ')', '(', '`', "'", ';', '\n', ' ',
);
const structured = fc.array(snippet, { maxLength: 40 }).map((ts) => ts.join(''));

/** Any UTF-16 code unit, including lone surrogates and control characters. */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
const unicode = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: codeUnit, maxLength: 200 }),
);

// ---- real files ------------------------------------------------------------------------------------

const repoRoot = join(__dirname, '..', '..', '..');
const DEVEL_INCLUDE = '/usr/share/selinux/devel/include';

function walk(dir: string, out: string[]): string[] {
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) walk(full, out);
    else out.push(full);
  }
  return out;
}

function kindOf(path: string): FileKind {
  if (path.endsWith('.fc')) return 'fc';
  if (path.endsWith('.if')) return 'if';
  if (path.endsWith('.spt')) return 'spt';
  return 'te';
}

/** The webapp example, and (when installed) a deterministic handful of devel headers. */
function realFiles(): Array<{ path: string; kind: FileKind; text: string }> {
  const paths: string[] = [];
  const example = join(repoRoot, 'examples', 'webapp');
  if (existsSync(example)) paths.push(...readdirSync(example).filter((f) => /\.(te|if|fc)$/.test(f)).sort().map((f) => join(example, f)));
  if (existsSync(DEVEL_INCLUDE)) {
    const ifs = walk(DEVEL_INCLUDE, []).filter((f) => f.endsWith('.if'));
    // Every n-th file so the selection is spread over the layers, plus two support files.
    const step = Math.max(1, Math.floor(ifs.length / 6));
    for (let i = 0; i < ifs.length && paths.length < 12; i += step) paths.push(ifs[i]);
    for (const spt of ['support/obj_perm_sets.spt', 'support/misc_patterns.spt']) {
      const full = join(DEVEL_INCLUDE, spt);
      if (existsSync(full)) paths.push(full);
    }
  }
  return paths.map((path) => {
    // Keep mutation cheap: very large headers are cut to their first 12 KB.
    const text = readFileSync(path, 'utf8');
    return { path, kind: kindOf(path), text: text.length > 12_000 ? text.slice(0, 12_000) : text };
  });
}

type Mutation =
  | { op: 'delete'; at: number; len: number }
  | { op: 'duplicate'; at: number; len: number; to: number }
  | { op: 'insert'; at: number; token: string }
  | { op: 'swap'; at: number; with: number }
  | { op: 'truncate'; at: number };

const position = fc.double({ min: 0, max: 1, noNaN: true });
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), at: position, len: fc.integer({ min: 1, max: 200 }) }),
  fc.record({ op: fc.constant('duplicate' as const), at: position, len: fc.integer({ min: 1, max: 200 }), to: position }),
  fc.record({ op: fc.constant('insert' as const), at: position, token: fc.constantFrom(...POLICY_TOKENS) }),
  fc.record({ op: fc.constant('swap' as const), at: position, with: position }),
  fc.record({ op: fc.constant('truncate' as const), at: position }),
);

function applyMutation(text: string, m: Mutation): string {
  const idx = (p: number) => Math.min(text.length, Math.floor(p * (text.length + 1)));
  const at = idx(m.at);
  switch (m.op) {
    case 'delete':
      return text.slice(0, at) + text.slice(at + m.len);
    case 'duplicate': {
      const piece = text.slice(at, at + m.len);
      const to = idx(m.to);
      return text.slice(0, to) + piece + text.slice(to);
    }
    case 'insert':
      return text.slice(0, at) + m.token + text.slice(at);
    case 'swap': {
      const j = idx(m.with);
      if (at >= text.length || j >= text.length || at === j) return text;
      const [a, b] = at < j ? [at, j] : [j, at];
      return text.slice(0, a) + text[b] + text.slice(a + 1, b) + text[a] + text.slice(b + 1);
    }
    case 'truncate':
      return text.slice(0, at);
  }
}

// ---- properties ------------------------------------------------------------------------------------

suite('parser fuzz: random text', () => {
  test('policy-ish token soup: never throws, ranges, ordering, coverage (every file kind)', () => {
    fc.assert(
      fc.property(policyish, (text) => {
        for (const kind of KINDS) checkText(text, kind);
      }),
      { seed: SEED, numRuns: 800 },
    );
  });

  test('structured snippets glued together: same properties (every file kind)', () => {
    fc.assert(
      fc.property(structured, (text) => {
        for (const kind of KINDS) checkText(text, kind);
      }),
      { seed: SEED + 1, numRuns: 800 },
    );
  });

  test('random unicode (including lone surrogates and control characters): same properties (every file kind)', () => {
    fc.assert(
      fc.property(unicode, (text) => {
        for (const kind of KINDS) checkText(text, kind);
      }),
      { seed: SEED + 2, numRuns: 500 },
    );
  });

  test('child nodes lie inside their parent (doc ranges excepted)', () => {
    fc.assert(
      fc.property(fc.oneof(policyish, structured), fc.constantFrom(...KINDS), (text, kind) => {
        assert.deepEqual(containmentProblems(parse(text, kind), 3), []);
      }),
      { seed: SEED + 6, numRuns: 500 },
    );
  });

  test('parseEach hands over exactly the statements parse() keeps, and the index reads the same symbols', () => {
    fc.assert(
      fc.property(fc.oneof(policyish, structured), fc.constantFrom(...KINDS), (text, kind) => {
        const whole = parse(text, kind);
        const seen: Statement[] = [];
        const streamed = parseEach(text, kind, (s) => seen.push(s));
        assert.deepStrictEqual(seen, whole.statements);
        assert.deepStrictEqual({ ...streamed, statements: whole.statements }, whole);
        assert.deepStrictEqual(extractFromText('file:///f', text, kind), extractSymbols('file:///f', whole));
        assert.deepStrictEqual(extractFromText('file:///f', text, kind, { defines: new Set(['x', 'enable_mcs']) }), extractSymbols('file:///f', whole, { defines: new Set(['x', 'enable_mcs']) }));
      }),
      { seed: SEED + 7, numRuns: 800 },
    );
  });

  test('the golden dumper handles any tree', () => {
    fc.assert(
      fc.property(fc.oneof(policyish, structured), fc.constantFrom(...KINDS), (text, kind) => {
        const out = dumpTree(parse(text, kind));
        assert.ok(out.startsWith(`SourceFile ${kind} `));
      }),
      { seed: SEED + 3, numRuns: 300 },
    );
  });
});

suite('parser fuzz: mutated real files', () => {
  const files = realFiles();

  test('there are real files to mutate', () => {
    assert.ok(files.length >= 3, 'examples/webapp should provide at least the .te, .if and .fc');
  });

  test('the unmutated files satisfy the properties', () => {
    for (const f of files) checkText(f.text, f.kind);
  });

  test('delete/duplicate/insert/swap/truncate: never throws, ranges, ordering, coverage', () => {
    fc.assert(
      fc.property(fc.nat({ max: files.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 4 }), (which, muts) => {
        const f = files[which];
        const text = muts.reduce(applyMutation, f.text);
        checkText(text, f.kind);
      }),
      { seed: SEED + 4, numRuns: 400 },
    );
  });
});

suite('parser fuzz: determinism', () => {
  test('parsing the same text twice gives deep-equal trees', () => {
    const files = realFiles();
    const mutated = fc.tuple(fc.nat({ max: Math.max(0, files.length - 1) }), fc.array(mutation, { maxLength: 3 }))
      .filter(() => files.length > 0)
      .map(([which, muts]) => ({ text: muts.reduce(applyMutation, files[which].text), kind: files[which].kind }));
    const random = fc.tuple(fc.oneof(policyish, structured, unicode), fc.constantFrom(...KINDS)).map(([text, kind]) => ({ text, kind }));
    fc.assert(
      fc.property(fc.oneof(random, mutated), ({ text, kind }) => {
        const a = parse(text, kind);
        const b = parse(text, kind);
        assert.deepStrictEqual(a, b);
      }),
      { seed: SEED + 5, numRuns: 300 },
    );
  });
});

suite('parser fuzz: hostile inputs complete', () => {
  // Each input is parsed once. No timing assertion: this only proves that parsing finishes without an
  // exception (a stack overflow, say) and keeps its promises; bench/ measures the time.
  const hostile: Array<{ name: string; kind: FileKind; make: () => string }> = [
    { name: '5,000 nested (', kind: 'te', make: () => 'f'.concat('(f'.repeat(5000)) },
    { name: '5,000 nested ( then 5,000 )', kind: 'te', make: () => 'f('.repeat(5000) + ')'.repeat(5000) },
    { name: '5,000 nested `', kind: 'te', make: () => '`'.repeat(5000) + 'type x_t;' },
    { name: '5,000 nested optional_policy(`', kind: 'if', make: () => 'optional_policy(`'.repeat(5000) + "')".repeat(5000) },
    { name: '5,000 {', kind: 'te', make: () => '{'.repeat(5000) },
    { name: '5,000 nested optional {', kind: 'te', make: () => 'optional {'.repeat(5000) + 'allow a b:c d;' },
    { name: '5,000 nested if blocks', kind: 'te', make: () => 'if (b) {'.repeat(5000) + '}'.repeat(5000) },
    { name: '5,000 nested ifdef branches', kind: 'te', make: () => "ifdef(`x',`".repeat(5000) + "')".repeat(5000) },
    { name: '5,000 nested gen_require', kind: 'if', make: () => 'gen_require(`'.repeat(5000) },
    { name: '5,000 chained else blocks', kind: 'te', make: () => 'if (b) {} else {'.repeat(5000) },
    { name: '5,000 nested calls in a set', kind: 'te', make: () => 'allow a b:c { f('.repeat(5000) },
    { name: '5,000 nested gen_context in fc', kind: 'fc', make: () => '/a -- gen_context('.repeat(5000) },
    { name: "100k unbalanced '", kind: 'te', make: () => "'".repeat(100_000) },
    { name: "100k unbalanced ' between words", kind: 'if', make: () => "a' ".repeat(100_000) },
    { name: '1 MB line', kind: 'te', make: () => 'allow a_t b_t:file { '.concat('read '.repeat(200_000), '};') },
    { name: '1 MB word', kind: 'te', make: () => 'x'.repeat(1_000_000) },
    { name: '1 MB fc line', kind: 'fc', make: () => '/'.concat('a'.repeat(1_000_000), ' -- <<none>>') },
    { name: "300 KB quoted comment full of apostrophes", kind: 'if', make: () => '`# '.concat("don't ".repeat(50_000), "'") },
    { name: '100k statements missing ;', kind: 'te', make: () => 'type a_t\n'.repeat(100_000) },
    { name: '100k arguments in one call', kind: 'te', make: () => 'f('.concat('a,'.repeat(100_000), ')') },
  ];
  for (const h of hostile) {
    test(h.name, () => {
      const text = h.make();
      const file = parse(text, h.kind);
      assert.equal(file.text.length, text.length);
      assert.deepEqual(rangeProblems(file, 3), [], 'ranges');
      assert.equal(coverageProblem(file), undefined, 'coverage');
    });
  }
});
