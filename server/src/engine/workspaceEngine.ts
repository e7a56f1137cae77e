import { analyzeService, type ServiceData } from '../core/analyze';
import type { ImportFact } from '../core/index/imports/importFact';
import { buildNpmGraph, parentDir } from '../core/index/manifests/npmGraph';
import { parseNpmLockfile, type NpmLockfile } from '../core/index/manifests/npmLockfile';
import { parseNpmManifest, type NpmManifest } from '../core/index/manifests/npmManifest';
import type { AnalyzedFinding } from '../core/model/analysis';
import type { ParseProblem } from '../core/model/dependency';
import { noExposure } from '../core/model/exposure';
import type { Service } from '../core/model/service';
import type { RootedGraph, WorkspaceIndex } from '../core/model/workspaceIndex';
import type { SurfacePolicy } from '../core/prioritize/surface';
import { isBackendFailure, type BackendFailure, type FindingsBackend, type ImportParser, type Logger, type WorkspaceFileSystem } from './ports';

export interface EnginePorts {
  fs: WorkspaceFileSystem;
  parser: ImportParser;
  log: Logger;
  now(): Date;
}

/** The analysis of every service of the workspace. */
export interface Analysis {
  services: { data: ServiceData; findings: AnalyzedFinding[] }[];
}

/** State of the backend data: when it was last good and what failed since. */
export interface BackendState {
  lastSuccessAt?: Date;
  /** Set while the last pull failed and older data is being served. */
  staleSince?: Date;
  lastFailure?: BackendFailure;
  /** Findings dropped by validation in the last pull (the rest were kept). */
  droppedFindings: string[];
}

const manifestName = 'package.json';
const lockfileNames = ['package-lock.json', 'npm-shrinkwrap.json'];

/** Files read concurrently while indexing; enough to hide disk latency without flooding the event loop. */
const indexConcurrency = 8;

/**
 * Holds the index of one workspace folder and the backend data of its services, and runs the pure analysis over
 * them. Knows nothing of LSP; the same engine serves the language server and the CLI.
 */
export class WorkspaceEngine {
  private readonly files = new Set<string>();
  private readonly imports = new Map<string, ImportFact[]>();
  private readonly manifests = new Map<string, { text: string; manifest?: NpmManifest }>();
  private readonly lockfiles = new Map<string, NpmLockfile | undefined>();
  private readonly problems = new Map<string, ParseProblem[]>();
  private readonly openTexts = new Map<string, string>();
  private services: ServiceData[] = [];
  private graphs?: RootedGraph[];
  private revision = 0;
  private memo?: { key: string; analysis: Analysis };
  readonly backend: BackendState = { droppedFindings: [] };

  constructor(private readonly ports: EnginePorts) {}

  /** Whether the index reads this file at all. */
  isRelevant(path: string): boolean {
    const name = path.slice(path.lastIndexOf('/') + 1);
    return name === manifestName || lockfileNames.includes(name) || this.ports.parser.handles(path);
  }

