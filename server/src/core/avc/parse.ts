// SPDX-License-Identifier: MIT
// Reads AVC denials from audit logs: kernel AVC/1400 records, USER_AVC/1107 (`msg='avc: …'`), the dmesg
// and syslog prefixed forms, `ausearch -i` output and its separators, AVC_PATH records (merged into the
// AVC with the same event), and SELINUX_ERR security_compute_sid records. Lines that are not AVCs are
// skipped; AVC-looking lines that cannot be read are reported (line and reason), never thrown.
// Unlike audit2allow, a record wrapped onto the next line(s) is joined back. Pure: text in, records out.
// The rules audit2allow follows are in ../../../../../shared/reference/toolchain-semantics.md §1.

export interface AvcRecord {
  readonly kind: 'avc' | 'compute_sid';
  /** 0-based first and last line of the record (they differ for a record wrapped over lines). */
  readonly line: number;
  readonly endLine: number;
  /** The event id from `audit(TIME:SERIAL)`, when present. */
  readonly event?: string;
  /** False for `granted` records. */
  readonly denied: boolean;
  /** `permissive=1`: the access was allowed because the domain (or system) was permissive. */
  readonly permissive?: boolean;
  readonly perms: readonly string[];
  /** Full contexts, MLS/MCS level included. */
  readonly scontext: string;
  readonly tcontext: string;
  readonly tclass: string;
  /** The type fields of the contexts. */
  readonly source: string;
  readonly target: string;
  readonly comm?: string;
  readonly exe?: string;
  readonly path?: string;
  readonly name?: string;
  readonly ioctlcmd?: string;
  /** USER_AVC (a userspace object manager such as systemd or dbus). */
  readonly userspace?: boolean;
  /** SELINUX_ERR: the context the kernel could not compute (its role must be allowed the type). */
  readonly invalidContext?: string;
}

export interface Malformed {
  /** 0-based line. */
  readonly line: number;
  readonly message: string;
}

export interface AuditLog {
  readonly records: readonly AvcRecord[];
  readonly malformed: readonly Malformed[];
  readonly lines: number;
}

/** The type field of a context (user:role:type[:level]). */
function typeOf(context: string): string {
  const a = context.indexOf(':');
  const b = a < 0 ? -1 : context.indexOf(':', a + 1);
  if (b < 0) return '';
  const c = context.indexOf(':', b + 1);
  return context.slice(b + 1, c < 0 ? context.length : c);
}

/** Strips one pair of surrounding quotes (`"x"` or `'x'`). */
function unquote(v: string): string {
  const c = v.charCodeAt(0);
  if ((c === 0x22 || c === 0x27) && v.length >= 2 && v.charCodeAt(v.length - 1) === c) return v.slice(1, -1);
  return v;
}

/** The `audit(...)` event id of a line: `1700000100.018:5018`, or the ausearch -i form. */
function eventOf(line: string): string | undefined {
  const i = line.indexOf('audit(');
  if (i < 0) return undefined;
  const j = line.indexOf(')', i);
  return j < 0 ? undefined : line.slice(i + 6, j);
}

interface Fields {
  readonly map: Map<string, string>;
}

/** key=value tokens of a text (whitespace-separated; later duplicates win, as in audit2allow). */
function fields(text: string): Fields {
  const map = new Map<string, string>();
  let i = 0;
  const n = text.length;
  while (i < n) {
    while (i < n && (text.charCodeAt(i) <= 0x20)) i++;
    const start = i;
    while (i < n && text.charCodeAt(i) > 0x20) i++;
    if (i === start) break;
    const eq = text.indexOf('=', start);
    if (eq > start && eq < i) {
      const key = text.slice(start, eq);
      let value = text.slice(eq + 1, i);
      // A quoted value with spaces (cmdline="systemctl status"): read up to the closing quote.
      const q = value.charCodeAt(0);
      if ((q === 0x22) && (value.length < 2 || value.charCodeAt(value.length - 1) !== q)) {
        const close = text.indexOf('"', eq + 2);
        if (close > 0) {
          value = text.slice(eq + 1, close + 1);
          i = close + 1;
        }
      }
      map.set(key, value);
    }
  }
  return { map };
}

type Attempt = { record: Omit<AvcRecord, 'line' | 'endLine'> } | { error: string; incomplete?: boolean };

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

/**
 * The value of the last `key=` field in line[from..]: at a token start, up to the next whitespace (a
 * value in double quotes may hold spaces). Later duplicates win, as in audit2allow.
 */
