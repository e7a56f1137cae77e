import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { applyFault, clearFaults, type FaultName, type FaultOptions } from '../../../test-fixtures/backend/faults';
import { Contract } from '../../../test-fixtures/platforms/contract';
import { platformScenarioPath, startPlatformServer, type PlatformKind, type PlatformServer, type PlatformServerOptions } from '../../../test-fixtures/platforms/platformServer';
import { openSources } from '../backend/sources';
import type { Logger, SourceIndexer } from '../engine/ports';
import { sourceIdOf, type SourceConfig, type SourceHandle } from '../engine/sourcePorts';
import { WorkspaceEngine } from '../engine/workspaceEngine';
import { fixtureFileSystem, fixturePath, sharedIndexer } from './fixtures';

/** Log lines the sources wrote, for assertions. */
export function recordingLog(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (message) => lines.push(message), warn: (message) => lines.push(message), error: (message) => lines.push(message) };
}

/** A fixture platform and the source that reads it (tokens looked up by source id, as the composition layer does). */
export interface PlatformFixture {
  server: PlatformServer;
  source: SourceHandle;
  waits: number[];
  log: ReturnType<typeof recordingLog>;
}

/** Options of a fixture platform and of the source opened on it. */
export type PlatformFixtureOptions = Partial<PlatformServerOptions> & { project?: string; maxBodyBytes?: number; timeoutMs?: number; credential?: string };

/** Starts a platform's fixture server and opens the adapter on it, with short timeouts and recorded retry waits. */
export async function startPlatform(kind: PlatformKind, scenario: string, options: PlatformFixtureOptions = {}): Promise<PlatformFixture> {
  const server = await startPlatformServer({ kind, scenario, ...options });
  return { server, ...(await openPlatformSource(server, options)) };
}

/**
 * Opens a (new) adapter on a running fixture: the token is looked up by source id, as the composition layer does;
 * `credential` replaces the right one.
 */
export async function openPlatformSource(server: PlatformServer, options: PlatformFixtureOptions = {}): Promise<Omit<PlatformFixture, 'server'>> {
  const log = recordingLog();
  const waits: number[] = [];
  const config: SourceConfig = { kind: server.kind, url: server.url, project: options.project };
  const opened = await openSources([config], {
    credentials: (source) => (source.id === sourceIdOf(config) ? (options.credential ?? server.token) : undefined),
    timeoutMs: options.timeoutMs ?? 5000,
    log,
    maxBodyBytes: options.maxBodyBytes,
    // Retry waits are recorded, not slept: the fault matrix asserts what Retry-After asked for.
    sleep: (ms) => (waits.push(ms), Promise.resolve()),
  });
  assert.deepEqual(opened.problems, []);
  return { source: opened.sources[0]!, waits, log };
}

/** An engine over nothing (no files): enough to pull, cache and merge. */
export function bareEngine(now = new Date('2026-11-27T10:00:00Z')): WorkspaceEngine {
  return new WorkspaceEngine({
    fs: { listFiles: () => Promise.resolve([]), readText: () => Promise.resolve({ skipped: 'file not found' }) },
    indexer: { handles: () => false, index: () => Promise.resolve({}) },
    log: recordingLog(),
    now: () => now,
  });
}

/** An engine over a sample workspace, indexed with the real indexer. */
export async function workspaceEngine(workspace: string, now = new Date('2026-11-27T10:00:00Z')): Promise<WorkspaceEngine> {
  const indexer: SourceIndexer = await sharedIndexer();
  const engine = new WorkspaceEngine({ fs: fixtureFileSystem(fixturePath('workspaces', workspace)), indexer, log: recordingLog(), now: () => now });
  await engine.indexAll();
  await engine.loadCodeTexts();
  return engine;
}

/** Asserts that every request the server received fits the platform's published description. */
export function assertRequestsFitContract(server: PlatformServer): void {
  const contract = Contract.of(server.kind);
  const problems = server.requests.flatMap((request) => contract.checkRequest(request));
  assert.deepEqual(problems, [], `requests outside the ${server.kind} OpenAPI description`);
  assert.ok(server.requests.length > 0, 'the server was asked something');
}

/** One row of the fault matrix: a fault on the findings route after a good pull, and what the source then says. */
export interface FaultRow {
  fault: FaultName;
  options?: FaultOptions;
  kind?: string;
  message?: RegExp;
  /** The pull recovers (the fault answered once, the retry succeeded). */
  recovers?: { waitedMs: number };
}

