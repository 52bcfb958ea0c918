// SPDX-License-Identifier: MIT
// Finding policy sources on disk (the only place besides the CLI and the server that reads files for
// the index): installed development headers, reference-policy source trees, workspace folders.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const DEFAULT_DEVEL = '/usr/share/selinux/devel';

export type SourceKind = 'devel' | 'refpolicy' | 'folder';

export interface PolicySource {
  readonly kind: SourceKind;
  /** The directory given by the user. */
  readonly root: string;
  /** Files to index. */
  readonly files: readonly string[];
  /** m4 symbols of the build, when known (build.conf or the devel Makefile's M4PARAM). */
  readonly defines?: ReadonlySet<string>;
  /** modules.conf of a source tree: module → base, module or off. */
  readonly moduleStatus?: ReadonlyMap<string, string>;
  /**
   * A workspace folder (the files being edited): its definitions win over the policy sources' (see
   * PolicyIndex's SOURCE_LAYER).
   */
  readonly workspace?: boolean;
}

export const INSTALL_HINT = 'Install the SELinux policy development headers: selinux-policy-dev on Debian/Ubuntu, selinux-policy-devel on Fedora/RHEL.';

const POLICY_FILE = /\.(te|if|fc|spt)$/;
const FLASK = /(^|\/)policy\/flask\/(access_vectors|security_classes)$/;
const GLOBALS = /(^|\/)policy\/(global_booleans|global_tunables)$/;

function walk(dir: string, out: string[], accept: (p: string) => boolean): string[] {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return out;
  }
  for (const n of names) {
    if (n === 'node_modules' || n.startsWith('.')) continue;
    const p = join(dir, n);
    let st;
    try {
      st = statSync(p);
    } catch {
      continue;
    }
    if (st.isDirectory()) walk(p, out, accept);
    else if (accept(p)) out.push(p);
  }
  return out;
}

/** Detects what a directory is: devel headers (…/devel or …/devel/include), a refpolicy source root, or a plain folder. */
export function detectSource(dir: string): PolicySource | { error: string } {
  const root = resolve(dir);
  if (!existsSync(root) || !statSync(root).isDirectory()) return { error: `${dir} is not a directory` };
  if (existsSync(join(root, 'policy', 'modules')) && existsSync(join(root, 'policy', 'flask'))) {
    // corenetwork.te.in/.if.in are the real sources of generated files; index them when the generated
    // file is absent (a pristine source tree).
    const files = walk(join(root, 'policy'), [], (p) =>
      POLICY_FILE.test(p) || FLASK.test(p) || GLOBALS.test(p) || (/\.(te|if|fc)\.in$/.test(p) && !existsSync(p.slice(0, -3))));
    return { kind: 'refpolicy', root, files, defines: buildConfDefines(join(root, 'build.conf')), moduleStatus: modulesConf(join(root, 'policy', 'modules.conf')) };
  }
  const include = existsSync(join(root, 'include', 'support')) ? join(root, 'include') : existsSync(join(root, 'support', 'all_perms.spt')) ? root : undefined;
  if (include) {
    const files = walk(include, [], (p) => /\.(if|spt)$/.test(p));
    return { kind: 'devel', root, files, defines: DEVEL_DEFINES };
  }
  return { kind: 'folder', root, files: walk(root, [], (p) => POLICY_FILE.test(p)) };
}

/** What the devel Makefile passes to m4 on Debian (M4PARAM with TYPE=mcs, DISTRO=debian, SYSTEMD=y, UBAC=y). */
export const DEVEL_DEFINES: ReadonlySet<string> = new Set(['enable_mcs', 'distro_debian', 'init_systemd', 'direct_sysadm_daemon', 'enable_ubac']);

/** The m4 symbols a refpolicy build.conf turns on (TYPE, DISTRO, UBAC, SYSTEMD, DIRECT_INITRC). */
export function buildConfDefines(path: string): ReadonlySet<string> | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  const conf = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^\s*([A-Z_]+)\s*\??=\s*(\S*)/.exec(line);
    if (m) conf.set(m[1], m[2]);
  }
  const d = new Set<string>();
  const type = conf.get('TYPE') ?? 'standard';
  if (type === 'mcs') d.add('enable_mcs');
  if (type === 'mls') d.add('enable_mls');
  if (conf.get('DISTRO')) d.add(`distro_${conf.get('DISTRO')}`);
  if (conf.get('UBAC') === 'y') d.add('enable_ubac');
  if (conf.get('SYSTEMD') === 'y') d.add('init_systemd');
  if (conf.get('DIRECT_INITRC') === 'y') d.add('direct_sysadm_daemon');
  return d;
}

/** The sources to index for a list of configured paths; empty → the installed headers if present. */
export function resolveSources(paths: readonly string[]): { sources: PolicySource[]; problems: string[] } {
  const sources: PolicySource[] = [];
  const problems: string[] = [];
  const list = paths.length ? paths : existsSync(DEFAULT_DEVEL) ? [DEFAULT_DEVEL] : [];
  if (!list.length) problems.push(`No SELinux policy sources were found (looked in ${DEFAULT_DEVEL}). ${INSTALL_HINT}`);
  for (const p of list) {
    const s = detectSource(p);
    if ('error' in s) problems.push(s.error);
    else sources.push(s);
  }
  return { sources, problems };
}

/**
 * The installed policy's file_contexts (/etc/selinux/<SELINUXTYPE>/contexts/files/file_contexts), used as
 * the reference file contexts when no policy source tree is indexed; undefined when there is none.
 */
export function installedFileContexts(root = '/etc/selinux'): string | undefined {
  let type = 'default';
  try {
    const m = /^\s*SELINUXTYPE\s*=\s*(\S+)/m.exec(readFileSync(`${root}/config`, 'utf8'));
    if (m) type = m[1];
  } catch {
    // no config: the default store
  }
  const path = `${root}/${type}/contexts/files/file_contexts`;
  return existsSync(path) ? path : undefined;
}

/** Reads modules.conf (`name = base|module|off` lines); undefined when it cannot be read. */
export function modulesConf(path: string): ReadonlyMap<string, string> | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^\s*(\w+)\s*=\s*(base|module|off)\s*$/.exec(line);
    if (m) out.set(m[1], m[2]);
  }
  return out;
}
