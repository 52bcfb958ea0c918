// SPDX-License-Identifier: MIT
// Diagnostics after an edit of an interface file (.if/.spt) without re-reading the whole file.
//
// The text is kept as line-aligned chunks, each holding whole top-level statements (an interface with
// its `##` docs, say) and parsed on its own: at a top-level boundary m4 has no open quote or parenthesis,
// so a chunk parses as it does inside the file. After an edit, only the chunks the changed text touches
// are parsed again; the others keep their tree, symbols and diagnostics, moved by the line delta.
// Diagnostics of unchanged chunks are computed again when they depend on what changed: a chunk that
// calls (directly or not) a macro whose definition changed, or every chunk when the index changed
// through another file. Anything unusual (a syntax error, an edit that crosses into unreadable text, a
// .te file, whose checks span the whole module) falls back to a full parse and validation.
// The result equals the full validation; a property test compares the two on random edits. Pure.

import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, Range as LspRange } from 'vscode-languageserver-types';
import { parseDocument, PolicyDocument } from '../../document';
import { extractSymbols, ExtractOptions } from '../../index/extract';
import type { PolicyIndex } from '../../index/policyIndex';
import type { FileSymbols, MacroDef } from '../../index/symbols';
import { doValidation, ValidationOptions } from './index';

interface Chunk {
  /** First line in the current text, and the number of lines (the last may lack a newline). */
  startLine: number;
  readonly lineCount: number;
  readonly text: string;
  readonly doc: PolicyDocument;
  /** Symbols with ranges relative to the chunk. */
  readonly symbols: FileSymbols;
  /** Macros it defines, and the macros its statements call. */
  readonly defines: ReadonlySet<string>;
  readonly calls: ReadonlySet<string>;
  diagnostics?: Diagnostic[];
  /** The same symbols with document ranges: their `range` reads the chunk's current first line. */
  anchored?: FileSymbols;
}

export interface IncrementalResult {
  readonly diagnostics: Diagnostic[];
  readonly symbols: FileSymbols;
  /** Whether this update re-read the whole text. */
  readonly full: boolean;
}

const shiftRange = (r: LspRange, d: number): LspRange => (d ? { start: { line: r.start.line + d, character: r.start.character }, end: { line: r.end.line + d, character: r.end.character } } : r);

/**
 * A chunk's symbols as the index sees them: copies made once, whose `range` is computed from the
 * chunk's current first line. Moving a chunk (lines inserted above it) then changes no object, so the
 * index keeps them as they are.
 */
function anchor(c: Chunk): FileSymbols {
  const s = c.symbols;
  const loc = <T extends { range: LspRange }>(x: T): T => {
    const y = { ...x };
    Object.defineProperty(y, 'range', { get: () => shiftRange(x.range, c.startLine), enumerable: true });
    return y;
  };
  return {
    ...s, macros: s.macros.map(loc), declarations: s.declarations.map(loc), classes: s.classes.map(loc), fileContexts: s.fileContexts.map(loc), calls: s.calls.map(loc),
  };
}

/** Lines of a text as [start offset, end offset including the newline]. */
function lineStarts(text: string): number[] {
  const out = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) out.push(i + 1);
  return out;
}

/** The symbols of a chunked file: the arrays are joined from the chunks when first read. */
class MergedSymbols implements FileSymbols {
  readonly parseErrors = 0;
  private cache = new Map<string, unknown[]>();
  constructor(readonly uri: string, readonly module: string, readonly kind: FileSymbols['kind'], private readonly parts: readonly FileSymbols[]) {}
  private join<K extends 'macros' | 'declarations' | 'associations' | 'required' | 'classes' | 'fileContexts' | 'calls'>(k: K): FileSymbols[K] {
    let a = this.cache.get(k);
    if (!a) this.cache.set(k, (a = this.parts.flatMap((p) => p[k] as readonly unknown[])));
    return a as unknown as FileSymbols[K];
  }
  get macros() { return this.join('macros'); }
  get declarations() { return this.join('declarations'); }
  get associations() { return this.join('associations'); }
  get required() { return this.join('required'); }
  get classes() { return this.join('classes'); }
  get fileContexts() { return this.join('fileContexts'); }
  get calls() { return this.join('calls'); }
  toJSON() {
    return { uri: this.uri, module: this.module, kind: this.kind, macros: this.macros, declarations: this.declarations, associations: this.associations, required: this.required, classes: this.classes, fileContexts: this.fileContexts, calls: this.calls, parseErrors: 0 };
  }
}

/** A text change: old offsets [start, end) replaced by `length` characters. */
export interface TextChange {
  readonly start: number;
  readonly end: number;
  readonly length: number;
}

export class IncrementalValidator {
  private text = '';
  private chunks: Chunk[] = [];
  private indexVersion = -1;
  private lastSymbols: FileSymbols | undefined;
  /** What the last update did (for tests and benchmarks). */
  lastStats = { chunks: 0, checked: 0, external: false };

