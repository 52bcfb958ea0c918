// Lint: TypeScript-aware basics plus the layering rule that keeps server/src/core pure.
import tseslint from 'typescript-eslint';

const forbiddenInCore = [
  'fs', 'node:fs', 'fs/promises', 'node:fs/promises', 'child_process', 'node:child_process',
  'net', 'node:net', 'http', 'node:http', 'https', 'node:https', 'os', 'node:os', 'process', 'node:process',
  'worker_threads', 'node:worker_threads', 'vscode', 'vscode-languageserver', 'vscode-languageserver/node',
  'vscode-languageserver/browser', 'vscode-languageclient', 'vscode-languageclient/node',
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.e2e/**', '.scratch/**', 'out/**', 'test/e2e/workspace/**', '**/*.mjs', 'test/grammar/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    // The end-to-end scripts are plain CommonJS run by VS Code's extension host and by node.
    files: ['test/e2e/**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', process: 'readonly', console: 'readonly', __dirname: 'readonly', setTimeout: 'readonly', URL: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The language service is pure: text and index in, LSP data types out. No IO, no connection.
    files: ['server/src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: forbiddenInCore.map((name) => ({ name, message: 'server/src/core is pure: no IO and no LSP connection (see ARCHITECTURE.md).' })),
      }],
      'no-restricted-globals': ['error', 'process', 'require', '__dirname', '__filename'],
    },
  },
  {
    // The client is thin and never imports server code.
    files: ['client/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/server/**'], message: 'The client never imports server code.' }] }],
    },
  },
);
