// Small text checks shared by the snippet and example tests. They are deliberately simple: a real
// parser lives in the language server; these only catch unbalanced quoting and brackets.

/**
 * Checks m4 quoting the way m4 reads it: ` opens and ' closes a quote; outside quotes, `#` starts a
 * comment that runs to the end of the line (so apostrophes in `##` documentation are harmless), while
 * inside quotes `#` is ordinary text. Returns undefined when balanced, otherwise a description.
 */
export function m4QuoteProblem(text: string): string | undefined {
  let depth = 0;
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') line++;
    if (depth === 0 && c === '#') {
      while (i + 1 < text.length && text[i + 1] !== '\n') i++;
      continue;
    }
    if (c === '`') depth++;
    else if (c === "'") {
      if (depth === 0) return `line ${line}: ' closes a quote that was never opened`;
      depth--;
    }
  }
  return depth === 0 ? undefined : `${depth} m4 quote(s) left open at the end`;
}

/** Drops `#` comments (to end of line). Good enough for snippet and example text. */
export function stripHashComments(text: string): string {
  return text
    .split('\n')
    .map((l) => l.replace(/#.*$/, ''))
    .join('\n');
}

/** Checks that (), {} and [] nest properly outside comments. Returns undefined when they do. */
export function bracketProblem(text: string): string | undefined {
  const pairs: Record<string, string> = { ')': '(', '}': '{', ']': '[' };
  const stack: { ch: string; line: number }[] = [];
  let line = 1;
  for (const c of stripHashComments(text)) {
    if (c === '\n') line++;
    else if (c === '(' || c === '{' || c === '[') stack.push({ ch: c, line });
    else if (c in pairs) {
      const top = stack.pop();
      if (!top || top.ch !== pairs[c]) return `line ${line}: '${c}' does not match ${top ? `'${top.ch}' from line ${top.line}` : 'anything'}`;
    }
  }
  const open = stack.pop();
  return open ? `'${open.ch}' from line ${open.line} is never closed` : undefined;
}

/** One file-context line: path regex, optional file-type flag, and a context or <<none>>. */
export const FC_LINE =
  /^(?<path>\/\S*)(?:\s+(?<kind>-[-dcbspl]))?\s+(?<context>gen_context\(system_u:object_r:(?<type>[a-z0-9_]+_t),s0\)|<<none>>)$/;
