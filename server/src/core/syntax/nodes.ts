// SPDX-License-Identifier: MIT
// The syntax tree. Nodes are plain immutable values with source offsets; no semantic data lives here.

export interface Range {
  readonly start: number;
  readonly end: number;
}

export interface SyntaxError extends Range {
  readonly message: string;
}

/** An identifier (a Word token): type, attribute, class, permission, boolean, macro name, `$1_t`... */
export interface Name extends Range {
  readonly kind: 'Name';
  readonly text: string;
}

/** One element of an identifier list: a name (possibly negated with `-`) or a macro call. */
export interface IdItem extends Range {
  readonly kind: 'Id';
  readonly name: Name;
  readonly negated: boolean;
}

/**
 * A set expression: `name`, `{ a b -c }`, `~{ a }`, `~a`, `*`, or m4 text that expands to one
 * (`read_file_perms`, `$1`). Calls inside a set (rare m4 macros with arguments) are kept in `calls`.
 */
export interface IdList extends Range {
  readonly kind: 'IdList';
  readonly items: readonly IdItem[];
  readonly calls: readonly Call[];
  readonly braced: boolean;
  readonly complement: boolean;
  readonly star: boolean;
}

export interface Arg extends Range {
  readonly kind: 'Arg';
  /** The argument text range without surrounding quotes (m4's view of the argument value). */
  readonly inner: Range;
  /** Statements, when the argument is a block of policy (optional_policy, interface bodies...). */
  readonly body?: readonly Statement[];
  /** Identifiers, when the argument is an expression (interface parameters). */
  readonly ids?: IdList;
  /** Words of a boolean condition (tunable_policy, ifdef symbol). */
  readonly words?: readonly Name[];
}

export interface Call extends Range {
  readonly kind: 'Call';
  readonly name: Name;
  readonly args: readonly Arg[];
  /** Offset of `(`. */
  readonly open: number;
  /** Offset just past `)`, or -1 when the call is not closed. */
  readonly close: number;
  /** A `;` right after the call (harmless, selint S-003). */
  readonly semi?: Range;
  /** `##` documentation immediately before the call. */
  readonly doc?: Range;
}

export interface BareWord extends Range {
  readonly kind: 'BareWord';
  readonly name: Name;
  readonly semi?: Range;
}

export interface TypeDecl extends Range {
  readonly kind: 'TypeDecl';
  readonly name?: Name;
  readonly aliases: readonly Name[];
  readonly attributes: readonly Name[];
}

export type SimpleDeclKeyword = 'attribute' | 'attribute_role' | 'role' | 'bool' | 'permissive' | 'user' | 'sensitivity' | 'category';

/** `attribute x;` `attribute_role x;` `role r [types t];` `bool b v;` `permissive t;` */
export interface SimpleDecl extends Range {
  readonly kind: 'SimpleDecl';
  readonly keyword: SimpleDeclKeyword;
  readonly name?: Name;
  /** role ... types X; */
  readonly types?: IdList;
  /** bool name VALUE; */
  readonly value?: Name;
}

/** `typeattribute t a, b;` `roleattribute r a;` `typealias t alias a;` `typebounds a b;` */
export interface Association extends Range {
  readonly kind: 'Association';
  readonly keyword: 'typeattribute' | 'roleattribute' | 'typealias' | 'typebounds';
  readonly subject?: Name;
  readonly objects: readonly Name[];
}

export type AvKeyword = 'allow' | 'auditallow' | 'dontaudit' | 'neverallow' | 'allowxperm' | 'auditallowxperm' | 'dontauditxperm' | 'neverallowxperm';

export interface AvRule extends Range {
  readonly kind: 'AvRule';
  readonly keyword: AvKeyword;
  readonly source?: IdList;
  readonly target?: IdList;
  /** Offset of the `:` between target and class, -1 when missing. */
  readonly colon: number;
  readonly classes?: IdList;
  readonly perms?: IdList;
  /** allowxperm: the operation (ioctl) and the raw extended permissions range. */
  readonly operation?: Name;
  readonly xperms?: Range;
}

/** `allow r1 r2;` */
export interface RoleAllow extends Range {
  readonly kind: 'RoleAllow';
  readonly from?: IdList;
  readonly to?: IdList;
}

