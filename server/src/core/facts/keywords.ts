// SPDX-License-Identifier: MIT
// Static language facts: statement keywords and the reference-policy support macros, with short docs.

export interface KeywordFact {
  readonly name: string;
  readonly doc: string;
  /** Snippet text inserted on completion (LSP snippet syntax). */
  readonly snippet?: string;
}

export const TE_KEYWORDS: readonly KeywordFact[] = [
  { name: 'allow', doc: 'Grant access: `allow source target:class perms;`', snippet: 'allow ${1:source_t} ${2:target_t}:${3:class} ${4:perms};' },
  { name: 'dontaudit', doc: 'Silence denials without granting access.', snippet: 'dontaudit ${1:source_t} ${2:target_t}:${3:class} ${4:perms};' },
  { name: 'auditallow', doc: 'Log granted accesses.', snippet: 'auditallow ${1:source_t} ${2:target_t}:${3:class} ${4:perms};' },
  { name: 'neverallow', doc: 'Assert that an access is never granted (checked at link time).', snippet: 'neverallow ${1:source_t} ${2:target_t}:${3:class} ${4:perms};' },
  { name: 'type', doc: 'Declare a type: `type name_t[, attribute...];`', snippet: 'type ${1:name_t};' },
  { name: 'attribute', doc: 'Declare a type attribute.', snippet: 'attribute ${1:name};' },
  { name: 'typeattribute', doc: 'Add a type to attributes.', snippet: 'typeattribute ${1:type_t} ${2:attribute};' },
  { name: 'typealias', doc: 'Declare aliases of a type.', snippet: 'typealias ${1:type_t} alias ${2:alias_t};' },
  { name: 'role', doc: 'Declare a role or associate types with it.', snippet: 'role ${1:role_r} types ${2:type_t};' },
  { name: 'roleattribute', doc: 'Add a role to role attributes.', snippet: 'roleattribute ${1:role_r} ${2:attribute};' },
  { name: 'bool', doc: 'Declare a conditional boolean.', snippet: 'bool ${1:name} ${2|false,true|};' },
  { name: 'type_transition', doc: 'Default type for new objects or processes.', snippet: 'type_transition ${1:source_t} ${2:target_t}:${3:class} ${4:new_t};' },
  { name: 'type_change', doc: 'Relabel type for objects (used by login programs).', snippet: 'type_change ${1:source_t} ${2:target_t}:${3:class} ${4:new_t};' },
  { name: 'type_member', doc: 'Member type for polyinstantiated objects.', snippet: 'type_member ${1:source_t} ${2:target_t}:${3:class} ${4:new_t};' },
  { name: 'range_transition', doc: 'Default MLS range on transition.', snippet: 'range_transition ${1:source_t} ${2:target_t}:${3:process} ${4:s0};' },
  { name: 'role_transition', doc: 'Default role on transition.', snippet: 'role_transition ${1:role_r} ${2:exec_t} ${3:new_r};' },
  { name: 'require', doc: 'Declare the symbols this module uses from others.', snippet: 'require {\n\t${1:type} ${2:name_t};\n}' },
  { name: 'optional', doc: 'A block that is enabled only when its requirements are met.', snippet: 'optional {\n\t$0\n}' },
  { name: 'if', doc: 'A conditional block on booleans.', snippet: 'if (${1:boolean}) {\n\t$0\n}' },
  { name: 'permissive', doc: 'Make a domain permissive. Remove before release.', snippet: 'permissive ${1:domain_t};' },
  { name: 'module', doc: 'Bare module statement (refpolicy style prefers policy_module).', snippet: 'module ${1:name} ${2:1.0};' },
  { name: 'class', doc: 'Class declaration, or a class in a require block.' },
  { name: 'allowxperm', doc: 'Grant extended permissions (ioctl commands).', snippet: 'allowxperm ${1:source_t} ${2:target_t}:${3:class} ioctl ${4:0x0000};' },
];

export const SUPPORT_MACROS: readonly KeywordFact[] = [
  { name: 'policy_module', doc: 'Declare a loadable module: `policy_module(name, version)`. Requires the kernel classes and permissions for you.', snippet: 'policy_module(${1:name}, ${2:1.0.0})' },
  { name: 'gen_require', doc: 'A require block inside an interface or template.', snippet: 'gen_require(`\n\t${1:type} ${2:name_t};\n\')' },
  { name: 'optional_policy', doc: 'Policy that is used only when the modules it calls are present.', snippet: 'optional_policy(`\n\t$0\n\')' },
  { name: 'tunable_policy', doc: 'Policy controlled by a tunable or boolean expression.', snippet: 'tunable_policy(`${1:tunable}\',`\n\t$0\n\')' },
  { name: 'gen_tunable', doc: 'Declare a tunable with its default.', snippet: 'gen_tunable(${1:name}, ${2|false,true|})' },
  { name: 'gen_bool', doc: 'Declare a boolean with its default.', snippet: 'gen_bool(${1:name}, ${2|false,true|})' },
  { name: 'interface', doc: 'Define an interface macro.', snippet: 'interface(`${1:module_action}\',`\n\t$0\n\')' },
  { name: 'template', doc: 'Define a template macro (creates types from a prefix).', snippet: 'template(`${1:module_template}\',`\n\t$0\n\')' },
  { name: 'ifdef', doc: 'm4: use the text when a symbol is defined (build options such as distro_debian, enable_mcs).', snippet: 'ifdef(`${1:symbol}\',`\n\t$0\n\')' },
  { name: 'ifndef', doc: 'm4: use the text when a symbol is not defined.', snippet: 'ifndef(`${1:symbol}\',`\n\t$0\n\')' },
  { name: 'ifelse', doc: 'm4: compare two strings.' },
  { name: 'define', doc: 'm4: define a macro.' },
  { name: 'gen_context', doc: 'A security context with MLS/MCS level as the build requires.', snippet: 'gen_context(${1:system_u}:${2:object_r}:${3:name_t},${4:s0})' },
  { name: 'refpolicywarn', doc: 'Print a build warning.' },
  { name: 'refpolicyerr', doc: 'Print a build error.' },
];
