// SPDX-License-Identifier: MIT
// Signature help for interface, template and support-macro calls: the active parameter and its docs.

import { MarkupKind, Position, SignatureHelp } from 'vscode-languageserver-types';
import type { PolicyDocument } from '../document';
import { SUPPORT_MACROS } from '../facts/keywords';
import type { PolicyIndex } from '../index/policyIndex';
import { macroDoc } from '../index/xmlDoc';
import { locate } from './locate';
import { paramDocs, signatureLabel } from './macroDocs';

/** Parameters of the support macros (they have no `##` docs in the headers). */
const SUPPORT_PARAMS: Record<string, string[]> = {
  policy_module: ['name', 'version'], gen_require: ['requirements'], optional_policy: ['policy', 'else_policy'],
  tunable_policy: ['expression', 'policy', 'else_policy'], gen_tunable: ['name', 'default'], gen_bool: ['name', 'default'],
  interface: ['name', 'body'], template: ['name', 'body'], ifdef: ['symbol', 'then', 'else'], ifndef: ['symbol', 'then', 'else'],
  gen_context: ['context', 'mls_level', 'mcs_categories'],
};

export function doSignatureHelp(doc: PolicyDocument, position: Position, index: PolicyIndex): SignatureHelp | null {
  const offset = doc.text.offsetAt(position);
  const frames = locate(doc.file, offset).calls;
  for (let i = frames.length - 1; i >= 0; i--) {
    const f = frames[i];
    const name = f.call.name.text;
    const def = index.macro(name);
    if (def && def.kind !== 'define') {
      const params = paramDocs(def);
      return {
        signatures: [{
          label: signatureLabel(def),
          documentation: { kind: MarkupKind.Markdown, value: macroDoc(def)?.summary ?? '' },
          parameters: params.map((p) => ({ label: p.name, documentation: { kind: MarkupKind.Markdown, value: p.summary } })),
        }],
        activeSignature: 0,
        activeParameter: Math.min(f.argIndex, Math.max(0, params.length - 1)),
      };
    }
    const support = SUPPORT_PARAMS[name];
    if (support) {
      return {
        signatures: [{
          label: `${name}(${support.join(', ')})`,
          documentation: { kind: MarkupKind.Markdown, value: SUPPORT_MACROS.find((m) => m.name === name)?.doc ?? '' },
          parameters: support.map((label) => ({ label })),
        }],
        activeSignature: 0,
        activeParameter: Math.min(f.argIndex, support.length - 1),
      };
    }
  }
  return null;
}
