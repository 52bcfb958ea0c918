// Expands a VS Code snippet body to the text VS Code would insert if the user accepted every default:
//   ${N:default}  -> default (which may itself contain placeholders)
//   ${N|a,b|}     -> a
//   $N / ${N}     -> the default of tab stop N if another occurrence of N has one (VS Code mirrors it),
//                    otherwise the empty string; $0 is always empty
//   ${VAR:x}/$VAR -> x / empty (variables such as TM_FILENAME are not resolved)
//   \$ \} \\      -> $ } \   (snippet escapes; any other backslash is kept)
// The parser follows the snippet grammar in the VS Code documentation; it is small on purpose so that the
// snippet tests (and later parser tests) can run without VS Code.

type Node =
  | { kind: 'text'; value: string }
  | { kind: 'tabstop'; index: number; children?: Node[]; choice?: string }
  | { kind: 'variable'; name: string; children?: Node[] };

class SnippetParser {
  private pos = 0;
  constructor(private readonly src: string) {}

  parse(): Node[] {
    const nodes = this.sequence(false);
    if (this.pos < this.src.length) throw new Error(`unexpected '${this.src[this.pos]}' at ${this.pos}`);
    return nodes;
  }

  /** Parses until end of input, or until an unescaped '}' when inside a placeholder. */
  private sequence(inPlaceholder: boolean): Node[] {
    const nodes: Node[] = [];
    let text = '';
    const flush = () => {
      if (text) nodes.push({ kind: 'text', value: text });
      text = '';
    };
    while (this.pos < this.src.length) {
      const c = this.src[this.pos];
      if (c === '\\') {
        const next = this.src[this.pos + 1];
        if (next === '$' || next === '}' || next === '\\') {
          text += next;
          this.pos += 2;
        } else {
          text += c;
          this.pos += 1;
        }
        continue;
      }
      if (c === '}' && inPlaceholder) break;
      if (c === '$') {
        const node = this.dollar();
        if (node) {
          flush();
          nodes.push(node);
          continue;
        }
      }
      text += c;
      this.pos += 1;
    }
    flush();
    return nodes;
  }

  /** At a '$': returns a tab stop / placeholder / choice / variable, or undefined for a literal '$'. */
  private dollar(): Node | undefined {
    const rest = this.src.slice(this.pos + 1);
    let m = /^(\d+)/.exec(rest);
    if (m) {
      this.pos += 1 + m[1].length;
      return { kind: 'tabstop', index: Number(m[1]) };
    }
    m = /^([A-Za-z_][A-Za-z0-9_]*)/.exec(rest);
    if (m) {
      this.pos += 1 + m[1].length;
      return { kind: 'variable', name: m[1] };
    }
    m = /^\{(\d+)(\}|:|\|)/.exec(rest);
    if (m) {
      const index = Number(m[1]);
      this.pos += 1 + m[0].length;
      if (m[2] === '}') return { kind: 'tabstop', index };
      if (m[2] === ':') {
        const children = this.sequence(true);
        this.expect('}');
        return { kind: 'tabstop', index, children };
      }
      const options = this.choiceOptions();
      return { kind: 'tabstop', index, choice: options[0] ?? '' };
    }
    m = /^\{([A-Za-z_][A-Za-z0-9_]*)(\}|:)/.exec(rest);
    if (m) {
      this.pos += 1 + m[0].length;
      if (m[2] === '}') return { kind: 'variable', name: m[1] };
      const children = this.sequence(true);
      this.expect('}');
      return { kind: 'variable', name: m[1], children };
    }
    return undefined;
  }

  /** Reads `a,b,c|}` (the part after `${N|`) and returns the options. */
  private choiceOptions(): string[] {
    const options: string[] = [];
    let current = '';
    while (this.pos < this.src.length) {
      const c = this.src[this.pos];
      if (c === '\\' && /[$}\\,|]/.test(this.src[this.pos + 1] ?? '')) {
        current += this.src[this.pos + 1];
        this.pos += 2;
      } else if (c === ',') {
        options.push(current);
        current = '';
        this.pos += 1;
      } else if (c === '|' && this.src[this.pos + 1] === '}') {
        options.push(current);
        this.pos += 2;
        return options;
      } else {
        current += c;
        this.pos += 1;
      }
    }
    throw new Error('unterminated choice');
  }

  private expect(ch: string): void {
    if (this.src[this.pos] !== ch) throw new Error(`expected '${ch}' at ${this.pos} in ${JSON.stringify(this.src)}`);
    this.pos += 1;
  }
}

function collectDefaults(nodes: Node[], defaults: Map<number, Node[]>): void {
  for (const n of nodes) {
    if (n.kind === 'tabstop') {
      if (n.index !== 0 && !defaults.has(n.index)) {
        if (n.children) defaults.set(n.index, n.children);
        else if (n.choice !== undefined) defaults.set(n.index, [{ kind: 'text', value: n.choice }]);
      }
      if (n.children) collectDefaults(n.children, defaults);
    } else if (n.kind === 'variable' && n.children) {
      collectDefaults(n.children, defaults);
    }
  }
}

function render(nodes: Node[], defaults: Map<number, Node[]>, depth = 0): string {
  if (depth > 50) throw new Error('placeholder refers to itself');
  let out = '';
  for (const n of nodes) {
    if (n.kind === 'text') out += n.value;
    else if (n.kind === 'variable') out += n.children ? render(n.children, defaults, depth + 1) : '';
    else if (n.index === 0) out += n.children ? render(n.children, defaults, depth + 1) : '';
    else {
      const d = defaults.get(n.index);
      out += d ? render(d, defaults, depth + 1) : '';
    }
  }
  return out;
}

/** Expands a snippet body (the JSON `body` lines, or a single string) with every placeholder's default. */
export function expandSnippetBody(body: string[] | string): string {
  const src = Array.isArray(body) ? body.join('\n') : body;
  const nodes = new SnippetParser(src).parse();
  const defaults = new Map<number, Node[]>();
  collectDefaults(nodes, defaults);
  return render(nodes, defaults);
}

export interface Snippet {
  prefix: string | string[];
  body: string[] | string;
  description?: string;
}

/** The prefixes of a snippet as an array. */
export function prefixesOf(s: Snippet): string[] {
  return Array.isArray(s.prefix) ? s.prefix : [s.prefix];
}
