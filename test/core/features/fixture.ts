// Feature fixtures: policy files whose expectations live in `#` comments, so that (apart from the cursor)
// every fixture is valid policy that the parser reads like any other file.
//
// Format
// ------
// - Exactly one cursor marker `<|>` per fixture (an error when there is none or more than one). It is removed
//   before parsing; `offset`/`position` say where it was.
// - Directive lines: `# key: value` at any indentation. Unknown lowercase keys are an error (typo guard).
//   Plain comments such as `# Declarations` (no `key:`) are left alone. Keys that take lists (`expect`,
//   `reject`, `first`, `only`, `symbols`, `folds`, `highlights`) split on commas and may repeat (the lists
//   add up); the others keep the whole value, one value per line.
//
//   completion  `# expect: a, b`    labels that must be offered
//               `# reject: x, y`    labels that must not be offered
//               `# first: a, b`     these labels sort (sortText) before every label not in this list
//               `# only: a, b`      exactly these labels (any order)
//               `# count: N`        exactly N items
//               `# incomplete: true|false`
//               `# context: kind`   the completionContext kind (`perm`, `type`, ...)
//               `# edit: label => newText`   the item's textEdit.newText
//               `# replaces: text`  the document text every item's textEdit range covers (the typed prefix)
//   hover       `# hover: text`     the hover markdown contains text; `# hover: null` for no hover
//               `# hover-not: text` the hover markdown does not contain text
//   signature   `# signature: label | active=N`, or `# signature: null`
//   definition  `# definition: files.if:LINE` (uri ends with `/files.if`, 1-based line); `# definition: none`
//   references  `# references: N` (across the mini-policy and the fixture documents)
//   highlights  `# highlights: L:C, L:C` (1-based line and column of each highlight, in order)
//   symbols     `# symbols: name Kind, parent>child Kind` (the outline, depth first; Kind is a SymbolKind name)
//   folds       `# folds: 3-7, 10-12 comment` (1-based start-end lines; `comment` for comment folds)
//   rename      `# prepare: name` (prepareRename range text) or `# prepare: null`
//               `# rename: newName -> a.te=3, a.if=1` (edits per file name) or `# rename: newName -> null`
//   any         `# todo: reason`  the test is a node:test TODO (a known bug: the expectation is the correct
//               behaviour, the implementation does not meet it yet)
//
// Multi-file fixtures: `#- path/name.ext` header lines split a fixture into documents (the text before the
// first header must be blank or comments). All documents of a fixture live in one folder, so they form one
// module when their base names agree (`#- myapp.te`, `#- myapp.if`, `#- myapp.fc`).
//
// The index: the mini reference-policy tree (test/fixtures/mini-policy, detected and indexed once and
// cached), plus every document of the fixture, so that module-local names are known.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { URI } from 'vscode-uri';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position } from 'vscode-languageserver-types';
import { parseDocument, PolicyDocument } from '../../../server/src/core/document';
import { extractSymbols } from '../../../server/src/core/index/extract';
import { PolicyIndex } from '../../../server/src/core/index/policyIndex';
import type { FileSymbols } from '../../../server/src/core/index/symbols';
import type { SourceText } from '../../../server/src/core/features/references';
import { fileKindOf } from '../../../server/src/core/syntax/parser';
import { indexSources } from '../../../server/src/indexer';
import { detectSource, PolicySource } from '../../../server/src/policySources';

export const MINI_POLICY = join(__dirname, '..', '..', 'fixtures', 'mini-policy');
export const FEATURE_FIXTURES = join(__dirname, '..', '..', 'fixtures', 'features');
export const CURSOR = '<|>';

const LIST_KEYS = new Set(['expect', 'reject', 'first', 'only', 'symbols', 'folds', 'highlights']);
const SCALAR_KEYS = new Set([
  'count', 'incomplete', 'context', 'edit', 'replaces', 'hover', 'hover-not', 'signature', 'definition', 'references', 'prepare',
  'rename', 'todo',
]);
const DIRECTIVE = /^\s*#\s*([a-z][a-z-]*):\s?(.*?)\s*$/;
const HEADER = /^#-\s+(\S+)\s*$/;

