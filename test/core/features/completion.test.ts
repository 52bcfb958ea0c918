// Completion: one fixture per completion context (test/fixtures/features/completion, format in fixture.ts),
// plus checks that need a built index: item shape, documentation, and the MAX_ITEMS cap.
import { suite, test } from 'node:test';
import assert from 'node:assert/strict';
import { basename } from 'node:path';
import { CompletionItem, CompletionItemKind, CompletionList, InsertTextFormat, MarkupContent, TextEdit } from 'vscode-languageserver-types';
import { doComplete, MAX_ITEMS, resolveCompletion } from '../../../server/src/core/features/completion';
import { completionContext } from '../../../server/src/core/features/completionContext';
import { prefixAt } from '../../../server/src/core/features/locate';
import { SUPPORT_MACROS, TE_KEYWORDS } from '../../../server/src/core/facts/keywords';
import { Fixture, fixtureFiles, fixtureFromText, loadFixture, testOptions } from './fixture';

function complete(fx: Fixture): CompletionList {
  return doComplete(fx.doc, fx.position, fx.index);
}

function edit(item: CompletionItem): TextEdit {
  const e = item.textEdit;
  assert.ok(e && 'range' in e, `${item.label}: a textEdit with a range`);
  return e;
}

function show(items: readonly CompletionItem[]): string {
  const labels = items.map((i) => i.label);
  return labels.length > 40 ? `${labels.slice(0, 40).join(' ')} … (${labels.length})` : labels.join(' ');
}

