import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type { FileFacts } from '../src/core/model/fileFacts';
import type { DiskIndexResult, OpenDocumentFacts, SourceIndexer } from '../src/engine/ports';
import { WorkspaceEngine } from '../src/engine/workspaceEngine';
import { NodeFileSystem } from '../src/host/nodeFileSystem';
import { createSourceIndexer, reportPathMatcher } from '../src/host/sourceIndexer';
import { TreeSitterHost } from '../src/host/treeSitterHost';
import { wasmLocator } from '../src/host/wasmLocator';
import { WorkerIndexer } from '../src/host/workerIndexer';
import { processMemory, threadCpuMs } from './procStatus';
import { median } from './stats';

/** One cold index of a folder through the real engine (WorkspaceEngine + NodeFileSystem + an indexer). */
export interface ColdIndexRun {
  indexer: 'workers' | 'inThread';
  workers: number;
  /** Files the engine listed (sources, manifests, reports). */
  listed: number;
  /** Files handed to the source indexer, their bytes, and what came back. */
  indexed: number;
  indexedBytes: number;
  imports: number;
  calls: number;
  failed: number;
  /** Share of the wall time the workers spent indexing (1 = always busy: indexing work is the bottleneck). */
  workerUtilization?: number;
  /** `indexAll` wall time: listing, reading, worker start and init, parsing, facts. */
  ms: number;
  /** The first `analyze` after indexing (no backend findings here). */
  analyzeMs: number;
  /** Delay of the main thread's event loop while indexing: what an LSP request would wait for. */
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  /**
   * CPU of the process's threads after indexing, in ms: this (main) thread, the pool's workers (taken to be the busiest
   * other threads) and the rest (V8's compiler and GC helpers, libuv's file system threads). Linux only.
   */
  threadCpuMs?: { main: number; workers: number[]; other: number };
  /** VmHWM of the whole process (workers included) after indexing, and VmRSS after the workers ended. */
  peakRssMb: number;
  rssAfterDisposeMb: number;
  /**
   * After indexing, re-indexing one open file and re-analyzing, as the server does on every edit (medians over a
   * few edits; no backend findings here): how the cost splits between the file and the whole-workspace analysis.
   */
  edit?: { file: string; setOpenTextMs: number; analyzeMs: number };
}

/** Counts what an indexer is given and returns, for cross-checking the worker and in-thread runs. */
class CountingIndexer implements SourceIndexer {
  indexed = 0;
  bytes = 0;
  imports = 0;
  calls = 0;
  failed = 0;

  /** Settable: after the cold index, open documents go to the in-thread indexer, as in the server. */
  constructor(public inner: SourceIndexer) {}

  handles(file: string): boolean {
    return this.inner.handles(file);
  }

  async index(file: string, text: string): Promise<FileFacts> {
    this.indexed++;
    this.bytes += Buffer.byteLength(text);
    try {
      const facts = await this.inner.index(file, text);
      this.imports += facts.imports?.length ?? 0;
      this.calls += facts.calls?.length ?? 0;
      return facts;
    } catch (error) {
      this.failed++;
      throw error;
    }
  }

  /** Cold index through the pool: its workers read the files. */
  async indexFromDisk(file: string, maxBytes: number): Promise<DiskIndexResult> {
    if (!this.inner.indexFromDisk) {
      throw new Error('indexFromDisk: the inner indexer does not read files');
    }
    this.indexed++;
    try {
      const result = await this.inner.indexFromDisk(file, maxBytes);
      if ('facts' in result) {
        this.bytes += result.bytes;
        this.imports += result.facts.imports?.length ?? 0;
        this.calls += result.facts.calls?.length ?? 0;
      }
      return result;
    } catch (error) {
      this.failed++;
      throw error;
    }
  }

  // Open documents as the server indexes them: incrementally. Without these the engine read the whole 2,000-line
  // file again on every edit (a full parse and every query, ~37 ms at 10k files), which the server never does.
  indexOpen(file: string, text: string): Promise<OpenDocumentFacts> {
    return this.inner.indexOpen ? this.inner.indexOpen(file, text) : this.index(file, text).then((facts) => ({ facts, isSettled: true }));
  }

  async settleOpen(file: string, text: string): Promise<FileFacts | undefined> {
    return this.inner.settleOpen?.(file, text);
  }

