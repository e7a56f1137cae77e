// Bundles the extension client, the language server and the CLI with esbuild, and copies the
// tree-sitter wasm files next to the server bundle (the server's main.ts looks for them there).
// Usage: node .config/bundle.mjs [--minify]
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const minify = process.argv.includes('--minify');
// mainFields: jsonc-parser's UMD main hides its requires from esbuild; its ESM build bundles cleanly.
// import.meta.url: web-tree-sitter's ESM build locates its files with it; in a CJS bundle it must be defined.
// external: the XML serializer and validator of @cyclonedx/cyclonedx-library load these optional peers lazily; only
// its JSON side is used, so they are never required at run time and are not installed.
const common = {
  bundle: true, platform: 'node', mainFields: ['module', 'main'], external: ['xmlbuilder2', 'libxmljs2'],
  define: { 'import.meta.url': '__aspmImportMetaUrl' },
  banner: { js: "const __aspmImportMetaUrl = require('url').pathToFileURL(__filename).href;" }, format: 'cjs', target: 'node20', sourcemap: !minify, minify, logLevel: 'warning' };

// A release bundle ships no source maps; stale ones from a dev build would otherwise be packaged.
if (minify) {
  for (const file of ['client/dist/extension.js.map', 'server/dist/server.js.map', 'server/dist/cli.js.map', 'server/dist/indexWorker.js.map']) {
    rmSync(join(root, file), { force: true });
  }
}

await Promise.all([
  build({ ...common, entryPoints: [join(root, 'client/src/extension.ts')], outfile: join(root, 'client/dist/extension.js'), external: ['vscode', ...common.external] }),
  build({ ...common, entryPoints: [join(root, 'server/src/main.ts')], outfile: join(root, 'server/dist/server.js') }),
  // Cold indexing runs in worker threads (server/src/host/workerIndexer.ts) that load this entry.
  build({ ...common, entryPoints: [join(root, 'server/src/host/indexWorker.ts')], outfile: join(root, 'server/dist/indexWorker.js') }),
  build({ ...common, entryPoints: [join(root, 'server/src/cli/main.ts')], outfile: join(root, 'server/dist/cli.js'), banner: { js: `#!/usr/bin/env node\n${common.banner.js}` } }),
]);

// V8 keeps each script's source in memory, and one character above U+00FF stores all of it as two bytes per character.
// esbuild already escapes non-ASCII text in strings; what is left is in the comments a build without --minify keeps
// (a ’ in undici's), which doubled the server bundle's source in each thread: 11 MB instead of 5.8 in the server,
// 3.4 MB instead of 1.7 in each index worker. Escaped, they stay one byte per character (also valid in a regex).
for (const file of ['server/dist/server.js', 'server/dist/indexWorker.js', 'server/dist/cli.js']) {
  const text = readFileSync(join(root, file), 'utf8');
  const escaped = text.replace(/[^\u0000-\u00ff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (escaped !== text) {
    writeFileSync(join(root, file), escaped);
  }
}

/** Grammar wasm files the server loads, by file name → package that ships it. */
const wasmFiles = {
  'web-tree-sitter.wasm': 'web-tree-sitter',
  'tree-sitter-javascript.wasm': 'tree-sitter-javascript',
  'tree-sitter-typescript.wasm': 'tree-sitter-typescript',
  'tree-sitter-tsx.wasm': 'tree-sitter-typescript',
  'tree-sitter-python.wasm': 'tree-sitter-python',
  'tree-sitter-go.wasm': 'tree-sitter-go',
  'tree-sitter-java.wasm': 'tree-sitter-java',
  'tree-sitter-terraform.wasm': '@tree-sitter-grammars/tree-sitter-hcl',
};
mkdirSync(join(root, 'server/dist'), { recursive: true });
for (const [file, pkg] of Object.entries(wasmFiles)) {
  copyFileSync(join(root, 'node_modules', pkg, file), join(root, 'server/dist', file));
}
