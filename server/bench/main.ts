// The indexing and latency benchmark; see server/bench/README.md.
//   node out/server/bench/main.js [--files 10000] [--seed 1] [--runs N] [--edits 200] [--large-edits 50]
//        [--workers N] [--dir DIR] [--out bench-results] [--no-index] [--no-server] [--no-samples]
//        [--compare-in-thread] [--server-node-options="--max-semi-space-size=4 …"] [--findings 50000] [--only findings]
//        [--cost-split]
//   node out/server/bench/main.js --sbom [--dir DIR]...   the SBOM comparison with cdxgen (sbom.ts)
// Each timed phase runs in a fresh child process (`--phase …`), so its peak RSS and JIT state are its own.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { WorkspaceEngine } from '../src/engine/workspaceEngine';
import { NodeFileSystem } from '../src/host/nodeFileSystem';
import { createSourceIndexer, reportPathMatcher } from '../src/host/sourceIndexer';
import { TreeSitterHost } from '../src/host/treeSitterHost';
import { wasmLocator } from '../src/host/wasmLocator';
import { defaultWorkerCount } from '../src/host/workerIndexer';
import { copyWorkspace, serverBundle } from '../test/protocol/lspTestClient';
import { serverProcessEnvironment } from '../../shared/src/serverProcess';
import { sampleSettings, startBackend } from '../test/protocol/testBackend';
import { runColdIndex, type ColdIndexRun } from './coldIndex';
import { editBreakdown, type StepTiming } from './editBreakdown';
import { editTargetPath, editTargetText, generateWorkspace } from './generateWorkspace';
import { BenchServer, measureEdits, type EditSummary } from './lspBench';
import { processMemory } from './procStatus';
import { floorGrammarOf, readFloorList, runFloorInThread, runFloorInWorkers, type FloorFile, type FloorRun } from './rawFloor';
import { bestAndMedian, round } from './stats';
import { runSbomBench } from './sbom';
import { measureFindingsLoad, type FindingsLoadResult } from './findingsLoad';
import { measureIndexCostSplit, type CostVariant, type IndexCostSplit } from './indexCostSplit';

const repoRoot = path.resolve(__dirname, '../../..');
const fixturesRoot = path.join(repoRoot, 'test-fixtures');
/** Where the wasm files are found from unbundled output (wasmLocator walks up to node_modules). */
const wasmDir = path.join(repoRoot, 'out', 'server', 'src', 'host');

interface Options {
  files: number;
  seed: number;
  runs: number;
  edits: number;
  largeEdits: number;
  workers: number;
  dir?: string;
  out: string;
  isServerRun: boolean;
  isSamplesRun: boolean;
  isIndexRun: boolean;
  /** Also time the engine with the in-thread indexer (the old wiring) on the large workspace. */
  isInThreadCompared: boolean;
  /** Extra Node options for the server process (e.g. heap limits), space-separated. */
  serverNodeOptions: string[];
  /** Backend findings of the findings-load scenario (0: not run). */
  findings: number;
  /** Only the findings-load scenario (`--only findings`). */
  isFindingsOnly: boolean;
  /** Also split the per-file CPU of the JavaScript indexer by part, against the floor (`--cost-split`). */
  isCostSplitRun: boolean;
}

function parseArgs(argv: readonly string[]): { options: Options; phase?: string; rest: Map<string, string> } {
  const rest = new Map<string, string>();
  const flags = new Set<string>();
  for (let at = 0; at < argv.length; at++) {
    const arg = argv[at]!;
    if (!arg.startsWith('--')) {
      throw new Error(`unexpected argument ${arg}`);
    }
    const equals = arg.indexOf('=');
    if (equals > 0) {
      rest.set(arg.slice(2, equals), arg.slice(equals + 1)); // --name=value, for values that start with --
      continue;
    }
    const next = argv[at + 1];
    if (next !== undefined && !next.startsWith('--')) {
      rest.set(arg.slice(2), next);
      at++;
    } else {
      flags.add(arg.slice(2));
    }
  }
  const number = (name: string, fallback: number): number => {
    const value = rest.get(name);
    if (value === undefined) {
      return fallback;
    }
    if (!/^\d+$/.test(value)) {
      throw new Error(`--${name} needs a whole number, got ${value}`);
    }
    return Number(value);
  };
  const files = number('files', 10_000);
  const only = rest.get('only');
  if (only !== undefined && only !== 'findings') {
    throw new Error(`--only takes "findings", got ${only}`);
  }
  const isFindingsOnly = only === 'findings';
  return {
    phase: rest.get('phase'),
    rest,
    options: {
      files,
      seed: number('seed', 1),
      runs: number('runs', files >= 5000 ? 2 : 3),
      edits: number('edits', 200),
      largeEdits: number('large-edits', 30),
      workers: number('workers', defaultWorkerCount()),
      dir: rest.get('dir'),
      out: path.resolve(rest.get('out') ?? path.join(repoRoot, 'bench-results')),
      isServerRun: !flags.has('no-server') && !isFindingsOnly,
      isSamplesRun: !flags.has('no-samples') && !isFindingsOnly,
      isIndexRun: !flags.has('no-index') && !isFindingsOnly,
      findings: number('findings', 50_000),
      isFindingsOnly,
      isInThreadCompared: flags.has('compare-in-thread'),
      isCostSplitRun: flags.has('cost-split'),
      serverNodeOptions: (rest.get('server-node-options') ?? '').split(' ').filter((option) => option !== ''),
    },
  };
}

