// Workspace symbols: interfaces, templates, defines and declarations of the index, filtered by the query.
import { suite, test } from 'node:test';
import assert from 'node:assert/strict';
import { SymbolKind } from 'vscode-languageserver-types';
import { findWorkspaceSymbols, MAX_WORKSPACE_SYMBOLS } from '../../../server/src/core/features/workspaceSymbols';
import { fixtureFromText, miniIndex, uriBase } from './fixture';

function kindName(k: number): string {
  return Object.entries(SymbolKind).find(([, v]) => v === k)![0];
}

suite('workspace symbols', () => {
  const index = miniIndex();

  test('a query matches names by substring, with kind, module and location', () => {
    const got = findWorkspaceSymbols('etc', index).map((s) => `${s.name} ${kindName(s.kind)} ${s.containerName} ${uriBase(s.location.uri)}:${s.location.range.start.line + 1}`).sort();
    assert.deepEqual(got, [
      'automount_etc_t Struct files files.te:17',
      'etc_t Struct files files.te:16',
      'files_read_etc_files Function files files.if:76',
      'files_search_etc Function files files.if:43',
    ]);
  });

  test('the query is case-insensitive', () => {
    const lower = findWorkspaceSymbols('http', index).map((s) => s.name).sort();
    const upper = findWorkspaceSymbols('HTTP', index).map((s) => s.name).sort();
    assert.ok(lower.includes('http_port_t') && lower.includes('corenet_tcp_bind_http_port') && lower.includes('httpd_t'));
    assert.deepEqual(upper, lower);
  });

  test('kinds: templates and interfaces are functions, defines constants, attributes interfaces, booleans booleans', () => {
    const kinds = new Map(findWorkspaceSymbols('', index).map((s) => [s.name, kindName(s.kind)]));
    assert.equal(kinds.get('files_data_template'), 'Function');
    assert.equal(kinds.get('read_files_pattern'), 'Constant');
    assert.equal(kinds.get('read_file_perms'), 'Constant');
    assert.equal(kinds.get('domain'), 'Interface');
    assert.equal(kinds.get('secure_mode'), 'Boolean');
    assert.equal(kinds.get('httpd_can_network_connect'), 'Boolean');
    assert.equal(kinds.get('system_r'), 'EnumMember');
  });

  test('a query that matches nothing gives nothing', () => {
    assert.deepEqual(findWorkspaceSymbols('no_such_symbol_anywhere', index), []);
  });

  test('open documents are part of the index', () => {
    const fx = fixtureFromText('ws.te', '<|>type zzmyapp_t;\n');
    const got = findWorkspaceSymbols('zzmyapp', fx.index);
    assert.deepEqual(got.map((s) => `${s.name} ${s.containerName} ${uriBase(s.location.uri)}`), ['zzmyapp_t ws ws.te']);
  });

  test('the list is capped at MAX_WORKSPACE_SYMBOLS', () => {
    const types = Array.from({ length: MAX_WORKSPACE_SYMBOLS + 50 }, (_, i) => `type cap${i}_t;`).join('\n');
    const fx = fixtureFromText('cap.te', `<|>${types}\n`);
    assert.equal(findWorkspaceSymbols('cap', fx.index).length, MAX_WORKSPACE_SYMBOLS);
  });
});
