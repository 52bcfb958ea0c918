// Language features over the installed Debian development headers (selinux-policy-dev): completion,
// hover and go to definition on a small module written here, against the real interfaces. No timing here
// (bench/ measures speed).
import { before, suite, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { InsertTextFormat, MarkupContent, Position } from 'vscode-languageserver-types';
import { parseDocument, PolicyDocument } from '../../server/src/core/document';
import { doComplete } from '../../server/src/core/features/completion';
import { findDefinition } from '../../server/src/core/features/definition';
import { doHover } from '../../server/src/core/features/hover';
import { extractSymbols } from '../../server/src/core/index/extract';
import { PolicyIndex } from '../../server/src/core/index/policyIndex';
import { indexSources } from '../../server/src/indexer';
import { detectSource } from '../../server/src/policySources';
import { DEVEL, missing, needs } from '../support/system';

const URI = 'file:///work/x/x.te';

/** A document from text holding one `<|>`, and the cursor position. */
function at(text: string): { doc: PolicyDocument; position: Position } {
  const offset = text.indexOf('<|>');
  assert.ok(offset >= 0 && text.indexOf('<|>', offset + 1) < 0, 'one cursor');
  const doc = parseDocument(TextDocument.create(URI, 'selinux-te', 1, text.replace('<|>', '')));
  return { doc, position: doc.text.positionAt(offset) };
}

suite('corpus: features on the Debian devel headers (selinux-policy-dev)', { skip: missing(needs.devel) }, () => {
  let index: PolicyIndex;
  before(() => {
    const source = detectSource(DEVEL);
    assert.ok(!('error' in source) && source.kind === 'devel', `${DEVEL} is detected as devel headers`);
    index = new PolicyIndex();
    const run = indexSources(index, [source]);
    assert.deepEqual(run.unreadable, []);
  });

  /** Indexes the document too, as the server does for open documents. */
  function withDoc(text: string): { doc: PolicyDocument; position: Position } {
    const r = at(text);
    index.update(extractSymbols(URI, r.doc.file));
    return r;
  }

  test('after `allow x_t self:tcp_socket ` the tcp_socket permissions are offered, not file ones', () => {
    const { doc, position } = withDoc('policy_module(x, 1.0.0)\ntype x_t;\nallow x_t self:tcp_socket <|>');
    const labels = new Set(doComplete(doc, position, index).items.map((i) => i.label));
    for (const p of ['name_bind', 'name_connect', 'node_bind', 'listen', 'accept']) assert.ok(labels.has(p), p);
    for (const p of ['execute_no_trans', 'entrypoint', 'add_name', 'read_file_perms']) assert.ok(!labels.has(p), p);
    assert.ok(labels.has('create_stream_socket_perms'), 'socket permission sets');
  });

  test('after `tcp_socket` the sets of other socket classes are not offered',
    () => {
      const { doc, position } = withDoc('policy_module(x, 1.0.0)\ntype x_t;\nallow x_t self:tcp_socket <|>');
      const labels = new Set(doComplete(doc, position, index).items.map((i) => i.label));
      assert.ok(labels.has('all_tcp_socket_perms'));
      for (const p of ['all_udp_socket_perms', 'all_netlink_route_socket_perms', 'all_bluetooth_socket_perms']) assert.ok(!labels.has(p), p);
    });

  test('hover on a files_read_etc_files call: the header summary and the rules it expands to', () => {
    const { doc, position } = withDoc('policy_module(x, 1.0.0)\ntype x_t;\nfiles_read_etc<|>_files(x_t)\n');
    const hover = doHover(doc, position, index);
    assert.ok(hover, 'a hover');
    const md = (hover.contents as MarkupContent).value;
    assert.ok(md.includes('Read generic files in /etc.'), md);
    // The file rule, with read_file_perms written out and $1 replaced.
    const fileRule = md.split('\n').find((l) => l.startsWith('allow x_t etc_t:file '));
    assert.ok(fileRule, `an allow x_t etc_t:file rule in:\n${md}`);
    for (const p of ['getattr', 'open', 'read', 'lock', 'ioctl']) assert.match(fileRule, new RegExp(`\\b${p}\\b`), fileRule);
    assert.ok(!fileRule.includes('read_file_perms'), fileRule);
    assert.ok(!md.includes('$1'), 'the argument replaces $1');
  });

  test('go to definition on files_read_etc_files: kernel/files.if at the interface', () => {
    const { doc, position } = withDoc('policy_module(x, 1.0.0)\ntype x_t;\nfiles_read_etc_<|>files(x_t)\n');
    const locs = findDefinition(doc, position, index);
    assert.equal(locs.length, 1);
    const [loc] = locs;
    assert.ok(loc.uri.endsWith('/kernel/files.if'), loc.uri);
    const lines = readFileSync(new URL(loc.uri), 'utf8').split('\n');
    const line = lines[loc.range.start.line];
    assert.match(line, /^interface\(`files_read_etc_files'/, `line ${loc.range.start.line + 1}: ${line}`);
    assert.equal(line.slice(loc.range.start.character, loc.range.end.character), 'files_read_etc_files');
  });

  test('statement start with the prefix files_read_etc offers files_read_etc_files as a snippet', () => {
    const { doc, position } = withDoc('policy_module(x, 1.0.0)\ntype x_t;\nfiles_read_etc<|>\n');
    const list = doComplete(doc, position, index);
    const item = list.items.find((i) => i.label === 'files_read_etc_files');
    assert.ok(item, list.items.map((i) => i.label).join(' '));
    assert.equal(item.insertTextFormat, InsertTextFormat.Snippet);
    assert.ok(item.textEdit && 'range' in item.textEdit);
    assert.equal(item.textEdit.newText, 'files_read_etc_files(${1:domain})');
    assert.deepEqual(item.textEdit.range, { start: { line: 2, character: 0 }, end: position }, 'replaces the prefix');
    assert.ok(list.items.every((i) => i.label.includes('files_read_etc')), 'the prefix filters');
  });
});
