// SPDX-License-Identifier: MIT
// The m4-aware scanner for reference-policy sources.
//
// It follows GNU m4's rules for the things that change structure: backquote/apostrophe quotes nest,
// `#` comments are only m4 comments outside quotes, and an apostrophe anywhere inside quotes closes a
// level (even inside a `#` comment: the classic "don't" trap). On top of that it marks policy-language
// comments: text after `#` up to the end of the line is a comment for checkmodule whatever the quote depth.
// The scanner never throws; unknown characters become `Unknown` tokens.

export const enum TokenKind {
  Word = 1,
  /** A double-quoted string (type_transition file names). */
  String,
  /** Punctuation: one of { } ( ) ; : , ~ * - ! ^ = < > [ ] / @ . & | or a two-character operator. */
  Punct,
  /** ` */
  OpenQuote,
  /** ' closing a quote level. */
  CloseQuote,
  /** ' at quote depth 0: m4 copies it through, checkmodule rejects it. */
  StrayQuote,
  /** `#` comment text (for `##` doc lines, `doc` is set). */
  Comment,
  /** `dnl` and the rest of its line. */
  Dnl,
  /** A file-context path (only in fc mode). */
  Path,
  Unknown,
}

/** Token flags. */
export const enum Flag {
  /** A newline occurred between the previous token and this one (or this is the first token). */
  NL = 1,
  /** Comments: a `##` documentation line. */
  DOC = 2,
  /**
   * CloseQuote: an apostrophe inside a `#` comment that sits between letters (`don't`). m4 closes a quote
   * level there, which is almost never what the author meant.
   */
  PROSE = 4,
}

/** The tokens of a text, as parallel arrays (no object per token: scanning allocates almost nothing). */
export interface Tokens {
  readonly count: number;
  readonly kind: Uint8Array;
  readonly start: Int32Array;
  readonly end: Int32Array;
  /** Quote depth before the token. */
  readonly depth: Int32Array;
  readonly flags: Uint8Array;
}

export interface ScanOptions {
  /** File-context mode: a token starting with `/` (or NAME/ like HOME_DIR/) runs to whitespace as a Path. */
  fc?: boolean;
}

const CH_TAB = 9, CH_NL = 10, CH_CR = 13, CH_SP = 32, CH_HASH = 35, CH_DOLLAR = 36, CH_DQ = 34;
const CH_BQ = 96, CH_AP = 39, CH_SLASH = 47, CH_DOT = 46, CH_STAR = 42, CH_AT = 64, CH_DASH = 45, CH_LPAREN = 40;

// Character classes of ASCII code points, looked up in one table (the scanner's hottest test).
const C_WORD = 1, C_WORDPART = 2, C_SPACE = 4, C_PUNCT = 8, C_LETTER = 16;
const CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const letter = (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
  const word = letter || (c >= 48 && c <= 57) || c === 95 || c === CH_DOLLAR;
  CLASS[c] = (word ? C_WORD | C_WORDPART : 0) | (c === CH_DOT ? C_WORDPART : 0) | (letter ? C_LETTER : 0)
    | (c === CH_SP || c === CH_TAB || c === CH_CR || c === 12 || c === 11 ? C_SPACE : 0);
}
for (const ch of '{}();:,~*-!^=<>[]/@.&|+?%\\') CLASS[ch.charCodeAt(0)] |= C_PUNCT;

function isWordStart(c: number): boolean {
  return c < 128 && (CLASS[c] & C_WORD) !== 0;
}
function isWordPart(c: number): boolean {
  return c < 128 && (CLASS[c] & C_WORDPART) !== 0;
}
function isLetter(c: number): boolean {
  return c < 128 && (CLASS[c] & C_LETTER) !== 0;
}
function isSpace(c: number): boolean {
  return c < 128 && (CLASS[c] & C_SPACE) !== 0;
}
/** `&&`, `||`, `==`, `!=`, `<=`, `>=`: the two-character operators of conditional expressions. */
function isTwoChar(c: number, d: number): boolean {
  return d === 61 ? c === 61 || c === 33 || c === 60 || c === 62 : (d === 38 && c === 38) || (d === 124 && c === 124);
}

/** A growable token buffer. One instance is reused by every scan: tokens live only while a file is parsed. */
class TokenBuffer implements Tokens {
  count = 0;
  kind: Uint8Array;
  start: Int32Array;
  end: Int32Array;
  depth: Int32Array;
  flags: Uint8Array;

  constructor(cap: number) {
    this.kind = new Uint8Array(cap);
    this.start = new Int32Array(cap);
    this.end = new Int32Array(cap);
    this.depth = new Int32Array(cap);
    this.flags = new Uint8Array(cap);
  }