/** A phase in a fresh process; its result is the last line of its stdout, plus its own peak RSS. */
type PhaseResult<T> = T & { cpuMs: number; processPeakRssMb: number };

function runPhase<T>(args: string[]): PhaseResult<T> {
  // The server's environment: the engine phase's peak RSS is the server's, and the floor runs under the same allocator.
  const child = spawnSync(process.execPath, [__filename, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, ...serverProcessEnvironment } });
  if (child.status !== 0) {
    throw new Error(`phase ${args.join(' ')} failed (${child.status}): ${child.stderr}`);
  }
  return JSON.parse(child.stdout.trim().split('\n').at(-1)!) as PhaseResult<T>;
}

/** Runs inside a phase process. */
async function phase(name: string, rest: Map<string, string>): Promise<void> {
  const cpu = process.cpuUsage();
  let result: object;
  if (name === 'floor') {
    const files = readFloorList(rest.get('list')!);
    const threads = Number(rest.get('threads') ?? '1');
    result = threads <= 1 ? await runFloorInThread(files, wasmLocator(wasmDir)) : await runFloorInWorkers(files, threads, wasmDir);
  } else if (name === 'engine') {
    // The workers run the bundled entry, as the server starts them (one script to load, next to its wasm files).
    const workerScript = path.join(repoRoot, 'server', 'dist', 'indexWorker.js');
    if (!existsSync(workerScript)) {
      throw new Error(`${workerScript} is missing: build the bundle first (node .config/bundle.mjs)`);
    }
    result = await runColdIndex(rest.get('dir')!, { indexer: rest.get('indexer') === 'inThread' ? 'inThread' : 'workers', workers: Number(rest.get('workers')), wasmDir, editFile: rest.get('edit-file'), workerScript });
  } else if (name === 'split') {
    result = await measureIndexCostSplit(readFloorList(rest.get('list')!), rest.get('root')!, wasmLocator(wasmDir));
  } else if (name === 'breakdown') {
    result = { steps: await editBreakdown(editTargetPath, readFileSync(rest.get('file')!, 'utf8'), wasmDir) };
  } else {
    throw new Error(`unknown phase ${name}`);
  }
  const used = process.cpuUsage(cpu);
  process.stdout.write(`${JSON.stringify({ ...result, cpuMs: (used.user + used.system) / 1000, processPeakRssMb: processMemory()?.peakRssMb ?? NaN })}\n`);
}

/** The files the engine would parse with tree-sitter, in the order it lists them: the floor's list. */
async function floorList(dir: string): Promise<{ files: FloorFile[]; listed: number }> {
  const folder = path.resolve(dir);
  const indexOptions = { repoRoot: folder, folder, sarifGlobs: ['**/*.sarif'] };
  const indexer = createSourceIndexer(await TreeSitterHost.create(wasmLocator(wasmDir)), indexOptions);
  const fs = new NodeFileSystem(folder, folder, (relative) => engine.isRelevant(relative), (relative) => engine.maxBytesOf(relative));
  const engine: WorkspaceEngine = new WorkspaceEngine({ fs, indexer, log: { info: () => undefined, warn: () => undefined, error: () => undefined }, now: () => new Date(), isReport: reportPathMatcher(indexOptions) });
  const listed = await fs.listFiles();
  const files = listed.flatMap((relative): FloorFile[] => {
    const grammar = floorGrammarOf(relative);
    const full = path.join(folder, relative);
    return grammar && indexer.handles(relative) ? [{ path: full, grammar, bytes: statSync(full).size }] : [];
  });
  // Warm the page cache, so the first timed phase does not pay for the disk.
  for (const file of files) {
    readFileSync(file.path);
  }
  return { files, listed: listed.length };
}

