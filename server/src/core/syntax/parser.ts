// SPDX-License-Identifier: MIT
// The error-tolerant parser for reference-policy sources (.te, .if, .spt, .fc and the kernel policy files).
//
// Two layers in one pass: m4 macro calls are found the way m4 finds them (a word immediately followed by
// `(`, arguments split at unquoted commas with `()` nesting), and the text between them is parsed as
// policy statements. Quotes are transparent to statements: `allow a b:c d;` means the same inside an
// interface body's quotes as outside. The parser never throws and always covers the whole input.

import { Flag, scan, TokenKind, Tokens } from './scanner';
import { ArgShape, argShape, LINE_STATEMENTS, STATEMENT_KEYWORDS } from './macros';
import type {
  Arg, AvKeyword, BareWord, Call, Condition, FcEntry, FileKind, IdItem, IdList, Name, Range, RequireEntry,
  RequireItem, RequireKeyword, SimpleDeclKeyword, SourceFile, Statement, SyntaxError,
} from './nodes';

export function fileKindOf(path: string): FileKind {
  if (/\.fc(\.in)?$/.test(path) || /(^|\/)file_contexts[^/]*$/.test(path)) return 'fc';
  if (/\.if(\.in)?$/.test(path)) return 'if';
  if (/\.spt$/.test(path)) return 'spt';
  return 'te';
}

export function parse(text: string, fileKind: FileKind = 'te'): SourceFile {
  const p = new Parser(text, fileKind);
  return p.parseFile();
}

/**
 * Parses like parse(), but hands each top-level statement to `each` as soon as it is parsed instead of
 * keeping it: the returned SourceFile has no `statements` (its other fields are complete). Reading a
 * large file for the index then holds one statement's tree at a time, not the whole file's.
 */
export function parseEach(text: string, fileKind: FileKind, each: (statement: Statement) => void): SourceFile {
  const p = new Parser(text, fileKind, each);
  return p.parseFile();
}

/** Deepest nesting of macro calls and blocks that is analysed (real policy nests fewer than 10). */
export const MAX_DEPTH = 100;

const AV_KEYWORDS = new Set(['allow', 'auditallow', 'dontaudit', 'neverallow', 'allowxperm', 'auditallowxperm', 'dontauditxperm', 'neverallowxperm']);
const REQUIRE_KEYWORDS = new Set(['type', 'attribute', 'attribute_role', 'role', 'bool', 'class', 'user', 'sensitivity', 'category', 'typeattribute']);

class Parser {
  private readonly tk: Tokens;
  private readonly errors: SyntaxError[] = [];
  private readonly fcEntries: FcEntry[] = [];
  private readonly comments: Range[] = [];
  private readonly proseApostrophes: Range[] = [];
  private readonly fc: boolean;
  /** Cursor and exclusive limit into toks. */
  private pos = 0;
  private limit: number;
  private lastErrorAt = -1;
  /** Current nesting of calls and blocks (bounded by MAX_DEPTH). */
  private depth = 0;
  /** semis[i]: how many `;` tokens come before token i (to test a range for `;` in O(1)). */
  private readonly semis: Int32Array;

  constructor(private readonly text: string, private readonly fileKind: FileKind, private readonly each?: (statement: Statement) => void) {
    this.fc = fileKind === 'fc';
    this.tk = scan(text, { fc: this.fc });
    this.limit = this.tk.count;
    this.semis = new Int32Array(this.tk.count + 1);
    let semis = 0;
    for (let k = 0; k < this.tk.count; k++) {
      const t = k;
      this.semis[k] = semis;
      if (this.K(t) === TokenKind.Punct && this.E(t) - this.S(t) === 1 && text.charCodeAt(this.S(t)) === 59) semis++;
      if (this.K(t) === TokenKind.Comment || this.K(t) === TokenKind.Dnl) this.comments.push({ start: this.S(t), end: this.E(t) });
      else if (this.PROSE(t)) this.proseApostrophes.push({ start: this.S(t), end: this.E(t) });
    }
    this.semis[this.tk.count] = semis;
  }

  parseFile(): SourceFile {
    const statements = this.parseStatements(0, this.tk.count, 0);
    this.checkQuotesClosed();
    return {
      kind: 'SourceFile',
      fileKind: this.fileKind,
      text: this.text,
      statements,
      fcEntries: this.fcEntries,
      errors: this.errors,
      comments: this.comments,
      proseApostrophes: this.proseApostrophes,
    };
  }

  /** m4 fails with "end of file in string" when a quote is never closed: report the outermost open one. */
  private checkQuotesClosed(): void {
    const open: number[] = [];
    for (let i = 0; i < this.tk.count; i++) {
      const k = this.K(i);
      if (k === TokenKind.OpenQuote) open.push(i);
      else if (k === TokenKind.CloseQuote) open.pop();
    }
    if (open.length) this.error(this.S(open[0]), this.E(open[0]), 'This m4 quote is never closed: m4 stops with "end of file in string"');
  }

  // ---- token helpers -------------------------------------------------------------------------------
  // Tokens are indices into the scanner's parallel arrays; -1 means "no token".

  private K(i: number): TokenKind {
    return this.tk.kind[i];
  }
  private S(i: number): number {
    return this.tk.start[i];
  }
  private E(i: number): number {
    return this.tk.end[i];
  }
  private D(i: number): number {
    return this.tk.depth[i];
  }
  private NL(i: number): boolean {
    return (this.tk.flags[i] & Flag.NL) !== 0;
  }
  private DOC(i: number): boolean {
    return (this.tk.flags[i] & Flag.DOC) !== 0;
  }
  private PROSE(i: number): boolean {
    return (this.tk.flags[i] & Flag.PROSE) !== 0;
  }

  private error(start: number, end: number, message: string): void {
    // Report at most one error per position.
    if (start === this.lastErrorAt) return;
    this.lastErrorAt = start;
    this.errors.push({ start, end: Math.max(end, start), message });
  }

  private isTrivia(t: number): boolean {
    return this.K(t) === TokenKind.OpenQuote || this.K(t) === TokenKind.CloseQuote || this.K(t) === TokenKind.Comment || this.K(t) === TokenKind.Dnl;
  }

  /** Index of the next significant token at or after pos, or -1. */
  private peekIndex(): number {
    let i = this.pos;
    while (i < this.limit && this.isTrivia(i)) i++;
    return i < this.limit ? i : -1;
  }

