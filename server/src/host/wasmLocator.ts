import { existsSync } from 'node:fs';
import * as path from 'node:path';

/** Package shipping each wasm file, for runs from unbundled output (tests). */
const packageOfWasm: Record<string, string> = {
  'web-tree-sitter.wasm': 'web-tree-sitter',
  'tree-sitter-javascript.wasm': 'tree-sitter-javascript',
  'tree-sitter-typescript.wasm': 'tree-sitter-typescript',
  'tree-sitter-tsx.wasm': 'tree-sitter-typescript',
  'tree-sitter-python.wasm': 'tree-sitter-python',
  'tree-sitter-go.wasm': 'tree-sitter-go',
  'tree-sitter-java.wasm': 'tree-sitter-java',
  'tree-sitter-terraform.wasm': '@tree-sitter-grammars/tree-sitter-hcl',
};

/**
 * Locates wasm files: next to the bundle (`server/dist/`, where the build copies them), else in the grammar
 * packages under the nearest `node_modules`.
 */
export function wasmLocator(bundleDir: string): (file: string) => string {
  return (file) => {
    const beside = path.join(bundleDir, file);
    if (existsSync(beside)) {
      return beside;
    }
    const pkg = packageOfWasm[file];
    for (let dir = bundleDir; pkg; dir = path.dirname(dir)) {
      const candidate = path.join(dir, 'node_modules', pkg, file);
      if (existsSync(candidate)) {
        return candidate;
      }
      if (path.dirname(dir) === dir) {
        break;
      }
    }
    return beside;
  };
}
