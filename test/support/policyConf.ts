// Reads the attribute memberships out of a policy.conf built by `make MONOLITHIC=y policy` (m4 fully
// expanded): `type t, a, b;` declarations and `typeattribute t a, b;` statements. Names inside require
// blocks (optional blocks keep them) are references, not declarations, and are skipped.

/** type → its attributes; every declared type is a key, with no attribute when it has none. */
export function policyConfMemberships(conf: string): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const entry = (type: string) => {
    let set = out.get(type);
    if (!set) out.set(type, (set = new Set()));
    return set;
  };
  const text = conf.replace(/#[^\n]*/g, '').replace(/\brequire\s*\{(?:[^{}]|\{[^{}]*\})*\}/g, ' ');
  for (const raw of text.split(';')) {
    const s = raw.replace(/\s+/g, ' ').trim();
    let m = /(?:^|[{}] ?)typeattribute ([\w.]+) (.+)$/.exec(s);
    if (m) {
      for (const a of m[2].split(/[ ,]+/)) if (a) entry(m[1]).add(a);
      continue;
    }
    m = /(?:^|[{}] ?)type ([\w.]+)(?: alias (?:\{[^}]*\}|[\w.]+))?(?:,(.+))?$/.exec(s);
    if (m) {
      const set = entry(m[1]);
      for (const a of (m[2] ?? '').split(/[ ,]+/)) if (a) set.add(a);
    }
  }
  return out;
}
