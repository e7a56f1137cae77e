import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { Language, Parser, Query } from 'web-tree-sitter';
import { grammarWasm, type GrammarName } from '../src/host/treeSitterHost';

/**
 * The raw floor (shared/tree-sitter.md §4.2): per file `readFileSync`, `parser.parse`, `query.captures(root)` of an
 * import query, `tree.delete()`; one Parser per thread, `setLanguage` only when the grammar changes. Nothing else:
 * no facts, no engine, no messages. The cold index is compared with this.
 */

/** Import queries of §3 (the statement-level patterns only, as in §4.2 mode `ts`). */
const jsImports = `
(import_statement source: (string (string_fragment) @import.source))
(export_statement source: (string (string_fragment) @reexport.source))
(call_expression function: (identifier) @_fn arguments: (arguments . (string (string_fragment) @require.source)) (#eq? @_fn "require"))
(call_expression function: (import) arguments: (arguments . (string (string_fragment) @dynamic.source)))
`;
const tsExtra = `
(import_statement (import_require_clause (identifier) @import.binding source: (string (string_fragment) @import.source)))
`;
export const floorQueries: Record<GrammarName, string> = {
  javascript: jsImports,
  typescript: jsImports + tsExtra,
  tsx: jsImports + tsExtra,
  python: `
(import_statement name: (dotted_name) @import.module)
(import_statement name: (aliased_import name: (dotted_name) @import.module alias: (identifier) @import.alias))
(import_from_statement module_name: (_) @from.module name: (dotted_name) @from.name)
(import_from_statement module_name: (_) @from.module name: (aliased_import name: (dotted_name) @from.name alias: (identifier) @from.alias))
(import_from_statement module_name: (_) @from.module (wildcard_import) @from.wildcard)
`,
  go: `
(import_spec name: (_)? @import.alias
  path: [(interpreted_string_literal (interpreted_string_literal_content) @import.path)
         (raw_string_literal (raw_string_literal_content) @import.path)])
`,
  java: `(import_declaration "static"? @import.static [(scoped_identifier) (identifier)] @import.name (asterisk)? @import.wildcard) @import`,
  terraform: `
(block (identifier) @_kind . (string_lit (template_literal) @resource.type) . (string_lit (template_literal) @resource.name) (#eq? @_kind "resource")) @resource
(block (identifier) @_kind . (string_lit (template_literal) @module.name)
  (body (attribute (identifier) @_src (expression (literal_value (string_lit (template_literal) @module.source))) (#eq? @_src "source")))
  (#eq? @_kind "module"))
(attribute (identifier) @attr.name (expression) @attr.value) @attr
`,
};

/** The grammar the floor parses a file with, by extension; undefined for files tree-sitter does not read. */
export function floorGrammarOf(file: string): GrammarName | undefined {
  if (/\.d\.[cm]?ts$/.test(file)) {
    return undefined;
  }
  const extension = path.extname(file);
  if (['.ts', '.mts', '.cts'].includes(extension)) {
    return 'typescript';
  }
  const byExtension: Record<string, GrammarName> = { '.tsx': 'tsx', '.js': 'javascript', '.mjs': 'javascript', '.cjs': 'javascript', '.jsx': 'javascript', '.py': 'python', '.go': 'go', '.java': 'java', '.tf': 'terraform' };
  return byExtension[extension];
}

/** One file of the floor's list: absolute path, grammar, size (for balancing the worker variant). */
export interface FloorFile {
  path: string;
  grammar: GrammarName;
  bytes: number;
}

export interface FloorRun {
  files: number;
  bytes: number;
  captures: number;
  /** Files whose tree has an ERROR or MISSING node. */
  withErrors: number;
  /** Wall time from before `Parser.init` to the last file done (worker start included in the worker variant). */
  ms: number;
  /** Time spent in `Parser.init` and `Language.load` (the first thread's, in the worker variant). */
  initMs: number;
}

/** Runs the floor over `files` in this thread. `locateWasm` maps a wasm file name to its path. */
export async function runFloorInThread(files: readonly FloorFile[], locateWasm: (file: string) => string): Promise<FloorRun> {
  const started = performance.now();
  await Parser.init({ locateFile: (file: string) => locateWasm(path.basename(file)) });
  const parser = new Parser();
  const languages = new Map<GrammarName, { language: Language; query: Query }>();
  let initMs = performance.now() - started;
  let current: GrammarName | undefined;
  let query: Query | undefined;
  const run: FloorRun = { files: 0, bytes: 0, captures: 0, withErrors: 0, ms: 0, initMs: 0 };
  for (const file of files) {
    const text = readFileSync(file.path, 'utf8');
    if (file.grammar !== current) {
      let loaded = languages.get(file.grammar);
      if (!loaded) {
        const loadStarted = performance.now();
        const language = await Language.load(locateWasm(grammarWasm[file.grammar]));
        loaded = { language, query: new Query(language, floorQueries[file.grammar]) };
        languages.set(file.grammar, loaded);
        initMs += performance.now() - loadStarted;
      }
      parser.setLanguage(loaded.language);
      query = loaded.query;
      current = file.grammar;
    }
    const tree = parser.parse(text);
    if (tree) {
      run.captures += query!.captures(tree.rootNode).length;
      run.withErrors += tree.rootNode.hasError ? 1 : 0;
      tree.delete();
    }
    run.files++;
    run.bytes += file.bytes;
  }
  for (const { query: loadedQuery } of languages.values()) {
    loadedQuery.delete();
  }
  parser.delete();
  return { ...run, ms: performance.now() - started, initMs };
}

/** Contiguous chunks of the list with about equal bytes each (§4.2). */
export function chunksByBytes(files: readonly FloorFile[], count: number): FloorFile[][] {
  const total = files.reduce((sum, file) => sum + file.bytes, 0);
  const chunks: FloorFile[][] = [[]];
  let inChunk = 0;
  for (const file of files) {
    if (inChunk >= total / count && chunks.length < count) {
      chunks.push([]);
      inChunk = 0;
    }
    chunks[chunks.length - 1]!.push(file);
    inChunk += file.bytes;
  }
  return chunks;
}

/** Data of a floor worker (`rawFloorWorker.js`). */
export interface FloorWorkerData {
  files: FloorFile[];
  wasmDir: string;
}

/** The floor in `threads` worker threads, each with its own Parser, over contiguous byte-balanced chunks. */
export async function runFloorInWorkers(files: readonly FloorFile[], threads: number, wasmDir: string): Promise<FloorRun> {
  const started = performance.now();
  const runs = await Promise.all(
    chunksByBytes(files, threads).map(
      (chunk) =>
        new Promise<FloorRun>((resolve, reject) => {
          const worker = new Worker(path.join(__dirname, 'rawFloorWorker.js'), { workerData: { files: chunk, wasmDir } satisfies FloorWorkerData });
          worker.once('message', (run: FloorRun) => {
            resolve(run);
            void worker.terminate();
          });
          worker.once('error', reject);
        }),
    ),
  );
  return {
    files: runs.reduce((sum, run) => sum + run.files, 0),
    bytes: runs.reduce((sum, run) => sum + run.bytes, 0),
    captures: runs.reduce((sum, run) => sum + run.captures, 0),
    withErrors: runs.reduce((sum, run) => sum + run.withErrors, 0),
    ms: performance.now() - started,
    initMs: runs[0]?.initMs ?? 0,
  };
}

/** Reads a file list written by the bench (one JSON array). */
export function readFloorList(listPath: string): FloorFile[] {
  return JSON.parse(readFileSync(listPath, 'utf8')) as FloorFile[];
}
