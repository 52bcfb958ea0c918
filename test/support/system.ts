// Helpers for tests that need Debian's SELinux packages. On a developer machine without them the test
// skips with a message naming the package; under CI (CI=true) a missing package is a failure, because
// .ci/run installs every package the tests need.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export function which(tool: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter).concat(['/usr/sbin', '/sbin'])) {
    const full = join(dir, tool);
    if (dir && existsSync(full)) return full;
  }
  return undefined;
}

export interface Need {
  /** A program on PATH or an absolute path that must exist. */
  path: string;
  /** The Debian package that provides it. */
  pkg: string;
}

/**
 * Returns a skip reason when something is missing and we are not on CI, or throws on CI.
 * Use as `test('x', { skip: missing(...) }, ...)`.
 */
export function missing(...needs: Need[]): string | false {
  const absent = needs.filter((n) => (n.path.startsWith('/') ? !existsSync(n.path) : !which(n.path)));
  if (!absent.length) return false;
  const msg = absent.map((n) => `${n.path} is missing: apt-get install ${n.pkg}`).join('; ');
  if (process.env.CI) throw new Error(`CI must have every test dependency: ${msg}`);
  return msg;
}

export const DEVEL = '/usr/share/selinux/devel';
export const POLICY_SRC_TARBALL = '/usr/src/selinux-policy-src.tar.zst';
export const needs = {
  devel: { path: `${DEVEL}/Makefile`, pkg: 'selinux-policy-dev' },
  policySrc: { path: POLICY_SRC_TARBALL, pkg: 'selinux-policy-src' },
  checkmodule: { path: 'checkmodule', pkg: 'checkpolicy' },
  m4: { path: 'm4', pkg: 'm4' },
  make: { path: 'make', pkg: 'make' },
  audit2allow: { path: 'audit2allow', pkg: 'policycoreutils-python-utils' },
  selint: { path: 'selint', pkg: 'selint' },
  matchpathcon: { path: 'matchpathcon', pkg: 'selinux-utils' },
  setfiles: { path: 'setfiles', pkg: 'policycoreutils' },
  zstd: { path: 'zstd', pkg: 'zstd' },
} satisfies Record<string, Need>;

/** Every file below dir, in sorted order. */
export function filesUnder(dir: string, out: string[] = []): string[] {
  for (const n of readdirSync(dir).sort()) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) filesUnder(p, out);
    else out.push(p);
  }
  return out;
}
