// SPDX-License-Identifier: MIT
// Parse results keyed by uri and version, so every request on the same text reuses one parse.

import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { LanguageService, PolicyDocument } from './core/languageService';

export class DocumentCache {
  private readonly entries = new Map<string, PolicyDocument>();

  constructor(private readonly service: LanguageService) {}

  get(text: TextDocument): PolicyDocument {
    const hit = this.entries.get(text.uri);
    if (hit && hit.text.version === text.version && hit.text.languageId === text.languageId) return hit;
    const parsed = this.service.parseDocument(text);
    this.entries.set(text.uri, parsed);
    return parsed;
  }

  delete(uri: string): void {
    this.entries.delete(uri);
  }
}