/** Checks every directive of a completion fixture, and what holds for every list. */
function checkFixture(fx: Fixture): void {
  const list = complete(fx);
  const items = list.items;
  const byLabel = new Map(items.map((i) => [i.label, i]));
  const got = show(items);
  let checks = 0;

  const ctx = fx.one('context');
  if (ctx !== undefined) {
    assert.equal(completionContext(fx.doc.file, fx.offset, fx.index).kind, ctx, 'completion context');
    checks++;
  }
  for (const l of fx.all('expect')) {
    assert.ok(byLabel.has(l), `expected "${l}" in: ${got}`);
    checks++;
  }
  for (const l of fx.all('reject')) {
    assert.ok(!byLabel.has(l), `did not expect "${l}" in: ${got}`);
    checks++;
  }
  if (fx.has('only')) {
    assert.deepEqual(items.map((i) => i.label).sort(), fx.all('only').sort(), 'exactly these labels');
    checks++;
  }
  const count = fx.one('count');
  if (count !== undefined) {
    assert.equal(items.length, Number(count), `item count (${got})`);
    checks++;
  }
  const incomplete = fx.one('incomplete');
  if (incomplete !== undefined) {
    assert.equal(list.isIncomplete, incomplete === 'true', 'isIncomplete');
    checks++;
  }
  const first = fx.all('first');
  if (first.length) {
    const firstSet = new Set(first);
    for (const f of first) {
      const item = byLabel.get(f);
      assert.ok(item, `expected "${f}" (first) in: ${got}`);
      for (const other of items) {
        if (firstSet.has(other.label)) continue;
        assert.ok(item.sortText! < other.sortText!, `"${f}" (${item.sortText}) sorts before "${other.label}" (${other.sortText})`);
      }
    }
    checks++;
  }
  for (const e of fx.all('edit')) {
    const m = /^(\S+)\s*=>\s*(.*)$/.exec(e);
    assert.ok(m, `edit directive "${e}"`);
    const item = byLabel.get(m[1]);
    assert.ok(item, `expected "${m[1]}" in: ${got}`);
    assert.equal(edit(item).newText, m[2], `${m[1]}: newText`);
    if (/\$\{\d/.test(m[2])) assert.equal(item.insertTextFormat, InsertTextFormat.Snippet, `${m[1]}: a snippet`);
    checks++;
  }
  const replaces = fx.one('replaces');
  if (replaces !== undefined) {
    assert.ok(items.length, 'items');
    for (const i of items) assert.equal(fx.doc.text.getText(edit(i).range), replaces, `${i.label}: the text its edit replaces`);
    checks++;
  }
  assert.ok(checks > 0, 'the fixture asserts something');

  // What holds for every list: each item has a kind, a detail, a sortText and an edit that replaces the
  // typed prefix; a typed prefix filters the list on the server.
  const prefix = prefixAt(fx.doc.file.text, fx.offset);
  const seen = new Set<string>();
  for (const i of items) {
    assert.ok(i.kind !== undefined, `${i.label}: kind`);
    assert.ok(typeof i.detail === 'string' && i.detail.length > 0, `${i.label}: detail`);
    assert.ok(i.sortText, `${i.label}: sortText`);
    assert.ok(!seen.has(i.label), `${i.label}: offered once`);
    seen.add(i.label);
    if (replaces === undefined) {
      const r = edit(i).range;
      assert.deepEqual(r.end, fx.position, `${i.label}: edit ends at the cursor`);
      assert.deepEqual(r.start, fx.doc.text.positionAt(prefix.start), `${i.label}: edit starts at the prefix`);
    }
    if (prefix.text) assert.ok(i.label.toLowerCase().includes(prefix.text.toLowerCase()), `${i.label} matches the prefix "${prefix.text}"`);
  }
}

suite('completion fixtures', () => {
  for (const path of fixtureFiles('completion')) {
    const fx = loadFixture(path);
    test(basename(path), testOptions(fx), () => checkFixture(fx));
  }
});

function docOf(item: CompletionItem): string {
  const d = item.documentation;
  return typeof d === 'string' ? d : (d as MarkupContent | undefined)?.value ?? '';
}

suite('completion items', () => {
  test('keywords, support macros and interfaces carry kind, detail and documentation', () => {
    const fx = fixtureFromText('items.te', 'type myapp_t;\n<|>');
    const byLabel = new Map(complete(fx).items.map((i) => [i.label, i]));
    for (const k of TE_KEYWORDS) {
      const i = byLabel.get(k.name);
      assert.ok(i, k.name);
      assert.equal(i.kind, CompletionItemKind.Keyword, `${k.name}: kind`);
      assert.equal(docOf(i), k.doc, `${k.name}: documentation`);
    }
    for (const m of SUPPORT_MACROS) {
      const i = byLabel.get(m.name);
      assert.ok(i, m.name);
      assert.equal(i.detail, 'support macro');
      assert.equal(docOf(i), m.doc, `${m.name}: documentation`);
    }
    const listed = byLabel.get('files_read_etc_files');
    assert.ok(listed);
    // The list stays small: an interface's documentation comes with completionItem/resolve.
    assert.equal(listed.documentation, undefined);
    const iface = resolveCompletion(listed, fx.index);
    assert.equal(iface.kind, CompletionItemKind.Function);
    assert.equal(iface.detail, 'Read generic files in /etc.', 'detail: the summary');
    assert.match(docOf(iface), /files_read_etc_files\(domain\)/);
    assert.match(docOf(iface), /`domain`: Domain allowed access\./);
    assert.match(docOf(iface), /interface in module \*\*files\*\* \(files\.if:76\)/);
    assert.doesNotMatch(docOf(iface), /Expands here/, 'no call site, no expansion');
    const tmpl = byLabel.get('files_data_template');
    assert.ok(tmpl);
    assert.equal(tmpl.kind, CompletionItemKind.Module, 'templates');
  });

  test('types, attributes, aliases, roles, booleans, classes and permission sets', () => {
    const names = new Map(complete(fixtureFromText('items.te', 'type myapp_t;\nallow myapp_t <|>')).items.map((i) => [i.label, i]));
    assert.equal(names.get('etc_t')?.kind, CompletionItemKind.Struct);
    assert.equal(names.get('etc_t')?.detail, 'type (files)');
    assert.equal(names.get('automount_etc_t')?.detail, 'alias (files)');
    assert.equal(names.get('file_type')?.kind, CompletionItemKind.Interface);
    assert.equal(names.get('file_type')?.detail, 'attribute (files)');
    assert.equal(names.get('myapp_t')?.detail, 'type (items)', 'the fixture is module "items"');
    assert.equal(names.get('self')?.kind, CompletionItemKind.Keyword);

    const roles = new Map(complete(fixtureFromText('items.te', 'roleattribute <|>')).items.map((i) => [i.label, i]));
    assert.equal(roles.get('system_r')?.kind, CompletionItemKind.EnumMember);
    assert.equal(roles.get('system_r')?.detail, 'role (kernel)');

    const conds = new Map(complete(fixtureFromText('items.te', 'if (<|>) {\n}')).items.map((i) => [i.label, i]));
    const sendmail = conds.get('httpd_can_sendmail');
    assert.equal(sendmail?.kind, CompletionItemKind.Variable);
    assert.equal(sendmail?.detail, 'bool (apache)');
    assert.match(docOf(sendmail!), /Determine whether httpd can send mail\./, 'the ## <desc> of gen_bool');
    assert.equal(conds.get('httpd_can_network_connect')?.detail, 'tunable (apache)');
    assert.match(docOf(conds.get('httpd_can_network_connect')!), /Determine whether httpd can connect/);

    const classes = new Map(complete(fixtureFromText('items.te', 'allow a_t b_t:<|>')).items.map((i) => [i.label, i]));
    assert.equal(classes.get('file')?.kind, CompletionItemKind.Class);
    assert.equal(classes.get('file')?.detail, 'kernel class');
    assert.equal(classes.get('dbus')?.detail, 'userspace class', 'security_classes marks dbus # userspace');
    assert.match(docOf(classes.get('dbus')!), /Permissions: acquire_svc send_msg/);
    assert.match(docOf(classes.get('file')!), /execute_no_trans/);

    const perms = new Map(complete(fixtureFromText('items.te', 'allow a_t b_t:file <|>')).items.map((i) => [i.label, i]));
    assert.equal(perms.get('read')?.kind, CompletionItemKind.Property);
    assert.equal(perms.get('read')?.detail, 'permission of file');
    assert.equal(perms.get('read_file_perms')?.kind, CompletionItemKind.Constant);
    assert.equal(perms.get('read_file_perms')?.detail, 'permission set');
    assert.equal(docOf(perms.get('read_file_perms')!), '`{ getattr ioctl lock open read }`');
    assert.ok(perms.get('read')!.sortText! < perms.get('read_file_perms')!.sortText!, 'permissions before sets');

    const levels = complete(fixtureFromText('items.fc', '/x -- gen_context(system_u:object_r:etc_t,<|>)')).items;
    assert.ok(levels.every((i) => i.kind === CompletionItemKind.Constant && i.detail === 'MLS/MCS level'));
    const flags = complete(fixtureFromText('items.fc', '/x <|>')).items;
    assert.equal(flags.find((i) => i.label === '-d')?.detail, 'directory');
  });
});

/** An .if text with `count` documented interfaces named `<prefix>NNN`. */
function bulkInterfaces(prefix: string, count: number): string {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const n = `${prefix}${String(i).padStart(3, '0')}`;
    out.push(`## <summary>\n##\tBulk interface ${i}.\n## </summary>\n## <param name="domain">\n##\t<summary>\n##\tDomain.\n##\t</summary>\n## </param>\ninterface(\`${n}',\`\n\tallow $1 bulk_t:file read;\n')\n`);
  }
  return out.join('\n');
}