  prepare(): void {
    this.inner.prepare?.();
  }

  release(file: string): void {
    this.inner.release?.(file);
  }
}

const quiet = { info: (): void => undefined, warn: (): void => undefined, error: (message: string): void => console.error(message) };

/** Indexes `dir` cold (the folder is its own repository root) and reports the numbers. */
export async function runColdIndex(
  dir: string,
  options: { indexer: 'workers' | 'inThread'; workers?: number; wasmDir: string; editFile?: string; workerScript?: string },
): Promise<ColdIndexRun> {
  const folder = path.resolve(dir);
  const indexOptions = { repoRoot: folder, folder, sarifGlobs: ['**/*.sarif'] };
  // The server has its in-thread host before indexing starts (open documents use it), so it is not timed.
  const host = await TreeSitterHost.create(wasmLocator(options.wasmDir));
  const inThread = createSourceIndexer(host, indexOptions);
  const pool = options.indexer === 'workers' ? new WorkerIndexer({ folder: indexOptions, handles: (file) => inThread.handles(file), workers: options.workers, log: quiet, workerScript: options.workerScript }) : undefined;
  const counting = new CountingIndexer(pool ?? inThread);
  const fs = new NodeFileSystem(folder, folder, (relative) => engine.isRelevant(relative), (relative) => engine.maxBytesOf(relative));
  const engine: WorkspaceEngine = new WorkspaceEngine({ fs, indexer: counting, log: quiet, now: () => new Date(), isReport: reportPathMatcher(indexOptions) });

  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const started = performance.now();
  const stats = await engine.indexAll();
  const ms = performance.now() - started;
  loop.disable();
  const analyzeStarted = performance.now();
  engine.analyze({ minPriority: 40, showUnreachable: false });
  const analyzeMs = performance.now() - analyzeStarted;
  const peakRssMb = processMemory()?.peakRssMb ?? NaN;
  const threadCpu = threadCpuSplit(pool?.poolSize ?? 0);
  await pool?.dispose();
  counting.inner = inThread;
  const edit = options.editFile ? await measureEdit(engine, options.editFile, await readFile(path.join(folder, ...options.editFile.split('/')), 'utf8')) : undefined;
  return {
    indexer: options.indexer,
    workers: pool?.poolSize ?? 0,
    listed: stats.files,
    indexed: counting.indexed,
    indexedBytes: counting.bytes,
    imports: counting.imports,
    calls: counting.calls,
    failed: counting.failed,
    workerUtilization: pool ? pool.stats.busyMs / (ms * pool.poolSize) : undefined,
    ms,
    analyzeMs,
    loopDelayP99Ms: loop.percentile(99) / 1e6,
    loopDelayMaxMs: loop.max / 1e6,
    threadCpuMs: threadCpu,
    peakRssMb,
    rssAfterDisposeMb: processMemory()?.rssMb ?? NaN,
    edit,
  };
}

/** The threads' CPU: the main thread (its id is the process id), the `workers` busiest others, and the rest. */
function threadCpuSplit(workers: number): ColdIndexRun['threadCpuMs'] {
  const threads = threadCpuMs();
  const main = threads.find((thread) => thread.tid === process.pid);
  if (!main) {
    return undefined;
  }
  const others = threads.filter((thread) => thread !== main).sort((a, b) => b.cpuMs - a.cpuMs);
  return { main: main.cpuMs, workers: others.slice(0, workers).map((thread) => thread.cpuMs), other: others.slice(workers).reduce((sum, thread) => sum + thread.cpuMs, 0) };
}

/** Open-document edits through the engine with the in-thread indexer (the engine's own indexer here). */
async function measureEdit(engine: WorkspaceEngine, file: string, text: string): Promise<ColdIndexRun['edit']> {
  const index: number[] = [];
  const analyze: number[] = [];
  for (let at = 0; at < 12; at++) {
    const started = performance.now();
    await engine.setOpenText(file, `${text}// edit ${at}\n`);
    const indexed = performance.now();
    engine.analyze({ minPriority: 40, showUnreachable: false });
    index.push(indexed - started);
    analyze.push(performance.now() - indexed);
  }
  return { file, setOpenTextMs: median(index.slice(2)), analyzeMs: median(analyze.slice(2)) };
}