function field(line: string, key: string, from: number): string | undefined {
  const needle = `${key}=`;
  let i = line.lastIndexOf(needle);
  while (i >= from && i > 0 && !isSpace(line.charCodeAt(i - 1)) && line.charCodeAt(i - 1) !== 0x27) i = line.lastIndexOf(needle, i - 1);
  if (i < from || i < 0) return undefined;
  const start = i + needle.length;
  let end = start;
  if (line.charCodeAt(start) === 0x22) {
    const close = line.indexOf('"', start + 1);
    if (close > 0) return line.slice(start + 1, close);
  }
  while (end < line.length && !isSpace(line.charCodeAt(end))) end++;
  return unquote(line.slice(start, end));
}

/** Reads one AVC from the text after `avc:`. `incomplete` means later lines might complete it. */
function readAvc(line: string, at: number): Attempt {
  const from = at + 4;
  const open = line.indexOf('{', from);
  if (open < 0) return { error: 'an AVC without a { permission } list', incomplete: line.indexOf('tclass=', from) < 0 };
  const close = line.indexOf('}', open);
  if (close < 0) return { error: "an AVC whose permission list has no closing '}'" };
  const perms = line.slice(open + 1, close).split(' ').filter((p) => p.length > 0 && p !== '\t');
  if (!perms.length) return { error: 'an AVC with an empty permission list' };
  const after = close + 1;
  const scontext = field(line, 'scontext', after);
  const tcontext = field(line, 'tcontext', after);
  let tclass = field(line, 'tclass', after);
  if (!scontext || !tcontext || !tclass) {
    const missing = [scontext ? '' : 'scontext', tcontext ? '' : 'tcontext', tclass ? '' : 'tclass'].filter(Boolean).join(', ');
    return { error: `an AVC without ${missing}`, incomplete: true };
  }
  if (tclass.endsWith("'")) tclass = tclass.slice(0, -1);
  const source = typeOf(scontext);
  const target = typeOf(tcontext);
  if (!source || !target) return { error: 'an AVC whose context is not user:role:type[:level]' };
  const verdict = line.slice(from, open).trim();
  const permissive = field(line, 'permissive', after);
  return { record: new Avc(line, after, verdict !== 'granted', perms, scontext, tcontext, tclass, source, target, permissive === undefined ? undefined : permissive.charCodeAt(0) === 0x31) };
}

/**
 * An AVC record. The fields only comments and messages use (comm, exe, name, path, ioctlcmd) are read
 * from the line when first asked for: most records never need them.
 */
class Avc {
  readonly kind = 'avc' as const;
  line = 0;
  endLine = 0;
  /** Where `avc:` is on the line. */
  avcAt = 0;
  private fields?: Map<string, string | undefined>;
  private pathOverride?: string;

  constructor(
    private readonly raw: string, private readonly after: number, readonly denied: boolean, readonly perms: readonly string[],
    readonly scontext: string, readonly tcontext: string, readonly tclass: string, readonly source: string, readonly target: string,
    readonly permissive: boolean | undefined,
  ) {}

  private get(key: string): string | undefined {
    this.fields ??= new Map();
    if (!this.fields.has(key)) this.fields.set(key, field(this.raw, key, this.after));
    return this.fields.get(key);
  }

  get event(): string | undefined { return eventOf(this.raw); }
  get userspace(): boolean | undefined {
    return this.raw.charCodeAt(this.avcAt - 1) === 0x27 || this.raw.includes('USER_AVC') || this.raw.includes('type=1107') ? true : undefined;
  }
  get comm(): string | undefined { return this.get('comm'); }
  get exe(): string | undefined { return this.get('exe'); }
  get name(): string | undefined { return this.get('name'); }
  get ioctlcmd(): string | undefined { return this.get('ioctlcmd'); }
  get path(): string | undefined { return this.pathOverride ?? this.get('path'); }
  set path(p: string | undefined) { this.pathOverride = p; }

  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const k of ['kind', 'line', 'endLine', 'event', 'denied', 'permissive', 'perms', 'scontext', 'tcontext', 'tclass', 'source', 'target', 'comm', 'exe', 'path', 'name', 'ioctlcmd', 'userspace'] as const) {
      const v = (this as unknown as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = v;
    }
    return out;
  }
}