  private peek(): number {
    return this.peekIndex();
  }

  private txt(t: number): string {
    return this.text.slice(this.S(t), this.E(t));
  }

  private isPunct(t: number, p: string): boolean {
    if (t < 0 || this.K(t) !== TokenKind.Punct || this.E(t) - this.S(t) !== p.length) return false;
    return p.length === 1 ? this.text.charCodeAt(this.S(t)) === p.charCodeAt(0) : this.text.startsWith(p, this.S(t));
  }

  private isWord(t: number, w?: string): boolean {
    return t >= 0 && this.K(t) === TokenKind.Word && (w === undefined || (this.E(t) - this.S(t) === w.length && this.text.startsWith(w, this.S(t))));
  }

  /** Consumes the next significant token. */
  private next(): number {
    const i = this.peekIndex();
    if (i < 0) {
      this.pos = this.limit;
      return -1;
    }
    this.pos = i + 1;
    return i;
  }

  private acceptPunct(p: string): number {
    const t = this.peek();
    if (this.isPunct(t, p)) return this.next();
    return -1;
  }

  private name(t: number): Name {
    return { kind: 'Name', start: this.S(t), end: this.E(t), text: this.txt(t) };
  }

  /** End offset of the last consumed token (or the start of the next one). */
  private lastEnd(fallback: number): number {
    return this.pos > 0 && this.pos - 1 < this.tk.count ? Math.max(fallback, this.E(this.pos - 1)) : fallback;
  }

  private endOfInput(): number {
    return this.limit > 0 && this.limit <= this.tk.count ? this.E(this.limit - 1) : this.text.length;
  }

  /** Whether token i is a word immediately followed by `(`: an m4 macro call. */
  private isCallAt(i: number): boolean {
    const t = i;
    if (this.K(t) !== TokenKind.Word || i + 1 >= this.limit) return false;
    const n = i + 1;
    return this.S(n) === this.E(t) && this.isPunct(n, '(') && !STATEMENT_KEYWORDS.has(this.txt(t));
  }

  // ---- statements ----------------------------------------------------------------------------------

  /** Parses statements in toks[from, to). Restores the cursor afterwards. */
  private parseStatements(from: number, to: number, nesting: number): Statement[] {
    const savePos = this.pos, saveLimit = this.limit;
    this.pos = from;
    this.limit = to;
    const out: Statement[] = [];
    for (;;) {
      const i = this.peekIndex();
      if (i < 0) break;
      const before = this.pos;
      const st = this.fc ? this.parseFcStatement(i, nesting) : this.parseStatement(i, nesting);
      if (st) {
        if (nesting === 0 && this.each) this.each(st);
        else out.push(st);
      }
      if (this.pos <= before) this.pos = i + 1; // always make progress
    }
    this.pos = savePos;
    this.limit = saveLimit;
    return out;
  }

  /**
   * The `##` documentation block immediately before token i. Plain `#` lines may sit inside it
   * (`####...` rulers, a closing `#`), but a blank line ends it: segenxml gives a block separated by a
   * blank line (the file's header) to the module, not to the next interface.
   */
  private docBefore(i: number): Range | undefined {
    let start = -1, end = -1;
    let after = i;
    for (let j = i - 1; j >= 0; j--) {
      const k = this.K(j);
      if (k !== TokenKind.Comment && k !== TokenKind.OpenQuote && k !== TokenKind.CloseQuote) break;
      if (this.blankLineBetween(this.E(j), this.S(after))) break;
      after = j;
      if (k === TokenKind.Comment && this.DOC(j)) {
        if (end < 0) end = this.E(j);
        start = this.S(j);
      }
    }
    return start >= 0 ? { start, end } : undefined;
  }

  private blankLineBetween(from: number, to: number): boolean {
    let newlines = 0;
    for (let k = from; k < to; k++) {
      const c = this.text.charCodeAt(k);
      if (c === 10) {
        if (++newlines >= 2) return true;
      } else if (c !== 32 && c !== 9 && c !== 13) newlines = 0;
    }
    return false;
  }

  private parseStatement(i: number, nesting: number): Statement | undefined {
    const t = i;
    if (this.K(t) === TokenKind.Word) {
      if (this.isCallAt(i)) return this.parseCallStatement(i, nesting);
      const w = this.txt(t);
      if (STATEMENT_KEYWORDS.has(w)) return this.parseKeywordStatement(i, w, nesting);
      this.pos = i + 1;
      const semi = this.acceptPunct(';');
      const bw: BareWord = { kind: 'BareWord', start: this.S(t), end: semi >= 0 ? this.E(semi) : this.E(t), name: this.name(t), semi: semi >= 0 ? { start: this.S(semi), end: this.E(semi) } : undefined };
      return bw;
    }
    if (this.isPunct(t, ';')) {
      this.pos = i + 1;
      return { kind: 'Empty', start: this.S(t), end: this.E(t) };
    }
    this.pos = i + 1;
    if (this.K(t) === TokenKind.StrayQuote) {
      this.error(this.S(t), this.E(t), "Unmatched closing quote ': m4 copies it through and checkmodule will reject it");
    } else if (this.isPunct(t, '}')) {
      this.error(this.S(t), this.E(t), "Unexpected '}'");
    } else {
      // A run of stray tokens on one line is one error, not one per token (pasted shell output, a ruler
      // of dashes). The run stops where structure or a statement may start again: a new line, a quote,
      // a comment, a brace, a keyword or a call; a ';' ends it.
      let last = t;
      for (let k = t + 1; k < this.tk.count; k++) {
        if (this.NL(k) || this.isTrivia(k) || this.K(k) === TokenKind.StrayQuote || this.isPunct(k, '{') || this.isPunct(k, '}')) break;
        if (this.K(k) === TokenKind.Word && (STATEMENT_KEYWORDS.has(this.txt(k)) || this.isCallAt(k))) break;
        last = k;
        if (this.isPunct(k, ';')) break;
      }
      this.pos = last + 1;
      const run = this.text.slice(this.S(t), this.E(last));
      let message = `Unexpected '${run.length > 40 ? `${run.slice(0, 40)}…` : run}'`;
      // `gen_require (` / `foo_pattern (a_t)`: m4 calls a macro only when '(' follows its name directly.
      const prev = t - 1;
      if (this.isPunct(t, '(') && prev >= 0 && this.K(prev) === TokenKind.Word && /^[ \t]+$/.test(this.text.slice(this.E(prev), this.S(t)))) {
        message += `: m4 calls ${this.txt(prev)} only when '(' follows the name directly; remove the space before '('`;
      }
      this.error(this.S(t), this.E(last), message);
      return { kind: 'Bad', start: this.S(t), end: this.E(last) };
    }
    return { kind: 'Bad', start: this.S(t), end: this.E(t) };
  }