  /** Whether the next token starts a line. */
  nl = true;

  /** Appends a token. A quote at the start of a line leaves the line start to the token after it. */
  push(kind: TokenKind, start: number, end: number, depth: number, flag: number): void {
    if (this.count === this.kind.length) this.grow();
    const k = this.count++;
    this.kind[k] = kind;
    this.start[k] = start;
    this.end[k] = end;
    this.depth[k] = depth;
    this.flags[k] = (this.nl ? Flag.NL : 0) | flag;
    if (kind !== TokenKind.OpenQuote && kind !== TokenKind.CloseQuote) this.nl = false;
  }

  grow(): void {
    const cap = this.kind.length * 2;
    const k = new Uint8Array(cap); k.set(this.kind); this.kind = k;
    const s = new Int32Array(cap); s.set(this.start); this.start = s;
    const e = new Int32Array(cap); e.set(this.end); this.end = e;
    const d = new Int32Array(cap); d.set(this.depth); this.depth = d;
    const f = new Uint8Array(cap); f.set(this.flags); this.flags = f;
  }
}

const shared = new TokenBuffer(1 << 14);

/**
 * Scans text into tokens. The returned arrays are reused by the next call: use them before scanning
 * again (the parser does; nothing else keeps tokens).
 */
export function scan(text: string, options: ScanOptions = {}): Tokens {
  const b = shared;
  b.count = 0;
  b.nl = true;
  const n = text.length;
  let i = 0;
  let depth = 0;
  // Inside a policy comment that started inside quotes: quote characters still count for m4, and the
  // comment ends when the quote level it started in closes (m4 then sees ordinary text again).
  let commentUntil = -1;
  let commentDepth = 0;
  // Quote levels opened by a backquote inside such a comment (`# gen_require(\``). m4 counts them where
  // the text is defined, but by the time the text is read as policy the backquote is in a comment, so
  // the apostrophe that closes the level (`# ')` on a later commented line) does not end a comment.
  const phantom: boolean[] = [];
  const fc = !!options.fc;

  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === CH_NL) {
      b.nl = true;
      i++;
      continue;
    }
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (i < commentUntil) {
      // The tail of a policy comment inside quotes: only quote characters matter to m4 here.
      let j = i;
      while (j < commentUntil) {
        const d = text.charCodeAt(j);
        if (d === CH_BQ || (d === CH_AP && depth > 0)) break;
        if (depth === 0 && d === CH_HASH) {
          // Back at depth 0, a `#` starts a real m4 comment: nothing counts until the end of the line.
          j = commentUntil;
          break;
        }
        j++;
      }
      if (j > i) {
        b.push(TokenKind.Comment, i, j, depth, 0);
        i = j;
        continue;
      }
      // fall through to the quote handling below
    }
    if (c === CH_BQ) {
      b.push(TokenKind.OpenQuote, i, i + 1, depth, 0);
      depth++;
      phantom[depth] = i < commentUntil;
      i++;
      continue;
    }
    if (c === CH_AP) {
      if (depth > 0) {
        const prose = i < commentUntil && isLetter(text.charCodeAt(i - 1)) && isLetter(text.charCodeAt(i + 1));
        b.push(TokenKind.CloseQuote, i, i + 1, depth, prose ? Flag.PROSE : 0);
        const closedPhantom = phantom[depth] === true;
        phantom[depth] = false;
        depth--;
        if (depth < commentDepth && !(closedPhantom && i < commentUntil)) commentUntil = -1;
      } else {
        b.push(TokenKind.StrayQuote, i, i + 1, depth, 0);
      }
      i++;
      continue;
    }
    if (c === CH_HASH) {
      let eol = text.indexOf('\n', i);
      if (eol < 0) eol = n;
      const doc = text.charCodeAt(i + 1) === CH_HASH && (i + 2 >= n || isSpace(text.charCodeAt(i + 2)) || text.charCodeAt(i + 2) === CH_NL);
      if (depth === 0) {
        b.push(TokenKind.Comment, i, eol, depth, doc ? Flag.DOC : 0);
        i = eol;
      } else {
        commentUntil = eol;
        commentDepth = depth;
        let j = i;
        while (j < eol) {
          const d = text.charCodeAt(j);
          if (d === CH_BQ || d === CH_AP) break;
          j++;
        }
        b.push(TokenKind.Comment, i, j, depth, doc ? Flag.DOC : 0);
        i = j;
      }
      continue;
    }
    // A path regex may also open with a group at the start of a line (`(/usr)?/lib/...`, which libselinux
    // accepts and older policies used).
    if (fc && (c === CH_SLASH || (c === CH_LPAREN && b.nl) || (isWordStart(c) && startsFcPath(text, i, b.nl)))) {
      let j = i + 1;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === CH_NL || isSpace(d)) break;
        // m4 sees quote characters inside a path too: `/c')` closes an ifdef branch. A quoted piece inside
        // the path (`/index`'(/.*)?`, used to stop m4 expanding `index`) stays part of the path.
        if (d === CH_BQ) {
          const close = text.indexOf("'", j + 1);
          let k = j + 1;
          while (k < close && !isSpace(text.charCodeAt(k)) && text.charCodeAt(k) !== CH_NL && text.charCodeAt(k) !== CH_BQ) k++;
          if (close < 0 || k !== close) break;
          j = close + 1;
          continue;
        }
        if (d === CH_AP && depth > 0) break;
        j++;
      }
      b.push(TokenKind.Path, i, j, depth, 0);
      i = j;
      continue;
    }
    if (isWordStart(c)) {
      let j = i + 1;
      if (c === CH_DOLLAR) {
        const d = text.charCodeAt(j);
        if (d === CH_STAR || d === CH_AT || d === CH_HASH) j++;
      }
      while (j < n && isWordPart(text.charCodeAt(j))) j++;
      // checkpolicy's identifiers start with a letter and may contain '-' (`ntfs-3g`, a module named
      // `my-app`, a type `my-app_t`): the '-' is part of the word when a word character follows it. Not
      // after `dnl`, which m4 sees as a word of its own (`dnl-note` deletes the line).
      if (isLetter(c) && !(j - i === 3 && text.startsWith('dnl', i))) {
        while (j + 1 < n && text.charCodeAt(j) === CH_DASH && isWordPart(text.charCodeAt(j + 1)) && text.charCodeAt(j + 1) !== CH_DOT) {
          j += 2;
          while (j < n && isWordPart(text.charCodeAt(j))) j++;
        }
      }
      // `dnl` deletes the rest of the line (m4 only recognises it as a whole word).
      if (j - i === 3 && text.startsWith('dnl', i) && (j >= n || !isWordPart(text.charCodeAt(j)))) {
        let eol = text.indexOf('\n', i);
        if (eol < 0) eol = n;
        if (depth === 0) {
          b.push(TokenKind.Dnl, i, eol, depth, 0);
          i = eol;
        } else {
          commentUntil = eol;
          commentDepth = depth;
          let k = j;
          while (k < eol && text.charCodeAt(k) !== CH_BQ && text.charCodeAt(k) !== CH_AP) k++;
          b.push(TokenKind.Dnl, i, k, depth, 0);
          i = k;
        }
        continue;
      }
      b.push(TokenKind.Word, i, j, depth, 0);
      i = j;
      continue;
    }
    if (c === CH_DQ) {
      let j = i + 1;
      // m4 does not know double quotes: a quote character inside the string still counts (and ends it here).
      for (; j < n; j++) {
        const d = text.charCodeAt(j);
        if (d === CH_DQ || d === CH_NL || d === CH_BQ || (d === CH_AP && depth > 0)) break;
      }
      if (j < n && text.charCodeAt(j) === CH_DQ) j++;
      b.push(TokenKind.String, i, j, depth, 0);
      i = j;
      continue;
    }
    if (c < 128 && (CLASS[c] & C_PUNCT) !== 0) {
      if (i + 1 < n && isTwoChar(c, text.charCodeAt(i + 1))) {
        b.push(TokenKind.Punct, i, i + 2, depth, 0);
        i += 2;
      } else {
        b.push(TokenKind.Punct, i, i + 1, depth, 0);
        i++;
      }
      continue;
    }
    // Anything else (non-ASCII, control characters): one token per code point.
    const cp = text.codePointAt(i) ?? c;
    const len = cp > 0xffff ? 2 : 1;
    b.push(TokenKind.Unknown, i, i + len, depth, 0);
    i += len;
  }
  return b;
}


/**
 * In fc mode, `HOME_DIR/...` and similar start a path, and so does an upper-case placeholder alone at the
 * start of a line (`HOME_ROOT -d ...`), which genhomedircon replaces.
 */
function startsFcPath(text: string, i: number, lineStart: boolean): boolean {
  let j = i;
  let upper = true;
  while (j < text.length && isWordStart(text.charCodeAt(j))) {
    const c = text.charCodeAt(j);
    if (c >= 97 && c <= 122) upper = false;
    j++;
  }
  if (j === i) return false;
  const next = j < text.length ? text.charCodeAt(j) : CH_NL;
  if (next === CH_SLASH) return true;
  return lineStart && upper && (isSpace(next) || next === CH_NL);
}
