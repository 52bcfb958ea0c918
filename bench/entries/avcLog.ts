// SPDX-License-Identifier: MIT
// Writes a deterministic audit log for the AVC benchmark: N lines shaped like a busy host's audit.log
// (AVC records interleaved with SYSCALL and PROCTITLE records of the same event), whose AVCs name real
// domains, types, classes and permissions of the indexed policy, so audit2allow keeps them all.
// With MODE=avc-only, every line is an AVC record (what `ausearch -m AVC` or `grep avc:` hands to
// audit2allow); with MODE=mixed, AVC, SYSCALL and PROCTITLE records alternate as in a raw audit.log.
//   node avcLog.cjs POLICY_ROOT OUT LINES MODE
import { writeFileSync } from 'node:fs';
import { PolicyIndex } from '../../server/src/core/index/policyIndex';
import { indexSources } from '../../server/src/indexer';
import { detectSource, PolicySource } from '../../server/src/policySources';

const [root, out, linesArg, mode = 'avc-only'] = process.argv.slice(2);
const total = Number(linesArg ?? '10000');
const index = new PolicyIndex();
indexSources(index, [detectSource(root) as PolicySource]);
// Types declared by modules the build includes (modules.conf), so the built policy has them all.
const types = index.names('type').map((t) => t.name).filter((t) => /^[a-z][a-z0-9_]*_t$/.test(t) && index.declarations(t).some((d) => d.kind === 'type' && index.moduleStatus(d.module) !== 'off'));
// Domains: types with an entry point type beside them (httpd_t and httpd_exec_t).
const known = new Set(types);
const domains = types.filter((t) => known.has(t.replace(/_t$/, '_exec_t')));
const classes = ['file', 'dir', 'lnk_file', 'sock_file', 'tcp_socket', 'unix_stream_socket', 'process', 'capability'].filter((c) => index.cls(c));
let seed = 42;
const rand = (n: number) => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed % n;
};
const lines: string[] = [];
let serial = 1000;
while (lines.length < total) {
  serial++;
  const ts = `1700${String(100000 + serial).padStart(6, '0')}.${String(serial % 1000).padStart(3, '0')}:${serial}`;
  const src = domains[rand(domains.length)];
  const cls = classes[rand(classes.length)];
  const tgt = cls === 'process' || cls === 'capability' ? src : types[rand(types.length)];
  const perms = [...index.cls(cls)!.perms];
  const perm = perms[rand(perms.length)];
  lines.push(`type=AVC msg=audit(${ts}): avc:  denied  { ${perm} } for  pid=${2000 + rand(5000)} comm="${src.replace(/_t$/, '')}" name="f${rand(100)}" dev="dm-0" ino=${rand(1e6)} scontext=system_u:system_r:${src}:s0 tcontext=system_u:object_r:${tgt}:s0 tclass=${cls} permissive=0`);
  if (mode !== 'mixed') continue;
  if (lines.length < total) lines.push(`type=SYSCALL msg=audit(${ts}): arch=c000003e syscall=${rand(300)} success=no exit=-13 a0=3 a1=7ffd a2=0 a3=0 items=0 ppid=1 pid=2000 auid=4294967295 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=(none) ses=4294967295 comm="x" exe="/usr/bin/x" subj=system_u:system_r:${src}:s0 key=(null)`);
  if (lines.length < total) lines.push(`type=PROCTITLE msg=audit(${ts}): proctitle=2F7573722F62696E2F78`);
}
writeFileSync(out, `${lines.join('\n')}\n`);
