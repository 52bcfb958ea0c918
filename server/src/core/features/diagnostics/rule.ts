// SPDX-License-Identifier: MIT
// The shape of a diagnostic rule: a stable code, a default severity, and a check over the document.

import type { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import type { PolicyDocument } from '../../document';
import type { PolicyIndex } from '../../index/policyIndex';
import type { MacroSummaries } from '../../semantics/macroSummary';
import type { ModuleModel } from '../../semantics/moduleModel';
import type { Range } from '../../syntax/nodes';

export interface RuleContext {
  readonly doc: PolicyDocument;
  readonly index: PolicyIndex;
  readonly summaries: MacroSummaries;
  /** The module model of a .te file (undefined for other files and for .te files without a module statement). */
  readonly model?: ModuleModel;
  /** Whether the index holds policy sources (checks that need the headers are skipped when it does not). */
  readonly hasPolicy: boolean;
  /** m4 symbols of the build, when known. */
  readonly defines?: ReadonlySet<string>;
  report(range: Range, message: string, data?: unknown): void;
}

export interface Rule {
  /** Stable code: selint's ID where the check matches one of selint's, else a kebab-case name. */
  readonly code: string;
  readonly severity: DiagnosticSeverity;
  /** One line for the README and the settings. */
  readonly description: string;
  readonly files: ReadonlyArray<'te' | 'if' | 'fc' | 'spt'>;
  check(ctx: RuleContext): void;
}

export type { Diagnostic };