interface WorkspaceResult {
  name: string;
  listedFiles: number;
  parsedFiles: number;
  parsedMb: number;
  floor1: { best: number; median: number; runs: number[]; last: PhaseResult<FloorRun> };
  floorN?: { threads: number; best: number; median: number; runs: number[]; last: PhaseResult<FloorRun> };
  engine: { workers: number; best: number; median: number; runs: number[]; last: PhaseResult<ColdIndexRun>; peakRssMb: number };
  engineInThread?: { best: number; median: number; runs: number[]; last: PhaseResult<ColdIndexRun> };
  /** Cold-index throughput ÷ raw-floor throughput (same files): floor ms ÷ engine ms, best of runs. */
  ratio: number;
  ratioMedian: number;
  ratioVsFloorN?: number;
  /** After the first engine run: one edit's re-index and re-analysis, in-process (see ColdIndexRun.edit). */
  edit?: ColdIndexRun['edit'];
  /** `--cost-split`: the JavaScript indexer's per-file CPU by part, on every fifth file of the floor's list. */
  costSplit?: IndexCostSplit;
}

async function measureWorkspace(name: string, dir: string, options: Options, variants: { runs: number; isFloorNRun: boolean; isInThreadRun: boolean; isCostSplitRun?: boolean }): Promise<WorkspaceResult> {
  const { runs } = variants;
  const list = await floorList(dir);
  const listPath = path.join(tmpdir(), `aspm-bench-list-${process.pid}.json`);
  writeFileSync(listPath, JSON.stringify(list.files));
  const floor1: PhaseResult<FloorRun>[] = [];
  const floorN: PhaseResult<FloorRun>[] = [];
  const engine: PhaseResult<ColdIndexRun>[] = [];
  const inThread: PhaseResult<ColdIndexRun>[] = [];
  const threads = Math.max(2, options.workers);
  for (let run = 0; run < runs; run++) {
    // Interleaved, so drift in machine load hits every variant alike.
    floor1.push(runPhase<FloorRun>(['--phase', 'floor', '--list', listPath, '--threads', '1']));
    const editFile = existsSync(path.join(dir, ...editTargetPath.split('/'))) && run === 0 ? ['--edit-file', editTargetPath] : [];
    engine.push(runPhase<ColdIndexRun>(['--phase', 'engine', '--dir', dir, '--indexer', 'workers', '--workers', String(options.workers), ...editFile]));
    if (variants.isFloorNRun) {
      floorN.push(runPhase<FloorRun>(['--phase', 'floor', '--list', listPath, '--threads', String(threads)]));
    }
    if (run === 0 && variants.isInThreadRun) {
      // The in-thread indexer, for comparison: once is enough.
      inThread.push(runPhase<ColdIndexRun>(['--phase', 'engine', '--dir', dir, '--indexer', 'inThread']));
    }
    const extra = [variants.isFloorNRun ? `, floor ${threads}w ${ms(floorN.at(-1)!.ms)}` : '', run === 0 && variants.isInThreadRun ? `, engine in-thread ${ms(inThread.at(-1)!.ms)}` : ''];
    const split = engine.at(-1)!.threadCpuMs;
    const cpu = split ? ` (CPU s: main ${round(split.main / 1000)}, workers ${split.workers.map((worker) => round(worker / 1000)).join('+')}, other threads ${round(split.other / 1000)})` : '';
    log(`  ${name} run ${run + 1}/${runs}: floor ${ms(floor1.at(-1)!.ms)}, engine+${options.workers}w ${ms(engine.at(-1)!.ms)}${cpu}${extra.join('')}`);
  }
  let costSplit: IndexCostSplit | undefined;
  if (variants.isCostSplitRun) {
    const sampledPath = path.join(tmpdir(), `aspm-bench-split-${process.pid}.json`);
    writeFileSync(sampledPath, JSON.stringify(list.files.filter((_, at) => at % 5 === 0)));
    log(`  ${name}: per-file CPU by part (every fifth file, one thread)…`);
    costSplit = runPhase<IndexCostSplit>(['--phase', 'split', '--list', sampledPath, '--root', path.resolve(dir)]);
  }
  const f1 = bestAndMedian(floor1.map((run) => run.ms));
  const en = bestAndMedian(engine.map((run) => run.ms));
  return {
    name,
    listedFiles: list.listed,
    parsedFiles: list.files.length,
    parsedMb: list.files.reduce((sum, file) => sum + file.bytes, 0) / 1e6,
    floor1: { ...f1, last: floor1.at(-1)! },
    floorN: floorN.length > 0 ? { threads, ...bestAndMedian(floorN.map((run) => run.ms)), last: floorN.at(-1)! } : undefined,
    engine: { workers: options.workers, ...en, last: engine.at(-1)!, peakRssMb: Math.max(...engine.map((run) => run.peakRssMb)) },
    engineInThread: inThread.length > 0 ? { ...bestAndMedian(inThread.map((run) => run.ms)), last: inThread.at(-1)! } : undefined,
    ratio: f1.best / en.best,
    ratioMedian: f1.median / en.median,
    ratioVsFloorN: floorN.length > 0 ? Math.min(...floorN.map((run) => run.ms)) / en.best : undefined,
    edit: engine.find((run) => run.edit)?.edit,
    costSplit,
  };
}

