// SPDX-License-Identifier: MIT
// The `selinux-ls` executable: a small dispatcher, so that each command loads only its own bundle
// (audit2te, run on every batch of denials, starts in a few milliseconds without the whole engine).

/* eslint-disable @typescript-eslint/no-require-imports */
function run(argv: string[]): number {
  if (argv[0] === 'audit2te') return (require('./cli-audit2te.js') as { run(args: string[]): number }).run(argv.slice(1));
  return (require('./cli-main.js') as { main(args: string[]): number }).main(argv);
}

// A reader that stops early (`selinux-ls check … | head`) is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});
process.exitCode = run(process.argv.slice(2));
