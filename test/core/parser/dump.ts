// A readable, deterministic text dump of a parsed SourceFile, for golden tests.
//
// One node per line, indented by two spaces per level:
//   <Kind> <key fields> @<start>-<end> "<source text, escaped and truncated>"
// Child node lists are introduced by a label line (`body:`, `else:`, `entries:`...). Identifier sets are
// shown compactly (`source: IdList {a b -c} @4-12`), names as bare words. After the statements come
// comment ranges, prose apostrophes and finally one `error <start>-<end>: <message>` line per error.
import type {
  Arg, Call, FcEntry, IdList, Name, Range, RequireItem, SourceFile, Statement,
} from '../../../server/src/core/syntax/nodes';

const MAX_TEXT = 60;

/** Escapes text to one line and shortens it in the middle when it is long. */
export function oneLine(text: string, max = MAX_TEXT): string {
  let s = '';
  for (const ch of text) {
    if (ch === '\n') s += '\\n';
    else if (ch === '\t') s += '\\t';
    else if (ch === '\r') s += '\\r';
    else if (ch === '\\') s += '\\\\';
    else if (ch === '"') s += '\\"';
    else {
      const cp = ch.codePointAt(0)!;
      s += cp < 0x20 || cp === 0x7f ? `\\x${cp.toString(16).padStart(2, '0')}` : ch;
    }
  }
  if (s.length > max) {
    const head = Math.ceil((max - 1) / 2);
    const tail = Math.floor((max - 1) / 2);
    s = `${s.slice(0, head)}…${s.slice(s.length - tail)}`;
  }
  return `"${s}"`;
}

export function dumpTree(file: SourceFile): string {
  const d = new Dumper(file.text);
  d.line(0, `SourceFile ${file.fileKind} statements=${file.statements.length} fcEntries=${file.fcEntries.length} errors=${file.errors.length}`);
  d.statements(1, file.statements);
  for (const c of file.comments) d.line(0, `comment ${c.start}-${c.end} ${oneLine(file.text.slice(c.start, c.end))}`);
  for (const p of file.proseApostrophes) d.line(0, `prose-apostrophe ${p.start}-${p.end}`);
  for (const e of file.errors) d.line(0, `error ${e.start}-${e.end}: ${e.message}`);
  return d.out.join('\n') + '\n';
}

class Dumper {
  readonly out: string[] = [];
  constructor(private readonly text: string) {}

  line(indent: number, s: string): void {
    this.out.push('  '.repeat(indent) + s);
  }

  private at(r: Range): string {
    return `@${r.start}-${r.end}`;
  }

  private src(r: Range): string {
    return oneLine(this.text.slice(r.start, r.end));
  }

  private names(ns: readonly Name[]): string {
    return `[${ns.map((n) => n.text).join(',')}]`;
  }

  /** `{a -b c}`, `~{a}`, `*`, `a`, `<empty>`; calls are listed as children. */
  private idListText(l: IdList): string {
    let s = l.complement ? '~' : '';
    const items = l.items.map((x) => (x.negated ? '-' : '') + x.name.text);
    const callMarks = l.calls.map((c) => `${c.name.text}(…)`);
    const all = [...items, ...callMarks];
    if (l.star) s += '*';
    else if (l.braced) s += `{${all.join(' ')}}`;
    else s += all.length ? all.join(' ') : '<empty>';
    return s;
  }

  idList(indent: number, label: string, l: IdList | undefined): void {
    if (!l) return;
    this.line(indent, `${label}: IdList ${this.idListText(l)} ${this.at(l)}`);
    for (const c of l.calls) this.call(indent + 1, c);
  }

  statements(indent: number, list: readonly (Statement | RequireItem | FcEntry)[]): void {
    for (const s of list) this.statement(indent, s);
  }

  private block(indent: number, label: string, list: readonly Statement[] | undefined): void {
    if (!list) return;
    this.line(indent, `${label}: (${list.length})`);
    this.statements(indent + 1, list);
  }

  call(indent: number, c: Call): void {
    const flags: string[] = [];
    flags.push(`open=${c.open}`);
    flags.push(c.close < 0 ? 'unclosed' : `close=${c.close}`);
    if (c.semi) flags.push(`semi=${c.semi.start}`);
    if (c.doc) flags.push(`doc=${c.doc.start}-${c.doc.end}`);
    this.line(indent, `Call ${c.name.text} ${flags.join(' ')} ${this.at(c)} ${this.src(c)}`);
    c.args.forEach((a, i) => this.arg(indent + 1, i, a));
  }

  private arg(indent: number, i: number, a: Arg): void {
    const head = `Arg[${i}] ${this.at(a)} inner=${a.inner.start}-${a.inner.end} ${this.src(a.inner)}`;
    if (a.body) {
      this.line(indent, `${head} body: (${a.body.length})`);
      this.statements(indent + 1, a.body);
    } else if (a.ids) {
      this.line(indent, head);
      this.idList(indent + 1, 'ids', a.ids);
    } else if (a.words) {
      this.line(indent, `${head} words=${this.names(a.words)}`);
    } else {
      this.line(indent, `${head} raw`);
    }
  }

