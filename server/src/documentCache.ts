// SPDX-License-Identifier: MIT
// Parse results keyed by uri and version, so every request on the same text reuses one parse.
// NOTE: TextDocuments updates TextDocument objects in place, so the version is recorded separately.

import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { LanguageService, PolicyDocument } from './core/languageService';

interface Entry {
  readonly version: number;
  readonly languageId: string;
  readonly parsed: PolicyDocument;
}

export class DocumentCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly service: LanguageService) {}

  get(text: TextDocument): PolicyDocument {
    const hit = this.entries.get(text.uri);
    if (hit && hit.version === text.version && hit.languageId === text.languageId) return hit.parsed;
    const parsed = this.service.parseDocument(text);
    this.entries.set(text.uri, { version: text.version, languageId: text.languageId, parsed });
    return parsed;
  }

  delete(uri: string): void {
    this.entries.delete(uri);
  }
}