  private parseCallStatement(i: number, nesting: number): Call {
    const call = this.parseCall(i, nesting);
    const semi = this.acceptPunct(';');
    const doc = this.docBefore(i);
    if (semi < 0 && !doc) return call;
    return {
      kind: 'Call', start: call.start, end: semi >= 0 ? this.E(semi) : call.end, name: call.name, args: call.args, open: call.open, close: call.close,
      semi: semi >= 0 ? { start: this.S(semi), end: this.E(semi) } : undefined, doc,
    };
  }

  /** Parses a macro call whose name is toks[i] and whose `(` is toks[i+1]. Leaves pos after `)`. */
  private parseCall(i: number, nesting: number): Call {
    const nameTok = i;
    const open = i + 1;
    const name = this.txt(nameTok);
    const commas: number[] = [];
    const closeIdx = this.callClose(i, commas);
    const ranges: Array<[number, number]> = [];
    let argStart = i + 2;
    for (const c of commas) {
      ranges.push([argStart, c]);
      argStart = c + 1;
    }
    const end = closeIdx >= 0 ? closeIdx : this.limit;
    // An empty argument list `foo()` has one empty argument in m4; keep it as such.
    ranges.push([argStart, end]);
    // Beyond MAX_DEPTH nested calls and blocks, arguments are kept as text: the tree stays complete and
    // the parser's stack stays bounded whatever the input.
    const tooDeep = this.depth >= MAX_DEPTH;
    if (tooDeep) this.error(this.S(nameTok), this.E(open), `Nesting deeper than ${MAX_DEPTH} levels: the inside is not analysed`);
    this.depth++;
    const args: Arg[] = ranges.map(([a, b], idx) => this.parseArg(tooDeep ? 'errprint' : name, idx, ranges.length, a, b, nesting, idx === 0 ? this.E(open) : this.E(a - 1), b < this.tk.count ? this.S(b) : this.endOfInput()));
    this.depth--;
    if (closeIdx < 0) {
      // A '#' in unquoted arguments starts an m4 comment that hides the rest of its line, ')' included
      // (`policy_module(foo, #VERSION#)`, a placeholder a build script was meant to replace).
      let hint = '';
      for (let j = open + 1; j < this.limit && !this.NL(j); j++) {
        if (this.K(j) === TokenKind.Comment && this.D(j) === this.D(open)) {
          hint = `: the '#' on this line starts an m4 comment that hides the rest of the line, ')' included`;
          break;
        }
      }
      this.error(this.S(nameTok), this.E(open), `Unclosed call to ${name}(: missing ')'${hint}`);
      this.pos = this.limit;
    } else {
      this.pos = closeIdx + 1;
    }
    const close = closeIdx >= 0 ? this.E(closeIdx) : -1;
    return {
      kind: 'Call',
      start: this.S(nameTok),
      end: close >= 0 ? close : this.endOfInput(),
      name: this.name(nameTok),
      args,
      open: this.S(open),
      close,
    };
  }

  private parseArg(macro: string, index: number, count: number, from: number, to: number, nesting: number, rawStart: number, rawEnd: number): Arg {
    // The inner range: the text without one level of surrounding quotes, as m4 passes it.
    let a = from;
    const b = to;
    while (a < b && (this.K(a) === TokenKind.Comment || this.K(a) === TokenKind.Dnl)) a++;
    let innerStart = a < b ? this.S(a) : rawEnd;
    let innerEnd = b > a ? this.E(b - 1) : innerStart;
    if (a < b && this.K(a) === TokenKind.OpenQuote && this.K(b - 1) === TokenKind.CloseQuote && this.D(b - 1) === this.D(a) + 1) {
      innerStart = this.E(a);
      innerEnd = this.S(b - 1);
    }
    const inner = { start: innerStart, end: Math.max(innerStart, innerEnd) };
    const arg = (extra?: { body?: Statement[]; ids?: IdList; words?: Name[] }): Arg => ({
      kind: 'Arg', start: rawStart, end: rawEnd, inner,
      body: extra?.body, ids: extra?.ids, words: extra?.words,
    });
    let shape = argShape(macro, index, count);
    if (shape === ArgShape.Raw) return arg();
    if (shape === ArgShape.SoftBlock) shape = this.looksLikeStatements(from, to, true) ? ArgShape.Block : ArgShape.Words;
    else if (shape === ArgShape.Auto) shape = this.looksLikeStatements(from, to, true) ? ArgShape.Block : ArgShape.Ids;
    else if (shape === ArgShape.Ids && this.looksLikeStatements(from, to, false)) shape = ArgShape.Block;
    switch (shape) {
      case ArgShape.Block:
        return arg({ body: this.parseStatements(from, to, nesting + 1) });
      case ArgShape.Require: {
        const entries = this.withRange(from, to, () => this.parseRequireItems(() => this.peekIndex() < 0));
        return arg({ body: [{ kind: 'Require', start: inner.start, end: inner.end, entries }] });
      }
      case ArgShape.Words:
        return arg({ words: this.wordsIn(from, to) });
      case ArgShape.Ids: {
        const ids = this.withRange(from, to, () => {
          if (this.peekIndex() < 0) return undefined;
          const l = this.parseIdList(false);
          return this.peekIndex() < 0 ? l : undefined;
        });
        return ids ? arg({ ids }) : arg({ words: this.wordsIn(from, to) });
      }
      default:
        return arg();
    }
  }

  private withRange<T>(from: number, to: number, fn: () => T): T {
    const savePos = this.pos, saveLimit = this.limit;
    this.pos = from;
    this.limit = to;
    try {
      return fn();
    } finally {
      this.pos = savePos;
      this.limit = saveLimit;
    }
  }

  private wordsIn(from: number, to: number): Name[] {
    const out: Name[] = [];
    for (let k = from; k < to; k++) if (this.K(k) === TokenKind.Word) out.push(this.name(k));
    return out;
  }

