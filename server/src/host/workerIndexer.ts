import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { FileFacts } from '../core/model/fileFacts';
import type { DiskIndexResult, Logger, SourceIndexer } from '../engine/ports';
import { readTextFile } from './nodeFileSystem';
import type { FolderIndexOptions } from './sourceIndexer';

/** What a worker is started with (`workerData`). Plain JSON. */
export interface IndexWorkerData {
  /** The folder the worker's `createSourceIndexer` composition indexes. */
  folder: FolderIndexOptions;
  /** Folder holding the wasm files; the worker's own folder when not given. */
  wasmDir?: string;
  /** `secrets`: only built-in secret detection (`createSecretIndexer`, no tree-sitter); default: every indexer. */
  parts?: 'all' | 'secrets';
}

/** Main thread → worker: index one file, given its text, or read by the worker itself up to `maxBytes`. */
export type IndexRequest = { id: number; path: string; text: string } | { id: number; path: string; maxBytes: number };

/**
 * Worker → main thread. `bytes`: the size of the file the worker read, as read (0 when it was given the text). `skipped`: a file the worker was to read was
 * not (missing, binary, too large). `fatal`: the worker's wasm state may be corrupt, so it must be replaced.
 */
export type IndexWorkerMessage =
  | { type: 'ready' }
  | { type: 'facts'; id: number; facts: FileFacts; bytes: number; ms: number }
  | { type: 'skipped'; id: number; reason: string; ms: number }
  | { type: 'error'; id: number; message: string; fatal?: boolean; ms: number };

export interface WorkerIndexerOptions {
  /** The folder to index; the workers build the same `createSourceIndexer` composition the main thread uses. */
  folder: FolderIndexOptions;
  /** Which files the composition reads; answered in the calling thread (usually the in-thread indexer's `handles`). */
  handles(path: string): boolean;
  /** Pool size; default `min(2, availableParallelism())`. */
  workers?: number;
  /** An idle pool terminates its workers after this long (their wasm heap is freed) and restarts on demand. */
  idleMs?: number;
  /** A worker that returns nothing for this long while it has work is considered hung: terminated and replaced. */
  stallMs?: number;
  /** The worker entry; by default `indexWorker.js` next to this module (see {@link locateIndexWorker}). */
  workerScript?: string;
  wasmDir?: string;
  /** Which indexers the workers run (see {@link IndexWorkerData.parts}). */
  parts?: IndexWorkerData['parts'];
  /** V8 heap limits of each worker (its wasm heap is not covered); by default only the young generation is capped. */
  resourceLimits?: ResourceLimits;
  /** Where the workers' console output and crashes are reported. */
  log?: Logger;
  /** Used when no worker can start at all (script missing, startup crash), so indexing degrades instead of failing. */
  fallback?: SourceIndexer;
}

/** Counters for logs and the benchmark. */
export interface WorkerIndexerStats {
  started: number;
  crashed: number;
  indexed: number;
  failed: number;
  /** Time the workers spent indexing, summed over workers (for utilization: busyMs ÷ (wall × workers)). */
  busyMs: number;
}

const defaultIdleMs = 10_000;
/**
 * A worker's JS objects live for one file (matches, then facts that are posted and dropped), so a small young
 * generation costs little time and saves ~20 MB of RSS per worker (measured on the 10,000-file bench workspace).
 * The old generation's limit is far above what a file needs (a 600 kB file of 24,000 calls and 8,000 routes peaks
 * at ~70 MB), but under V8's 2 GB it also lowers how far V8 lets the heap grow past its live objects (up to 4× by
 * default, ~1.4× here): each worker's heap peaked at 37–48 MB on the 10,000-file workspace, 26 MB now.
 */
const defaultResourceLimits: ResourceLimits = { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 512 };
const defaultStallMs = 60_000;
/** Requests posted to one worker ahead of its results, so it never waits for the main thread between files. */
const inFlightPerWorker = 2;
/** Workers that die before becoming ready, in a row, after which the pool gives up (and uses the fallback). */
const maxStartupFailures = 3;

/**
 * The default pool size: one worker per core, at most two. The message loop mostly waits while workers parse, so
 * on two cores a second worker buys ~1.5× throughput (`npm run bench`) for a few ms of extra loop delay.
 */
