import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { applyFault, generatedFinding, type GeneratedFile } from '../../test-fixtures/backend/faults';
import { sampleSettings, startBackend } from '../test/protocol/testBackend';
import { BenchServer, PairedEdits } from './lspBench';
import { processMemory } from './procStatus';
import { median, percentile } from './stats';

/** What the findings-load scenario measured (see README, "Findings load"). */
export interface FindingsLoadResult {
  files: number;
  findings: number;
  /** `aspm/refresh` that brings the findings: request → answer. */
  refreshMs: number;
  /** The same refresh: request → the last diagnostics publication it caused. */
  refreshPublishedMs: number;
  /** A second refresh of unchanged data (every page answers 304). */
  unchangedRefreshMs: number;
  /**
   * `aspm/postureTree` with the edited file active, as the view asks it: the top level, then the first page of the
   * largest row, down to the largest group. Per run (three): the slowest request's round trip and the largest answer.
   */
  treeMs: number[];
  treeBytes: number[];
  /** Hovers on the lines of the hot files with the most findings, then on the express line of package.json: JSON size of each answer. */
  hoverBytes: number[];
  /** Hovers sent right after each measured edit of the 2,000-line file. */
  hoverDuringEdits: { count: number; failed: number; p50Ms: number; p95Ms: number; maxMs: number; emptyAnswers: number };
  peakBeforeEditsMb: number;
  peakRssMb: number;
}

