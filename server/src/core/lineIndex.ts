// SPDX-License-Identifier: MIT
// Offset → position conversion for files that are not open in the editor (indexed sources).

import type { Position, Range } from 'vscode-languageserver-types';

export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  positionAt(offset: number): Position {
    let lo = 0, hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - this.starts[lo] };
  }

  /** The offset of a position (clamped to the line's start when the character is negative). */
  offsetAt(p: Position): number {
    const line = Math.min(Math.max(0, p.line), this.starts.length - 1);
    return this.starts[line] + Math.max(0, p.character);
  }

  range(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }
}
