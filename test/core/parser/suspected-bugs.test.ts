// Regression tests for parser bugs found by the golden and fuzz tests, all fixed. Each test states the
// correct behaviour (what m4, checkmodule, libselinux or segenxml do). New suspected bugs go into
// known-bugs.ts and run here as TODOs until fixed.
import { suite, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '../../../server/src/core/syntax/parser';
import type { Call } from '../../../server/src/core/syntax/nodes';
import { coverageProblem } from './invariants';

suite('suspected parser bugs', () => {
  test('fc: an extra field after a raw context is inside a statement', () => {
    const file = parse('/a -- system_u:object_r:a_t:s0 extra\n', 'fc');
    assert.ok(file.errors.length > 0, 'the extra field is reported');
    assert.equal(coverageProblem(file), undefined);
  });

  test('fc: text glued to a gen_context call is inside a statement', () => {
    const file = parse('/p -- gen_context(u:r:t,s0)allow a b:c d;\n', 'fc');
    assert.equal(coverageProblem(file), undefined);
  });

  test('an m4 quote open at the end of the file is an error', () => {
    // m4: "ERROR: end of file in string"; everything after the backquote is swallowed.
    const file = parse('type a_t;\n`type b_t;\ntype c_t;\n', 'te');
    assert.ok(file.errors.length > 0, 'an unclosed quote must be reported');
  });

  test("the module header is not the first interface's documentation", () => {
    const text = [
      '## <summary>The module.</summary>',
      '',
      '########################################',
      '## <summary>',
      '##\tThe interface.',
      '## </summary>',
      '#',
      "interface(`mod_iface',`",
      "')",
      '',
    ].join('\n');
    const file = parse(text, 'if');
    const call = file.statements[0] as Call;
    assert.equal(call.kind, 'Call');
    assert.ok(call.doc, 'the interface has documentation');
    assert.equal(text.slice(call.doc.start, call.doc.end), '## <summary>\n##\tThe interface.\n## </summary>');
  });

  test('an apostrophe inside a "string" in quoted text closes the quote, as in m4', () => {
    // m4 closes the interface body at it' and copies the final ' through: checkmodule then rejects the expansion.
    const file = parse("interface(`x',`\n\ttype_transition $1 b_t:file c_t \"it's\";\n')\n", 'if');
    assert.ok(file.errors.length > 0, 'the stray closing quote must be reported');
  });

  test('fc: a line starting with a backquote is a new entry', () => {
    // m4 output: "/a -- <<none>>\n/b -- <<none>>": two entries for libselinux.
    const file = parse("/a -- <<none>>\n`/b -- <<none>>'\n", 'fc');
    assert.equal(file.fcEntries.length, 2);
    assert.deepEqual(file.errors, []);
  });

  test('te: missing ; recovery stops at a line that starts with a quote', () => {
    const file = parse("type a_t\n`type b_t;'\n", 'te');
    assert.deepEqual(file.statements.map((s) => (s.kind === 'TypeDecl' ? s.name?.text : s.kind)), ['a_t', 'b_t']);
    assert.deepEqual(file.errors.map((e) => e.message), ["Missing ';'"]);
  });

  test("fc: a quote right after a path closes the ifdef branch, as in m4", () => {
    // m4 output: "\n/c\n/b -- <<none>>" (the ifdef closes after /c).
    const file = parse("ifdef(`x',`\n/c')\n/b -- <<none>>\n", 'fc');
    const call = file.statements[0] as Call;
    assert.equal(call.kind, 'Call');
    assert.notEqual(call.close, -1, 'the ifdef call is closed');
    assert.equal(file.statements.length, 2, '/b is a top-level entry');
  });
});