export interface TypeRule extends Range {
  readonly kind: 'TypeRule';
  readonly keyword: 'type_transition' | 'type_change' | 'type_member';
  readonly source?: IdList;
  readonly target?: IdList;
  readonly colon: number;
  readonly classes?: IdList;
  readonly result?: Name;
  readonly filename?: Range;
}

export interface RoleTransition extends Range {
  readonly kind: 'RoleTransition';
  readonly source?: IdList;
  readonly target?: IdList;
  readonly classes?: IdList;
  readonly result?: Name;
}

export interface RangeTransition extends Range {
  readonly kind: 'RangeTransition';
  readonly source?: IdList;
  readonly target?: IdList;
  readonly classes?: IdList;
  readonly range?: Range;
}

export type RequireKeyword = 'type' | 'attribute' | 'attribute_role' | 'role' | 'bool' | 'class' | 'user' | 'sensitivity' | 'category' | 'typeattribute';

export interface RequireEntry extends Range {
  readonly kind: 'RequireEntry';
  readonly keyword: RequireKeyword;
  readonly names: readonly Name[];
  /** class entries: the permissions. */
  readonly perms?: IdList;
}

export type RequireItem = RequireEntry | Call | BareWord;

export interface Require extends Range {
  readonly kind: 'Require';
  readonly entries: readonly RequireItem[];
}

export interface Optional extends Range {
  readonly kind: 'Optional';
  readonly body: readonly Statement[];
  readonly elseBody?: readonly Statement[];
}

export interface Condition extends Range {
  readonly kind: 'Condition';
  /** Identifiers in the condition (booleans, or symbols for ifdef). */
  readonly names: readonly Name[];
}

export interface If extends Range {
  readonly kind: 'If';
  readonly condition?: Condition;
  readonly body: readonly Statement[];
  readonly elseBody?: readonly Statement[];
}

export interface ClassDecl extends Range {
  readonly kind: 'ClassDecl';
  readonly keyword: 'class' | 'common';
  readonly name?: Name;
  readonly inherits?: Name;
  readonly perms?: IdList;
}

export interface ModuleStmt extends Range {
  readonly kind: 'Module';
  readonly name?: Name;
  readonly version?: Name;
}

/** Statements of the kernel policy language that the features need no structure for (constrain, sid, portcon...). */
export interface Generic extends Range {
  readonly kind: 'Generic';
  readonly keyword: Name;
  readonly names: readonly Name[];
  readonly calls: readonly Call[];
}

export interface Empty extends Range {
  readonly kind: 'Empty';
}

/** Text that could not be parsed as a statement (an error was recorded). */
export interface Bad extends Range {
  readonly kind: 'Bad';
}

export type Statement =
  | Call | BareWord | TypeDecl | SimpleDecl | Association | AvRule | RoleAllow | TypeRule | RoleTransition
  | RangeTransition | Require | Optional | If | ClassDecl | ModuleStmt | Generic | Empty | Bad;

/** A file-context line (`.fc` files): PATH [-TYPE] CONTEXT. */
export interface FcEntry extends Range {
  readonly kind: 'FcEntry';
  readonly path: Range & { readonly text: string };
  readonly fileType?: Range & { readonly text: string };
  /** gen_context(...) call, a raw context, or <<none>>. */
  readonly context?: Call | (Range & { readonly kind: 'RawContext'; readonly text: string });
}

export type FcStatement = FcEntry | Call | Bad | Empty;

export type FileKind = 'te' | 'if' | 'fc' | 'spt';

export interface SourceFile {
  readonly kind: 'SourceFile';
  readonly fileKind: FileKind;
  readonly text: string;
  readonly statements: readonly Statement[];
  /** `.fc` files: entries in file order, including those inside ifdef blocks. */
  readonly fcEntries: readonly FcEntry[];
  readonly errors: readonly SyntaxError[];
  /** Every comment token range ([start, end]) in order, for features that look at comments. */
  readonly comments: readonly Range[];
  /** Apostrophes inside `#` comments inside quotes (`# don't`): m4 closes a quote level there. */
  readonly proseApostrophes: readonly Range[];
}