export interface Directive {
  readonly key: string;
  readonly value: string;
  /** 1-based line in the fixture file. */
  readonly line: number;
}

export interface Fixture {
  /** The fixture's file name (or the name given to fixtureFromText). */
  readonly name: string;
  readonly docs: readonly PolicyDocument[];
  /** The document holding the cursor. */
  readonly doc: PolicyDocument;
  readonly offset: number;
  readonly position: Position;
  /** The mini-policy index plus every document of the fixture. */
  readonly index: PolicyIndex;
  readonly directives: readonly Directive[];
  /** Every value of a key (list keys: comma-split and trimmed, empty items dropped). */
  all(key: string): string[];
  /** The single value of a key, undefined when absent; an error when it is given more than once. */
  one(key: string): string | undefined;
  has(key: string): boolean;
  /** What references and rename read: the mini-policy files, with the fixture documents added. */
  sources(): SourceText[];
}

// ---- the mini-policy ---------------------------------------------------------------------------------

interface MiniPolicy {
  readonly source: PolicySource;
  readonly symbols: readonly FileSymbols[];
  readonly texts: readonly SourceText[];
}

let mini: MiniPolicy | undefined;

/** The mini-policy tree: detected, read and indexed once per process. */
export function miniPolicy(): MiniPolicy {
  if (mini) return mini;
  const source = detectSource(MINI_POLICY);
  if ('error' in source) throw new Error(source.error);
  if (source.kind !== 'refpolicy') throw new Error(`mini-policy detected as ${source.kind}, not refpolicy`);
  const index = new PolicyIndex();
  const run = indexSources(index, [source]);
  if (run.unreadable.length) throw new Error(`unreadable: ${run.unreadable.join(', ')}`);
  const texts = source.files.map((path) => ({ uri: URI.file(path).toString(), text: readFileSync(path, 'utf8'), kind: fileKindOf(path) }));
  mini = { source, symbols: [...index.allFiles()], texts };
  return mini;
}

/** A fresh index holding the (cached) mini-policy symbols and the given documents. */
export function miniIndex(docs: readonly PolicyDocument[] = []): PolicyIndex {
  const m = miniPolicy();
  const index = new PolicyIndex();
  for (const s of m.symbols) index.update(s);
  for (const d of docs) index.update(extractSymbols(d.uri, d.file, m.source.defines ? { defines: m.source.defines } : {}));
  return index;
}

/** The uri the indexer gives a mini-policy file (path relative to the tree root). */
export function miniUri(relative: string): string {
  return URI.file(join(MINI_POLICY, relative)).toString();
}

// ---- documents -----------------------------------------------------------------------------------------

export function languageIdFor(path: string): string {
  if (/\.fc$/.test(path)) return 'selinux-fc';
  if (/\.(if|spt)$/.test(path)) return 'selinux-if';
  return 'selinux-te';
}

/** A parsed document for a uri or path and its text (no cursor handling). */
export function policyDoc(uri: string, text: string): PolicyDocument {
  return parseDocument(TextDocument.create(uri, languageIdFor(uri), 1, text));
}

/** Splits text holding exactly one `<|>` into the text without it and the marker's offset. */
export function takeCursor(text: string): { text: string; offset: number } {
  const first = text.indexOf(CURSOR);
  if (first < 0) throw new Error(`no cursor marker ${CURSOR}`);
  if (text.indexOf(CURSOR, first + 1) >= 0) throw new Error(`more than one cursor marker ${CURSOR}`);
  return { text: text.slice(0, first) + text.slice(first + CURSOR.length), offset: first };
}

// ---- fixtures ------------------------------------------------------------------------------------------

