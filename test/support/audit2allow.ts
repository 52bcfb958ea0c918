// What audit2allow keeps, for comparing rule sets with it (see toolchain-semantics.md §1.1–1.3):
//  - sepolgen reads each physical line on its own, by whitespace tokens: an exact `avc:` token (or
//    `msg='avc:` / `message=avc:`), a `{` token and a `}` token, no other `{` after the list, and the
//    scontext=, tcontext= and tclass= fields; SELINUX_ERR records only in their unprefixed positional form;
//  - libsepol (audit2why.analyze against the binary policy) drops AVCs whose contexts or permissions
//    the policy does not know (BADSCON, BADTCON, BADPERM); an unknown class is kept (a sepolgen bug).
import { execFileSync } from 'node:child_process';
import type { AvcRecord } from '../../server/src/core/avc/parse';

/** (source, target, class, perm) and (role, type) tuples from audit2allow's text output. */
export function audit2allowTuples(out: string): Set<string> {
  const tuples = new Set<string>();
  for (const m of out.matchAll(/^(?:allow|dontaudit) (\S+) (\S+):(\S+) (\{ ([^}]*) \}|[^\s;]+);$/gm)) {
    const target = m[2] === 'self' ? m[1] : m[2];
    const perms = m[5] !== undefined ? m[5].split(/\s+/).filter(Boolean) : [m[4]];
    for (const p of perms) tuples.add(`${m[1]} ${target} ${m[3]} ${p}`);
  }
  for (const m of out.matchAll(/^role (\S+) types (\S+);$/gm)) tuples.add(`role ${m[1]} ${m[2]}`);
  return tuples;
}

/** The same tuples from records. */
export function recordTuples(records: readonly AvcRecord[]): Set<string> {
  const tuples = new Set<string>();
  for (const r of records) {
    if (!r.denied) continue;
    if (r.kind === 'compute_sid') {
      const [, role, type] = (r.invalidContext ?? '').split(':');
      tuples.add(`role ${role} ${type}`);
    } else for (const p of r.perms) tuples.add(`${r.source} ${r.target} ${r.tclass} ${p}`);
  }
  return tuples;
}

/** Whether sepolgen's line parser reads this record (the line alone, by its token rules). */
export function sepolgenParses(r: AvcRecord, lines: readonly string[]): boolean {
  if (r.endLine !== r.line) return false; // wrapped records are lost
  const recs = lines[r.line].split(/\s+/).filter(Boolean);
  if (r.kind === 'compute_sid') {
    // Positional: recs[5] context, recs[7..9] scontext/tcontext/tclass.
    return recs[2] === 'security_compute_sid:' && recs[3] === 'invalid' && !!recs[5] && !!recs[7]?.startsWith('scontext=') && !!recs[9]?.startsWith('tclass=');
  }
  const at = recs.findIndex((t) => t === 'avc:' || t === "msg='avc:" || t === 'message=avc:');
  if (at < 0) return false;
  const open = recs.indexOf('{', at);
  const close = recs.indexOf('}', open + 1);
  if (open < 0 || close < 0 || close === open + 1) return false;
  if (recs.indexOf('{', close + 1) >= 0) return false;
  const kv = recs.slice(close + 1).filter((t) => t.split('=').length === 2);
  const has = (k: string) => kv.some((t) => t.startsWith(`${k}=`));
  return has('scontext') && has('tcontext') && has('tclass');
}

/** audit2why.analyze codes for each (scontext, tcontext, tclass, perms), from the real libselinux. */
export function audit2whyCodes(policy: string, records: readonly AvcRecord[]): Map<AvcRecord, number> {
  const avcs = records.filter((r) => r.kind === 'avc' && r.denied);
  const input = avcs.map((r) => [r.scontext, r.tcontext, r.tclass, r.perms]);
  const script = [
    'import json, sys',
    'import selinux.audit2why as a',
    'a.init(sys.argv[1])',
    'out = []',
    'for s, t, c, p in json.load(sys.stdin):',
    '    try:',
    '        out.append(a.analyze(s, t, c, p)[0])',
    '    except Exception:',
    '        out.append(-99)',
    'print(json.dumps(out))',
  ].join('\n');
  const res = execFileSync('/usr/bin/python3', ['-Es', '-c', script, policy], { input: JSON.stringify(input), encoding: 'utf8', stdio: ['pipe', 'pipe', 'ignore'], maxBuffer: 1 << 26 });
  const codes = JSON.parse(res) as number[];
  return new Map(avcs.map((r, i) => [r, codes[i]]));
}

/** The codes audit2allow drops an AVC for: invalid source or target context, unknown permission. */
export const DROPPED_CODES = new Set([-2, -3, -5, -99]);
