// The compiler's side of the mutation suite: build a module with the devel Makefile and read the
// positions checkmodule (and m4) report.
import { buildModule } from '../snippets/devel-make';

export interface CompilerError {
  /** The file named by the `#line` directive in front of the error (NAME.te for the module's own lines). */
  file: string;
  /** 1-based line in that file. */
  line: number;
  message: string;
  token?: string;
}

export interface Verdict {
  ok: boolean;
  status: number | null;
  errors: CompilerError[];
  /** Lines of NAME.te that the errors point at, sorted and unique. */
  teLines: number[];
  log: string;
}

/** `FILE:LINE:ERROR 'message' at token 'tok' on line N:` (checkpolicy's yyerror) and `m4:FILE:LINE: message`. */
export function compilerErrors(output: string): CompilerError[] {
  const out: CompilerError[] = [];
  for (const m of output.matchAll(/^(\S+?):(\d+):ERROR '(.*)' at token '(.*)' on line \d+:$/gm)) {
    out.push({ file: m[1], line: Number(m[2]), message: m[3], token: m[4] });
  }
  for (const m of output.matchAll(/^m4:(\S+?):(\d+): (.*)$/gm)) out.push({ file: m[1], line: Number(m[2]), message: `m4: ${m[3]}` });
  return out;
}

export function compile(name: string, files: Record<string, string>): Verdict {
  const r = buildModule(name, files);
  const errors = compilerErrors(`${r.stdout}\n${r.stderr}`);
  const teLines = [...new Set(errors.filter((e) => e.file === `${name}.te`).map((e) => e.line))].sort((a, b) => a - b);
  return { ok: r.status === 0, status: r.status, errors, teLines, log: r.log };
}
