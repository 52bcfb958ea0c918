// Structural checks shared by the golden and fuzz tests: the tree covers the input, ranges are sane,
// sibling statements are ordered, and parsing is deterministic.
import type { Range, SourceFile } from '../../../server/src/core/syntax/nodes';

const isWs = (c: number) => c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12;
const isQuote = (c: number) => c === 96 /* ` */ || c === 39 /* ' */;

/**
 * Offsets of input characters that are neither whitespace, an m4 quote character, inside a comment
 * range, nor inside the range of some top-level statement. An empty array means the tree covers the input.
 */
export function uncovered(file: SourceFile): number[] {
  const { text } = file;
  const n = text.length;
  const mark = new Int32Array(n + 1);
  const paint = (r: Range) => {
    const s = Math.max(0, r.start), e = Math.min(n, r.end);
    if (e > s) {
      mark[s]++;
      mark[e]--;
    }
  };
  for (const s of file.statements) paint(s);
  for (const c of file.comments) paint(c);
  const out: number[] = [];
  let cover = 0;
  for (let i = 0; i < n; i++) {
    cover += mark[i];
    if (cover > 0) continue;
    const c = text.charCodeAt(i);
    if (isWs(c) || isQuote(c)) continue;
    out.push(i);
  }
  return out;
}

/** A human-readable description of the first uncovered characters, or undefined when covered. */
export function coverageProblem(file: SourceFile): string | undefined {
  const u = uncovered(file);
  if (!u.length) return undefined;
  const first = u[0];
  const ctx = file.text.slice(Math.max(0, first - 20), first + 20);
  return `${u.length} uncovered character(s); first at ${first} (${JSON.stringify(file.text[first])}) in ${JSON.stringify(ctx)}`;
}

interface Node extends Range {
  readonly kind?: string;
}

function isRange(v: unknown): v is Node {
  return typeof v === 'object' && v !== null && typeof (v as Range).start === 'number' && typeof (v as Range).end === 'number';
}

/** Keys holding lists of sibling nodes that must be ordered and non-overlapping. */
const SIBLING_LISTS = new Set(['statements', 'body', 'elseBody', 'entries', 'args', 'items', 'calls', 'names', 'aliases', 'attributes', 'objects', 'words']);

/**
 * Checks every range in the tree: integer offsets within [0, text.length] and start <= end; sibling
 * lists ordered and non-overlapping; errors well formed. Returns the problems found (at most `limit`).
 */
