// SPDX-License-Identifier: MIT
// The facade of the pure language service: one bound function per feature, named after the LSP request.

import { doComplete } from './features/completion';
import { doValidation } from './features/diagnostics';
import { doHover } from './features/hover';
import { parseDocument } from './document';

export interface LanguageService {
  parseDocument: typeof parseDocument;
  doValidation: typeof doValidation;
  doComplete: typeof doComplete;
  doHover: typeof doHover;
}

export function getLanguageService(): LanguageService {
  return { parseDocument, doValidation, doComplete, doHover };
}

export type { PolicyDocument } from './document';