suite('completion: long lists are capped at MAX_ITEMS and marked incomplete', () => {
  const bulk = `#- bulk.if\n${bulkInterfaces('bulk_iface_', 250)}`;

  test('more than MAX_ITEMS interfaces: the list is incomplete and holds MAX_ITEMS of them', () => {
    const fx = fixtureFromText('cap.te', `${bulk}\n#- myapp.te\ntype myapp_t;\n<|>`);
    assert.ok(fx.index.stats().interfaces > MAX_ITEMS + 50, 'the index holds more than MAX_ITEMS interfaces');
    const list = complete(fx);
    assert.equal(list.isIncomplete, true);
    const fixed = new Set([...TE_KEYWORDS, ...SUPPORT_MACROS].map((k) => k.name));
    const macros = list.items.filter((i) => !fixed.has(i.label));
    assert.equal(macros.length, MAX_ITEMS);
  });

  test('a prefix that leaves fewer than MAX_ITEMS gives a complete list', () => {
    const fx = fixtureFromText('cap.te', `${bulk}\n#- myapp.te\ntype myapp_t;\nbulk_iface_1<|>`);
    const list = complete(fx);
    assert.equal(list.isIncomplete, false);
    assert.equal(list.items.length, 100, 'bulk_iface_100 … bulk_iface_199');
    assert.ok(list.items.every((i) => /^bulk_iface_1\d\d$/.test(i.label)));
    assert.equal(edit(list.items[0]).newText, `${list.items[0].label}(\${1:domain})`);
  });

  test('more than MAX_ITEMS types: incomplete, and this module\'s types are still offered', () => {
    const types = Array.from({ length: 260 }, (_, i) => `type bulk${String(i).padStart(3, '0')}_t;`).join('\n');
    const fx = fixtureFromText('cap.te', `#- bulk.te\n${types}\n#- zz_myapp.te\ntype zz_myapp_t;\ntype zz_myapp_exec_t;\nallow zz_myapp_t <|>`);
    const list = complete(fx);
    assert.equal(list.isIncomplete, true);
    const labels = new Set(list.items.map((i) => i.label));
    assert.ok(labels.has('zz_myapp_t') && labels.has('zz_myapp_exec_t'), 'local types survive the cap');
    assert.ok(list.items.length <= MAX_ITEMS + 3, `${list.items.length} items`);
  });

  test('more than MAX_ITEMS interfaces: this module\'s own interfaces are still offered',
    () => {
      const fx = fixtureFromText('cap.te', `${bulk}\n#- myapp.if\ninterface(\`myapp_read',\`\n\tallow $1 myapp_t:file read;\n')\n#- myapp.te\ntype myapp_t;\n<|>`);
      const list = complete(fx);
      assert.equal(list.isIncomplete, true);
      assert.ok(list.items.some((i) => i.label === 'myapp_read'), 'myapp_read is offered');
    });
});