/** `security_compute_sid:  invalid context C for scontext=S tcontext=T tclass=K`. */
function readComputeSid(line: string, at: number): Attempt {
  const rest = line.slice(at);
  const m = /invalid context (\S+) for/.exec(rest);
  const f = fields(rest).map;
  const s = f.get('scontext');
  const t = f.get('tcontext');
  const tclass = f.get('tclass');
  if (!m || !s || !t || !tclass) return { error: 'a security_compute_sid record without its contexts' };
  return {
    record: {
      kind: 'compute_sid', denied: true, perms: [], scontext: s, tcontext: t, tclass, source: typeOf(s), target: typeOf(t), invalidContext: m[1],
    },
  };
}

/** Where `avc:` starts an AVC on this line (after a space, a quote, `=` or `:`), or -1. */
function avcAt(line: string): number {
  let i = line.indexOf('avc:');
  while (i >= 0) {
    const before = i === 0 ? ' ' : line[i - 1];
    if (before === ' ' || before === "'" || before === '=' || before === ':' || before === '\t') return i;
    i = line.indexOf('avc:', i + 4);
  }
  return -1;
}

/** A line that starts a new record rather than continuing a wrapped one. */
function startsRecord(line: string): boolean {
  return /^(type=|----|time->|node=|\[|[A-Z][a-z]{2} [ \d]\d )/.test(line) || line.length === 0;
}

const MAX_WRAP = 4;

export function parseAuditLog(text: string): AuditLog {
  const records: AvcRecord[] = [];
  const malformed: Malformed[] = [];
  const paths = new Map<string, string>();
  // Line starts, and where each marker next occurs: a line becomes a string only when a marker is in it.
  const starts: number[] = [];
  for (let s0 = 0; ; ) {
    starts.push(s0);
    const nl = text.indexOf('\n', s0);
    if (nl < 0) break;
    s0 = nl + 1;
  }
  const lineCount = starts.length;
  const lineText = (i: number): string => {
    const s0 = starts[i];
    let e = i + 1 < lineCount ? starts[i + 1] - 1 : text.length;
    if (e > s0 && text.charCodeAt(e - 1) === 0x0d) e--;
    return text.slice(s0, e);
  };
  let nextAvc = text.indexOf('avc:');
  let nextSid = text.indexOf('security_compute_sid:');
  let nextPath = text.indexOf('type=AVC_PATH');
  for (let i = 0; i < lineCount; i++) {
    const s0 = starts[i];
    const e = i + 1 < lineCount ? starts[i + 1] : text.length;
    if (nextAvc >= 0 && nextAvc < s0) nextAvc = text.indexOf('avc:', s0);
    if (nextSid >= 0 && nextSid < s0) nextSid = text.indexOf('security_compute_sid:', s0);
    if (nextPath >= 0 && nextPath < s0) nextPath = text.indexOf('type=AVC_PATH', s0);
    const hasAvc = nextAvc >= 0 && nextAvc < e;
    const hasSid = nextSid >= 0 && nextSid < e;
    const hasPath = nextPath >= 0 && nextPath < e;
    if (!hasAvc && !hasSid && !hasPath) continue;
    const line = lineText(i);
    const a = hasAvc ? avcAt(line) : -1;
    if (a >= 0) {
      let joined = line;
      let last = i;
      let r = readAvc(joined, a);
      // A record wrapped onto the following line(s): join continuation lines and read it again.
      while ('error' in r && r.incomplete && last + 1 < lineCount && last - i < MAX_WRAP && !startsRecord(lineText(last + 1))) {
        last++;
        joined += ` ${lineText(last).trim()}`;
        r = readAvc(joined, a);
      }
      if ('error' in r) {
        malformed.push({ line: i, message: r.error });
        continue;
      }
      const rec = r.record as Avc;
      rec.line = i;
      rec.endLine = last;
      rec.avcAt = a;
      records.push(rec);
      i = last;
      continue;
    }
    const cs = hasSid ? line.indexOf('security_compute_sid:') : -1;
    if (cs >= 0) {
      const r = readComputeSid(line, cs);
      if ('error' in r) malformed.push({ line: i, message: r.error });
      else {
        const event = eventOf(line);
        records.push({ ...r.record, line: i, endLine: i, ...(event ? { event } : {}) });
      }
      continue;
    }
    if (hasPath) {
      const event = eventOf(line);
      const m = /path=("[^"]*"|\S+)/.exec(line);
      if (event && m) paths.set(event, unquote(m[1]));
    }
  }
  // AVC_PATH records complete the AVC of the same event.
  if (paths.size) {
    for (const r of records) if (r instanceof Avc && r.event && !r.path && paths.has(r.event)) r.path = paths.get(r.event);
  }
  return { records, malformed, lines: lineCount };
}