/** The matrix every adapter goes through (issue 11: the existing one, plus the body rules of issue 13 §9). */
export const faultMatrix: FaultRow[] = [
  { fault: 'down', kind: 'unreachable', message: /unreachable/ },
  { fault: 'delay', options: { delayMs: 3000 }, kind: 'timeout', message: /did not answer in time/ },
  { fault: 'status500', kind: 'unreachable', message: /HTTP 500/ },
  { fault: 'status401', kind: 'unauthorized', message: /HTTP 401/ },
  { fault: 'status403', kind: 'forbidden', message: /HTTP 403/ },
  { fault: 'rateLimited', options: { retryAfterSeconds: 2, times: 1 }, recovers: { waitedMs: 2000 } },
  { fault: 'rateLimited', options: { retryAfterSeconds: 1, status: 503, times: 1 }, recovers: { waitedMs: 1000 } },
  { fault: 'rateLimited', options: { retryAfterSeconds: 1 }, kind: 'rateLimited', message: /HTTP 429/ },
  { fault: 'truncatedBody', kind: 'unreachable', message: /unreachable/ },
  { fault: 'nonJson', kind: 'badResponse', message: /did not answer JSON/ },
  { fault: 'schemaDrift', options: { drift: 'envelope' }, kind: 'badResponse', message: /does not match the API schema/ },
  { fault: 'redirect', kind: 'badResponse', message: /redirected \(HTTP 302\) to https:\/\/sso\.example\.com\/login; set the URL to the final address/ },
  { fault: 'oversized', options: { sizeMb: 2 }, kind: 'badResponse', message: /response larger than 1 MB/ },
  { fault: 'compressed', options: { encoding: 'gzip' }, recovers: { waitedMs: 0 } },
];

/**
 * Runs the fault matrix on one route of a platform: a good pull, then each fault, through the engine's source
 * store: the source fails with the kind and message the row says (its last good findings kept, marked stale), or
 * recovers; then the fault is cleared and the next pull is fresh again.
 */
export async function runFaultMatrix(kind: PlatformKind, scenario: string, route: string, repository: string): Promise<void> {
  const fixture = await startPlatform(kind, scenario, { timeoutMs: 800, maxBodyBytes: 1024 * 1024 });
  try {
    const engine = bareEngine();
    const first = await engine.pullSources([fixture.source], repository);
    assert.equal(first.ok, true, JSON.stringify(first.failures.map((failure) => failure.failure.message)));
    const good = engine.sourceStatuses()[0]!.findings;
    assert.ok(good > 0);
    for (const row of faultMatrix) {
      const title = `${kind} ${route}=${row.fault} ${JSON.stringify(row.options ?? {})}`;
      fixture.waits.length = 0;
      applyFault(fixture.server, route, row.fault, row.options);
      const pulled = await engine.pullSources([fixture.source], repository);
      const status = engine.sourceStatuses()[0]!;
      if (row.recovers) {
        assert.equal(pulled.ok, true, `${title}: ${pulled.failures[0]?.failure.message}`);
        assert.deepEqual(fixture.waits.filter((ms) => ms >= 1000), row.recovers.waitedMs > 0 ? [row.recovers.waitedMs] : [], `${title}: waited as Retry-After said`);
        assert.equal(status.staleSince, undefined, title);
      } else {
        const failure = pulled.failures[0]?.failure;
        assert.equal(failure?.kind, row.kind, `${title}: ${failure?.message}`);
        assert.match(failure?.message ?? '', row.message!, title);
        assert.equal(status.findings, good, `${title}: the last good findings are kept`);
        assert.ok(status.staleSince, `${title}: marked stale`);
      }
      assert.equal(engine.analyze({ minPriority: 0, showUnreachable: true }).services.flatMap((service) => service.findings).length > 0, true, `${title}: findings still analysed`);
      clearFaults(fixture.server);
      const healed = await engine.pullSources([fixture.source], repository);
      assert.equal(healed.ok, true, `${title}: healed`);
      assert.equal(engine.sourceStatuses()[0]!.staleSince, undefined, `${title}: fresh again`);
    }
    assertRequestsFitContract(fixture.server);
  } finally {
    await fixture.server.close();
  }
  await runLargeVolumeRow(kind, scenario, repository);
}

type Json = Record<string, unknown>;

/** How many findings the large-volume row holds on each platform, and what of them is paged. */
export const largeVolume = { findings: 5000 };

/**
 * A scenario with `count` findings of each paged kind, cloned from the sample scenario with distinct ids, packages
 * and advisories: DefectDojo findings (limit/offset), Dependabot alerts (cursor) and code scanning alerts (page),
 * Dependency-Track findings (one answer, as 4.x sends them) and policy violations (pageNumber/pageSize).
 */
