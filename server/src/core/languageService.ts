// SPDX-License-Identifier: MIT
// The facade of the pure language service: one function per feature, named after the LSP request.
// Features get a PolicyDocument (text + cached parse) and, where they need it, the PolicyIndex.

import { getCodeActions } from './features/codeActions';
import { doComplete, resolveCompletion } from './features/completion';
import { findDefinition } from './features/definition';
import { doValidation } from './features/diagnostics/index';
import { findDocumentSymbols } from './features/documentSymbols';
import { getFoldingRanges } from './features/folding';
import { doHover } from './features/hover';
import { matchPath } from './features/fcMatch';
import { auditCodeActions, auditDiagnostics, importDenials } from './features/auditLog';
import { findDocumentHighlights, findReferences, nameAt } from './features/references';
import { doRename, prepareRename } from './features/rename';
import { doSignatureHelp } from './features/signatureHelp';
import { findWorkspaceSymbols } from './features/workspaceSymbols';
import { parseDocument } from './document';

export function getLanguageService() {
  return {
    parseDocument,
    doValidation,
    doComplete,
    resolveCompletion,
    doHover,
    doSignatureHelp,
    findDefinition,
    findReferences,
    nameAt,
    findDocumentHighlights,
    findDocumentSymbols,
    findWorkspaceSymbols,
    getFoldingRanges,
    prepareRename,
    doRename,
    getCodeActions,
    matchPath,
    auditDiagnostics,
    auditCodeActions,
    importDenials,
  };
}

export type LanguageService = ReturnType<typeof getLanguageService>;
export type { PolicyDocument } from './document';
export type { SourceText } from './features/references';
