// Suspected parser bugs that the parser tests expect to be fixed. A test that fails only because of one of
// these runs as a TODO (`{ todo: BUGS.x }`): it still runs and prints its failure, but does not fail the
// suite. When the parser is fixed the TODO test passes; then delete the entry and its uses.
// suspected-bugs.test.ts holds one minimal reproduction per entry.
export const BUGS = {} as const satisfies Record<string, string>;
