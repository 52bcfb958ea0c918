// SPDX-License-Identifier: MIT
// What the index knows about each file: macro definitions, declarations, classes, file contexts.

import type { Range } from 'vscode-languageserver-types';
import type { FileKind } from '../syntax/nodes';

export interface SymbolLocation {
  readonly uri: string;
  /** The name's range. */
  readonly range: Range;
  readonly module: string;
}

export type MacroKind = 'interface' | 'template' | 'define';

export interface RequireDecl {
  readonly keyword: string;
  readonly names: readonly string[];
  /** class entries */
  readonly perms?: readonly string[];
}

export interface MacroDef extends SymbolLocation {
  readonly name: string;
  readonly kind: MacroKind;
  /** The raw `##` documentation block; parse it with macroDoc() (parsed on demand, cached). */
  readonly docBlock?: string;
  /** The highest $N used in the body (0 when none). */
  readonly maxParam: number;
  /** The body text as m4 passes it (one level of quotes removed). */
  readonly body: string;
  /** gen_require entries of the body. */
  readonly requires: readonly RequireDecl[];
  /** Names the body declares, with $N placeholders (templates: `$1_t`). */
  readonly declares: readonly { readonly kind: DeclKind; readonly name: string }[];
  /** For defines whose body is an identifier set (permission sets): the identifiers. */
  readonly setItems?: readonly string[];
  /** `class name perms;` statements in the body (all_kernel_class_perms and friends). */
  readonly classDecls?: readonly { readonly name: string; readonly perms: readonly string[] }[];
  /**
   * typeattribute/roleattribute statements and attributes of type declarations in the body, as written
   * ($N placeholders kept): [member, attribute]. A call in a .te file gives its members these attributes.
   */
  readonly associations?: readonly (readonly [string, string])[];
  /** Macro calls in the body, with their argument texts. */
  readonly calls: readonly { readonly name: string; readonly args: readonly string[] }[];
}

export type DeclKind = 'type' | 'attribute' | 'alias' | 'role' | 'attribute_role' | 'bool' | 'tunable' | 'user';

export interface Declaration extends SymbolLocation {
  readonly name: string;
  readonly kind: DeclKind;
  /** Types: attributes given in the declaration or by typeattribute. Aliases: the aliased type. */
  readonly attributes?: readonly string[];
  readonly aliasOf?: string;
  /** Booleans and tunables. */
  readonly defaultValue?: string;
  readonly description?: string;
}

export interface ClassDef extends SymbolLocation {
  readonly name: string;
  readonly kind: 'class' | 'common';
  readonly inherits?: string;
  readonly perms: readonly string[];
  /** security_classes marks userspace object-manager classes with a `# userspace` comment. */
  readonly userspace?: boolean;
}

export interface FcInfo {
  readonly uri: string;
  readonly range: Range;
  readonly module: string;
  readonly path: string;
  readonly fileType?: string;
  readonly type?: string;
  /** The context as written: gen_context's first argument, a raw context, or <<none>>. */
  readonly context: string;
  /** Written as gen_context(...): the build adds the MLS/MCS level. */
  readonly genContext?: boolean;
  /** gen_context's MLS level and MCS categories arguments, as written. */
  readonly mls?: string;
  readonly mcs?: string;
}

export interface FileSymbols {
  readonly uri: string;
  readonly module: string;
  readonly kind: FileKind;
  readonly macros: readonly MacroDef[];
  readonly declarations: readonly Declaration[];
  /** typeattribute / roleattribute associations: [member, attribute]. */
  readonly associations: readonly (readonly [string, string])[];
  /** Names required by gen_require/require blocks in this file, by keyword. */
  readonly required: readonly RequireDecl[];
  readonly classes: readonly ClassDef[];
  readonly fileContexts: readonly FcInfo[];
  /** Top-level calls in .te files (used to find names created by templates). */
  readonly calls: readonly { readonly name: string; readonly args: readonly string[]; readonly range: Range }[];
  readonly parseErrors: number;
}
