// Lint rules of the project (style guide §3 and §10): type-aware checks plus the layer bans that keep
// server/src/core pure and server/src/engine free of LSP and I/O.
import tseslint from 'typescript-eslint';

const coreBans = {
  paths: [
    { name: 'vscode', message: 'core/engine must not depend on VS Code' },
    { name: 'undici', message: 'HTTP belongs in server/src/backend' },
    { name: 'web-tree-sitter', message: 'tree-sitter belongs in server/src/host' },
  ],
  patterns: [
    { group: ['vscode-languageserver*', 'vscode-jsonrpc*'], message: 'LSP belongs in server/src/lsp' },
    { group: ['node:*', 'fs', 'path', 'os', 'http', 'https', 'child_process'], message: 'I/O belongs in server/src/host' },
    { group: ['**/shared/**'], message: 'only server/src/lsp and main.ts import shared/' },
    { group: ['**/lsp/**', '**/host/**', '**/backend/**'], message: 'core/engine must not depend on adapters' },
  ],
};

export default tseslint.config(
  { ignores: ['out/**', 'client/dist/**', 'server/dist/**', 'node_modules/**', 'client/test/e2e/**', '.e2e/**', '.config/**', 'test-fixtures/workspaces/**', 'test-fixtures/imports/**', 'test-fixtures/routes/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: new URL('..', import.meta.url).pathname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-namespace': 'off',
      eqeqeq: 'error',
      curly: 'error',
    },
  },
  {
    files: ['server/src/core/**/*.ts', 'server/src/engine/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', coreBans],
      'no-restricted-globals': ['error', { name: 'process', message: 'pass configuration in' }],
      'no-restricted-properties': ['error', { object: 'Date', property: 'now', message: 'time is passed in (now: Date)' }],
    },
  },
  {
    files: ['server/src/core/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-globals': ['error', 'process', 'setTimeout', 'setInterval', 'setImmediate'],
    },
  },
  // Issue 10: the LSP adapter and the CLI reach host/ and backend/ only through their composition roots (server/src/main.ts,
  // server/src/cli/compose.ts), so the editor and the CLI run the same folder service over the same ports.
  {
    files: ['server/src/lsp/**/*.ts', 'server/src/cli/**/*.ts'],
    ignores: ['**/*.test.ts', 'server/src/cli/compose.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/host/**', '**/backend/**'], message: 'lsp/ and cli/ reach host/ and backend/ through engine ports; only main.ts and cli/compose.ts wire them' }] },
      ],
    },
  },
);