export function defaultWorkerCount(): number {
  return Math.min(2, availableParallelism());
}

/**
 * The worker entry, found next to `dir` (`server/dist/indexWorker.js` next to the bundle, or
 * `out/server/src/host/indexWorker.js` next to this module when unbundled), else in either place under an
 * enclosing folder.
 */
export function locateIndexWorker(dir: string = __dirname): string {
  const beside = path.join(dir, 'indexWorker.js');
  if (existsSync(beside)) {
    return beside;
  }
  for (let current = dir; ; current = path.dirname(current)) {
    for (const candidate of [path.join(current, 'server', 'dist', 'indexWorker.js'), path.join(current, 'out', 'server', 'src', 'host', 'indexWorker.js')]) {
      if (existsSync(candidate)) {
        return candidate;
      }
    }
    if (path.dirname(current) === current) {
      return beside;
    }
  }
}

interface Job {
  id: number;
  path: string;
  /** The text to index; undefined when the worker reads the file (at most `maxBytes`). */
  text?: string;
  maxBytes: number;
  resolve(outcome: DiskIndexResult): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  inFlight: Job[];
  isReady: boolean;
  /** Set when the pool itself terminates the worker, so its exit is not a crash. */
  isRetiring: boolean;
  stallTimer?: NodeJS.Timeout;
  /** Why the pool killed a worker that was still busy. */
  killedBecause?: string;
}

/**
 * A {@link SourceIndexer} that indexes in a small pool of `worker_threads`, each running its own tree-sitter host
 * and the same indexer composition, so cold indexing keeps the LSP message loop free and its wasm heap (which never
 * shrinks, shared/tree-sitter.md §5) is returned to the OS when the workers end. Facts come back as plain data.
 *
 * A worker that crashes or stalls is replaced; the file it was indexing is rejected (the engine reports it as a
 * problem of that file) and the files queued behind it are re-sent. No request is ever left pending.
 */
export class WorkerIndexer implements SourceIndexer {
  private readonly slots = new Set<Slot>();
  private readonly queue: Job[] = [];
  private readonly size: number;
  private readonly idleMs: number;
  private readonly stallMs: number;
  private readonly script: string;
  private nextId = 1;
  private startupFailures = 0;
  private idleTimer?: NodeJS.Timeout;
  private isDisposed = false;
  private brokenReason?: string;
  /** `release` was called while files were being indexed: the workers end as soon as the pool is idle. */
  private isReleaseWanted = false;
  readonly stats: WorkerIndexerStats = { started: 0, crashed: 0, indexed: 0, failed: 0, busyMs: 0 };

  constructor(private readonly options: WorkerIndexerOptions) {
    this.size = Math.max(1, Math.floor(options.workers ?? defaultWorkerCount()));
    this.idleMs = options.idleMs ?? defaultIdleMs;
    this.stallMs = options.stallMs ?? defaultStallMs;
    this.script = options.workerScript ?? locateIndexWorker();
  }

  handles(filePath: string): boolean {
    return this.options.handles(filePath);
  }

  /** The most workers the pool runs at once. */
  get poolSize(): number {
    return this.size;
  }

  /** Workers currently running (0 when idle or disposed). */
  get workerCount(): number {
    return this.slots.size;
  }

  async index(filePath: string, text: string): Promise<FileFacts> {
    const outcome = await this.submit(filePath, text, Infinity);
    if ('skipped' in outcome) {
      throw new Error(`Not indexed: ${outcome.skipped}`); // only files the worker reads are skipped
    }
    return outcome.facts;
  }

  /** The worker reads the file (under the folder's repository root) as {@link readTextFile} does, then indexes it. */
  indexFromDisk(filePath: string, maxBytes: number): Promise<DiskIndexResult> {
    return this.submit(filePath, undefined, maxBytes);
  }

  private submit(filePath: string, text: string | undefined, maxBytes: number): Promise<DiskIndexResult> {
    if (this.isDisposed) {
      return Promise.reject(new Error('The indexer was disposed.'));
    }
    return new Promise<DiskIndexResult>((resolve, reject) => {
      const job: Job = { id: this.nextId++, path: filePath, text, maxBytes, resolve, reject };
      if (this.brokenReason !== undefined) {
        this.runElsewhere(job, this.brokenReason);
        return;
      }
      this.queue.push(job);
      this.pump();
    });
  }

