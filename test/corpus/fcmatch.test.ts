// File contexts against the real toolchain, on Debian's reference policy:
//  - `make MONOLITHIC=y file_contexts` builds the file_contexts (m4 + fc_sort.py);
//  - our table from the same .fc sources (ifdef resolution, gen_context, fc_sort) must list the same
//    entries in the same order;
//  - fc-match must give matchpathcon's answer for every path derived from the entries (exact paths,
//    samples of each regex's language, near-misses), for several file types: 100% agreement;
//  - the duplicates we report are exactly the ones `setfiles -c` rejects.
import { after, before, suite, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeEntries, OverlapFinder } from '../../server/src/core/fc/conflicts';
import type { Mode } from '../../server/src/core/fc/spec';
import { FcTable, readFileContexts } from '../../server/src/core/fc/table';
import { matchPath } from '../../server/src/core/features/fcMatch';
import { loadFcTable } from '../../server/src/fcSources';
import { detectSource, PolicySource } from '../../server/src/policySources';
import { pathsFor } from '../support/fcPaths';
import { missing, needs, POLICY_SRC_TARBALL } from '../support/system';

const MODES: Mode[] = ['', 'f', 'd', 'l'];

suite('file contexts vs make file_contexts, matchpathcon and setfiles -c', {
  skip: missing(needs.policySrc, needs.zstd, needs.make, needs.m4, needs.matchpathcon, needs.setfiles, needs.checkmodule),
}, () => {
  let dir = '';
  let root = '';
  let fcFile = '';
  let src: PolicySource;
  let paths: string[] = [];
  const theirs = new Map<Mode, Map<string, string>>();

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'fcmatch-'));
    execFileSync('tar', ['--zstd', '-xf', POLICY_SRC_TARBALL, '-C', dir]);
    root = join(dir, readdirSync(dir)[0]);
    execFileSync('make', ['MONOLITHIC=y', 'file_contexts', 'policy'], { cwd: root, stdio: 'ignore' });
    fcFile = join(root, 'file_contexts');
    // Installed policies ship the path substitutions beside file_contexts; test them too.
    copyFileSync(join(root, 'config', 'file_contexts.subs_dist'), `${fcFile}.subs_dist`);
    const s = detectSource(root);
    assert.ok(!('error' in s));
    src = s as PolicySource;
    paths = pathsFor(readFileContexts(readFileSync(fcFile, 'utf8')).specs);
    for (const m of MODES) {
      // Without -m, matchpathcon lstat()s paths that exist on this machine: ask only about the others.
      const ps = m ? paths : paths.filter((p) => { try { lstatSync(p); return false; } catch { return true; } });
      const out = execFileSync('matchpathcon', [...(m ? ['-m', m] : []), '-f', fcFile, ...ps], { encoding: 'utf8', maxBuffer: 1 << 28 }).split('\n');
      theirs.set(m, new Map(ps.map((p, i) => [p, out[i].split('\t')[1]])));
    }
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('our fc_sort of the .fc sources lists the entries of the built file_contexts, in the same order', () => {
    const ours = loadFcTable({ sources: [src] });
    assert.ok('table' in ours);
    const built = FcTable.fromFileContexts(readFileContexts(readFileSync(fcFile, 'utf8')).specs);
    const line = (e: { spec: { regex: string; flag?: string; context: string } }) => `${e.spec.regex}\t${e.spec.flag ?? ''}\t${e.spec.context}`;
    assert.ok(built.entries.length > 5000, `${built.entries.length} entries`);
    assert.deepEqual(ours.table.entries.map(line), built.entries.map(line));
  });

  for (const [label, load] of [
    ['fc-match --file-contexts (the built file)', () => loadFcTable({ sources: [], fileContexts: fcFile })],
    ['fc-match --policy (the .fc sources)', () => loadFcTable({ sources: [src] })],
  ] as const) {
    test(`${label} agrees with matchpathcon -f on every derived path`, (t) => {
      const loaded = load();
      assert.ok('table' in loaded);
      const counts: Record<string, { paths: number; agree: number }> = {};
      const disagreements: string[] = [];
      for (const m of MODES) {
        const expected = theirs.get(m)!;
        let agree = 0;
        for (const [p, ctx] of expected) {
          const r = matchPath(loaded.table, p, m);
          if (r.context === ctx) agree++;
          else if (disagreements.length < 20) disagreements.push(`-m ${m || 'any'} ${p}: ours ${r.context} (${r.winner?.regex}), matchpathcon ${ctx}`);
        }
        counts[m || 'any'] = { paths: expected.size, agree };
      }
      const total = Object.values(counts).reduce((n, c) => n + c.paths, 0);
      const agreed = Object.values(counts).reduce((n, c) => n + c.agree, 0);
      t.diagnostic(`${label}: ${agreed}/${total} lookups agree (${paths.length} paths; ${JSON.stringify(counts)})`);
      mkdirSync('test-results', { recursive: true });
      writeFileSync(join('test-results', `fc-agreement-${label.includes('policy') ? 'policy' : 'file'}.json`), JSON.stringify({ label, paths: paths.length, total, agreed, counts }, null, 2));
      assert.ok(paths.length > 20000, `${paths.length} paths`);
      assert.deepEqual(disagreements, []);
      assert.equal(agreed, total);
    });
  }

  test('the entries we say are never looked up match no path in libselinux (a file_contexts of that entry alone)', () => {
    const loaded = loadFcTable({ sources: [src] });
    assert.ok('table' in loaded);
    const never = analyzeEntries(new OverlapFinder(loaded.table), loaded.table.entries, { shadowing: false }).filter((a) => a.neverLookedUp);
    // Debian 2.20221101: libraries.fc's /opt/(.*/)?/RealPlayer/... and /usr/(.*/)?/{Real,Helix}Player/... lines.
    assert.deepEqual(never.map((a) => a.entry.spec.regex).sort(), ['/opt/(.*/)?/RealPlayer/.+\\.so(\\.[^/]*)*', '/usr/(.*/)?/HelixPlayer/.+\\.so(\\.[^/]*)*', '/usr/(.*/)?/RealPlayer/.+\\.so(\\.[^/]*)*']);
    for (const a of never) {
      const { regex, flag, context } = a.entry.spec;
      const one = join(dir, 'one_entry_file_contexts');
      writeFileSync(one, `${regex}\t${flag ? `${flag}\t` : ''}${context}\n`);
      const example = a.neverLookedUp!.example;
      const asks = [...new Set([example, example.replace(/\/{2,}/g, '/').replace(/(.)\/$/, '$1'), ...pathsFor([a.entry.spec])])].filter((p) => { try { lstatSync(p); return false; } catch { return true; } });
      const out = execFileSync('matchpathcon', ['-f', one, ...asks], { encoding: 'utf8' }).trim().split('\n');
      assert.equal(out.length, asks.length);
      for (const line of out) assert.match(line, /\t<<none>>$/, `${regex}: ${line}`);
      // The same paths do get a label from the whole file_contexts: they are looked up, just not by this entry.
      const whole = execFileSync('matchpathcon', ['-f', fcFile, ...asks], { encoding: 'utf8' }).trim().split('\n');
      for (const line of whole) assert.doesNotMatch(line, /<<none>>$|textrel_shlib_t/, `${regex}: ${line}`);
    }
  });

  test('the duplicates we report are exactly the ones setfiles -c rejects', () => {
    const r = spawnSync('setfiles', ['-q', '-c', join(root, 'policy.33'), fcFile], { encoding: 'utf8' });
    assert.notEqual(r.status, 0, 'Debian 2.20221101 has a duplicate: setfiles -c fails');
    const setfiles = new Set([...r.stderr.matchAll(/Multiple same specifications for (\S+)\.$|Multiple different specifications for (\S+) {2}\(/gm)].map((m) => m[1] ?? m[2]));
    const loaded = loadFcTable({ sources: [src] });
    assert.ok('table' in loaded);
    const finder = new OverlapFinder(loaded.table);
    const ours = new Set(analyzeEntries(finder, loaded.table.entries, { shadowing: false }).filter((a) => a.duplicates.length).map((a) => a.entry.spec.regex));
    assert.deepEqual([...ours].sort(), [...setfiles].sort());
    assert.ok(ours.has('/var/log/rspamd(/.*)?'), 'the spamassassin.fc duplicate');
  });
});