export function rangeProblems(file: SourceFile, limit = 10): string[] {
  const n = file.text.length;
  const problems: string[] = [];
  // The path to the current node, joined only when a problem is reported (trees can have 10^5 nodes).
  const path: Array<string | number> = [];
  const where = () => path.map((x) => (typeof x === 'number' ? `[${x}]` : `.${x}`)).join('').slice(1);
  const add = (p: string) => {
    if (problems.length < limit) problems.push(p);
  };
  const checkRange = (r: Range, what: () => string) => {
    if (!Number.isInteger(r.start) || !Number.isInteger(r.end)) add(`${what()}: non-integer range ${r.start}-${r.end}`);
    else if (r.start < 0 || r.end > n || r.start > r.end) add(`${what()}: bad range ${r.start}-${r.end} (text length ${n})`);
  };
  const checkSiblings = (list: readonly unknown[], what: () => string) => {
    for (let i = 1; i < list.length; i++) {
      const a = list[i - 1], b = list[i];
      if (isRange(a) && isRange(b) && a.end > b.start) add(`${what()}[${i - 1}..${i}]: siblings overlap or out of order (${a.start}-${a.end} then ${b.start}-${b.end})`);
    }
  };
  const visit = (v: unknown): void => {
    if (path.length > 10_000 || problems.length >= limit) return;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        path.push(i);
        visit(v[i]);
        path.pop();
      }
      return;
    }
    if (typeof v !== 'object' || v === null) return;
    const obj = v as Record<string, unknown>;
    if (isRange(obj)) checkRange(obj, () => `${where()}${obj.kind ? `<${obj.kind}>` : ''}`);
    for (const k in obj) {
      if (k === 'text' || k === 'kind') continue;
      const child = obj[k];
      if (typeof child !== 'object' || child === null) continue;
      if (Array.isArray(child) && SIBLING_LISTS.has(k)) checkSiblings(child, () => `${where()}.${k}`);
      path.push(k);
      visit(child);
      path.pop();
    }
    if (obj.kind === 'Call') {
      // `open` is the offset of `(`; `close` is the offset past `)` or -1 when the call is not closed.
      const c = obj as unknown as { open: number; close: number; start: number };
      if (c.open < c.start || c.open >= n) add(`${where()}: bad call open ${c.open}`);
      if (c.close !== -1 && (c.close <= c.open || c.close > n)) add(`${where()}: bad call close ${c.close}`);
    }
  };
  checkSiblings(file.statements, () => 'statements');
  checkSiblings(file.fcEntries, () => 'fcEntries');
  path.push('statements');
  visit(file.statements);
  path.pop();
  path.push('fcEntries');
  visit(file.fcEntries);
  path.pop();
  file.errors.forEach((e, i) => {
    checkRange(e, () => `errors[${i}]`);
    if (typeof e.message !== 'string' || !e.message) add(`errors[${i}]: empty message`);
  });
  file.comments.forEach((c, i) => checkRange(c, () => `comments[${i}]`));
  for (let i = 1; i < file.comments.length; i++) {
    if (file.comments[i - 1].end > file.comments[i].start) add(`comments[${i}]: out of order`);
  }
  file.proseApostrophes.forEach((c, i) => checkRange(c, () => `proseApostrophes[${i}]`));
  return problems;
}

/**
 * Children that stick out of their parent node. Not every field must nest (a Call's `doc` lies before it),
 * so only node-valued fields and node lists are checked.
 */
export function containmentProblems(file: SourceFile, limit = 10): string[] {
  const problems: string[] = [];
  const visit = (node: Node, where: string, depth: number): void => {
    if (depth > 10_000 || problems.length >= limit) return;
    for (const [k, child] of Object.entries(node)) {
      if (k === 'doc' || k === 'text') continue;
      const kids = Array.isArray(child) ? child : [child];
      kids.forEach((kid, i) => {
        if (!isRange(kid)) return;
        const w = `${where}.${k}${Array.isArray(child) ? `[${i}]` : ''}`;
        if (kid.start < node.start || kid.end > node.end) {
          if (problems.length < limit) problems.push(`${w} ${kid.start}-${kid.end} is outside its parent <${node.kind ?? '?'}> ${node.start}-${node.end}`);
        }
        visit(kid, w, depth + 1);
      });
    }
  };
  file.statements.forEach((s, i) => visit(s, `statements[${i}]`, 0));
  return problems;
}

/** The fcEntries list holds exactly the FcEntry nodes of the tree, in file order. */
export function fcEntryProblems(file: SourceFile): string | undefined {
  const found: Range[] = [];
  const visit = (v: unknown, depth: number): void => {
    if (depth > 10_000) return;
    if (Array.isArray(v)) {
      for (const x of v) visit(x, depth + 1);
      return;
    }
    if (typeof v !== 'object' || v === null) return;
    const obj = v as Record<string, unknown>;
    if (obj.kind === 'FcEntry') found.push(obj as unknown as Range);
    for (const [k, child] of Object.entries(obj)) {
      if (k !== 'text') visit(child, depth + 1);
    }
  };
  visit(file.statements, 0);
  found.sort((a, b) => a.start - b.start);
  const listed = file.fcEntries.map((e) => `${e.start}-${e.end}`).join(' ');
  const inTree = found.map((e) => `${e.start}-${e.end}`).join(' ');
  return listed === inTree ? undefined : `fcEntries [${listed}] != FcEntry nodes in the tree [${inTree}]`;
}
