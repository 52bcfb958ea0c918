// SPDX-License-Identifier: MIT
// File types of file-context entries: the flags `.fc` lines and file_contexts use, and matchpathcon's
// `-m` letters. Pure, and free of the regex engine so that readers of file_contexts stay light.

/** File-type flags (`--`, `-d`...) and matchpathcon's `-m` letters, as one letter; '' means any type. */
export type Mode = '' | 'f' | 'd' | 'l' | 's' | 'p' | 'b' | 'c';

const FLAG_MODES: Record<string, Mode> = { '--': 'f', '-d': 'd', '-l': 'l', '-s': 's', '-p': 'p', '-b': 'b', '-c': 'c' };
export const MODE_FLAG: Record<Exclude<Mode, ''>, string> = { f: '--', d: '-d', l: '-l', s: '-s', p: '-p', b: '-b', c: '-c' };
export const MODE_NAMES: Record<Exclude<Mode, ''>, string> = {
  f: 'regular file', d: 'directory', l: 'symbolic link', s: 'socket', p: 'named pipe', b: 'block device', c: 'character device',
};

/** The mode of a file-type flag; undefined when the flag is not one libselinux accepts. */
export function modeOfFlag(flag: string | undefined): Mode | undefined {
  if (flag === undefined) return '';
  return FLAG_MODES[flag];
}

/** Whether two modes can apply to the same file (an entry without a type matches every type). */
export function modesOverlap(a: Mode, b: Mode): boolean {
  return a === '' || b === '' || a === b;
}

