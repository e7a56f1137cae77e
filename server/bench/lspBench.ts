import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import type { Writable } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { credentialsFdArgument, encodeCredentialMessage } from '../../shared/src/credentials';
import { serverProcessEnvironment } from '../../shared/src/serverProcess';
import { serverBundle } from '../test/protocol/lspTestClient';
import { MemorySampler, processMemory } from './procStatus';
import { Prng } from './prng';
import { percentile } from './stats';

/**
 * One publication as the probe inside the server saw it, or (`idle`) the moment the server was done with a change,
 * published or not (see serverProbe.ts).
 */
interface ProbeEvent {
  event: 'publish' | 'idle';
  version: number;
  uri?: string;
  wallMs: number;
  activeMs: number;
  cpuMs: number;
  bytes?: number;
  receivedAt: number;
}

/**
 * The bundled language server over stdio, with the bench probe preloaded: the LspTestClient pattern
 * (server/test/protocol/lspTestClient.ts), plus the process id for /proc sampling and the probe's timings from
 * stderr.
 */
export class BenchServer {
  readonly logs: string[] = [];
  readonly probe: ProbeEvent[] = [];
  /** Client-side arrival time of each publishDiagnostics. */
  readonly publishes: { uri: string; at: number; count: number }[] = [];
  readonly memory: MemorySampler;
  private readonly startedAt = performance.now();
  /** When the client sent `initialized` (client clock, as {@link publishes}). */
  initializedAt = NaN;

  private constructor(
    readonly connection: MessageConnection,
    private readonly child: ChildProcess,
    private readonly settings: Record<string, unknown>,
  ) {
    this.memory = new MemorySampler(child.pid!, 200);
    connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.publishes.push({ uri: params.uri, at: performance.now(), count: params.diagnostics.length });
    });
    connection.onNotification('window/logMessage', (params: { message: string }) => {
      this.logs.push(params.message);
    });
    connection.onNotification('aspm/status', () => undefined);
    connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => this.settings));
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.onNotification('$/progress', () => undefined);
    createInterface({ input: child.stderr! }).on('line', (line) => {
      if (line.startsWith('ASPM_BENCH ')) {
        this.probe.push({ ...(JSON.parse(line.slice('ASPM_BENCH '.length)) as Omit<ProbeEvent, 'receivedAt'>), receivedAt: performance.now() });
      }
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** From `initialized` to the first publishDiagnostics that carries a diagnostic; undefined while none has. */
  get firstDiagnosticsMs(): number | undefined {
    const first = this.publishes.find((publish) => publish.count > 0);
    return first ? first.at - this.initializedAt : undefined;
  }

  /** Milliseconds since the process was spawned. */
  get elapsedMs(): number {
    return performance.now() - this.startedAt;
  }

  static async start(options: { folder: string; settings: Record<string, unknown>; probe: string; bundle?: string; nodeOptions?: string[] }): Promise<BenchServer> {
    const args = [...(options.nodeOptions ?? []), '--require', options.probe, options.bundle ?? serverBundle, '--stdio', `${credentialsFdArgument}=3`];
    const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe', 'pipe'], env: { ...process.env, ...serverProcessEnvironment } });
    (child.stdio[3] as Writable).write(encodeCredentialMessage({ credentials: { aspm: 'fixture-token' } }));
    const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const server = new BenchServer(connection, child, options.settings);
    connection.listen();
    const uri = pathToFileURL(options.folder).toString();
    await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: uri,
      workspaceFolders: [{ uri, name: path.basename(options.folder) }],
      capabilities: {
        workspace: { configuration: true, workspaceFolders: true, didChangeWatchedFiles: { dynamicRegistration: true }, didChangeConfiguration: { dynamicRegistration: true } },
        window: { workDoneProgress: true },
        textDocument: { publishDiagnostics: { relatedInformation: true } },
      },
      initializationOptions: { isTrusted: true },
    });
    await connection.sendNotification('initialized', {});
    server.initializedAt = performance.now();
    return server;
  }

  /**
   * Waits until the server is done with the change of `version`: its publications are over (none for `quietMs`), or,
   * when its diagnostics did not change, the server went idle without publishing. The probe event to time it by:
   * the last publication, else the idle event. Rejects after `timeoutMs`.
   */
  async editDone(version: number, quietMs: number, timeoutMs: number): Promise<ProbeEvent> {
    const ofVersion = (kind: ProbeEvent['event']): ProbeEvent[] => this.probe.filter((event) => event.version === version && event.event === kind);
    await this.until(`the end of edit ${version}`, () => ofVersion('publish').length > 0 || ofVersion('idle').length > 0, timeoutMs);
    if (ofVersion('publish').length === 0) {
      return ofVersion('idle')[0]!;
    }
    await this.quiet(quietMs);
    return ofVersion('publish').at(-1)!;
  }

  /** Resolves when `probe` holds, checked every 10 ms; rejects after `timeoutMs`. */
  async until(what: string, probe: () => boolean, timeoutMs = 120_000): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (!probe()) {
      if (performance.now() > deadline) {
        throw new Error(`timed out waiting for ${what}; last logs: ${this.logs.slice(-3).join(' | ')}`);
      }
      await sleep(10);
    }
  }

  /** Waits until no publication arrived for `quietMs`. */
  async quiet(quietMs: number): Promise<void> {
    const last = (): number => Math.max(this.publishes.at(-1)?.at ?? 0, this.probe.filter((event) => event.event === 'publish').at(-1)?.receivedAt ?? 0);
    await this.until(`${quietMs} ms without publications`, () => performance.now() - last() >= quietMs);
  }

  async stop(): Promise<number | undefined> {
    const peak = Math.max(this.memory.stop(), processMemory(this.pid)?.peakRssMb ?? 0);
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), sleep(3000)]);
      await this.connection.sendNotification('exit');
      // Given time to exit by itself (a --cpu-prof server writes its profile then); killed after that.
      await Promise.race([new Promise((resolve) => this.child.once('exit', resolve)), sleep(3000)]);
    } catch {
      // already gone; killed below
    }
    this.connection.dispose();
    this.child.kill();
    return peak;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** One measured edit. */