/** The fixture files of a feature (test/fixtures/features/<feature>), sorted. */
export function fixtureFiles(feature: string): string[] {
  const dir = join(FEATURE_FIXTURES, feature);
  return readdirSync(dir).filter((f) => /\.(te|if|fc|spt)$/.test(f)).sort().map((f) => join(dir, f));
}

export function loadFixture(path: string): Fixture {
  const feature = basename(join(path, '..'));
  return fixtureFromText(basename(path), readFileSync(path, 'utf8'), feature);
}

/**
 * Builds a fixture from text. `name` is the file name (its extension gives the language of a single-file
 * fixture); `folder` names the virtual folder the documents live in.
 */
export function fixtureFromText(name: string, raw: string, folder = 'inline'): Fixture {
  const lines = raw.split('\n');
  const directives: Directive[] = [];
  lines.forEach((l, i) => {
    const m = DIRECTIVE.exec(l);
    if (!m) return;
    if (!LIST_KEYS.has(m[1]) && !SCALAR_KEYS.has(m[1])) throw new Error(`${name}:${i + 1}: unknown directive "${m[1]}"`);
    directives.push({ key: m[1], value: m[2], line: i + 1 });
  });

  // Split into documents.
  const parts: { path: string; text: string }[] = [];
  const headerLines = lines.map((l, i) => (HEADER.test(l) ? i : -1)).filter((i) => i >= 0);
  if (!headerLines.length) {
    parts.push({ path: name, text: raw });
  } else {
    const lead = lines.slice(0, headerLines[0]);
    if (lead.some((l) => l.trim() && !/^\s*#/.test(l))) throw new Error(`${name}: text before the first #- header`);
    headerLines.forEach((h, k) => {
      const end = k + 1 < headerLines.length ? headerLines[k + 1] : lines.length;
      parts.push({ path: HEADER.exec(lines[h])![1], text: lines.slice(h + 1, end).join('\n') });
    });
  }
  const withCursor = parts.filter((p) => p.text.includes(CURSOR));
  const markers = raw.split(CURSOR).length - 1;
  if (markers !== 1) throw new Error(`${name}: expected exactly one cursor marker ${CURSOR}, found ${markers}`);

  const dir = headerLines.length ? `${folder}/${name.replace(/\.[^.]+$/, '')}` : folder;
  let cursorDoc: PolicyDocument | undefined;
  let offset = -1;
  const docs = parts.map((p) => {
    const uri = `file:///fixtures/${dir}/${p.path}`;
    if (p === withCursor[0]) {
      const c = takeCursor(p.text);
      offset = c.offset;
      return (cursorDoc = policyDoc(uri, c.text));
    }
    return policyDoc(uri, p.text);
  });
  const doc = cursorDoc!;
  const index = miniIndex(docs);
  const values = (key: string) => directives.filter((d) => d.key === key).map((d) => d.value);
  return {
    name,
    docs,
    doc,
    offset,
    position: doc.text.positionAt(offset),
    index,
    directives,
    all: (key) => (LIST_KEYS.has(key) ? values(key).flatMap((v) => v.split(',')).map((s) => s.trim()).filter(Boolean) : values(key)),
    one: (key) => {
      const v = values(key);
      if (v.length > 1) throw new Error(`${name}: directive "${key}" given ${v.length} times`);
      return v[0];
    },
    has: (key) => directives.some((d) => d.key === key),
    sources: () => {
      const own = new Set(docs.map((d) => d.uri));
      return [
        ...miniPolicy().texts.filter((t) => !own.has(t.uri)),
        ...docs.map((d) => ({ uri: d.uri, text: d.file.text, kind: d.file.fileKind })),
      ];
    },
  };
}

/** The base name of a uri (`file:///a/b/files.if` → files.if). */
export function uriBase(uri: string): string {
  return uri.slice(uri.lastIndexOf('/') + 1);
}

/** node:test options for a fixture: a TODO when it has `# todo:`. */
export function testOptions(fx: Fixture): { todo?: string } {
  const todo = fx.one('todo');
  return todo ? { todo } : {};
}