  constructor(private readonly uri: string, private readonly languageId: string, private readonly extract: ExtractOptions = {}) {}

  /** Validates `text` (the whole new text of the document), updating the index with its symbols. */
  update(text: string, version: number, index: PolicyIndex, options: ValidationOptions = {}, change?: TextChange): IncrementalResult {
    const reuse = this.chunks.length > 0 && this.incremental(text, version, change);
    if (!reuse && !this.rebuild(text, version)) return this.fullValidation(text, version, index, options);
    this.text = text;
    const changedMacros = reuse ? reuse.changed : undefined;
    const symbols = this.mergedSymbols();
    const externalChange = this.indexVersion !== index.version || !reuse || index.fileSymbols(this.uri) !== this.lastSymbols;
    if (reuse && !externalChange) index.patch(symbols, partOf(reuse.removed), partOf(reuse.added));
    else index.update(symbols);
    this.lastSymbols = symbols;
    // Chunks to check again: new ones, callers of changed macros, or all when the index changed elsewhere.
    const dirtyCallers = changedMacros && !externalChange ? this.callersOf(changedMacros) : undefined;
    const out: Diagnostic[] = [];
    let checked = 0;
    const callsDirty = (c: Chunk) => {
      if (!dirtyCallers?.size) return false;
      for (const n of c.calls) if (dirtyCallers.has(n)) return true;
      return false;
    };
    for (const c of this.chunks) {
      if (!c.diagnostics || externalChange || !dirtyCallers || callsDirty(c)) {
        c.diagnostics = doValidation(c.doc, index, options);
        checked++;
      }
      for (const d of c.diagnostics) out.push(c.startLine ? { ...d, range: shiftRange(d.range, c.startLine) } : d);
    }
    this.indexVersion = index.version;
    this.lastStats = { chunks: this.chunks.length, checked, external: externalChange };
    return { diagnostics: out, symbols, full: !reuse };
  }

  /** The macros whose definitions (transitively) use one of `changed`, by the calls in this file. */
  private callersOf(changed: ReadonlySet<string>): Set<string> {
    const dirty = new Set(changed);
    if (!dirty.size) return dirty;
    const defs = this.chunks.flatMap((c) => c.symbols.macros);
    for (let grew = true; grew; ) {
      grew = false;
      for (const m of defs) {
        if (!dirty.has(m.name) && m.calls.some((c) => dirty.has(c.name))) {
          dirty.add(m.name);
          grew = true;
        }
      }
    }
    return dirty;
  }

  private mergedSymbols(): FileSymbols {
    const parts = this.chunks.map((c) => (c.anchored ??= anchor(c)));
    return new MergedSymbols(this.uri, parts[0].module, parts[0].kind, parts);
  }

  private makeChunk(text: string, startLine: number, version: number): Chunk | undefined {
    const doc = parseDocument(TextDocument.create(this.uri, this.languageId, version, text));
    if (doc.file.errors.length) return undefined;
    const symbols = extractSymbols(this.uri, doc.file, this.extract);
    const calls = new Set<string>();
    for (const m of symbols.macros) for (const c of m.calls) calls.add(c.name);
    for (const c of symbols.calls) calls.add(c.name);
    const lines = lineStarts(text).length - (text.endsWith('\n') ? 1 : 0);
    return { startLine, lineCount: Math.max(lines, text.length ? 1 : 0), text, doc, symbols, defines: new Set(symbols.macros.map((m) => m.name)), calls };
  }

