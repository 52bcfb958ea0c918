// SPDX-License-Identifier: MIT
// A compact, JSON-friendly form of one file's symbols, for the on-disk index cache (indexCache.ts does
// the IO). Pure.
//
// Decoding must be much cheaper than parsing, so the form avoids what makes JSON slow to read:
// - ranges are four numbers instead of three objects;
// - long strings that are pieces of the file (macro bodies, doc blocks, call arguments, which repeat
//   for nested calls) are stored as [start, end] offsets and sliced from the file's text on decoding;
// - the uri and module, the same for every symbol of a file, are stored once.
// A piece is stored as offsets only after checking that the slice is the same string, so decoding gives
// back equal symbols whatever the text (tests compare decode(encode(x)) with x over the whole corpus).

import { LineIndex } from '../lineIndex';
import type { Range } from 'vscode-languageserver-types';
import type { FileSymbols } from './symbols';

/** Bump when FileSymbols or this form changes (the cache also keys on the build that wrote it). */
export const SNAPSHOT_FORMAT = 2;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
/** A string, or the [start, end) offsets of an equal piece of the file text. */
type Piece = string | [number, number];

/** Strings shorter than this are stored as they are (an offset pair is no shorter). */
const MIN_PIECE = 16;

const LOCATED = ['macros', 'declarations', 'classes', 'fileContexts'] as const;

export function encodeSymbols(f: FileSymbols, text: string): Json {
  const lines = new LineIndex(text);
  const offsetOf = (r: Range) => lines.offsetAt(r.start);
  const piece = (s: string, from: number, backwards = false): Piece => {
    if (s.length < MIN_PIECE) return s;
    const at = backwards ? text.lastIndexOf(s, from) : text.indexOf(s, from);
    return at >= 0 ? [at, at + s.length] : s;
  };
  const rangeOf = (r: Range): number[] => [r.start.line, r.start.character, r.end.line, r.end.character];
  const out: { [k: string]: Json } = { u: f.uri, m: f.module, k: f.kind, e: f.parseErrors, a: f.associations as unknown as Json, r: f.required as unknown as Json };
  for (const key of LOCATED) {
    out[key] = (f[key] as readonly { uri: string; module: string; range: Range }[]).map((o) => {
      const { uri, module, range, ...rest } = o as unknown as { uri: string; module: string; range: Range; [k: string]: unknown };
      const e: { [k: string]: Json } = { '@': rangeOf(range) };
      if (uri !== f.uri) e.u = uri;
      if (module !== f.module) e.m = module;
      const at = offsetOf(range);
      for (const [k, v] of Object.entries(rest)) {
        if (v === undefined) continue;
        if (key === 'macros' && k === 'body') e[k] = piece(v as string, at);
        else if (key === 'macros' && k === 'docBlock') e[k] = piece(v as string, at, true);
        else if (key === 'macros' && k === 'calls') {
          // Kept as a JSON string: read only when something asks for the calls (see lazy()).
          e[k] = JSON.stringify((v as { name: string; args: string[] }[]).map((c) => [c.name, ...c.args.map((a) => piece(a, at))]));
        } else e[k] = v as Json;
      }
      return e;
    });
  }
  out.x = JSON.stringify(f.calls.map((c) => {
    const at = offsetOf(c.range);
    return [c.name, rangeOf(c.range), ...c.args.map((a) => piece(a, at))];
  }));
  return out;
}

/** The symbols back, or undefined when `e` is not a snapshot this build wrote (a damaged cache file). */
export function decodeSymbols(e: Json, text: string): FileSymbols | undefined {
  try {
    return decode(e as unknown as Encoded, text);
  } catch {
    return undefined;
  }
}

interface Encoded {
  u: string;
  m: string;
  k: FileSymbols['kind'];
  e: number;
  a: FileSymbols['associations'];
  r: FileSymbols['required'];
  macros: EncodedLocated[];
  declarations: EncodedLocated[];
  classes: EncodedLocated[];
  fileContexts: EncodedLocated[];
  /** JSON: [name, range, ...args] per call. */
  x: string;
}
interface EncodedLocated {
  '@': number[];
  u?: string;
  m?: string;
  [k: string]: unknown;
}

function decode(e: Encoded, text: string): FileSymbols {
  const str = (p: Piece): string => {
    if (typeof p === 'string') return p;
    if (!Array.isArray(p) || p[1] > text.length) throw new Error('bad piece');
    return text.slice(p[0], p[1]);
  };
  const range = (r: number[]): Range => ({ start: { line: r[0], character: r[1] }, end: { line: r[2], character: r[3] } });
  const located = (list: EncodedLocated[], macros: boolean) => list.map((o) => {
    const { '@': r, u, m, ...rest } = o;
    const x: Record<string, unknown> = { uri: u ?? e.u, range: range(r), module: m ?? e.m };
    for (const k in rest) {
      const v = rest[k];
      if (macros && (k === 'body' || k === 'docBlock')) x[k] = str(v as Piece);
      else if (macros && k === 'calls') lazy(x, k, () => (JSON.parse(v as string) as [string, ...Piece[]][]).map(([name, ...args]) => ({ name, args: args.map(str) })));
      else x[k] = v;
    }
    return x;
  });
  const lists = [e.macros, e.declarations, e.classes, e.fileContexts, e.a, e.r];
  if (typeof e.u !== 'string' || typeof e.m !== 'string' || typeof e.x !== 'string' || typeof e.e !== 'number' || !lists.every(Array.isArray)) throw new Error('not a snapshot');
  const symbols = {
    uri: e.u, module: e.m, kind: e.k,
    macros: located(e.macros, true) as unknown as FileSymbols['macros'],
    declarations: located(e.declarations, false) as unknown as FileSymbols['declarations'],
    associations: e.a,
    required: e.r,
    classes: located(e.classes, false) as unknown as FileSymbols['classes'],
    fileContexts: located(e.fileContexts, false) as unknown as FileSymbols['fileContexts'],
    parseErrors: e.e,
  };
  lazy(symbols, 'calls', () => (JSON.parse(e.x) as [string, number[], ...Piece[]][]).map(([name, r, ...args]) => ({ name, args: args.map(str), range: range(r) })));
  return symbols as FileSymbols;
}

/**
 * Defines `o[key]` as computed on first read, then kept (an ordinary enumerable property from then on).
 * Call lists are most of a snapshot's objects and few are ever read, so they are decoded on demand. A
 * damaged call list then reads as empty rather than throwing.
 */
function lazy(o: object, key: string, compute: () => unknown): void {
  Object.defineProperty(o, key, {
    configurable: true,
    enumerable: true,
    get() {
      let v: unknown;
      try {
        v = compute();
      } catch {
        v = [];
      }
      Object.defineProperty(o, key, { value: v, enumerable: true, writable: false, configurable: false });
      return v;
    },
  });
}