interface ServerResult {
  workspace: string;
  files: number;
  /** The server's own "Indexed N files … in X ms" log line (its current, in-thread wiring). */
  serverIndexMs?: number;
  /** Client-side: from spawn to that log line (process start, tree-sitter load, listing and indexing). */
  readyMs: number;
  /** Client-side: from `initialized` to the first publishDiagnostics with a finding (issue 10 item 5). */
  firstDiagnosticsMs: number;
  peakRssMb: number;
  /** VmHWM when the "Indexed" line arrived: the peak of the cold index itself. */
  peakAtIndexedMb: number;
  /** VmHWM after indexing, the first backend pull and publication, before the first edit. */
  peakBeforeEditsMb: number;
  /** Most OS threads seen: shows whether the server indexed in worker threads. */
  maxThreads: number;
  /** The largest publishDiagnostics message the server wrote (bytes of JSON). */
  maxPublishBytes: number;
  edits?: EditSummary;
}

async function measureServer(label: string, folder: string, options: { backendUrl: string; edits: number; seed: number; editFile: string; editText: string; nodeOptions: string[] }): Promise<ServerResult> {
  const server = await BenchServer.start({ folder, settings: sampleSettings(options.backendUrl), probe: path.join(__dirname, 'serverProbe.js'), nodeOptions: options.nodeOptions });
  try {
    let indexed: RegExpExecArray | undefined;
    await server.until(`${label}: the "Indexed" log line`, () => (indexed = server.logs.map((line) => /Indexed (\d+) files of .* in (\d+) ms/.exec(line)).find((match) => match !== null) ?? undefined) !== undefined, 600_000);
    const readyMs = server.elapsedMs;
    const peakAtIndexedMb = processMemory(server.pid)?.peakRssMb ?? NaN;
    await server.until(`${label}: the first diagnostics with a finding`, () => server.firstDiagnosticsMs !== undefined, 60_000);
    const firstDiagnosticsMs = server.firstDiagnosticsMs!;
    await server.quiet(1500);
    const peakBeforeEditsMb = processMemory(server.pid)?.peakRssMb ?? NaN;
    const edits = options.edits > 0 ? (await measureEdits(server, options.editFile, options.editText, { count: options.edits, seed: options.seed })).summary : undefined;
    const peakRssMb = (await server.stop()) ?? NaN;
    const maxPublishBytes = Math.max(0, ...server.probe.map((event) => event.bytes ?? 0));
    return { workspace: label, files: Number(indexed![1]), serverIndexMs: Number(indexed![2]), readyMs, firstDiagnosticsMs, peakRssMb, peakAtIndexedMb, peakBeforeEditsMb, maxThreads: server.memory.maxThreads, maxPublishBytes, edits };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

const ms = (value: number): string => `${round(value, 0)} ms`;

interface Target {
  name: string;
  target: string;
  measured: string;
  isMet: boolean | undefined;
}

function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((row) => row.map((cell) => (typeof cell === 'number' ? String(round(cell, 1)) : cell)))];
  const widths = headers.map((_, column) => Math.max(...cells.map((row) => row[column]!.length)));
  const line = (row: string[]): string => `| ${row.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
  return [line(cells[0]!), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`, ...cells.slice(1).map(line)].join('\n');
}