  /**
   * Whether an argument holds statements: it has a `;` at its own level, or (when `byStart`) it starts
   * with a statement keyword or a macro call. Other text is an expression or an m4 fragment.
   */
  private looksLikeStatements(from: number, to: number, byStart: boolean): boolean {
    if (this.semis[to] - this.semis[from] > 0) return true;
    if (!byStart) return false;
    let first = from;
    while (first < to && this.isTrivia(first)) first++;
    if (first >= to) return false;
    const t = first;
    if (this.K(t) === TokenKind.Path) return true;
    if (this.K(t) !== TokenKind.Word) return false;
    return STATEMENT_KEYWORDS.has(this.txt(t)) || this.isCallAt(first);
  }

  private parseKeywordStatement(i: number, kw: string, nesting: number): Statement {
    const t = i;
    this.pos = i + 1;
    switch (kw) {
      case 'type':
        return this.parseTypeDecl(t);
      case 'attribute':
      case 'attribute_role':
      case 'permissive':
      case 'user':
      case 'sensitivity':
      case 'category':
        if (kw === 'user' || kw === 'sensitivity' || kw === 'category') return this.parseGeneric(t, kw);
        return this.parseSimpleDecl(t, kw);
      case 'role':
        return this.parseRoleDecl(t);
      case 'bool':
        return this.parseBoolDecl(t);
      case 'typeattribute':
      case 'roleattribute':
      case 'typealias':
      case 'typebounds':
        return this.parseAssociation(t, kw);
      case 'type_transition':
      case 'type_change':
      case 'type_member':
        return this.parseTypeRule(t, kw);
      case 'role_transition':
        return this.parseRoleTransition(t);
      case 'range_transition':
        return this.parseRangeTransition(t);
      case 'require':
        return this.parseRequireBlock(t);
      case 'optional':
        return this.parseOptional(t, nesting);
      case 'if':
        return this.parseIf(t, nesting);
      case 'class':
      case 'common':
        return this.parseClassDecl(t, kw);
      case 'module':
        return this.parseModule(t);
      default:
        if (AV_KEYWORDS.has(kw)) return this.parseAvRule(t, kw as AvKeyword);
        return this.parseGeneric(t, kw);
    }
  }

  /** Expects `;`. On failure records an error and skips to a plausible statement boundary. */
  private expectSemi(stmtStart: number): number {
    const s = this.acceptPunct(';');
    if (s >= 0) return this.E(s);
    const n = this.peek();
    const at = this.lastEnd(stmtStart);
    if (n < 0) {
      this.error(at, at, "Missing ';'");
      return at;
    }
    if (this.NL(n) || this.isPunct(n, '}') || this.K(n) === TokenKind.StrayQuote) {
      this.error(at, at, "Missing ';'");
      return at;
    }
    this.error(this.S(n), this.E(n), `Expected ';' but found '${this.txt(n)}'`);
    return this.recover(at);
  }

  /** Skips to just after the next `;` at brace level 0, stopping before a `}` or a new statement line. */
  private recover(fallback: number): number {
    let depth = 0;
    let end = fallback;
    for (;;) {
      const i = this.peekIndex();
      if (i < 0) return end;
      const t = i;
      if (depth === 0 && this.NL(t) && this.K(t) === TokenKind.Word && (STATEMENT_KEYWORDS.has(this.txt(t)) || this.isCallAt(i))) return end;
      if (this.isPunct(t, '{')) depth++;
      else if (this.isPunct(t, '}')) {
        if (depth === 0) return end;
        depth--;
      }
      this.pos = i + 1;
      end = this.E(t);
      if (depth === 0 && this.isPunct(t, ';')) return end;
    }
  }

  private expectName(what: string): Name | undefined {
    const t = this.peek();
    if (t >= 0 && this.K(t) === TokenKind.Word && !this.isCallAt(this.peekIndex())) {
      this.next();
      return this.name(t);
    }
    if (t >= 0 && this.K(t) === TokenKind.Word) {
      // A macro that expands to a name (`$1_t` style text built by m4): accept the call.
      const c = this.parseCall(this.peekIndex(), 0);
      return { kind: 'Name', start: c.start, end: c.end, text: this.text.slice(c.start, c.end) };
    }
    const at = t >= 0 ? this.S(t) : this.lastEnd(0);
    this.error(at, t >= 0 ? this.E(t) : at, `Expected ${what}${t >= 0 ? ` but found '${this.txt(t)}'` : ''}`);
    return undefined;
  }

  private commaNames(): Name[] {
    const out: Name[] = [];
    for (;;) {
      const t = this.peek();
      if (t < 0 || this.K(t) !== TokenKind.Word) break;
      const nm = this.expectName('a name');
      if (nm) out.push(nm);
      if (this.acceptPunct(',') < 0) break;
    }
    return out;
  }

  private parseTypeDecl(kw: number): Statement {
    const name = this.expectName('a type name');
    let aliases: Name[] = [];
    let attributes: Name[] = [];
    if (name && this.isWord(this.peek(), 'alias')) {
      this.next();
      const l = this.parseIdList(false);
      aliases = l.items.map((x) => x.name);
    }
    if (name && this.acceptPunct(',') >= 0) attributes = this.commaNames();
    const end = this.expectSemi(this.S(kw));
    return { kind: 'TypeDecl', start: this.S(kw), end, name, aliases, attributes };
  }

  private parseSimpleDecl(kw: number, keyword: SimpleDeclKeyword): Statement {
    const name = this.expectName(`a name after ${keyword}`);
    const end = this.expectSemi(this.S(kw));
    return { kind: 'SimpleDecl', start: this.S(kw), end, keyword, name };
  }

  private parseRoleDecl(kw: number): Statement {
    const name = this.expectName('a role name');
    let types: IdList | undefined;
    if (name && this.isWord(this.peek(), 'types')) {
      this.next();
      types = this.parseIdList(true);
    }
    if (name && !types && this.acceptPunct(',') >= 0) this.commaNames();
    const end = this.expectSemi(this.S(kw));
    return { kind: 'SimpleDecl', start: this.S(kw), end, keyword: 'role', name, types };
  }

  private parseBoolDecl(kw: number): Statement {
    const name = this.expectName('a boolean name');
    // A name built by an m4 call (`bool regexp(...);` in support macros) is m4 text we cannot check.
    const generated = !!name && this.text.charCodeAt(name.end - 1) === 41;
    const value = name && !(generated && this.isPunct(this.peek(), ';')) ? this.expectName('true or false') : undefined;
    const end = this.expectSemi(this.S(kw));
    return { kind: 'SimpleDecl', start: this.S(kw), end, keyword: 'bool', name, value };
  }