  /** Splits a text (from line `firstLine` of the document) into chunks; undefined when it does not parse cleanly. */
  private chunksOf(text: string, firstLine: number, version: number): Chunk[] | undefined {
    const whole = parseDocument(TextDocument.create(this.uri, this.languageId, version, text));
    if (whole.file.errors.length) return undefined;
    const starts = lineStarts(text);
    const lineOf = (offset: number) => {
      let lo = 0;
      let hi = starts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid] <= offset) lo = mid;
        else hi = mid - 1;
      }
      return lo;
    };
    // A boundary after each top-level statement: the start of the line after its end, unless the next
    // statement starts on that same line, or the rest of the line holds anything (a comment there may
    // be the start of the next statement's `##` docs).
    const cuts = new Set<number>([0]);
    const stmts = whole.file.statements;
    for (let i = 0; i + 1 < stmts.length; i++) {
      const endLine = lineOf(Math.max(stmts[i].end - 1, stmts[i].start));
      const nextLine = lineOf(stmts[i + 1].start);
      const lineEnd = endLine + 1 < starts.length ? starts[endLine + 1] : text.length;
      if (nextLine > endLine && text.slice(stmts[i].end, lineEnd).trim() === '') cuts.add(endLine + 1);
    }
    const lines = [...cuts].sort((a, b) => a - b);
    const out: Chunk[] = [];
    for (let k = 0; k < lines.length; k++) {
      const from = starts[lines[k]];
      const to = k + 1 < lines.length ? starts[lines[k + 1]] : text.length;
      if (from >= text.length && k > 0) break;
      const c = this.makeChunk(text.slice(from, to), firstLine + lines[k], version);
      if (!c) return undefined;
      out.push(c);
    }
    return out;
  }

  private rebuild(text: string, version: number): boolean {
    const chunks = this.chunksOf(text, 0, version);
    if (!chunks?.length) {
      this.chunks = [];
      return false;
    }
    this.chunks = chunks;
    this.text = text;
    return true;
  }

  /**
   * Re-reads the chunks the change touches. Returns the macros whose definitions changed, or undefined
   * when it cannot (the caller rebuilds).
   */
  private incremental(text: string, version: number, change?: TextChange): { changed: Set<string>; removed: Chunk[]; added: Chunk[] } | undefined {
    const old = this.text;
    if (!change && old === text) return { changed: new Set(), removed: [], added: [] };
    // The chunks the change touches: those not found unchanged at the same place from the start, nor at
    // the same distance from the end (chunk texts compare natively, no character loop).
    const oldStarts = this.chunkOffsets();
    const n = this.chunks.length;
    const delta = text.length - old.length;
    let i = 0;
    let j = n - 1;
    if (change && change.end - change.start + delta === change.length) {
      // The editor said where: the chunks around [start, end) of the old text (binary search).
      const at = (o: number) => {
        let lo = 0;
        let hi = n - 1;
        while (lo < hi) {
          const mid = (lo + hi + 1) >> 1;
          if (oldStarts[mid] <= o) lo = mid;
          else hi = mid - 1;
        }
        return lo;
      };
      i = at(change.start);
      j = Math.max(i, at(Math.max(change.start, change.end - 1)));
    } else {
      while (i < n && text.startsWith(this.chunks[i].text, oldStarts[i])) i++;
      if (i === n) i = n - 1;
      while (j > i && oldStarts[j] + delta >= oldStarts[i] && text.startsWith(this.chunks[j].text, oldStarts[j] + delta)) j--;
    }
    // Widen by one chunk on each side: an edit at a boundary may merge or split statements.
    if (i > 0) i--;
    if (j + 1 < this.chunks.length) j++;
    const from = oldStarts[i];
    const oldTo = j + 1 < this.chunks.length ? oldStarts[j + 1] : old.length;
    if (oldTo + delta < from) return undefined;
    const region = text.slice(from, oldTo + delta);
    const fresh = this.chunksOf(region, this.chunks[i].startLine, version);
    if (!fresh) return undefined;
    const oldLines = this.chunks.slice(i, j + 1).reduce((n, c) => n + c.lineCount, 0);
    const newLines = fresh.reduce((n, c) => n + c.lineCount, 0);
    const lineDelta = newLines - oldLines;
    const before = new Map<string, string>();
    for (const c of this.chunks.slice(i, j + 1)) for (const m of c.symbols.macros) before.set(m.name, macroKey(m));
    const after = new Map<string, string>();
    for (const c of fresh) for (const m of c.symbols.macros) after.set(m.name, macroKey(m));
    const changed = new Set<string>();
    for (const [n, k] of before) if (after.get(n) !== k) changed.add(n);
    for (const n of after.keys()) if (!before.has(n)) changed.add(n);
    for (let k = j + 1; k < this.chunks.length; k++) this.chunks[k].startLine += lineDelta;
    const removed = this.chunks.splice(i, j - i + 1, ...fresh);
    return { changed, removed, added: fresh };
  }

  private chunkOffsets(): number[] {
    const out: number[] = [];
    let o = 0;
    for (const c of this.chunks) {
      out.push(o);
      o += c.text.length;
    }
    return out;
  }

  private fullValidation(text: string, version: number, index: PolicyIndex, options: ValidationOptions): IncrementalResult {
    this.chunks = [];
    this.text = '';
    const doc = parseDocument(TextDocument.create(this.uri, this.languageId, version, text));
    const symbols = extractSymbols(this.uri, doc.file, this.extract);
    index.update(symbols);
    return { diagnostics: doValidation(doc, index, options), symbols, full: true };
  }
}

/** The index-facing symbols of some chunks (those an update removed or added). */
function partOf(chunks: readonly Chunk[]): FileSymbols {
  const parts = chunks.map((c) => (c.anchored ??= anchor(c)));
  return new MergedSymbols('', '', 'if', parts);
}

/**
 * What a macro definition is to its callers in an interface file: its kind and body (their checks use
 * what the body requires and declares, never its documentation).
 */
function macroKey(m: MacroDef): string {
  return `${m.kind}\u0000${m.body}`;
}
