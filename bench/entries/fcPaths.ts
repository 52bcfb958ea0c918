// SPDX-License-Identifier: MIT
// Writes N paths derived from a file_contexts (exact paths, regex samples, near-misses), one per line.
//   node fcPaths.cjs FILE_CONTEXTS OUT N
import { readFileSync, writeFileSync } from 'node:fs';
import { readFileContexts } from '../../server/src/core/fc/table';
import { pathsFor } from '../../test/support/fcPaths';

const [file, out, n] = process.argv.slice(2);
const all = pathsFor(readFileContexts(readFileSync(file, 'utf8')).specs);
const step = Math.max(1, all.length / Number(n));
const picked: string[] = [];
for (let i = 0; i < all.length && picked.length < Number(n); i += step) picked.push(all[Math.floor(i)]);
writeFileSync(out, picked.join('\n') + '\n');