async function main(): Promise<void> {
  const { options, phase: phaseName, rest } = parseArgs(process.argv.slice(2));
  if (phaseName) {
    await phase(phaseName, rest);
    return;
  }
  const startedAt = new Date();
  const started = performance.now();
  const loadAtStart = loadavg();
  const dir = options.dir ?? path.join(tmpdir(), `aspm-bench-${options.seed}-${options.files}`);
  const lockTemplate = readFileSync(path.join(fixturesRoot, 'workspaces', 'node-express', 'package-lock.json'), 'utf8');
  const generatedAt = performance.now();
  const generated = generateWorkspace(dir, { files: options.files, seed: options.seed, lockTemplate });
  log(`Workspace: ${dir} (${generated.sourceFiles} source files, ${round(generated.sourceBytes / 1e6)} MB, ${generated.wasCached ? 'reused' : `generated in ${ms(performance.now() - generatedAt)}`}); ${options.workers} worker(s), ${options.runs} run(s).`);

  const workspaces: WorkspaceResult[] = [];
  if (options.isIndexRun) {
    workspaces.push(await measureWorkspace(`generated-${options.files}`, dir, options, { runs: options.runs, isFloorNRun: true, isInThreadRun: options.isInThreadCompared, isCostSplitRun: options.isCostSplitRun }));
  }
  if (options.isSamplesRun) {
    for (const name of readdirSync(path.join(fixturesRoot, 'workspaces')).sort()) {
      workspaces.push(await measureWorkspace(name, path.join(fixturesRoot, 'workspaces', name), options, { runs: 1, isFloorNRun: false, isInThreadRun: false }));
    }
  }

  let breakdown: StepTiming[] = [];
  if (!options.isFindingsOnly) {
    log('Edit breakdown: re-indexing the 2,000-line file, step by step…');
    breakdown = runPhase<{ steps: StepTiming[] }>(['--phase', 'breakdown', '--file', path.join(dir, ...editTargetPath.split('/'))]).steps;
  }

  const servers: ServerResult[] = [];
  if (options.isServerRun) {
    const backend = await startBackend('node-express');
    try {
      const sample = copyWorkspace('node-express');
      try {
        const editText = editTargetText(options.seed);
        const editFile = path.join(sample.dir, ...editTargetPath.split('/'));
        mkdirSync(path.dirname(editFile), { recursive: true });
        writeFileSync(editFile, editText);
        log(`Server: node-express sample + ${editTargetPath}, ${options.edits} edits…`);
        servers.push(await measureServer('node-express + 2,000-line file', sample.dir, { backendUrl: backend.url, edits: options.edits, seed: options.seed, editFile, editText, nodeOptions: options.serverNodeOptions }));
      } finally {
        sample.dispose();
      }
      log(`Server: generated ${options.files}-file workspace, ${options.largeEdits} edits…`);
      servers.push(
        await measureServer(`generated-${options.files}`, dir, {
          backendUrl: backend.url,
          edits: options.largeEdits,
          seed: options.seed + 1,
          editFile: path.join(dir, ...editTargetPath.split('/')),
          editText: readFileSync(path.join(dir, ...editTargetPath.split('/')), 'utf8'),
          nodeOptions: options.serverNodeOptions,
        }),
      );
    } finally {
      await backend.close();
    }
  }

  let findingsLoad: FindingsLoadResult | undefined;
  if (options.findings > 0 && (options.isServerRun || options.isFindingsOnly)) {
    log(`Findings load: generated ${options.files}-file workspace + ${options.findings} backend findings, ${options.edits} edits with hovers…`);
    findingsLoad = await measureFindingsLoad(dir, {
      count: options.findings,
      edits: options.edits,
      seed: options.seed + 2,
      editFile: editTargetPath,
      sourceFiles: sourceFilesOf(dir),
      probe: path.join(__dirname, 'serverProbe.js'),
      nodeOptions: options.serverNodeOptions,
      log,
    });
  }

  // Report.
  const large = workspaces.find((result) => result.name.startsWith('generated-'));
  const sampleEdits = servers[0]?.edits;
  const sampleServer = servers[0];
  const largeServer = servers[1];
  const thousands = `${round(options.files / 1000, 0)}k files`;
  const targets: Target[] = [
    // Issue 10 item 5: the four rows of the large workspace, each against a baseline measured in the same run.
    {
      name: 'cold index vs 2-worker floor',
      target: '≥ 0.80',
      measured: large?.ratioVsFloorN !== undefined ? `${round(large.ratioVsFloorN, 2)} (generated-${options.files}, best of ${options.runs})` : 'not run',
      isMet: large?.ratioVsFloorN !== undefined ? large.ratioVsFloorN >= 0.8 : undefined,
    },
    {
      name: `first diagnostics, ${thousands}`,
      target: '≤ 1.5× node-express',
      measured:
        sampleServer && largeServer
          ? `${round(largeServer.firstDiagnosticsMs, 0)} ms = ${round(largeServer.firstDiagnosticsMs / sampleServer.firstDiagnosticsMs, 2)}× (node-express ${round(sampleServer.firstDiagnosticsMs, 0)} ms)`
          : 'not run',
      isMet: sampleServer && largeServer ? largeServer.firstDiagnosticsMs <= 1.5 * sampleServer.firstDiagnosticsMs : undefined,
    },
    {
      name: `edit → publish p95, ${thousands}`,
      target: '≤ 15 ms',
      measured: largeServer?.edits ? `${round(largeServer.edits.serverActiveP95Ms)} ms busy (p50 ${round(largeServer.edits.serverActiveP50Ms)}; CPU p95 ${round(largeServer.edits.serverCpuP95Ms)})` : 'not run',
      isMet: largeServer?.edits ? largeServer.edits.serverActiveP95Ms <= 15 : undefined,
    },
    {
      name: `peak RSS, ${thousands}`,
      target: '≤ 250 MB',
      measured: largeServer ? `${round(largeServer.peakRssMb, 0)} MB (server process, workers included)` : 'not run',
      isMet: largeServer ? largeServer.peakRssMb <= 250 : undefined,
    },
    {
      name: `cold index throughput ≥ 0.8× raw floor (generated-${options.files}, best of ${options.runs})`,
      target: '≥ 0.80',
      measured: large ? `${round(large.ratio, 2)} (median ${round(large.ratioMedian, 2)})` : 'not run',
      isMet: large ? large.ratio >= 0.8 : undefined,
    },
    {
      name: 'edit → publishDiagnostics, server time p95 (2,000-line file, event-loop busy time)',
      target: '≤ 15 ms',
      measured: sampleEdits ? `${round(sampleEdits.serverActiveP95Ms)} ms busy (p50 ${round(sampleEdits.serverActiveP50Ms)}; CPU p95 ${round(sampleEdits.serverCpuP95Ms)})` : 'not run',
      isMet: sampleEdits ? sampleEdits.serverActiveP95Ms <= 15 : undefined,
    },
    {
      name: `peak RSS of the server process, generated-${options.files} (as the bundle is wired)`,
      target: '≤ 300 MB',
      measured: largeServer ? `${round(largeServer.peakRssMb, 0)} MB` : 'not run',
      isMet: largeServer ? largeServer.peakRssMb <= 300 : undefined,
    },
    {
      name: `peak RSS of engine + ${options.workers} index worker(s), generated-${options.files} (cold index alone)`,
      target: '≤ 300 MB',
      measured: large ? `${round(large.engine.peakRssMb, 0)} MB` : 'not run',
      isMet: large ? large.engine.peakRssMb <= 300 : undefined,
    },
    ...findingsTargets(findingsLoad, options),
  ];

  const out: string[] = [];
  const loadAtEnd = loadavg();
  const both = (a: number | undefined, b: number | undefined): string => (a === undefined || b === undefined ? '-' : `${round(a)}/${round(b)}`);
  out.push('', `ASPM bench — ${startedAt.toISOString()} — Node ${process.version}, ${availableParallelism()} cores (${cpus()[0]?.model ?? '?'}), load average ${loadAtStart.map((value) => round(value, 2)).join('/')} at start, ${loadAtEnd.map((value) => round(value, 2)).join('/')} at end`);
  if (workspaces.length > 0) {
    const threads = large?.floorN?.threads ?? 2;
    out.push(
      '',
      table(
        ['workspace', 'parsed files', 'MB', 'floor 1t ms', `floor ${threads}w ms`, `engine+${options.workers}w ms`, 'engine in-thread ms', 'ratio', `ratio vs ${threads}w floor`, 'files/s', 'worker busy', 'CPU s floor/engine', 'loop delay p99/max ms', 'in-thread loop p99/max ms', 'peak RSS MB floor/engine'],
        workspaces.map((result) => [
          result.name,
          result.parsedFiles,
          round(result.parsedMb, 2),
          round(result.floor1.best, 0),
          result.floorN ? round(result.floorN.best, 0) : '-',
          round(result.engine.best, 0),
          result.engineInThread ? round(result.engineInThread.best, 0) : '-',
          round(result.ratio, 2),
          result.ratioVsFloorN === undefined ? '-' : round(result.ratioVsFloorN, 2),
          round(result.parsedFiles / (result.engine.best / 1000), 0),
          result.engine.last.workerUtilization === undefined ? '-' : `${round(result.engine.last.workerUtilization * 100, 0)}%`,
          `${round(result.floor1.last.cpuMs / 1000)}/${round(result.engine.last.cpuMs / 1000)}`,
          both(result.engine.last.loopDelayP99Ms, result.engine.last.loopDelayMaxMs),
          both(result.engineInThread?.last.loopDelayP99Ms, result.engineInThread?.last.loopDelayMaxMs),
          `${round(result.floor1.last.processPeakRssMb, 0)}/${round(result.engine.peakRssMb, 0)}`,
        ]),
      ),
    );
  }
  const split = large?.costSplit;
  if (split) {
    const variantNames: CostVariant[] = ['floor', 'imports', 'no calls', 'no routes', 'full'];
    out.push(
      '',
      table(
        [`per-file CPU by part, ${split.files} JS/TS files of ${large.name}, one thread`, 'CPU ms', 'floor ÷ this'],
        variantNames.map((variant) => [variant, round(split.variantCpuMs[variant], 0), (split.variantCpuMs.floor / split.variantCpuMs[variant]).toFixed(2)]),
      ),
    );
  }
  if (servers.length > 0) {
    out.push(
      '',
      table(
        ['server run', 'files', 'server index ms', 'ready ms', 'first diagnostics ms', 'peak RSS MB (indexed/before edits)', 'edits', 'busy p50/p95/max ms', 'CPU p50/p95 ms', 'wall p50/p95 ms (incl. debounce)', 'client p50/p95 ms', 'max publish KB'],
        servers.map((result) => [
          result.workspace,
          result.files,
          result.serverIndexMs ?? '-',
          round(result.readyMs, 0),
          round(result.firstDiagnosticsMs, 0),
          `${round(result.peakRssMb, 0)} (${round(result.peakAtIndexedMb, 0)}/${round(result.peakBeforeEditsMb, 0)})`,
          result.edits ? `${result.edits.edits}${result.edits.unpublished > 0 ? ` (${result.edits.unpublished} unpublished)` : ''}${result.edits.failed > 0 ? ` (${result.edits.failed} lost)` : ''}` : '-',
          result.edits ? `${round(result.edits.serverActiveP50Ms)}/${round(result.edits.serverActiveP95Ms)}/${round(result.edits.serverActiveMaxMs)}` : '-',
          result.edits ? both(result.edits.serverCpuP50Ms, result.edits.serverCpuP95Ms) : '-',
          result.edits ? both(result.edits.serverWallP50Ms, result.edits.serverWallP95Ms) : '-',
          result.edits ? both(result.edits.clientP50Ms, result.edits.clientP95Ms) : '-',
          round(result.maxPublishBytes / 1024, 0),
        ]),
      ),
    );
  }
  if (findingsLoad) {
    const load = findingsLoad;
    out.push(
      '',
      table(
        ['findings load', 'files', 'findings', 'refresh ms (answer/published)', 'unchanged refresh ms', 'tree ms', 'tree KB', 'hover KB (hot files, package.json)', 'hover during edits p50/p95/max ms', 'empty hovers', 'peak RSS MB (before edits)'],
        [
          [
            `generated-${options.files}`,
            load.files,
            load.findings,
            `${round(load.refreshMs, 0)}/${round(load.refreshPublishedMs, 0)}`,
            round(load.unchangedRefreshMs, 0),
            load.treeMs.map((value) => round(value, 0)).join(', '),
            load.treeBytes.map((value) => round(value / 1024, 0)).join(', '),
            load.hoverBytes.map((value) => round(value / 1024, 1)).join(', '),
            `${round(load.hoverDuringEdits.p50Ms)}/${round(load.hoverDuringEdits.p95Ms)}/${round(load.hoverDuringEdits.maxMs)}${load.hoverDuringEdits.failed > 0 ? ` (${load.hoverDuringEdits.failed} edits never finished)` : ''}`,
            `${load.hoverDuringEdits.emptyAnswers} of ${load.hoverDuringEdits.count}`,
            `${round(load.peakRssMb, 0)} (${round(load.peakBeforeEditsMb, 0)})`,
          ],
        ],
      ),
    );
  }
  const steps: (string | number)[][] = breakdown.map((step) => [step.step, step.p50Ms, step.p95Ms]);
  if (large?.edit) {
    steps.push([`engine.setOpenText in ${large.name} (median)`, large.edit.setOpenTextMs, '-'], [`engine.analyze in ${large.name}, no backend findings (median)`, large.edit.analyzeMs, '-']);
  }
  if (steps.length > 0) {
    out.push('', table(['one edit of the 2,000-line file, in-process', 'p50 ms', 'p95 ms'], steps));
  }
  out.push('', table(['target', 'wanted', 'measured', 'met'], targets.map((target) => [target.name, target.target, target.measured, target.isMet === undefined ? '-' : target.isMet ? 'yes' : 'NO'])));
  const totalMs = performance.now() - started;
  out.push('', `Total ${round(totalMs / 1000)} s.`);
  process.stdout.write(`${out.join('\n')}\n`);

  mkdirSync(options.out, { recursive: true });
  const file = path.join(options.out, `${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(
    file,
    `${JSON.stringify(
      {
        startedAt: startedAt.toISOString(),
        node: process.version,
        cores: availableParallelism(),
        cpu: cpus()[0]?.model,
        options: { ...options, dir },
        serverBundle,
        generated,
        loadAverage: { start: loadAtStart, end: loadAtEnd },
        workspaces,
        breakdown,
        servers,
        findingsLoad,
        targets,
        totalMs,
      },
      null,
      2,
    )}\n`,
  );
  process.stdout.write(`Results: ${path.relative(process.cwd(), file)}\n`);
}

/** The targets of the findings-load scenario (issue 13, item 10). */
function findingsTargets(load: FindingsLoadResult | undefined, options: Options): Target[] {
  const at = `generated-${options.files}`;
  const findings = `${round(options.findings / 1000, 0)}k findings`;
  const notRun = { measured: 'not run', isMet: undefined };
  const maxHover = load ? Math.max(...load.hoverBytes) : 0;
  const slowestTree = load ? Math.max(...load.treeMs) : 0;
  const largestTree = load ? Math.max(...load.treeBytes) : 0;
  return [
    { name: `refresh, ${findings} (${at}; aspm/refresh → its last publication)`, target: '≤ 5 s', ...(load ? { measured: `${round(load.refreshPublishedMs / 1000, 2)} s (answered ${round(load.refreshMs / 1000, 2)} s)`, isMet: load.refreshPublishedMs <= 5000 } : notRun) },
    { name: `hover p95 during edits, ${findings} (${load?.hoverDuringEdits.count ?? options.edits} edits)`, target: '≤ 100 ms', ...(load ? { measured: `${round(load.hoverDuringEdits.p95Ms)} ms (p50 ${round(load.hoverDuringEdits.p50Ms)})`, isMet: load.hoverDuringEdits.p95Ms <= 100 && load.hoverDuringEdits.failed === 0 } : notRun) },
    { name: 'hover size (largest: busiest lines, package.json express line)', target: '≤ 32 KB', ...(load ? { measured: `${round(maxHover / 1024, 1)} KB`, isMet: maxHover <= 32 * 1024 } : notRun) },
    { name: `tree request, ${findings} (slowest of 3)`, target: '≤ 200 ms', ...(load ? { measured: `${round(slowestTree, 0)} ms`, isMet: slowestTree <= 200 } : notRun) },
    { name: 'tree response size', target: '≤ 1 MB', ...(load ? { measured: `${round(largestTree / 1e6, 2)} MB`, isMet: largestTree <= 1e6 } : notRun) },
    { name: `peak RSS, ${round(options.files / 1000, 0)}k files + ${findings}`, target: '≤ 600 MB', ...(load ? { measured: `${round(load.peakRssMb, 0)} MB`, isMet: load.peakRssMb <= 600 } : notRun) },
  ];
}

/** Source files of the generated workspace (repository-relative), as the findings point into them. */
function sourceFilesOf(dir: string): string[] {
  const found: string[] = [];
  const walk = (relative: string): void => {
    for (const entry of readdirSync(path.join(dir, relative), { withFileTypes: true })) {
      const child = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory() && entry.name !== 'node_modules' && entry.name !== 'dist' && !entry.name.startsWith('.')) {
        walk(child);
      } else if (entry.isFile() && /\.[cm]?[jt]sx?$/.test(entry.name)) {
        found.push(child);
      }
    }
  };
  walk('');
  return found.sort();
}

if (process.argv.includes('--sbom')) {
  // `npm run bench -- --sbom`: the SBOM comparison with cdxgen instead of the indexing benchmark (sbom.ts).
  runSbomBench(process.argv.slice(2).filter((arg) => arg !== '--sbom'));
} else {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });
}