  statement(indent: number, s: Statement | RequireItem | FcEntry): void {
    const tail = `${this.at(s)} ${this.src(s)}`;
    switch (s.kind) {
      case 'Call':
        this.call(indent, s);
        return;
      case 'BareWord':
        this.line(indent, `BareWord ${s.name.text}${s.semi ? ' semi' : ''} ${tail}`);
        return;
      case 'TypeDecl':
        this.line(indent, `TypeDecl ${s.name?.text ?? '<none>'} aliases=${this.names(s.aliases)} attributes=${this.names(s.attributes)} ${tail}`);
        return;
      case 'SimpleDecl': {
        const extra = s.value ? ` value=${s.value.text}` : '';
        this.line(indent, `SimpleDecl ${s.keyword} ${s.name?.text ?? '<none>'}${extra} ${tail}`);
        this.idList(indent + 1, 'types', s.types);
        return;
      }
      case 'Association':
        this.line(indent, `Association ${s.keyword} ${s.subject?.text ?? '<none>'} objects=${this.names(s.objects)} ${tail}`);
        return;
      case 'AvRule': {
        const extra = s.operation ? ` operation=${s.operation.text}` : '';
        this.line(indent, `AvRule ${s.keyword}${s.colon < 0 ? ' no-colon' : ''}${extra} ${tail}`);
        this.idList(indent + 1, 'source', s.source);
        this.idList(indent + 1, 'target', s.target);
        this.idList(indent + 1, 'classes', s.classes);
        this.idList(indent + 1, 'perms', s.perms);
        if (s.xperms) this.line(indent + 1, `xperms: ${this.at(s.xperms)} ${this.src(s.xperms)}`);
        return;
      }
      case 'RoleAllow':
        this.line(indent, `RoleAllow ${tail}`);
        this.idList(indent + 1, 'from', s.from);
        this.idList(indent + 1, 'to', s.to);
        return;
      case 'TypeRule': {
        const extra = (s.result ? ` result=${s.result.text}` : '') + (s.filename ? ` filename=${this.text.slice(s.filename.start, s.filename.end)}` : '');
        this.line(indent, `TypeRule ${s.keyword}${s.colon < 0 ? ' no-colon' : ''}${extra} ${tail}`);
        this.idList(indent + 1, 'source', s.source);
        this.idList(indent + 1, 'target', s.target);
        this.idList(indent + 1, 'classes', s.classes);
        return;
      }
      case 'RoleTransition':
        this.line(indent, `RoleTransition${s.result ? ` result=${s.result.text}` : ''} ${tail}`);
        this.idList(indent + 1, 'source', s.source);
        this.idList(indent + 1, 'target', s.target);
        this.idList(indent + 1, 'classes', s.classes);
        return;
      case 'RangeTransition':
        this.line(indent, `RangeTransition${s.range ? ` range=${this.src(s.range)}` : ''} ${tail}`);
        this.idList(indent + 1, 'source', s.source);
        this.idList(indent + 1, 'target', s.target);
        this.idList(indent + 1, 'classes', s.classes);
        return;
      case 'Require':
        this.line(indent, `Require ${tail}`);
        this.statements(indent + 1, s.entries);
        return;
      case 'RequireEntry':
        this.line(indent, `RequireEntry ${s.keyword} names=${this.names(s.names)} ${tail}`);
        this.idList(indent + 1, 'perms', s.perms);
        return;
      case 'Optional':
        this.line(indent, `Optional ${tail}`);
        this.block(indent + 1, 'body', s.body);
        this.block(indent + 1, 'else', s.elseBody);
        return;
      case 'If':
        this.line(indent, `If ${tail}`);
        if (s.condition) this.line(indent + 1, `condition: names=${this.names(s.condition.names)} ${this.at(s.condition)} ${this.src(s.condition)}`);
        this.block(indent + 1, 'body', s.body);
        this.block(indent + 1, 'else', s.elseBody);
        return;
      case 'ClassDecl':
        this.line(indent, `ClassDecl ${s.keyword} ${s.name?.text ?? '<none>'}${s.inherits ? ` inherits=${s.inherits.text}` : ''} ${tail}`);
        this.idList(indent + 1, 'perms', s.perms);
        return;
      case 'Module':
        this.line(indent, `Module ${s.name?.text ?? '<none>'} version=${s.version?.text ?? '<none>'} ${tail}`);
        return;
      case 'Generic':
        this.line(indent, `Generic ${s.keyword.text} names=${this.names(s.names)} ${tail}`);
        for (const c of s.calls) this.call(indent + 1, c);
        return;
      case 'Empty':
        this.line(indent, `Empty ${tail}`);
        return;
      case 'Bad':
        this.line(indent, `Bad ${tail}`);
        return;
      case 'FcEntry': {
        const ft = s.fileType ? ` type=${s.fileType.text}` : '';
        let ctx = ' context=<none>';
        if (s.context?.kind === 'RawContext') ctx = ` context=${s.context.text}`;
        else if (s.context?.kind === 'Call') ctx = ` context=${s.context.name.text}(…)`;
        this.line(indent, `FcEntry path=${s.path.text}${ft}${ctx} ${tail}`);
        if (s.context?.kind === 'Call') this.call(indent + 1, s.context);
        return;
      }
      default: {
        const k = (s as { kind?: string }).kind;
        this.line(indent, `?${k} ${tail}`);
      }
    }
  }
}