export function largeScenario(kind: PlatformKind, scenario: string, count: number): { data: Json; expected: number } {
  const data = JSON.parse(readFileSync(platformScenarioPath(kind, scenario), 'utf8')) as Json;
  const range = Array.from({ length: count }, (_, index) => index);
  if (kind === 'defectdojo') {
    const base = (data.findings as Json[])[0]!;
    data.findings = range.map((index) => ({ ...base, id: 100_000 + index, title: `Advisory ${index} in pkg-${index}`, component_name: `pkg-${index}`, component_version: '1.0.0', vulnerability_ids: [{ vulnerability_id: `CVE-2026-${10_000 + index}` }] }));
    return { data, expected: count };
  }
  if (kind === 'github') {
    const repository = Object.values(data.repositories as Record<string, Json>)[0]!;
    const dependabot = (repository.dependabot as Json[])[0]!;
    const codeScanning = (repository.codeScanning as Json[])[0]!;
    repository.dependabot = range.map((index) => {
      const advisory = { ...(dependabot.security_advisory as Json), ghsa_id: `GHSA-${String(index).padStart(4, '0')}-aaaa-bbbb`, cve_id: `CVE-2026-${10_000 + index}` };
      const dependency = { ...(dependabot.dependency as Json), package: { ecosystem: 'npm', name: `pkg-${index}` } };
      return { ...dependabot, number: index + 1, security_advisory: advisory, dependency };
    });
    const instance = codeScanning.most_recent_instance as Json;
    repository.codeScanning = range.map((index) => ({
      ...codeScanning,
      number: count + index + 1,
      most_recent_instance: { ...instance, location: { ...(instance.location as Json), path: `src/generated/file-${index}.ts` } },
    }));
    const secrets = Array.isArray(repository.secretScanning) ? repository.secretScanning.length : 0;
    return { data, expected: 2 * count + secrets };
  }
  const project = Object.keys(data.findings as Json)[0]!;
  const findings = (data.findings as Record<string, Json[]>)[project]!;
  const vulnerabilities = (data.vulnerabilities as Record<string, Json[]>)[project]!;
  const violations = (data.violations as Record<string, Json[]>)[project]!;
  const uuid = (prefix: number, index: number): string => `${String(prefix).padStart(8, '0')}-0000-4000-8000-${String(index).padStart(12, '0')}`;
  (data.findings as Record<string, Json[]>)[project] = range.map((index) => ({
    ...findings[0]!,
    component: { ...(findings[0]!.component as Json), uuid: uuid(1, index), name: `pkg-${index}`, version: '1.0.0', purl: `pkg:npm/pkg-${index}@1.0.0` },
    vulnerability: { ...(findings[0]!.vulnerability as Json), uuid: uuid(2, index), vulnId: `CVE-2026-${10_000 + index}`, source: 'NVD' },
  }));
  (data.vulnerabilities as Record<string, Json[]>)[project] = range.map((index) => ({ ...vulnerabilities[0]!, uuid: uuid(2, index), vulnId: `CVE-2026-${10_000 + index}`, source: 'NVD' }));
  (data.violations as Record<string, Json[]>)[project] = range.map((index) => ({ ...violations[0]!, uuid: uuid(3, index), component: { ...(violations[0]!.component as Json), uuid: uuid(1, index), name: `pkg-${index}` } }));
  return { data, expected: count };
}

/**
 * The large-volume row of the fault matrix: thousands of findings over many pages, pulled completely through the
 * engine (every page followed, nothing dropped), each page within the adapter's body limit, with the heap growing by
 * a bounded amount, and every request within the platform's description.
 */
export async function runLargeVolumeRow(kind: PlatformKind, scenario: string, repository: string): Promise<void> {
  const folder = mkdtempSync(path.join(tmpdir(), 'aspm-large-'));
  const file = path.join(folder, `${kind}.json`);
  const { data, expected } = largeScenario(kind, scenario, largeVolume.findings);
  writeFileSync(file, JSON.stringify(data));
  const fixture = await startPlatform(kind, file, { timeoutMs: 30_000 });
  try {
    const engine = bareEngine();
    const heapBefore = process.memoryUsage().heapUsed;
    const pulled = await engine.pullSources([fixture.source], repository);
    const heapGrowthMb = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
    assert.equal(pulled.ok, true, JSON.stringify(pulled.failures.map((failure) => failure.failure.message)));
    const status = engine.sourceStatuses()[0]!;
    assert.equal(status.findings, expected, `${kind}: every finding of every page`);
    assert.deepEqual(status.droppedFindings, [], `${kind}: none dropped`);
    const pages = fixture.server.requests.filter((request) => request.method === 'GET').length;
    console.log(`      large volume: ${kind} ${status.findings} findings in ${pages} requests, heap +${heapGrowthMb.toFixed(0)} MB`);
    assert.ok(pages >= expected / 1000, `${kind}: ${pages} requests for ${expected} findings (paged)`);
    assert.ok(heapGrowthMb < 256, `${kind}: the heap grew by ${heapGrowthMb.toFixed(0)} MB for ${expected} findings`);
    assertRequestsFitContract(fixture.server);
  } finally {
    await fixture.server.close();
    rmSync(folder, { recursive: true, force: true });
  }
}