  private parseAssociation(kw: number, keyword: 'typeattribute' | 'roleattribute' | 'typealias' | 'typebounds'): Statement {
    const subject = this.expectName('a name');
    let objects: Name[] = [];
    if (subject) {
      if (keyword === 'typealias') {
        if (this.isWord(this.peek(), 'alias')) this.next();
        else this.error(this.lastEnd(this.S(kw)), this.lastEnd(this.S(kw)), "Expected 'alias'");
        objects = this.parseIdList(true).items.map((x) => x.name);
      } else if (keyword === 'typeattribute' || keyword === 'roleattribute') {
        const p = this.peek();
        if (this.isPunct(p, '{')) objects = this.parseIdList(true).items.map((x) => x.name);
        else objects = this.commaNames();
        if (!objects.length) this.error(this.lastEnd(this.S(kw)), this.lastEnd(this.S(kw)), 'Expected an attribute name');
      } else {
        objects = this.commaNames();
      }
    }
    const end = this.expectSemi(this.S(kw));
    return { kind: 'Association', start: this.S(kw), end, keyword, subject, objects };
  }

  /** Parses `S T:C` shared by AV and type rules. */
  private parseTarget(): { source?: IdList; target?: IdList; colon: number; classes?: IdList } {
    const source = this.parseIdList(true);
    const target = this.parseIdList(true);
    const colon = this.acceptPunct(':');
    if (colon < 0) {
      const n = this.peek();
      const at = n >= 0 ? this.S(n) : this.lastEnd(0);
      this.error(at, n >= 0 ? this.E(n) : at, `Expected ':' before the object class${n >= 0 ? ` but found '${this.txt(n)}'` : ''}`);
      return { source, target, colon: -1 };
    }
    const classes = this.parseIdList(true);
    return { source, target, colon: this.S(colon), classes };
  }

  private parseAvRule(kw: number, keyword: AvKeyword): Statement {
    const source = this.parseIdList(true);
    const target = this.parseIdList(true);
    if (keyword === 'allow' && this.isPunct(this.peek(), ';')) {
      const s = this.next();
      return { kind: 'RoleAllow', start: this.S(kw), end: this.E(s), from: source, to: target };
    }
    const colon = this.acceptPunct(':');
    if (colon < 0) {
      const n = this.peek();
      const at = n >= 0 ? this.S(n) : this.lastEnd(this.S(kw));
      this.error(at, n >= 0 ? this.E(n) : at, `Expected ':' before the object class${n >= 0 ? ` but found '${this.txt(n)}'` : ''}`);
      const end = this.recover(this.lastEnd(this.S(kw)));
      return { kind: 'AvRule', start: this.S(kw), end, keyword, source, target, colon: -1 };
    }
    const classes = this.parseIdList(true);
    if (keyword.endsWith('xperm')) {
      const op = this.expectName('an extended permission operation (ioctl)');
      const xs = this.peek();
      const xStart = xs >= 0 ? this.S(xs) : this.lastEnd(this.S(kw));
      // Extended permissions: numbers, ranges and sets up to the `;`.
      let depth = 0;
      let xEnd = xStart;
      for (;;) {
        const n = this.peek();
        if (n < 0 || (depth === 0 && this.isPunct(n, ';'))) break;
        if (this.isPunct(n, '{')) depth++;
        if (this.isPunct(n, '}')) {
          if (depth === 0) break;
          depth--;
        }
        this.next();
        xEnd = this.E(n);
      }
      const end = this.expectSemi(this.S(kw));
      return { kind: 'AvRule', start: this.S(kw), end, keyword, source, target, colon: this.S(colon), classes, operation: op, xperms: { start: xStart, end: xEnd } };
    }
    const perms = this.parseIdList(true);
    const end = this.expectSemi(this.S(kw));
    return { kind: 'AvRule', start: this.S(kw), end, keyword, source, target, colon: this.S(colon), classes, perms };
  }

  private parseTypeRule(kw: number, keyword: 'type_transition' | 'type_change' | 'type_member'): Statement {
    const { source, target, colon, classes } = this.parseTarget();
    let result: Name | undefined;
    let filename: Range | undefined;
    if (colon >= 0) {
      result = this.expectName('the new type');
      const f = this.peek();
      if (f >= 0 && (this.K(f) === TokenKind.String || (this.K(f) === TokenKind.Word && !this.isPunct(f, ';')))) {
        this.next();
        filename = { start: this.S(f), end: this.E(f) };
      }
    }
    const end = colon >= 0 ? this.expectSemi(this.S(kw)) : this.recover(this.lastEnd(this.S(kw)));
    return { kind: 'TypeRule', start: this.S(kw), end, keyword, source, target, colon, classes, result, filename };
  }

  private parseRoleTransition(kw: number): Statement {
    const source = this.parseIdList(true);
    const target = this.parseIdList(true);
    let classes: IdList | undefined;
    if (this.acceptPunct(':') >= 0) classes = this.parseIdList(true);
    const result = this.expectName('the new role');
    const end = this.expectSemi(this.S(kw));
    return { kind: 'RoleTransition', start: this.S(kw), end, source, target, classes, result };
  }

  private parseRangeTransition(kw: number): Statement {
    const source = this.parseIdList(true);
    const target = this.parseIdList(true);
    let classes: IdList | undefined;
    if (this.acceptPunct(':') >= 0) classes = this.parseIdList(true);
    const rs = this.peek();
    const rStart = rs >= 0 ? this.S(rs) : this.lastEnd(this.S(kw));
    let rEnd = rStart;
    for (;;) {
      const n = this.peek();
      if (n < 0 || this.isPunct(n, ';') || (this.NL(n) && this.K(n) === TokenKind.Word && STATEMENT_KEYWORDS.has(this.txt(n)))) break;
      if (this.isCallAt(this.peekIndex())) {
        const c = this.parseCall(this.peekIndex(), 0);
        rEnd = c.end;
        continue;
      }
      this.next();
      rEnd = this.E(n);
    }
    if (rEnd === rStart) this.error(rStart, rStart, 'Expected an MLS range');
    const end = this.expectSemi(this.S(kw));
    return { kind: 'RangeTransition', start: this.S(kw), end, source, target, classes, range: { start: rStart, end: rEnd } };
  }