  /** A job no worker will run: indexed by the fallback in this thread (which reads the file when the worker was to), or rejected. */
  private runElsewhere(job: Job, reason: string): void {
    const fallback = this.options.fallback;
    if (!fallback) {
      job.reject(new Error(reason));
      return;
    }
    if (job.text !== undefined) {
      fallback.index(job.path, job.text).then((facts) => job.resolve({ facts, bytes: 0 }), job.reject);
      return;
    }
    readTextFile(path.join(this.options.folder.repoRoot, ...job.path.split('/')), job.maxBytes)
      .then(async (read): Promise<DiskIndexResult> => ('skipped' in read ? read : { facts: await fallback.index(job.path, read.text), bytes: read.bytes }))
      .then(job.resolve, job.reject);
  }

  /** Starts the workers (runtime, grammars) before any file is given; unused, they end after the idle time. */
  prepare(): void {
    while (this.slots.size < this.size && this.brokenReason === undefined && !this.isDisposed) {
      this.spawn();
    }
    this.pump();
  }

  /**
   * Terminates the workers as soon as the files already given to the pool are indexed (at once when idle), freeing
   * their wasm heaps; a later `index` starts new ones.
   */
  async release(): Promise<void> {
    if (this.queue.length > 0 || [...this.slots].some((slot) => slot.inFlight.length > 0)) {
      this.isReleaseWanted = true; // done by pump() once the files already given are indexed
      return;
    }
    await Promise.all([...this.slots].map((slot) => this.retire(slot)));
  }

  /**
   * Terminates every worker at once, freeing their wasm heaps. Final. Files already handed to the pool are indexed
   * by the fallback when there is one (a cancelled cold index must not leave "cannot parse" problems on the files
   * that happened to be in flight), and rejected otherwise.
   */
  async dispose(): Promise<void> {
    this.isDisposed = true;
    clearTimeout(this.idleTimer);
    const pending = [...this.queue.splice(0), ...[...this.slots].flatMap((slot) => slot.inFlight.splice(0))];
    for (const job of pending) {
      this.runElsewhere(job, 'The indexer was disposed.');
    }
    await Promise.all([...this.slots].map((slot) => this.retire(slot)));
  }

  private pump(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    while (this.queue.length > 0 && this.slots.size < this.size && this.brokenReason === undefined && !this.isDisposed) {
      this.spawn();
    }
    for (const slot of this.slots) {
      while (slot.inFlight.length < inFlightPerWorker && this.queue.length > 0 && !slot.isRetiring) {
        const job = this.queue.shift()!;
        slot.inFlight.push(job);
        const request: IndexRequest = job.text !== undefined ? { id: job.id, path: job.path, text: job.text } : { id: job.id, path: job.path, maxBytes: job.maxBytes };
        slot.worker.postMessage(request);
        this.armStallTimer(slot);
      }
      if (slot.inFlight.length > 0) {
        slot.worker.ref();
      }
    }
    if (this.queue.length === 0 && [...this.slots].every((slot) => slot.inFlight.length === 0)) {
      const idle = [...this.slots].filter((slot) => !slot.isRetiring);
      if (this.isReleaseWanted) {
        this.isReleaseWanted = false;
        for (const slot of idle) {
          void this.retire(slot);
        }
        return;
      }
      for (const slot of idle) {
        slot.worker.unref(); // an idle pool never keeps the process alive; a retiring worker must finish exiting
      }
      if (idle.length > 0 && !this.isDisposed) {
        this.idleTimer = setTimeout(() => void this.release(), this.idleMs);
        this.idleTimer.unref();
      }
    }
  }

