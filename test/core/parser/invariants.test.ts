// The checkers used by the golden and fuzz tests must themselves catch broken trees, or those tests prove
// nothing. Trees are parsed, then deliberately damaged.
import { suite, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '../../../server/src/core/syntax/parser';
import type { Call, SourceFile, Statement } from '../../../server/src/core/syntax/nodes';
import { containmentProblems, coverageProblem, fcEntryProblems, rangeProblems, uncovered } from './invariants';
import { dumpTree, oneLine } from './dump';

const withStatements = (f: SourceFile, statements: Statement[]): SourceFile => ({ ...f, statements });

suite('parser test helpers', () => {
  test('coverage: whitespace, comments and m4 quotes need no statement', () => {
    const f = parse("# c\n`type a_t;'\ndnl x\n", 'te');
    assert.deepEqual(uncovered(f), []);
    assert.deepEqual(uncovered(withStatements(f, [])), [5, 6, 7, 8, 10, 11, 12, 13]);
    assert.match(coverageProblem(withStatements(f, [])) ?? '', /^8 uncovered character\(s\); first at 5 \("t"\)/);
  });

  test('ranges: out-of-bounds and overlapping siblings are reported, also inside calls', () => {
    const f = parse("type a_t;\ninterface(`i',`allow a b:c d; type q;')\n", 'if');
    assert.deepEqual(rangeProblems(f), []);
    const [decl, call] = f.statements as [Statement, Call];
    assert.match(rangeProblems(withStatements(f, [{ ...decl, end: 1000 }, call])).join('\n'), /bad range 0-1000/);
    assert.match(rangeProblems(withStatements(f, [call, decl])).join('\n'), /statements\[0\.\.1\]: siblings overlap/);
    const body = call.args[1].body!;
    const swapped: Call = { ...call, args: [call.args[0], { ...call.args[1], body: [body[1], body[0]] }] };
    assert.match(rangeProblems(withStatements(f, [decl, swapped])).join('\n'), /statements\[1\]\.args\[1\]\.body\[0\.\.1\]: siblings overlap/);
    assert.match(rangeProblems({ ...f, errors: [{ start: 5, end: 2, message: 'x' }] }).join('\n'), /errors\[0\]: bad range 5-2/);
  });

  test('containment: a child outside its parent is reported', () => {
    const f = parse('allow a b:c d;', 'te');
    assert.deepEqual(containmentProblems(f), []);
    const rule = f.statements[0];
    assert.match(containmentProblems(withStatements(f, [{ ...rule, end: 3 }])).join('\n'), /outside its parent <AvRule> 0-3/);
  });

  test('fcEntries must match the FcEntry nodes of the tree', () => {
    const f = parse('/a -- <<none>>\n/b -- <<none>>\n', 'fc');
    assert.equal(fcEntryProblems(f), undefined);
    assert.match(fcEntryProblems({ ...f, fcEntries: f.fcEntries.slice(1) }) ?? '', /!= FcEntry nodes/);
  });

  test('dump: one line per node, escaped and shortened text, errors last', () => {
    assert.equal(oneLine('a\tb\n"c"\\'), '"a\\tb\\n\\"c\\"\\\\"');
    assert.equal(oneLine('x'.repeat(100), 11), '"xxxxx…xxxxx"');
    const out = dumpTree(parse('allow a { b -c }:file read_file_perms;\ntype t', 'te'));
    assert.equal(out, [
      'SourceFile te statements=2 fcEntries=0 errors=1',
      '  AvRule allow @0-38 "allow a { b -c }:file read_file_perms;"',
      '    source: IdList a @6-7',
      '    target: IdList {b -c} @8-16',
      '    classes: IdList file @17-21',
      '    perms: IdList read_file_perms @22-37',
      '  TypeDecl t aliases=[] attributes=[] @39-45 "type t"',
      "error 45-45: Missing ';'",
      '',
    ].join('\n'));
  });
});