/** A 1-based line and the number of generated code findings on it. */
function busiestLine(count: number, codeFiles: { hot: GeneratedFile[]; all: GeneratedFile[] }, file: string): number {
  const perLine = new Map<number, number>();
  for (let index = 0; index < count; index++) {
    const location = generatedFinding(index, 'svc-node-shop', codeFiles).location as { path: string; startLine: number } | undefined;
    if (location?.path === file) {
      perLine.set(location.startLine, (perLine.get(location.startLine) ?? 0) + 1);
    }
  }
  return [...perLine.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? 1;
}

/** A position inside the text of 1-based `line` (its first non-blank character, plus one). */
function positionIn(text: string, line: number): { line: number; character: number } {
  const content = text.split('\n')[line - 1] ?? '';
  return { line: line - 1, character: Math.min(content.length, content.search(/\S|$/) + 1) };
}

/**
 * The generated workspace plus `count` findings from the fixture backend (fault `hugeFindings`, with the workspace's
 * own files), over the real LSP: refresh, the tree request, hover sizes, hovers during edits, peak RSS.
 */
export async function measureFindingsLoad(
  folder: string,
  options: { count: number; edits: number; seed: number; editFile: string; sourceFiles: string[]; probe: string; nodeOptions: string[]; log(message: string): void },
): Promise<FindingsLoadResult> {
  const lineCount = (file: string): number => readFileSync(path.join(folder, file), 'utf8').split('\n').length;
  const all = options.sourceFiles.map((file) => ({ path: file, lines: lineCount(file) }));
  // The correlating findings pile onto a few files, as on the sample's four: the edited file and three routers.
  const routers = all.filter((file) => file.path.startsWith('src/routes/')).slice(0, 3);
  const hot = [all.find((file) => file.path === options.editFile)!, ...routers];
  const codeFiles = { hot, all };
  const backend = await startBackend('node-express');
  const server = await BenchServer.start({ folder, settings: sampleSettings(backend.url), probe: options.probe, nodeOptions: options.nodeOptions });
  const uriOf = (file: string): string => pathToFileURL(path.join(folder, file)).toString();
  try {
    await server.until('the "Indexed" log line', () => server.logs.some((line) => /Indexed \d+ files/.test(line)), 900_000);
    await server.until('the first diagnostics', () => server.publishes.length > 0, 120_000);
    await server.quiet(1500);
    options.log(`  indexed; refreshing with ${options.count} findings…`);
    applyFault(backend, 'listFindings', 'hugeFindings', { count: options.count, codeFiles });
    const publishedBefore = server.publishes.length;
    const refreshStarted = performance.now();
    await server.connection.sendRequest('aspm/refresh');
    const refreshMs = performance.now() - refreshStarted;
    // The new findings are published after the answer (the publication is debounced); an earlier publication (the
    // advisories reloaded at the refresh's start) is not the one that shows them.
    const publishedAtAnswer = server.publishes.length;
    await server.until('the publication of the refreshed data', () => server.publishes.length > Math.max(publishedBefore, publishedAtAnswer), 300_000);
    await server.quiet(1000);
    const refreshPublishedMs = server.publishes.at(-1)!.at - refreshStarted;
    const unchangedStarted = performance.now();
    await server.connection.sendRequest('aspm/refresh');
    const unchangedRefreshMs = performance.now() - unchangedStarted;
    await server.quiet(1000);
    options.log(`  refresh ${Math.round(refreshMs)} ms (published after ${Math.round(refreshPublishedMs)} ms), unchanged ${Math.round(unchangedRefreshMs)} ms; tree and hovers…`);

    const treeMs: number[] = [];
    const treeBytes: number[] = [];
    for (let run = 0; run < 3; run++) {
      const tree = await postureTreeRequests(server, uriOf(options.editFile));
      treeMs.push(tree.slowestMs);
      treeBytes.push(tree.largestBytes);
      if (run === 0) {
        options.log(`  posture tree: ${tree.opened.join(' > ')}`);
      }
    }
    const hoverBytes: number[] = [];
    for (const file of hot) {
      const text = readFileSync(path.join(folder, file.path), 'utf8');
      const position = positionIn(text, busiestLine(options.count, codeFiles, file.path));
      const hover = await server.connection.sendRequest('textDocument/hover', { textDocument: { uri: uriOf(file.path) }, position });
      hoverBytes.push(Buffer.byteLength(JSON.stringify(hover)));
    }
    // The manifest's dependency lines carry the advisories of the sample's packages, thousands on a line.
    const manifest = readFileSync(path.join(folder, 'package.json'), 'utf8');
    const dependencyLine = manifest.split('\n').findIndex((line) => line.includes('"express"'));
    const manifestHover = await server.connection.sendRequest('textDocument/hover', { textDocument: { uri: uriOf('package.json') }, position: { line: dependencyLine, character: 6 } });
    hoverBytes.push(Buffer.byteLength(JSON.stringify(manifestHover)));
    const peakBeforeEditsMb = processMemory(server.pid)?.peakRssMb ?? NaN;

    options.log(`  ${options.edits} edits of ${options.editFile}, each followed by a hover…`);
    const editText = readFileSync(path.join(folder, options.editFile), 'utf8');
    const hoverLine = busiestLine(options.count, codeFiles, options.editFile);
    const hoverDuringEdits = await hoversDuringEdits(server, uriOf(options.editFile), editText, positionIn(editText, hoverLine), options);
    const peakRssMb = (await server.stop()) ?? NaN;
    return { files: all.length, findings: options.count, refreshMs, refreshPublishedMs, unchangedRefreshMs, treeMs, treeBytes, hoverBytes, hoverDuringEdits, peakBeforeEditsMb, peakRssMb };
  } catch (error) {
    await server.stop();
    throw error;
  } finally {
    await backend.close();
  }
}

/**
 * The posture view opened as a user would: the top level, then the first page (the default 200 rows) of the row with
 * the most findings, down to the first group level (at most three levels).
 */
async function postureTreeRequests(server: BenchServer, activeUri: string): Promise<{ slowestMs: number; largestBytes: number; opened: string[] }> {
  type Answer = { nodes: { id: string; kind: string; count?: number; hasChildren: boolean }[]; total: number };
  let slowestMs = 0;
  let largestBytes = 0;
  const opened: string[] = [];
  const ask = async (parentId?: string): Promise<Answer> => {
    const started = performance.now();
    const answer = await server.connection.sendRequest<Answer>('aspm/postureTree', { activeUri, ...(parentId ? { parentId } : {}) });
    slowestMs = Math.max(slowestMs, performance.now() - started);
    largestBytes = Math.max(largestBytes, Buffer.byteLength(JSON.stringify(answer)));
    opened.push(`${parentId ?? 'top'} (${answer.nodes.length} of ${answer.total} rows)`);
    return answer;
  };
  let answer = await ask();
  for (let depth = 0; depth < 3; depth++) {
    const largest = answer.nodes.filter((node) => node.hasChildren).sort((a, b) => (b.count ?? 0) - (a.count ?? 0))[0];
    if (!largest) {
      break;
    }
    answer = await ask(largest.id);
    if (largest.kind === 'group') {
      break;
    }
  }
  return { slowestMs, largestBytes, opened };
}

/**
 * Edits in do/undo pairs (as the edit benchmark), each sent as an incremental didChange and followed at once by a
 * hover on a line with findings: the hover waits for whatever the edit made the server do. The next edit goes out
 * once the edit's publications are over.
 */
async function hoversDuringEdits(
  server: BenchServer,
  uri: string,
  text: string,
  position: { line: number; character: number },
  options: { edits: number; seed: number },
): Promise<FindingsLoadResult['hoverDuringEdits']> {
  const warmup = 10;
  const document = await PairedEdits.open(server, uri, text, options.seed);
  const times: number[] = [];
  let failed = 0;
  let emptyAnswers = 0;
  for (let at = 0; at < warmup + options.edits; at++) {
    const { change, version } = document.next();
    await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [change] });
    const sentAt = performance.now();
    const hover = await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position });
    const hoverMs = performance.now() - sentAt;
    try {
      await server.editDone(version, 80, 60_000);
    } catch {
      failed++;
    }
    if (at >= warmup) {
      times.push(hoverMs);
      emptyAnswers += hover === null ? 1 : 0;
    }
  }
  await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  return { count: times.length, failed, p50Ms: median(times), p95Ms: percentile(times, 95), maxMs: Math.max(...times), emptyAnswers };
}
