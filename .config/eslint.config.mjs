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

// `core/model` is the bottom of core: the types every part shares import nothing else of core (no type cycles).
const modelBans = {
  paths: coreBans.paths,
  patterns: [...coreBans.patterns, { regex: '^\\.\\./(?!model(/|$))', message: 'core/model imports only core/model' }],
};

// The adapters (style guide §3): host (disk, tree-sitter, git) and backend (HTTP) implement the engine's ports and
// map into core; they reach the engine only through engine/ports and engine/sourcePorts (backend also through the one error type,
// engine/backendError), and never each other, the LSP adapter or the CLI.
const adapterBans = (layer, others, engineAllowed, paths = []) => ({
  paths: [{ name: 'vscode', message: `${layer} must not depend on VS Code` }, ...paths],
  patterns: [
    { group: ['vscode-languageserver*', 'vscode-jsonrpc*'], message: 'LSP belongs in server/src/lsp' },
    { group: ['**/shared/**'], message: 'only server/src/lsp and main.ts import shared/' },
    ...others.map((other) => ({ group: [`**/${other}/**`], message: `${layer} must not depend on server/src/${other}` })),
    { regex: `(^|/)engine/(?!(${engineAllowed.join('|')})$)`, message: `${layer} reaches the engine only through ${engineAllowed.map((name) => `engine/${name}`).join(' and ')}` },
  ],
});

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
  {
    files: ['server/src/core/model/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', modelBans] },
  },
  {
    files: ['server/src/host/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', adapterBans('host', ['backend', 'lsp', 'cli'], ['ports', 'sourcePorts'], [{ name: 'undici', message: 'HTTP belongs in server/src/backend (http/httpClient.ts)' }])],
    },
  },
  {
    files: ['server/src/backend/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', adapterBans('backend', ['host', 'lsp', 'cli'], ['ports', 'sourcePorts', 'backendError'])] },
  },
  {
    // Functions stay short enough to read (issue 10): none over 80 lines in the server.
    files: ['server/src/**/*.ts'],
    ignores: ['**/*.test.ts', 'server/src/test/**'],
    rules: { 'max-lines-per-function': ['error', { max: 80, skipBlankLines: false, skipComments: false, IIFEs: true }] },
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