export interface EditSample {
  kind: string;
  /** Where the edit went: `L37: const catalog0x = …`, the edited line as it reads after the change (first 80 characters). */
  where: string;
  /** Probe, in the server: event-loop busy time from the didChange to the last publication it caused. */
  serverActiveMs: number;
  /** Probe, in the server: CPU time of the server process for the same interval (robust to machine load). */
  serverCpuMs: number;
  /** Probe, in the server: wall time for the same interval (includes the 50 ms publish debounce). */
  serverWallMs: number;
  /**
   * Client: from sending didChange to receiving the last publication it caused (debounce and pipes included);
   * undefined when the edit changed no diagnostic, so nothing was published (its server timings run to idle).
   */
  clientMs?: number;
  publications: number;
}

export interface EditSummary {
  edits: number;
  /** Measured edits whose diagnostics did not change: nothing published, timed until the server went idle. */
  unpublished: number;
  /** Edits the server never finished within the timeout (not measured). */
  failed: number;
  serverActiveP50Ms: number;
  serverActiveP95Ms: number;
  serverActiveMaxMs: number;
  serverCpuP50Ms: number;
  serverCpuP95Ms: number;
  serverWallP50Ms: number;
  serverWallP95Ms: number;
  clientP50Ms: number;
  clientP95Ms: number;
  publicationsPerEdit: number;
  byKind: Record<string, { edits: number; serverActiveP50Ms: number; serverActiveP95Ms: number }>;
  /** The slowest edits by busy time, slowest first: with 30 edits the p95 is the second of them. */
  slowest: Pick<EditSample, 'kind' | 'where' | 'serverActiveMs' | 'serverCpuMs'>[];
}

type Position = { line: number; character: number };
type Change = { range: { start: Position; end: Position }; text: string };

/**
 * Edits that come in do/undo pairs, so the file stays the same size over the run: type a character into an
 * identifier, insert a comment line, add an import of a vulnerable symbol (which changes the file's facts).
 */
function editPairs(random: Prng, lines: () => string[]): { kind: string; edit(): Change; undo(): Change } {
  const kind = random.weighted([
    ['type', 45],
    ['comment', 35],
    ['import', 20],
  ] as const);
  if (kind === 'type') {
    const current = lines();
    let line = random.int(10, current.length - 2);
    for (let tries = 0; !/const \w+ =/.test(current[line]!); tries++) {
      if (tries > current.length) {
        throw new Error('the edited file has no `const x =` line to type into');
      }
      line = (line + 1) % current.length;
    }
    const match = /const (\w+) =/.exec(current[line]!)!;
    const character = match.index + 'const '.length + match[1]!.length;
    return {
      kind,
      edit: () => ({ range: { start: { line, character }, end: { line, character } }, text: 'x' }),
      undo: () => ({ range: { start: { line, character }, end: { line, character: character + 1 } }, text: '' }),
    };
  }
  const line = kind === 'import' ? 1 : random.int(10, lines().length - 2);
  const text = kind === 'import' ? "import { zipObjectDeep } from 'lodash';\n" : `  // benchmark edit ${random.int(0, 1e6)}\n`;
  return {
    kind,
    edit: () => ({ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text }),
    undo: () => ({ range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, text: '' }),
  };
}

function applyChange(lines: string[], change: Change): string[] {
  const text = lines.join('\n');
  const offset = (position: Position): number => lines.slice(0, position.line).reduce((sum, line) => sum + line.length + 1, 0) + position.character;
  return (text.slice(0, offset(change.range.start)) + change.text + text.slice(offset(change.range.end))).split('\n');
}