  private spawn(): void {
    const workerData: IndexWorkerData = { folder: this.options.folder, wasmDir: this.options.wasmDir, parts: this.options.parts };
    if (!existsSync(this.script)) {
      this.giveUp(`The indexer worker script is missing: ${this.script}`);
      return;
    }
    let worker: Worker;
    try {
      // stdout/stderr are captured: with the stdio transport, anything a worker printed would corrupt the protocol.
      worker = new Worker(this.script, { workerData, stdout: true, stderr: true, resourceLimits: this.options.resourceLimits ?? defaultResourceLimits });
    } catch (error) {
      this.giveUp(`Cannot start an indexer worker (${this.script}): ${(error as Error).message}`);
      return;
    }
    this.stats.started++;
    const slot: Slot = { worker, inFlight: [], isReady: false, isRetiring: false };
    this.slots.add(slot);
    worker.stdout.on('data', (chunk: Buffer) => this.options.log?.info(`[indexer worker] ${chunk.toString('utf8').trimEnd()}`));
    worker.stderr.on('data', (chunk: Buffer) => this.options.log?.warn(`[indexer worker] ${chunk.toString('utf8').trimEnd()}`));
    let lastError: Error | undefined;
    worker.on('message', (message: IndexWorkerMessage) => this.onMessage(slot, message));
    worker.on('error', (error) => {
      lastError = error;
    });
    worker.on('exit', (code) => this.onExit(slot, code, lastError));
  }

  private onMessage(slot: Slot, message: IndexWorkerMessage): void {
    if (message.type === 'ready') {
      slot.isReady = true;
      this.startupFailures = 0;
      return;
    }
    const at = slot.inFlight.findIndex((job) => job.id === message.id);
    if (at < 0) {
      return; // answered after the pool gave up on it (disposed)
    }
    const [job] = slot.inFlight.splice(at, 1);
    this.armStallTimer(slot);
    this.stats.busyMs += message.ms;
    if (message.type === 'facts') {
      this.stats.indexed++;
      job!.resolve({ facts: message.facts, bytes: message.bytes }); // the engine shares what repeats across files (core/model/factInterner)
    } else if (message.type === 'skipped') {
      this.stats.indexed++;
      job!.resolve({ skipped: message.reason });
    } else {
      this.stats.failed++;
      job!.reject(new Error(message.message));
      if (message.fatal) {
        // The file failed inside the wasm module; the others sent to this worker go to a fresh one.
        this.queue.unshift(...slot.inFlight.splice(0));
        void this.retire(slot);
      }
    }
    this.pump();
  }

  private onExit(slot: Slot, code: number, error: Error | undefined): void {
    clearTimeout(slot.stallTimer);
    this.slots.delete(slot);
    if (slot.isRetiring) {
      this.pump();
      return;
    }
    this.stats.crashed++;
    const reason = slot.killedBecause ?? (error ? error.message : `exit code ${code}`);
    if (!slot.isReady) {
      // Died while starting: no file is to blame. Its files are retried on a new worker, a few times.
      this.queue.unshift(...slot.inFlight.splice(0));
      if (++this.startupFailures >= maxStartupFailures) {
        this.giveUp(`The indexer workers cannot start (${this.script}): ${reason}`);
        return;
      }
    } else {
      const [culprit, ...rest] = slot.inFlight.splice(0);
      this.queue.unshift(...rest);
      if (culprit) {
        this.stats.failed++;
        this.options.log?.warn(`The indexer worker stopped while indexing ${culprit.path} (${reason}); it was replaced.`);
        culprit.reject(new Error(`The indexer stopped while reading this file: ${reason}`));
      }
    }
    this.pump();
  }

  /** Every queued request goes to the fallback, or fails; later requests do the same without trying workers again. */
  private giveUp(reason: string): void {
    this.brokenReason = reason;
    this.options.log?.error(this.options.fallback ? `${reason}; indexing in the main thread instead.` : reason);
    for (const job of this.queue.splice(0)) {
      this.runElsewhere(job, reason);
    }
  }

  private armStallTimer(slot: Slot): void {
    clearTimeout(slot.stallTimer);
    slot.stallTimer = undefined;
    if (slot.inFlight.length > 0) {
      slot.stallTimer = setTimeout(() => {
        // Terminated as a crash (not retiring): the file it is stuck on is rejected, the rest re-sent.
        slot.killedBecause = `no answer for ${this.stallMs} ms`;
        void slot.worker.terminate();
      }, this.stallMs);
      slot.stallTimer.unref();
    }
  }

  private async retire(slot: Slot): Promise<void> {
    slot.isRetiring = true;
    clearTimeout(slot.stallTimer);
    // An idle worker is unref'd; without this the process could exit before `terminate` settles.
    slot.worker.ref();
    await slot.worker.terminate();
  }
}