  private parseClassDecl(kw: number, keyword: 'class' | 'common'): Statement {
    const name = this.expectName('a class name');
    let inherits: Name | undefined;
    let perms: IdList | undefined;
    if (name && this.isWord(this.peek(), 'inherits')) {
      this.next();
      inherits = this.expectName('a common name');
    }
    const p = this.peek();
    if (name && (this.isPunct(p, '{') || (p >= 0 && this.K(p) === TokenKind.Word && !this.NL(p) && !this.isCallAt(this.peekIndex())))) perms = this.parseIdList(true);
    let end = this.lastEnd(this.E(kw));
    const semi = this.acceptPunct(';');
    if (semi >= 0) end = this.E(semi);
    return { kind: 'ClassDecl', start: this.S(kw), end, keyword, name, inherits, perms };
  }

  private parseModule(kw: number): Statement {
    const name = this.expectName('a module name');
    let version: Name | undefined;
    const v = this.peek();
    if (v >= 0 && this.K(v) === TokenKind.Word) {
      if (this.isCallAt(this.peekIndex())) {
        const c = this.parseCall(this.peekIndex(), 0);
        version = { kind: 'Name', start: c.start, end: c.end, text: this.text.slice(c.start, c.end) };
      } else {
        this.next();
        version = this.name(v);
      }
    } else if (name) {
      this.error(this.lastEnd(this.S(kw)), this.lastEnd(this.S(kw)), 'Expected a module version');
    }
    const end = this.expectSemi(this.S(kw));
    return { kind: 'Module', start: this.S(kw), end, name, version };
  }

  /** Statements whose structure the features do not need: consume to `;` (or the end of the line). */
  private parseGeneric(kw: number, keyword: string): Statement {
    const lineBased = LINE_STATEMENTS.has(keyword);
    const names: Name[] = [];
    const calls: Call[] = [];
    let depth = 0;
    let end = this.E(kw);
    for (;;) {
      const i = this.peekIndex();
      if (i < 0) break;
      const t = i;
      if (lineBased && depth === 0 && this.NL(t)) break;
      if (depth === 0 && this.isPunct(t, ';')) {
        this.pos = i + 1;
        end = this.E(t);
        break;
      }
      if (depth === 0 && this.isPunct(t, '}')) break;
      if (!lineBased && depth === 0 && this.NL(t) && this.K(t) === TokenKind.Word && STATEMENT_KEYWORDS.has(this.txt(t)) && !['and', 'or', 'not'].includes(this.txt(t))) {
        if (!['constrain', 'mlsconstrain', 'validatetrans', 'mlsvalidatetrans'].includes(keyword) || ['type', 'allow'].includes(this.txt(t))) {
          this.error(end, end, "Missing ';'");
          break;
        }
      }
      if (this.isCallAt(i)) {
        const c = this.parseCall(i, 0);
        calls.push(c);
        end = c.end;
        continue;
      }
      if (this.isPunct(t, '{') || this.isPunct(t, '(')) depth++;
      else if ((this.isPunct(t, '}') || this.isPunct(t, ')')) && depth > 0) depth--;
      if (this.K(t) === TokenKind.Word) names.push(this.name(t));
      this.pos = i + 1;
      end = this.E(t);
    }
    return { kind: 'Generic', start: this.S(kw), end, keyword: this.name(kw), names, calls };
  }

  private parseBraceBlock(what: string, nesting: number): { body: Statement[]; end: number } | undefined {
    const open = this.acceptPunct('{');
    if (open < 0) {
      const n = this.peek();
      const at = n >= 0 ? this.S(n) : this.lastEnd(0);
      this.error(at, n >= 0 ? this.E(n) : at, `Expected '{' after ${what}`);
      return undefined;
    }
    const openIdx = this.pos - 1;
    const closeIdx = this.findClose(openIdx);
    if (closeIdx < 0) {
      this.error(this.S(open), this.E(open), `Unclosed '{' of ${what}`);
      let body: Statement[] = [];
      if (this.depth < MAX_DEPTH) {
        this.depth++;
        body = this.parseStatements(openIdx + 1, this.limit, nesting + 1);
        this.depth--;
      }
      this.pos = this.limit;
      return { body, end: this.endOfInput() };
    }
    let body: Statement[] = [];
    if (this.depth >= MAX_DEPTH) this.error(this.S(open), this.E(open), `Nesting deeper than ${MAX_DEPTH} levels: the inside is not analysed`);
    else {
      this.depth++;
      body = this.parseStatements(openIdx + 1, closeIdx, nesting + 1);
      this.depth--;
    }
    this.pos = closeIdx + 1;
    return { body, end: this.E(closeIdx) };
  }

  /**
   * Index of the `}` matching the `{` at openIdx (within the limit). Braces inside macro-call arguments do
   * not count: support macros split `} else {` across arguments, and only the expanded text balances.
   */
  private findClose(openIdx: number): number {
    let depth = 0;
    for (let k = openIdx + 1; k < this.limit; k++) {
      const t = k;
      if (this.K(t) === TokenKind.Word && this.isCallAt(k)) {
        const close = this.callClose(k);
        if (close < 0) return -1;
        k = close;
        continue;
      }
      if (this.K(t) !== TokenKind.Punct) continue;
      if (this.isPunct(t, '{')) depth++;
      else if (this.isPunct(t, '}')) {
        if (depth === 0) return k;
        depth--;
      }
    }
    return -1;
  }

  /** Index of the `)` closing the call whose name is toks[i], or -1. Argument boundaries go to `commas`. */
  private callClose(i: number, commas?: number[]): number {
    const baseDepth = this.D(i + 1);
    let paren = 0;
    for (let j = i + 2; j < this.limit; j++) {
      const t = j;
      if (this.K(t) !== TokenKind.Punct || this.D(t) > baseDepth || this.E(t) - this.S(t) !== 1) continue;
      const c = this.text.charCodeAt(this.S(t));
      if (c === 40 /* ( */) paren++;
      else if (c === 41 /* ) */) {
        if (paren === 0) return j;
        paren--;
      } else if (c === 44 /* , */ && paren === 0 && commas) {
        commas.push(j);
      }
    }
    return -1;
  }