/** An open document edited in do/undo pairs ({@link editPairs}), so it keeps its size over a run. */
export class PairedEdits {
  private lines: string[];
  private pair?: ReturnType<typeof editPairs>;
  private version = 1;
  private readonly random: Prng;

  private constructor(text: string, seed: number) {
    this.lines = text.split('\n');
    this.random = new Prng(seed);
  }

  /** Sends didOpen and waits until the server's publications for it are over. */
  static async open(server: BenchServer, uri: string, text: string, seed: number): Promise<PairedEdits> {
    const document = new PairedEdits(text, seed);
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version: document.version, text } });
    await server.quiet(500);
    return document;
  }

  /** A line of the text as it is now (0-based). */
  lineAt(line: number): string {
    return this.lines[line] ?? '';
  }

  /** The next change (an edit, then its undo), already applied here; its didChange is the caller's to send. */
  next(): { change: Change; kind: string; version: number } {
    let change: Change;
    let kind: string;
    if (this.pair) {
      change = this.pair.undo();
      kind = `${this.pair.kind} (undo)`;
      this.pair = undefined;
    } else {
      this.pair = editPairs(this.random, () => this.lines);
      change = this.pair.edit();
      kind = this.pair.kind;
    }
    this.lines = applyChange(this.lines, change);
    this.version++;
    return { change, kind, version: this.version };
  }
}

/**
 * Opens `file` in the server, then makes `count` edits one at a time: each is sent as an incremental didChange and
 * measured until the server's publications for it are over (no new one for `quietMs`), or, when its diagnostics did
 * not change and nothing was published, until the server went idle (see {@link BenchServer.editDone}).
 */
export async function measureEdits(server: BenchServer, file: string, text: string, options: { count: number; seed: number; warmup?: number; quietMs?: number }): Promise<{ samples: EditSample[]; summary: EditSummary }> {
  const warmup = options.warmup ?? 10;
  const quietMs = options.quietMs ?? 80;
  const uri = pathToFileURL(file).toString();
  const document = await PairedEdits.open(server, uri, text, options.seed);
  const samples: EditSample[] = [];
  let failed = 0;
  // The first `warmup` edits (a whole number of pairs) are not counted: JIT and caches settle first.
  for (let at = 0; at < warmup + options.count; at++) {
    const { change, kind, version } = document.next();
    const publishedBefore = server.publishes.length;
    const sentAt = performance.now();
    await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [change] });
    let done: ProbeEvent;
    try {
      done = await server.editDone(version, quietMs, 60_000);
    } catch {
      failed++;
      continue;
    }
    if (at < warmup) {
      continue;
    }
    const publications = server.publishes.length - publishedBefore;
    samples.push({
      kind,
      where: `L${change.range.start.line + 1}: ${document.lineAt(change.range.start.line).trim().slice(0, 80)}`,
      serverActiveMs: done.activeMs,
      serverCpuMs: done.cpuMs,
      serverWallMs: done.wallMs,
      clientMs: done.event === 'publish' && publications > 0 ? server.publishes.at(-1)!.at - sentAt : undefined,
      publications,
    });
  }
  await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  return { samples, summary: summarize(samples, failed) };
}

function summarize(samples: readonly EditSample[], failed: number): EditSummary {
  const active = samples.map((sample) => sample.serverActiveMs);
  const byKind: EditSummary['byKind'] = {};
  for (const kind of new Set(samples.map((sample) => sample.kind.replace(' (undo)', '')))) {
    const own = samples.filter((sample) => sample.kind.replace(' (undo)', '') === kind).map((sample) => sample.serverActiveMs);
    byKind[kind] = { edits: own.length, serverActiveP50Ms: percentile(own, 50), serverActiveP95Ms: percentile(own, 95) };
  }
  const client = samples.flatMap((sample) => (sample.clientMs === undefined ? [] : [sample.clientMs]));
  return {
    edits: samples.length,
    unpublished: samples.filter((sample) => sample.publications === 0).length,
    failed,
    serverActiveP50Ms: percentile(active, 50),
    serverActiveP95Ms: percentile(active, 95),
    serverActiveMaxMs: Math.max(...active),
    serverCpuP50Ms: percentile(samples.map((sample) => sample.serverCpuMs), 50),
    serverCpuP95Ms: percentile(samples.map((sample) => sample.serverCpuMs), 95),
    serverWallP50Ms: percentile(samples.map((sample) => sample.serverWallMs), 50),
    serverWallP95Ms: percentile(samples.map((sample) => sample.serverWallMs), 95),
    clientP50Ms: percentile(client, 50),
    clientP95Ms: percentile(client, 95),
    publicationsPerEdit: samples.reduce((sum, sample) => sum + sample.publications, 0) / Math.max(1, samples.length),
    byKind,
    slowest: [...samples]
      .sort((a, b) => b.serverActiveMs - a.serverActiveMs)
      .slice(0, 3)
      .map(({ kind, where, serverActiveMs, serverCpuMs }) => ({ kind, where, serverActiveMs, serverCpuMs })),
  };
}
