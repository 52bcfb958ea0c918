// Every snippet, expanded with its defaults, parses with our own parser without errors.
import { suite, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expandSnippetBody, Snippet } from './expand';
import { parse } from '../../server/src/core/syntax/parser';
import type { FileKind } from '../../server/src/core/syntax/nodes';

const root = join(__dirname, '..', '..');
const FILES: Array<[string, FileKind]> = [
  ['selinux-te.code-snippets', 'te'],
  ['selinux-if.code-snippets', 'if'],
  ['selinux-fc.code-snippets', 'fc'],
];

suite('snippets parse', () => {
  for (const [file, kind] of FILES) {
    const snippets = JSON.parse(readFileSync(join(root, 'snippets', file), 'utf8')) as Record<string, Snippet>;
    for (const [name, s] of Object.entries(snippets)) {
      test(`${file}: ${name}`, () => {
        let text = expandSnippetBody(s.body);
        // A bare gen_context() snippet is the context field of an fc line.
        if (kind === 'fc' && !text.trimStart().startsWith('/')) text = `/opt/example\t--\t${text}`;
        const parsed = parse(text, kind);
        assert.deepEqual(parsed.errors.map((e) => `${e.message} at ${JSON.stringify(text.slice(e.start, e.start + 20))}`), []);
        assert.ok(parsed.statements.length + parsed.comments.length > 0, 'the snippet produces statements (or, for doc headers, comments)');
      });
    }
  }
});
