// SPDX-License-Identifier: MIT
// How the parser reads the arguments of the m4 macros that give policy its structure.
// Everything not listed here is an interface or template call whose arguments are identifiers.

export const enum ArgShape {
  /** Policy statements (an optional_policy body, an interface body). */
  Block = 1,
  /** Statements when the text starts like statements (a keyword or a call) or has a `;`, else words (ifdef branches). */
  SoftBlock,
  /** A gen_require body: require entries. */
  Require,
  /** Words only (names, booleans in a condition, build symbols). */
  Words,
  /** Text that is not policy (messages). */
  Raw,
  /** A define body: statements when it looks like statements, else identifiers or words. */
  Auto,
  /** An identifier set (interface arguments). */
  Ids,
}

const M4_BUILTINS_RAW = [
  'errprint', 'refpolicywarn', 'refpolicyerr', 'm4exit', 'divert', 'undivert', 'undefine', 'popdef', 'decr', 'incr',
  'eval', 'len', 'index', 'substr', 'translit', 'regexp', 'patsubst', 'format', 'indir', 'builtin', 'shift',
  'include', 'sinclude', 'changequote', 'changecom', 'syscmd', 'esyscmd', 'sysval', 'dumpdef', 'traceon', 'traceoff',
  'debugmode', 'debugfile', 'maketemp', 'mkstemp', 'm4wrap', 'dnl', 'policy_m4_comment', 'mls_systemhigh',
];

/** The shape of argument `index` (0-based) of a call to `name` that has `count` arguments. */
export function argShape(name: string, index: number, count: number): ArgShape {
  switch (name) {
    case 'interface':
    case 'template':
      return index === 1 ? ArgShape.Block : ArgShape.Words;
    case 'define':
    case 'pushdef':
      return index === 1 ? ArgShape.Auto : ArgShape.Words;
    case 'optional_policy':
      return ArgShape.Block;
    case 'gen_require':
      return index === 0 ? ArgShape.Require : ArgShape.Raw;
    case 'tunable_policy':
      return index === 0 ? ArgShape.Words : ArgShape.Block;
    case 'ifdef':
    case 'ifndef':
      return index === 0 ? ArgShape.Words : ArgShape.SoftBlock;
    case 'ifelse':
      if (index < 2) return ArgShape.Words;
      if ((index - 2) % 3 === 0) return ArgShape.SoftBlock;
      if (index === count - 1 && (index - 2) % 3 === 1) return ArgShape.SoftBlock;
      return ArgShape.Words;
    case 'policy_module':
    case 'gen_tunable':
    case 'gen_bool':
    case 'gen_context':
    case 'gen_user':
    case 'gen_sens':
    case 'gen_cats':
    case 'gen_levels':
    case 'gen_initial_sid':
      return ArgShape.Words;
    default:
      return RAW.has(name) ? ArgShape.Raw : ArgShape.Ids;
  }
}

const RAW = new Set(M4_BUILTINS_RAW);

/** Keywords that begin a statement of the policy language. */
export const STATEMENT_KEYWORDS = new Set([
  'type', 'attribute', 'attribute_role', 'typeattribute', 'typealias', 'typebounds', 'role', 'roleattribute', 'bool',
  'allow', 'auditallow', 'dontaudit', 'neverallow', 'allowxperm', 'auditallowxperm', 'dontauditxperm', 'neverallowxperm',
  'type_transition', 'type_change', 'type_member', 'range_transition', 'role_transition',
  'require', 'optional', 'if', 'permissive', 'class', 'common', 'module', 'policycap',
  'constrain', 'mlsconstrain', 'validatetrans', 'mlsvalidatetrans', 'sid', 'user', 'sensitivity', 'dominance',
  'category', 'level', 'genfscon', 'portcon', 'netifcon', 'nodecon', 'fs_use_xattr', 'fs_use_task', 'fs_use_trans',
  'ibpkeycon', 'ibendportcon', 'pirqcon', 'iomemcon', 'ioportcon', 'pcidevicecon', 'devicetreecon',
  'default_user', 'default_role', 'default_type', 'default_range', 'expandattribute', 'handleunknown', 'mls',
]);

/** Statements that end at the end of the line rather than at `;`. */
export const LINE_STATEMENTS = new Set([
  'sid', 'genfscon', 'portcon', 'netifcon', 'nodecon', 'pirqcon', 'iomemcon', 'ioportcon', 'pcidevicecon',
  'devicetreecon', 'ibpkeycon', 'ibendportcon',
]);
