// The AVC logs the tests read: the team's shared test data beside the project (../shared/data/avc: our
// hand-made logs plus audit2allow's and sepolgen's upstream test logs) when it is there, else the
// hand-made logs kept in test/fixtures/avc (the same files, so the reader tests run anywhere).
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const SHARED = process.env.SELINUX_LS_AVC_DIR ?? join(ROOT, '..', 'shared', 'data', 'avc');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'avc');

/** The folder with the logs, and whether it is the full shared set. */
export function avcLogDir(): { dir: string; shared: boolean } {
  return existsSync(join(SHARED, 'many.log')) ? { dir: SHARED, shared: true } : { dir: FIXTURES, shared: false };
}

export function avcLogs(): string[] {
  return readdirSync(avcLogDir().dir).filter((f) => f.endsWith('.log')).sort();
}
