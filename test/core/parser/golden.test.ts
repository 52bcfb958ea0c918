// Golden syntax trees: every file under test/fixtures/parser/{ok,err} is parsed and dumped (dump.ts), and
// the dump is compared with the sibling `<file>.tree`. A missing .tree is written (the test passes and says
// so); `UPDATE_EXPECT=1 node test/run-unit.mjs parser` rewrites them all. Read the diff before committing.
//
// ok/ fixtures must parse without errors; err/ fixtures must produce at least one error and still recover.
// Both must cover the input (every character outside whitespace, comments and m4 quotes lies in a
// top-level statement) and have well-formed ranges.
import { suite, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileKindOf, parse } from '../../../server/src/core/syntax/parser';
import { dumpTree } from './dump';
import { coverageProblem, fcEntryProblems, rangeProblems } from './invariants';
import { BUGS } from './known-bugs';

const fixtures = join(__dirname, '..', '..', 'fixtures', 'parser');
const update = process.env.UPDATE_EXPECT === '1';
const SOURCE = /\.(te|if|fc|spt)$/;

/**
 * Fixtures that show a suspected parser bug (known-bugs.ts; suspected-bugs.test.ts has minimal reproductions).
 * Their test runs as a TODO so the suite stays green; remove the entry once the parser is fixed (and
 * regenerate the .tree if the fix changes it). 0008's .tree already holds the correct doc range (80-212).
 */
// Fixtures that show a known bug (key: fixture path, value: a BUGS entry). Empty: every known bug is fixed.
const KNOWN_BUGS: Record<string, string> = { ...BUGS };

function sources(dir: string): string[] {
  const full = join(fixtures, dir);
  if (!existsSync(full)) return [];
  return readdirSync(full).filter((f) => SOURCE.test(f)).sort();
}

/** Lines of an fc fixture that are file-context entries (a path regex, a group or HOME_DIR/HOME_ROOT at the line start). */
function fcEntryLines(text: string): number {
  return text.split('\n').filter((l) => /^(\/|\(|HOME_DIR|HOME_ROOT)/.test(l)).length;
}

/** Names of every TypeDecl in the tree, at any depth. */
function typeDeclNames(v: unknown, out: string[] = []): string[] {
  if (Array.isArray(v)) {
    for (const x of v) typeDeclNames(x, out);
  } else if (typeof v === 'object' && v !== null) {
    const node = v as { kind?: string; name?: { text: string } };
    if (node.kind === 'TypeDecl' && node.name) out.push(node.name.text);
    for (const child of Object.values(v)) if (typeof child === 'object') typeDeclNames(child, out);
  }
  return out;
}

function check(dir: 'ok' | 'err', name: string): void {
  const path = join(fixtures, dir, name);
  const text = readFileSync(path, 'utf8');
  const file = parse(text, fileKindOf(path));
  const actual = dumpTree(file);
  const treePath = `${path}.tree`;
  const key = `${dir}/${name}`;
  if (!existsSync(treePath) || (update && !KNOWN_BUGS[key])) {
    writeFileSync(treePath, actual);
    console.log(`golden: wrote ${key}.tree`);
  } else {
    // A known-bug fixture's .tree may hold the corrected tree, so UPDATE_EXPECT leaves it alone.
    if (update) console.log(`golden: kept ${key}.tree (known bug: remove it from KNOWN_BUGS to regenerate)`);
    assert.equal(actual, readFileSync(treePath, 'utf8'), `${dir}/${name}: the tree differs from ${name}.tree (UPDATE_EXPECT=1 rewrites it)`);
  }

  const errors = file.errors.map((e) => `${e.start}-${e.end}: ${e.message}`);
  if (dir === 'ok') assert.deepEqual(errors, [], `${dir}/${name} must parse without errors`);
  else assert.ok(errors.length > 0, `${dir}/${name} must produce at least one error`);

  if (dir === 'err') {
    // Recovery: a sentinel declaration after the broken text (`type after_t;`, `type later_t;`) is still parsed.
    const declared = new Set(typeDeclNames(file.statements));
    for (const m of text.matchAll(/^type ((?:after|later)\w*);$/gm)) {
      assert.ok(declared.has(m[1]), `${dir}/${name}: the parser did not recover: ${m[1]} is not declared in the tree`);
    }
  }
  assert.equal(coverageProblem(file), undefined, `${dir}/${name}: the tree must cover the input`);
  assert.deepEqual(rangeProblems(file), [], `${dir}/${name}: ranges must be well formed`);
  assert.equal(fcEntryProblems(file), undefined);
  if (dir === 'ok' && file.fileKind === 'fc') {
    assert.equal(file.fcEntries.length, fcEntryLines(text), `${dir}/${name}: every path line must be an FcEntry, including lines inside ifdef blocks`);
  }
}

for (const dir of ['ok', 'err'] as const) {
  suite(`parser golden trees: ${dir}/`, () => {
    const names = sources(dir);
    test('has fixtures', () => assert.ok(names.length > 0, `no fixtures in ${join(fixtures, dir)}`));
    for (const name of names) {
      const key = `${dir}/${name}`;
      const todo = KNOWN_BUGS[key];
      test(key, todo ? { todo } : {}, () => check(dir, name));
    }
  });
}

suite('parser golden trees: bookkeeping', () => {
  test('every .tree file belongs to a fixture', () => {
    for (const dir of ['ok', 'err']) {
      const full = join(fixtures, dir);
      if (!existsSync(full)) continue;
      for (const f of readdirSync(full).filter((x) => x.endsWith('.tree'))) {
        assert.ok(existsSync(join(full, f.slice(0, -'.tree'.length))), `${dir}/${f} has no fixture`);
      }
    }
  });
  test('known-bug entries name existing fixtures', () => {
    for (const key of Object.keys(KNOWN_BUGS)) assert.ok(existsSync(join(fixtures, key)), `${key} does not exist`);
  });
});