  /** Indexes every relevant file of the folder. Yields between files so the caller's event loop stays responsive. */
  async indexAll(signal?: AbortSignal, onProgress?: (done: number, total: number) => void): Promise<{ files: number; ms: number }> {
    const started = this.ports.now().getTime();
    const paths = await this.ports.fs.listFiles(signal);
    let done = 0;
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < paths.length) {
        signal?.throwIfAborted();
        const path = paths[next++]!;
        if (!this.openTexts.has(path)) {
          await this.indexFromDisk(path);
        }
        onProgress?.(++done, paths.length);
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    };
    await Promise.all(Array.from({ length: indexConcurrency }, worker));
    return { files: paths.length, ms: this.ports.now().getTime() - started };
  }

  /** Re-reads one file from disk after it changed (or was created or deleted) there. */
  async refreshFromDisk(path: string): Promise<void> {
    if (!this.openTexts.has(path) && this.isRelevant(path)) {
      await this.indexFromDisk(path);
    }
  }

  /** Indexes the live text of an open document, which wins over the disk until it is closed. */
  async setOpenText(path: string, text: string): Promise<void> {
    if (!this.isRelevant(path)) {
      return;
    }
    this.openTexts.set(path, text);
    await this.indexText(path, text);
  }

  /** The document was closed: go back to the disk content. */
  async closeOpenText(path: string): Promise<void> {
    if (this.openTexts.delete(path)) {
      await this.refreshFromDisk(path);
    }
  }

  /** Problems found while reading a file (invalid JSON, unsupported lockfile…). */
  problemsOf(path: string): ParseProblem[] {
    return this.problems.get(path) ?? [];
  }

  /** Every file that currently has problems. */
  filesWithProblems(): string[] {
    return [...this.problems.entries()].filter(([, list]) => list.length > 0).map(([path]) => path);
  }

  /**
   * Pulls services, findings and exposure. On failure the previous data stays and is marked stale; a service
   * whose own calls fail keeps its previous data too.
   */
  async pull(backend: FindingsBackend, repository: string): Promise<{ ok: boolean; failure?: BackendFailure }> {
    try {
      const services = await backend.listServices(repository);
      const dropped: string[] = [];
      const pulled = await Promise.all(services.map((service) => this.pullService(backend, service, dropped)));
      this.services = pulled;
      this.backend.lastSuccessAt = this.ports.now();
      this.backend.staleSince = undefined;
      this.backend.lastFailure = undefined;
      this.backend.droppedFindings = dropped;
      this.changed();
      return { ok: true };
    } catch (error) {
      const failure: BackendFailure = isBackendFailure(error) ? error : { kind: 'badResponse', message: (error as Error).message };
      this.backend.lastFailure = failure;
      this.backend.staleSince ??= this.backend.lastSuccessAt ? this.ports.now() : undefined;
      this.changed();
      return { ok: false, failure };
    }
  }

  /** Forgets all backend data (signed out, or backend changed). */
  clearBackendData(): void {
    this.services = [];
    this.backend.lastSuccessAt = undefined;
    this.backend.staleSince = undefined;
    this.backend.droppedFindings = [];
    this.changed();
  }

  /** The known services of the repository. */
  get knownServices(): Service[] {
    return this.services.map((data) => data.service);
  }

  /** Runs (or returns the memoized) analysis of every service under a policy. */
  analyze(policy: SurfacePolicy): Analysis {
    const key = `${this.revision}:${policy.minPriority}:${policy.showUnreachable}`;
    if (this.memo?.key === key) {
      return this.memo.analysis;
    }
    const index = this.buildIndex();
    const analysis: Analysis = {
      services: this.services.map((data) => ({ data, findings: analyzeService(data, index, policy) })),
    };
    this.memo = { key, analysis };
    return analysis;
  }

  private async pullService(backend: FindingsBackend, service: Service, dropped: string[]): Promise<ServiceData> {
    const [page, exposure] = await Promise.all([backend.listFindings(service.id), backend.getExposure(service.id)]);
    if (page.problems.length > 0) {
      dropped.push(...page.problems.map((problem) => `${service.name}: ${problem}`));
    }
    return { service, findings: page.findings, exposure: exposure ?? noExposure, hasExposureData: exposure !== undefined };
  }

  private async indexFromDisk(path: string): Promise<void> {
    const read = await this.ports.fs.readText(path);
    if ('skipped' in read) {
      this.forget(path);
      if (read.skipped !== 'file not found') {
        this.ports.log.warn(`Not indexed: ${path}: ${read.skipped}`);
        if (this.isManifestOrLockfile(path)) {
          this.problems.set(path, [{ path, message: `Not indexed: ${read.skipped}` }]);
        }
      }
      this.changed();
      return;
    }
    await this.indexText(path, read.text);
  }

  private isManifestOrLockfile(path: string): boolean {
    const name = path.slice(path.lastIndexOf('/') + 1);
    return name === manifestName || lockfileNames.includes(name);
  }

  private async indexText(path: string, text: string): Promise<void> {
    this.files.add(path);
    const name = path.slice(path.lastIndexOf('/') + 1);
    if (name === manifestName) {
      const parsed = parseNpmManifest(text, path);
      this.manifests.set(path, { text, manifest: parsed.value });
      this.problems.set(path, parsed.problems);
      this.graphs = undefined;
    } else if (lockfileNames.includes(name)) {
      const parsed = parseNpmLockfile(text, path);
      this.lockfiles.set(path, parsed.value);
      this.problems.set(path, parsed.problems);
      this.graphs = undefined;
    } else {
      try {
        this.imports.set(path, await this.ports.parser.parseImports(path, text));
        this.problems.delete(path);
      } catch (error) {
        this.imports.delete(path);
        this.problems.set(path, [{ path, message: `Cannot parse: ${(error as Error).message}` }]);
      }
    }
    this.changed();
  }

  private forget(path: string): void {
    this.files.delete(path);
    this.imports.delete(path);
    this.problems.delete(path);
    if (this.manifests.delete(path) || this.lockfiles.delete(path)) {
      this.graphs = undefined;
    }
  }

  private changed(): void {
    this.revision++;
  }

  private buildIndex(): WorkspaceIndex {
    return {
      graphs: this.buildGraphs(),
      imports: [...this.imports.values()].flat(),
      files: this.files,
      manifestText: (path) => this.openTexts.get(path) ?? this.manifests.get(path)?.text,
    };
  }

  /**
   * One graph per lockfile, over the root manifest and the workspace manifests the lockfile lists as importers;
   * manifests no lockfile covers get a graph of their own declarations.
   */
  private buildGraphs(): RootedGraph[] {
    if (this.graphs) {
      return this.graphs;
    }
    const covered = new Set<string>();
    const graphs: RootedGraph[] = [];
    for (const [lockPath, lockfile] of this.lockfiles) {
      const rootDir = parentDir(lockPath);
      const rootManifestPath = joinPath(rootDir, manifestName);
      const importerDirs = lockfile ? [...lockfile.entries.keys()].filter((key) => !key.includes('node_modules')) : [''];
      const manifests = importerDirs.flatMap((dir) => {
        const path = joinPath(joinPath(rootDir, dir), manifestName);
        const manifest = this.manifests.get(path)?.manifest;
        covered.add(path);
        return manifest ? [manifest] : [];
      });
      if (manifests.length > 0) {
        const overrides = this.manifests.get(rootManifestPath)?.manifest?.overrides ?? {};
        graphs.push({ rootDir, rootManifestPath, overrides, graph: buildNpmGraph(rootDir, manifests, lockfile) });
      }
    }
    for (const [path, { manifest }] of this.manifests) {
      if (manifest && !covered.has(path)) {
        graphs.push({ rootDir: parentDir(path), rootManifestPath: path, overrides: manifest.overrides, graph: buildNpmGraph(parentDir(path), [manifest]) });
      }
    }
    this.graphs = graphs;
    return graphs;
  }
}

function joinPath(dir: string, name: string): string {
  return dir === '' ? name : name === '' ? dir : `${dir}/${name}`;
}