  private parseRequireBlock(kw: number): Statement {
    const open = this.acceptPunct('{');
    if (open < 0) {
      this.error(this.S(kw), this.E(kw), "Expected '{' after require");
      return { kind: 'Require', start: this.S(kw), end: this.E(kw), entries: [] };
    }
    const openIdx = this.pos - 1;
    const closeIdx = this.findClose(openIdx);
    const to = closeIdx < 0 ? this.limit : closeIdx;
    if (closeIdx < 0) this.error(this.S(open), this.E(open), "Unclosed '{' of require");
    const entries = this.withRange(openIdx + 1, to, () => this.parseRequireItems(() => this.peekIndex() < 0));
    this.pos = closeIdx < 0 ? this.limit : closeIdx + 1;
    let end = closeIdx < 0 ? this.endOfInput() : this.E(closeIdx);
    const semi = this.acceptPunct(';');
    if (semi >= 0) end = this.E(semi);
    return { kind: 'Require', start: this.S(kw), end, entries };
  }

  private parseRequireItems(done: () => boolean): RequireItem[] {
    const out: RequireItem[] = [];
    while (!done()) {
      const i = this.peekIndex();
      const t = i;
      const before = this.pos;
      if (this.K(t) === TokenKind.Word) {
        if (this.isCallAt(i)) {
          const c = this.parseCall(i, 1);
          const semi = this.acceptPunct(';');
          out.push(semi >= 0 ? { ...c, end: this.E(semi), semi: { start: this.S(semi), end: this.E(semi) } } : c);
          continue;
        }
        const w = this.txt(t);
        if (REQUIRE_KEYWORDS.has(w)) {
          this.pos = i + 1;
          out.push(this.parseRequireEntry(t, w as RequireKeyword));
          continue;
        }
        this.pos = i + 1;
        const semi = this.acceptPunct(';');
        out.push({ kind: 'BareWord', start: this.S(t), end: semi >= 0 ? this.E(semi) : this.E(t), name: this.name(t), semi: semi >= 0 ? { start: this.S(semi), end: this.E(semi) } : undefined });
        continue;
      }
      if (this.isPunct(t, ';')) {
        this.pos = i + 1;
        continue;
      }
      this.pos = i + 1;
      this.error(this.S(t), this.E(t), `Unexpected '${this.txt(t)}' in require block`);
      if (this.pos <= before) this.pos = before + 1;
    }
    return out;
  }

  private parseRequireEntry(kw: number, keyword: RequireKeyword): RequireEntry {
    if (keyword === 'class') {
      const name = this.expectName('a class name');
      const perms = name ? this.parseIdList(true) : undefined;
      const end = this.expectSemi(this.S(kw));
      return { kind: 'RequireEntry', start: this.S(kw), end, keyword, names: name ? [name] : [], perms };
    }
    let names: Name[];
    if (this.isPunct(this.peek(), '{')) names = this.parseIdList(true).items.map((x) => x.name);
    else names = this.commaNames();
    if (!names.length) {
      const n = this.peek();
      this.error(n >= 0 ? this.S(n) : this.E(kw), n >= 0 ? this.E(n) : this.E(kw), `Expected a name after ${keyword}`);
    }
    const end = this.expectSemi(this.S(kw));
    return { kind: 'RequireEntry', start: this.S(kw), end, keyword, names };
  }

  private parseOptional(kw: number, nesting: number): Statement {
    const b = this.parseBraceBlock('optional', nesting);
    let elseBody: Statement[] | undefined;
    let end = b ? b.end : this.E(kw);
    if (b && this.isWord(this.peek(), 'else')) {
      this.next();
      const e = this.parseBraceBlock('else', nesting);
      if (e) {
        elseBody = e.body;
        end = e.end;
      }
    }
    return { kind: 'Optional', start: this.S(kw), end, body: b ? b.body : [], elseBody };
  }

  private parseIf(kw: number, nesting: number): Statement {
    let condition: Condition | undefined;
    const open = this.acceptPunct('(');
    if (open < 0) {
      const n = this.peek();
      this.error(n >= 0 ? this.S(n) : this.E(kw), n >= 0 ? this.E(n) : this.E(kw), "Expected '(' after if");
    } else {
      const names: Name[] = [];
      let depth = 0;
      let end = this.E(open);
      for (;;) {
        const t = this.peek();
        if (t < 0) {
          this.error(this.S(open), this.E(open), "Unclosed '(' in condition");
          break;
        }
        if (this.isPunct(t, '{')) {
          this.error(this.S(t), this.E(t), "Missing ')' in condition");
          break;
        }
        this.next();
        end = this.E(t);
        if (this.isPunct(t, '(')) depth++;
        else if (this.isPunct(t, ')')) {
          if (depth === 0) break;
          depth--;
        } else if (this.K(t) === TokenKind.Word) names.push(this.name(t));
      }
      condition = { kind: 'Condition', start: this.S(open), end, names };
    }
    const b = this.parseBraceBlock('if', nesting);
    let elseBody: Statement[] | undefined;
    let end = b ? b.end : this.lastEnd(this.E(kw));
    if (b && this.isWord(this.peek(), 'else')) {
      this.next();
      const e = this.parseBraceBlock('else', nesting);
      if (e) {
        elseBody = e.body;
        end = e.end;
      }
    }
    return { kind: 'If', start: this.S(kw), end, condition, body: b ? b.body : [], elseBody };
  }

