// SPDX-License-Identifier: MIT
// SARIF 2.1.0 output of `selinux-ls check --format sarif`, for code scanning.

import { relative } from 'node:path';
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { BUILTIN_CODES, RULES } from './core/features/diagnostics/index';
import { VERSION } from './version';

const LEVEL: Record<number, string> = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'note',
  [DiagnosticSeverity.Hint]: 'note',
};

export function toSarif(results: ReadonlyArray<{ file: string; diagnostics: readonly Diagnostic[] }>, cwd: string): object {
  const rules = [...BUILTIN_CODES, ...RULES].map((r) => ({
    id: r.code,
    shortDescription: { text: r.description },
    defaultConfiguration: { level: LEVEL[r.severity] ?? 'warning' },
  }));
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'selinux-ls', version: VERSION, informationUri: 'https://example.invalid/selinux-ls', rules } },
      results: results.flatMap(({ file, diagnostics }) => diagnostics.map((d) => ({
        ruleId: String(d.code),
        ...(ruleIndex.has(String(d.code)) ? { ruleIndex: ruleIndex.get(String(d.code)) } : {}),
        level: LEVEL[d.severity ?? DiagnosticSeverity.Error] ?? 'warning',
        message: { text: d.message },
        locations: [{
          physicalLocation: {
            artifactLocation: { uri: relative(cwd, file).split('\\').join('/') || file },
            // SARIF positions are 1-based.
            region: {
              startLine: d.range.start.line + 1, startColumn: d.range.start.character + 1,
              endLine: d.range.end.line + 1, endColumn: d.range.end.character + 1,
            },
          },
        }],
      }))),
    }],
  };
}
