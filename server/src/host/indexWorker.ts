// Entry of an indexer worker thread (see workerIndexer.ts): its own tree-sitter host and the same indexer
// composition as the main thread; files are indexed one at a time, in the order they arrive.
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import type { SourceIndexer } from '../engine/ports';
import { readTextFileSync } from './nodeFileSystem';
import { createSecretIndexer, createSourceIndexer } from './sourceIndexer';
import { TreeSitterHost } from './treeSitterHost';
import { wasmLocator } from './wasmLocator';
import type { IndexRequest, IndexWorkerData, IndexWorkerMessage } from './workerIndexer';

const port = parentPort;
if (!port) {
  throw new Error('indexWorker.js runs as a worker thread only.');
}
const data = workerData as IndexWorkerData;
const post = (message: IndexWorkerMessage): void => port.postMessage(message);

const indexer: Promise<SourceIndexer> =
  data.parts === 'secrets'
    ? Promise.resolve(createSecretIndexer(data.folder))
    : TreeSitterHost.create(wasmLocator(data.wasmDir ?? __dirname)).then((host) => createSourceIndexer(host, data.folder));
indexer.then(
  () => post({ type: 'ready' }),
  (error: unknown) => {
    // Rethrown outside the promise: the worker dies and the pool sees a startup failure.
    setImmediate(() => {
      throw error;
    });
  },
);

let previous: Promise<void> = Promise.resolve();
port.on('message', (request: IndexRequest) => {
  previous = previous.then(async () => {
    const ready = await indexer;
    const started = performance.now();
    try {
      // The caller knows the size of a text it gave.
      const read = 'text' in request ? { text: request.text, bytes: 0 } : readTextFileSync(path.join(data.folder.repoRoot, ...request.path.split('/')), request.maxBytes);
      if ('skipped' in read) {
        post({ type: 'skipped', id: request.id, reason: read.skipped, ms: performance.now() - started });
        return;
      }
      const facts = await ready.index(request.path, read.text);
      post({ type: 'facts', id: request.id, facts, bytes: read.bytes, ms: performance.now() - started });
    } catch (error) {
      // A trap inside the wasm module may leave the parser in any state: this worker must not be reused.
      post({ type: 'error', id: request.id, message: error instanceof Error ? error.message : String(error), fatal: isWasmTrap(error), ms: performance.now() - started });
    }
  });
});

/** `WebAssembly.RuntimeError` (unreachable, out-of-bounds access…); the lib typings here do not declare it. */
function isWasmTrap(error: unknown): boolean {
  return error instanceof Error && error.constructor.name === 'RuntimeError';
}