  /**
   * An identifier set. With `required`, a missing set is an error.
   * Forms: name | $1 | * | ~name | ~{ ... } | { a -b c } | macro(args) | { a macro(args) }.
   */
  private parseIdList(required: boolean): IdList {
    const items: IdItem[] = [];
    const calls: Call[] = [];
    const first = this.peek();
    const start = first >= 0 ? this.S(first) : this.lastEnd(0);
    let complement = false;
    let star = false;
    let braced = false;
    let end = start;
    if (this.isPunct(first, '~')) {
      this.next();
      complement = true;
      end = this.E(first);
    }
    const t = this.peek();
    if (this.isPunct(t, '*')) {
      this.next();
      star = true;
      end = this.E(t);
    } else if (this.isPunct(t, '{')) {
      this.next();
      braced = true;
      end = this.E(t);
      for (;;) {
        const n = this.peek();
        if (n < 0) {
          this.error(this.S(t), this.E(t), "Unclosed '{'");
          break;
        }
        if (this.isPunct(n, '}')) {
          this.next();
          end = this.E(n);
          break;
        }
        if (this.isPunct(n, ';') || (this.NL(n) && this.K(n) === TokenKind.Word && STATEMENT_KEYWORDS.has(this.txt(n)) && ['allow', 'type', 'dontaudit', 'auditallow', 'neverallow', 'type_transition'].includes(this.txt(n)))) {
          this.error(this.S(t), this.E(t), "Unclosed '{': missing '}'");
          break;
        }
        const item = this.parseIdItem(calls);
        if (item) items.push(item);
        else if (calls.length === 0 || calls[calls.length - 1].end < this.E(n)) {
          this.next();
          if (!this.isPunct(n, '*') && !this.isPunct(n, ',')) this.error(this.S(n), this.E(n), `Unexpected '${this.txt(n)}' in set`);
        }
        end = this.lastEnd(end);
      }
    } else {
      const item = t >= 0 ? this.parseIdItem(calls) : undefined;
      if (item) {
        items.push(item);
        end = item.end;
      } else if (calls.length) {
        end = calls[calls.length - 1].end;
      } else if (required) {
        const at = t >= 0 ? this.S(t) : this.lastEnd(start);
        this.error(at, t >= 0 ? this.E(t) : at, `Expected a name or a set${t >= 0 ? ` but found '${this.txt(t)}'` : ''}`);
      }
    }
    return { kind: 'IdList', start, end: Math.max(start, end), items, calls, braced, complement, star };
  }

  private parseIdItem(calls: Call[]): IdItem | undefined {
    const t = this.peek();
    if (t < 0) return undefined;
    let negated = false;
    let start = this.S(t);
    if (this.isPunct(t, '-')) {
      const i = this.peekIndex();
      const n = i + 1;
      if (n >= 0 && this.K(n) === TokenKind.Word) {
        this.next();
        negated = true;
      } else return undefined;
    }
    const w = this.peek();
    if (w < 0 || this.K(w) !== TokenKind.Word) return undefined;
    const wi = this.peekIndex();
    if (this.isCallAt(wi)) {
      calls.push(this.parseCall(wi, 0));
      return undefined;
    }
    this.next();
    if (!negated) start = this.S(w);
    return { kind: 'Id', start, end: this.E(w), name: this.name(w), negated };
  }

  // ---- file contexts -------------------------------------------------------------------------------

  private parseFcStatement(i: number, nesting: number): Statement | undefined {
    const t = i;
    if (this.K(t) === TokenKind.Path) return this.parseFcEntry(i);
    if (this.K(t) === TokenKind.Word && this.isCallAt(i)) return this.parseCallStatement(i, nesting);
    this.pos = i + 1;
    // Skip the rest of the line: one error per bad line.
    let end = this.E(t);
    while (this.pos < this.limit) {
      const n = this.peek();
      if (n < 0 || this.NL(n)) break;
      this.next();
      end = this.E(n);
    }
    if (this.K(t) === TokenKind.StrayQuote) this.error(this.S(t), this.E(t), "Unmatched closing quote '");
    else this.error(this.S(t), end, `A file-context line starts with a path regex, not '${this.txt(t)}'`);
    return { kind: 'Bad', start: this.S(t), end };
  }

  private parseFcEntry(i: number): Statement {
    const p = i;
    this.pos = i + 1;
    // The path as m4 outputs it: quote characters inside it are removed.
    const raw = this.txt(p);
    const path = { start: this.S(p), end: this.E(p), text: raw.includes('`') ? raw.replace(/[`']/g, '') : raw };
    let fileType: (Range & { text: string }) | undefined;
    let context: FcEntry['context'];
    let end = this.E(p);
    const sameLine = (): number => {
      const n = this.peek();
      return n >= 0 && !this.NL(n) ? n : -1;
    };
    let n = sameLine();
    if (n >= 0 && this.isPunct(n, '-')) {
      // `--` or `-d` etc: the flag is the dash and the adjacent character.
      const idx = this.peekIndex();
      const m = idx + 1;
      if (m >= 0 && this.S(m) === this.E(n) && (this.isPunct(m, '-') || (this.K(m) === TokenKind.Word))) {
        this.pos = idx + 2;
        fileType = { start: this.S(n), end: this.E(m), text: this.text.slice(this.S(n), this.E(m)) };
      } else {
        this.pos = idx + 1;
        fileType = { start: this.S(n), end: this.E(n), text: '-' };
      }
      end = fileType.end;
      n = sameLine();
    }
    if (n >= 0) {
      const idx = this.peekIndex();
      if (this.isCallAt(idx)) {
        context = this.parseCall(idx, 0);
        end = context.end;
      } else {
        // A raw context or <<none>>: everything up to the end of the line (or the end of the enclosing quote).
        const cs = this.S(n);
        let ce = this.E(n);
        this.next();
        for (;;) {
          const m = sameLine();
          if (m < 0) break;
          // Tokens separated by whitespace are extra fields, which libselinux ignores; stop at the first gap.
          if (this.S(m) !== ce) break;
          this.next();
          ce = this.E(m);
        }
        context = { kind: 'RawContext', start: cs, end: ce, text: this.text.slice(cs, ce) };
        end = ce;
      }
    }
    // Anything else on the line.
    const extra = sameLine();
    if (extra >= 0) {
      let xe = this.E(extra);
      const xs = this.S(extra);
      while (sameLine() >= 0) {
        xe = this.E(this.next());
      }
      if (this.text[xs] === '#') this.error(xs, xe, 'A file-context line cannot end in a comment: libselinux reads it as another field');
      else this.error(xs, xe, 'Unexpected text after the context: libselinux ignores extra fields');
      end = xe;
    }
    // A `#` comment on the same line: the scanner made it trivia, but libselinux reads it as more fields.
    for (let k = this.pos; k < this.limit && !this.NL(k); k++) {
      const c = k;
      if (this.K(c) === TokenKind.Comment) {
        this.error(this.S(c), this.E(c), fileType
          ? 'A file-context line cannot end in a comment: libselinux reads it as extra fields'
          : 'A file-context line cannot end in a comment: libselinux reads the context as a file type and the comment as the context');
        break;
      }
    }
    if (!context) this.error(this.S(p), this.E(p), 'This file-context line is missing fields: expected a context after the path');
    const entry: FcEntry = { kind: 'FcEntry', start: this.S(p), end, path, fileType, context };
    this.fcEntries.push(entry);
    return entry as unknown as Statement;
  }
}
