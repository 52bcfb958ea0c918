// Builds a policy module with Debian's development Makefile (selinux-policy-dev) in a scratch directory.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEVEL } from '../support/system';

export interface BuildResult {
  status: number | null;
  stdout: string;
  stderr: string;
  /** Whether NAME.pp was produced. */
  packaged: boolean;
  /** Everything make printed, for assertion messages. */
  log: string;
}

/**
 * Writes `files` (file name -> content) into a fresh temporary directory, runs
 * `make -f /usr/share/selinux/devel/Makefile NAME.pp` there (no shell) and removes the directory.
 */
export function buildModule(name: string, files: Record<string, string>): BuildResult {
  const dir = mkdtempSync(join(tmpdir(), `selinux-ls-${name}-`));
  try {
    for (const [file, content] of Object.entries(files)) writeFileSync(join(dir, file), content);
    const r = spawnSync('make', ['-f', `${DEVEL}/Makefile`, `${name}.pp`], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, LC_ALL: 'C' },
    });
    if (r.error) throw r.error;
    const packaged = existsSync(join(dir, `${name}.pp`));
    return {
      status: r.status,
      stdout: r.stdout,
      stderr: r.stderr,
      packaged,
      log: `exit ${r.status}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
