import { analyzeService, hasSameReachabilityInputs, newAnalysisMemo, type AnalysisMemo, type IndexRevisions, type ServiceData } from '../core/analyze';
import { mergeFindings } from '../core/correlate/mergeFindings';
import type { EcosystemIndexer } from '../core/index/manifests/ecosystem';
import { golangEcosystem } from '../core/index/manifests/golangEcosystem';
import { mavenEcosystem } from '../core/index/manifests/mavenEcosystem';
import { npmEcosystem } from '../core/index/manifests/npmEcosystem';
import { pypiEcosystem } from '../core/index/manifests/pypiEcosystem';
import type { AnalyzedFinding } from '../core/model/analysis';
import type { ParseProblem } from '../core/model/dependency';
import { noExposure } from '../core/model/exposure';
import { isSameJson } from '../core/model/sameJson';
import type { FileFacts } from '../core/model/fileFacts';
import type { Finding, FindingStatus } from '../core/model/finding';
import { isInServiceRoot, type Service } from '../core/model/service';
import type { RootedGraph, WorkspaceIndex } from '../core/model/workspaceIndex';
import type { SurfacePolicy } from '../core/prioritize/surface';
import { matchAdvisories } from '../core/ingest/osv';
import { importTargetResolver } from '../core/correlate/importTargets';
import type { ImportFact } from '../core/model/importFact';
import type { OsvAdvisory } from '../core/ingest/osv';
import { ignoreFilePath, parseIgnoreFile, type IgnoreEntry } from '../core/triage/ignoreFile';
import { maxDataFileBytes, maxSourceBytes, megabytes, utf8Length } from '../core/model/fileLimits';
import { parsedInIsolation, readInIsolation, readInIsolationAsync, type Isolated } from '../core/model/readInIsolation';
import type { ExportInput } from '../core/export/exportInput';
import { parsePolicyFile, policyFilePath, type DeclaredControl } from '../core/controls/policyFile';
import { ImportSiteIndex } from './importSiteIndex';
import { FactRevisions } from './factRevisions';
import { RouteIndex } from './routeIndex';
import { planIndexOrder } from './indexOrder';
import type { BackendError } from './backendError';
import type { Analysis, BaselineSource, FolderEngine, Logger, SourceIndexer, WorkspaceFileSystem } from './ports';
import type { BackendSnapshot, BackendState, FindingsBackend, PulledSource, SourceStatus, SourcesPull } from './sourcePorts';
import type { Baseline } from '../core/baseline/baseline';
import { SourceStore } from './sourceStore';
import { sameElements } from '../core/model/lists';
import { FactInterner } from '../core/model/factInterner';

export interface EnginePorts {
  fs: WorkspaceFileSystem;
  indexer: SourceIndexer;
  log: Logger;
  now(): Date;
  /** Manifest readers; npm when not given. */
  ecosystems?: EcosystemIndexer[];
  /** Whether a file is a local scanner report (reports may be as large as lockfiles); none when not given. */
  isReport?(path: string): boolean;
}

/** How a triage decision changes a finding's status locally, before the backend confirms it. */
const statusAfterTriage: Record<string, FindingStatus> = {
  accepted_risk: 'accepted',
  false_positive: 'false_positive',
  not_affected: 'triaged',
  reopen: 'open',
};

/** The source id of the language server's one backend (`pull`). */
const defaultSourceId = 'backend';

/** Whether a path is a repository policy file (`.aspm/policy.yaml` of any folder). */
function isPolicyFile(path: string): boolean {
  return path === policyFilePath || path.endsWith(`/${policyFilePath}`);
}

/** The pseudo-service that holds local findings when the backend names no service. */
export const localServiceId = 'local';

/** Its data: one object, so that the analysis memo of the service outlives each analysis (see analyze). */
const localService: ServiceData = { service: { id: localServiceId, name: 'workspace', root: '' }, findings: [], exposure: noExposure, hasExposureData: false };

/** Files read concurrently while indexing; enough to hide disk latency without flooding the event loop. */
const indexConcurrency = 8;

/** Files whose text is kept for following code findings; beyond this, findings stay at their reported lines. */
const maxCodeTexts = 2000;

/**
 * Holds the index of one workspace folder and the backend data of its services, and runs the pure analysis over
 * them. Knows nothing of LSP; the same engine serves the language server and the CLI.
 */
export class WorkspaceEngine implements FolderEngine {
  private readonly files = new Set<string>();
  private readonly facts = new Map<string, FileFacts>();
  /** Shares the strings and positions that repeat across files' facts (a third of their heap on a large workspace). */
  private readonly interner = new FactInterner();
  private readonly manifestTexts = new Map<string, Map<string, string>>();
  private readonly graphCache = new Map<string, { graphs: RootedGraph[]; problems: ParseProblem[] }>();
  /** Problems of each file that has any (see {@link setFileProblems}). */
  private readonly fileProblems = new Map<string, ParseProblem[]>();
  private readonly openTexts = new Map<string, string>();
  /** Open documents over their size limit, not read while open (see {@link setOpenText}). */
  private readonly oversizedOpen = new Set<string>();
  /** Open documents whose facts an edit left partly unsettled (see {@link settleOpenDocuments}). */
  private readonly unsettled = new Set<string>();
  /** Texts of files that code findings point into, so their lines can follow edits made since the scan. */
  private readonly codeTexts = new Map<string, string>();
  private codePaths = new Set<string>();
  private readonly ecosystems: EcosystemIndexer[];
  /** The last good data of every source (one for the language server's backend; several in the CLI). */
  private readonly store: SourceStore;
  private ignores: IgnoreEntry[] = [];
  /** Controls of each `.aspm/policy.yaml`, by path; a broken file keeps its last good controls. */
  private readonly policyFiles = new Map<string, DeclaredControl[]>();
  private advisories: OsvAdvisory[] = [];
  /** The base of the branch, when new-code mode asked for one. */
  private baseline?: Baseline;
  private pythonTopLevel?: ReadonlyMap<string, string>;
  private javaPackages?: ReadonlyMap<string, readonly string[]>;
  private goResultTypes?: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /** Paths given by {@link setEnvironmentManifests}, dropped when the next set replaces them. */
  private environmentPaths = new Map<string, Set<string>>();
  private revision = 0;
  private indexingSources = false;
  private memo?: { key: string; analysis: Analysis };
  /** Per service: the merged findings and the per-finding memo of the last analysis, reused while inputs stay. */
  private serviceMemos = new Map<string, ServiceMemo>();
  /** Moves with each change of the text {@link WorkspaceIndex.codeText} answers for a path. */
  private readonly textRevisions = new Map<string, number>();
  private ignoresRevision = 0;
  private baselineRevision = 0;
  /** Revisions of each part of the index, so an edit recomputes only the parts it changed (see buildIndex). */
  private readonly partRevisions = { files: 0, imports: 0, calls: 0, routes: 0, iac: 0, graphs: 0, topLevel: 0, findings: 0, advisories: 0 };
  private readonly derived = new Map<string, { key: string; value: unknown }>();
  /** A clock value per file, moved when its imports, calls or fields change (see IndexRevisions.facts). */
  private readonly factRevisions = new FactRevisions();
  private factClock = 0;
  private readonly importSites = new ImportSiteIndex();
  private readonly routeIndex = new RouteIndex();
  /** The sources' state folded into one, for the status item. */
  readonly backend: BackendState;

  constructor(private readonly ports: EnginePorts) {
    this.store = new SourceStore(() => ports.now());
    this.backend = this.store.state;
    this.ecosystems = ports.ecosystems ?? [npmEcosystem, pypiEcosystem, golangEcosystem, mavenEcosystem];
  }

  /** Whether the index reads this file at all. */
  isRelevant(path: string): boolean {
    return path.endsWith(ignoreFilePath) || isPolicyFile(path) || this.ecosystemOf(path) !== undefined || this.ports.indexer.handles(path);
  }

  /**
   * The largest file of this kind the index reads, on disk or open in the editor: manifests, lockfiles and reports
   * up to {@link maxDataFileBytes}, everything else up to {@link maxSourceBytes}.
   */
  maxBytesOf(path: string): number {
    return this.ecosystemOf(path) !== undefined || this.ports.isReport?.(path) === true ? maxDataFileBytes : maxSourceBytes;
  }

  /** Whether only indexers that read the file when they can want it (secret detection): skipping it is no problem. */
  private isOptional(path: string): boolean {
    return !path.endsWith(ignoreFilePath) && !isPolicyFile(path) && this.ecosystemOf(path) === undefined && this.ports.indexer.isOptional?.(path) === true;
  }

  /** Whether the folder's ignore rules let the index read this file (the listing applies them itself). */
  private isIndexed(path: string): boolean {
    return this.ports.fs.isIndexed?.(path) ?? true;
  }

  /**
   * Indexes every relevant file of the folder. Yields between files so the caller's event loop stays responsive.
   * Manifests and other data files are read first (see {@link planIndexOrder}); `onDataIndexed` is then called with
   * the number of source files left, and until they are read {@link isIndexingSources} is true and package verdicts
   * the sources could change are said as `indexing`.
   */
  async indexAll(
    signal?: AbortSignal,
    onProgress?: (done: number, total: number) => void,
    bulkIndexer?: SourceIndexer,
    onDataIndexed?: (sourceFiles: number) => void,
  ): Promise<{ files: number; ms: number }> {
    const started = this.ports.now().getTime();
    bulkIndexer?.prepare?.(); // the workers start while the walker lists
    const paths = await this.ports.fs.listFiles(signal);
    const order = planIndexOrder(paths, (path) => this.isDataFile(path));
    let done = 0;
    const indexEach = async (list: readonly string[]): Promise<void> => {
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < list.length) {
          signal?.throwIfAborted();
          const path = list[next++]!;
          if (!this.openTexts.has(path)) {
            await this.indexFromDisk(path, bulkIndexer);
          }
          onProgress?.(++done, paths.length);
          await new Promise<void>((resolve) => setImmediate(resolve));
        }
      };
      await Promise.all(Array.from({ length: Math.min(indexConcurrency, list.length) }, worker));
    };
    await indexEach(order.data);
    this.setIndexingSources(true);
    try {
      onDataIndexed?.(order.sources.length);
      await indexEach(order.sources);
    } finally {
      this.setIndexingSources(false);
    }
    return { files: paths.length, ms: this.ports.now().getTime() - started };
  }

  /** Whether the manifests are read but a cold index is still reading source files (see {@link indexAll}). */
  get isIndexingSources(): boolean {
    return this.indexingSources;
  }

  private setIndexingSources(isIndexing: boolean): void {
    if (this.indexingSources !== isIndexing) {
      this.indexingSources = isIndexing;
      this.changed();
    }
  }

  /** Files that decide which findings exist and where they show: read before any source file. */
  private isDataFile(path: string): boolean {
    return this.ecosystemOf(path) !== undefined || path.endsWith(ignoreFilePath) || isPolicyFile(path) || this.ports.isReport?.(path) === true;
  }

  /** Re-reads one file from disk after it changed (or was created or deleted) there. */
  async refreshFromDisk(path: string): Promise<void> {
    if (this.openTexts.has(path)) {
      return;
    }
    if (this.isRelevant(path) && this.isIndexed(path)) {
      await this.indexFromDisk(path);
    } else if (this.codePaths.has(path)) {
      this.codeTexts.delete(path);
      this.textChanged(path);
      await this.loadCodeTexts();
    }
  }

  /**
   * Indexes the live text of an open document, which wins over the disk until it is closed. A document over its
   * kind's size limit ({@link maxBytesOf}) is not read: it keeps the facts of its last version read (the disk's,
   * when it was never small enough) and says so, so that a huge paste cannot stall the server on every keystroke.
   */
  async setOpenText(path: string, text: string): Promise<void> {
    const limit = this.maxBytesOf(path);
    if (text.length > limit / 3 && utf8Length(text) > limit) {
      if (this.isRelevant(path) && !this.isOptional(path)) {
        this.oversizedOpen.add(path);
        this.setFileProblems(path, [{ path, message: `Not indexed while open: larger than ${megabytes(limit)}; its facts are those of the last version read` }]);
        this.changed();
      }
      return;
    }
    this.oversizedOpen.delete(path);
    if (this.codePaths.has(path)) {
      this.openTexts.set(path, text);
      this.textChanged(path);
      this.changed();
    }
    if (!this.isRelevant(path) || !this.isIndexed(path)) {
      return;
    }
    this.openTexts.set(path, text);
    this.textChanged(path);
    await this.indexText(path, text, this.ports.indexer, true);
  }

  /**
   * Completes the facts that edits of open documents left unsettled (routing facts that were only moved with the
   * edit). The server calls it once the edit's diagnostics are out. True when the facts changed.
   */
  async settleOpenDocuments(): Promise<boolean> {
    let isChanged = false;
    for (const path of [...this.unsettled]) {
      this.unsettled.delete(path);
      const text = this.openTexts.get(path);
      const settled = text === undefined ? undefined : await readInIsolationAsync(path, async () => this.ports.indexer.settleOpen?.(path, text));
      if (settled && 'problem' in settled) {
        this.setFileProblems(path, [settled.problem]);
        this.changed();
        isChanged = true;
      } else if (settled?.value && this.setFacts(path, settled.value)) {
        this.changed();
        isChanged = true;
      }
    }
    return isChanged;
  }

  /**
   * Loads the texts of the files code findings point into (at most {@link maxCodeTexts}), so their locations can
   * follow edits. Call after the set of findings changed (a pull, a report file).
   */
  async loadCodeTexts(): Promise<void> {
    const paths = new Set<string>();
    for (const finding of [...this.store.services().flatMap((data) => data.findings), ...this.localFindings()]) {
      if (!finding.package && finding.location?.snippet && this.files.has(finding.location.path)) {
        paths.add(finding.location.path);
      }
    }
    this.codePaths = paths;
    let loaded = 0;
    for (const path of paths) {
      if (loaded >= maxCodeTexts) {
        break;
      }
      if (!this.codeTexts.has(path) && !this.openTexts.has(path)) {
        const read = await this.ports.fs.readText(path);
        if ('text' in read) {
          this.codeTexts.set(path, read.text);
          this.textChanged(path);
          loaded++;
        }
      }
    }
    if (loaded > 0) {
      this.changed();
    }
  }

  /** The document was closed: go back to the disk content. */
  async closeOpenText(path: string): Promise<void> {
    const wasOversized = this.oversizedOpen.delete(path);
    if (this.openTexts.delete(path)) {
      this.textChanged(path);
      this.unsettled.delete(path);
      this.ports.indexer.release?.(path);
      this.codeTexts.delete(path);
      this.textChanged(path);
      this.changed();
      await this.refreshFromDisk(path);
    } else if (wasOversized) {
      // Never read while open: the disk's facts stand, and the disk decides the file's problems again.
      this.fileProblems.delete(path);
      this.changed();
      await this.refreshFromDisk(path);
    }
  }

  /** Problems found while reading a file (invalid JSON, unsupported lockfile…). */
  problemsOf(path: string): ParseProblem[] {
    this.graphs();
    const fromGraphs = [...this.graphCache.values()].flatMap((entry) => entry.problems.filter((problem) => problem.path === path));
    return [...fromGraphs, ...(this.fileProblems.get(path) ?? [])];
  }

  /** Every file that currently has problems. */
  filesWithProblems(): string[] {
    this.graphs();
    const paths = new Set<string>(this.fileProblems.keys());
    for (const entry of this.graphCache.values()) {
      for (const problem of entry.problems) {
        paths.add(problem.path);
      }
    }
    return [...paths].sort();
  }

  /**
   * Pulls services, findings and exposure from the one backend of the language server. On failure the previous
   * data stays and is marked stale; a service whose own calls fail keeps its previous data too.
   */
  async pull(backend: FindingsBackend, repository: string): Promise<{ ok: boolean; isUnchanged?: boolean; failure?: BackendError }> {
    const result = await this.pullSources([{ id: defaultSourceId, label: 'backend', backend }], repository);
    return result.ok ? { ok: true, isUnchanged: result.isUnchanged } : { ok: false, failure: result.failures[0]!.failure };
  }

  /**
   * Pulls every source at once (DefectDojo, Dependency-Track, GitHub, the ASPM backend). Each source keeps its own
   * last good data when it fails; services of several sources with the same root are analysed as one, so a finding
   * two sources report is one finding listing both.
   */
  async pullSources(sources: readonly PulledSource[], repository: string): Promise<SourcesPull> {
    const result = await this.store.pull(sources, repository);
    if (!result.isUnchanged || !result.ok) {
      this.changed();
    }
    return result;
  }

  /** Each source's freshness, failure and finding count. */
  sourceStatuses(): SourceStatus[] {
    return this.store.statuses();
  }

  /** The backend data to persist, when there is good data (one snapshot per source). */
  snapshot(sourceId = defaultSourceId): BackendSnapshot | undefined {
    return this.store.snapshot(sourceId);
  }

  /**
   * Serves persisted backend data until the first pull succeeds; it is stale from the moment it was saved.
   * Ignored once live data has arrived.
   */
  restore(snapshot: BackendSnapshot, source: { id: string; label: string } = { id: defaultSourceId, label: 'backend' }): void {
    if (this.store.restore(source.id, source.label, snapshot)) {
      this.changed();
    }
  }

  /** Applies a triage decision locally at once; the next pull brings the backend's own status. */
  applyTriage(findingId: string, state: string): boolean {
    const status = statusAfterTriage[state];
    let found = false;
    for (const data of this.store.services()) {
      for (const finding of data.findings) {
        if (finding.id === findingId && status) {
          finding.status = status;
          found = true;
        }
      }
    }
    if (found) {
      this.serviceMemos.clear(); // the status changed in place: merge and analyse again
      this.changed();
    }
    return found;
  }

  /** Python module → distribution index read from the workspace's virtualenv (`top_level.txt`). */
  setPythonTopLevel(index: ReadonlyMap<string, string>): void {
    this.pythonTopLevel = index;
    this.partRevisions.topLevel++;
    this.changed();
  }

  /**
   * Manifest texts the file walker skips but a graph reads: a virtualenv's `*.dist-info/METADATA` headers (see
   * `pypiEcosystem`), Go's `vendor/modules.txt`. Replaces the previous set of the same `group`; paths are
   * repository-relative.
   */
  setEnvironmentManifests(files: ReadonlyMap<string, string>, group = 'virtualenv'): void {
    const touched = new Set<string>();
    for (const path of this.environmentPaths.get(group) ?? []) {
      const ecosystem = this.ecosystemOf(path);
      if (ecosystem && this.manifestFilesOf(ecosystem.ecosystem).delete(path)) {
        touched.add(ecosystem.ecosystem);
      }
    }
    const paths = new Set<string>();
    this.environmentPaths.set(group, paths);
    for (const [path, text] of files) {
      const ecosystem = this.ecosystemOf(path);
      if (ecosystem) {
        this.manifestFilesOf(ecosystem.ecosystem).set(path, text);
        paths.add(path);
        touched.add(ecosystem.ecosystem);
      }
    }
    touched.forEach((ecosystem) => this.invalidateGraphs(ecosystem));
    this.changed();
  }

  /** Java package → `groupId:artifactId` of the cached jars that hold it (see `host/mavenJarPackages`). */
  setJavaPackageIndex(index: ReadonlyMap<string, readonly string[]>): void {
    this.javaPackages = index;
    this.partRevisions.topLevel++;
    this.changed();
  }

  /** Go import path → what its exported functions and methods return, read from `vendor/` or the module cache. */
  setGoResultTypes(index: ReadonlyMap<string, ReadonlyMap<string, string>>): void {
    this.goResultTypes = index;
    this.serviceMemos.clear();
    this.changed();
  }

  /** OSV advisories to match against the installed packages (a local folder or an OSV API). */
  setAdvisories(advisories: OsvAdvisory[]): void {
    this.advisories = advisories;
    this.partRevisions.advisories++;
    this.changed();
  }

  /** Every installed (or declared) package of the workspace, for advisory look-ups. */
  installedPackages(): { ecosystem: string; name: string; version?: string }[] {
    const seen = new Map<string, { ecosystem: string; name: string; version?: string }>();
    for (const rooted of this.graphs()) {
      for (const pkg of rooted.graph.packages) {
        seen.set(`${pkg.ecosystem}:${pkg.name}@${pkg.version ?? ''}`, { ecosystem: pkg.ecosystem, name: pkg.name, version: pkg.version });
      }
    }
    return [...seen.values()];
  }

  /** Forgets all backend data (signed out, or backend changed). */
  clearBackendData(): void {
    this.store.clear();
    this.changed();
  }

  /** The known services of the repository. */
  get knownServices(): Service[] {
    return this.store.services().map((data) => data.service);
  }

  /** The memoized analysis under a policy when nothing changed since it was made; never runs one. */
  analyzedAlready(policy: SurfacePolicy): Analysis | undefined {
    return this.memo?.key === this.analysisKey(policy, this.ports.now()) ? this.memo.analysis : undefined;
  }

  private analysisKey(policy: SurfacePolicy, now: Date): string {
    // Ignore entries expire by date: a minute's resolution keeps the memo useful.
    return `${this.revision}:${this.indexingSources}:${policy.minPriority}:${policy.showUnreachable}:${policy.scope ?? 'all'}:${Math.floor(now.getTime() / 60_000)}`;
  }

  /** Runs (or returns the memoized) analysis of every service under a policy. */
  analyze(policy: SurfacePolicy): Analysis {
    const now = this.ports.now();
    const key = this.analysisKey(policy, now);
    if (this.memo?.key === key) {
      return this.memo.analysis;
    }
    const index = this.buildIndex();
    const local = this.localFindings();
    const pulled = this.store.services();
    const services: ServiceData[] = pulled.length > 0 || local.length === 0 ? pulled : [localService];
    // Everything a finding's analysis reads besides the index revisions: while it stays, results are reused.
    // Not the time: analyzeService keeps results while the time moves nothing in them (expiries, SLAs).
    const common = `${this.indexingSources}:${policy.minPriority}:${policy.showUnreachable}:${policy.scope ?? 'all'}:${this.ignoresRevision}:${this.baselineRevision}:${this.partRevisions.iac}`;
    const memos = new Map<string, ServiceMemo>();
    const analysis: Analysis = {
      services: services.map((data) => {
        const ownLocal = local.filter((finding) => finding.location === undefined || isInServiceRoot(finding.location.path, data.service.root));
        const previous = this.serviceMemos.get(data.service.id);
        const isSameInput = previous?.data === data && sameElements(previous.local, ownLocal);
        // One source's findings are merged as they are pulled: only local ones (reports, OSV) or another source's
        // need merging in.
        const isMerged = ownLocal.length === 0 && this.store.isSingleSource;
        const findings = isSameInput ? previous.merged : isMerged ? data.findings : mergeFindings([...data.findings, ...ownLocal]);
        // Package reachability reads the service's root and exposure and the index only: it outlives the rest.
        const memo = isSameInput && previous.common === common ? previous.memo : newAnalysisMemo(this.indexRevisions, previous && hasSameReachabilityInputs(previous.data, data) ? previous.memo.reachability : undefined);
        memos.set(data.service.id, { data, local: ownLocal, merged: findings, common, memo });
        return { data, findings: analyzeService({ ...data, findings }, index, policy, { now, ignores: this.ignores, baseline: this.baseline, isIndexing: this.indexingSources }, memo) };
      }),
    };
    this.serviceMemos = memos;
    this.memo = { key, analysis };
    return analysis;
  }

  /** The revisions the per-finding memo of the analysis compares (see analyzeService). */
  private readonly indexRevisions: IndexRevisions = {
    packages: '',
    graphs: 0,
    files: 0,
    routes: 0,
    iac: 0,
    codeText: (path) => this.textRevisions.get(path) ?? 0,
    importTarget: (target) => this.importSites.revisionOf(target),
    facts: (path) => this.factRevisions.get(path) ?? 0,
    latestFacts: () => this.factRevisions.latest,
    factsChangedSince: (since) => this.factRevisions.changedSince(since),
  };

  /**
   * The surfaced and filtered findings of the analysis under a policy that show in one file, by repository-relative
   * path: hover and code actions read these instead of every finding. Built once per analysis.
   */
  findingsAt(policy: SurfacePolicy, path: string): AnalyzedFinding[] {
    return findingsByPath(this.analyze(policy)).get(path) ?? [];
  }

  /**
   * Reads the repository at the merge-base of `ref` and HEAD: the dependency graphs of its manifests and lockfiles
   * and the addresses of its IaC resources, plus the lines changed since. Files the branch did not touch are taken
   * from the current index instead of git. Rejects when git cannot resolve the ref.
   */
  async loadBaseline(source: BaselineSource, ref: string): Promise<Baseline> {
    const commit = await source.mergeBase(ref);
    const changes = await source.changedFiles(commit);
    const basePaths = await source.listFiles(commit);
    const isTouched = (path: string): boolean => changes.has(path) || !this.files.has(path);
    const textAtBase = async (path: string): Promise<string | undefined> => (isTouched(path) ? source.readFile(commit, path) : (this.openTexts.get(path) ?? this.ecosystemOfText(path)));
    const graphs: RootedGraph[] = [];
    for (const ecosystem of this.ecosystems) {
      const files = new Map<string, string>();
      for (const path of basePaths.filter((candidate) => ecosystem.isManifestFile(candidate))) {
        const text = await textAtBase(path);
        if (text !== undefined) {
          files.set(path, text);
        }
      }
      graphs.push(...ecosystem.buildGraphs(files).graphs);
    }
    const iacAddresses = new Set<string>();
    for (const path of basePaths) {
      if (!isTouched(path)) {
        this.facts.get(path)?.iac?.resources.forEach((resource) => iacAddresses.add(resource.address));
      } else if (this.ports.indexer.handles(path) && /\.(tf|ya?ml)$|(^|\/)[^/]*Dockerfile[^/]*$/i.test(path)) {
        const text = await source.readFile(commit, path);
        const facts = text === undefined ? undefined : await this.ports.indexer.index(path, text).catch(() => undefined);
        facts?.iac?.resources.forEach((resource) => iacAddresses.add(resource.address));
      }
    }
    return { ref, commit, changes, graphs, iacAddresses };
  }

  /** Compares the analysis with this base of the branch from now on (undefined: no comparison). */
  setBaseline(baseline: Baseline | undefined): void {
    this.baseline = baseline;
    this.baselineRevision++;
    this.changed();
  }

  /** The base of the branch the analysis compares with, if any. */
  get currentBaseline(): Baseline | undefined {
    return this.baseline;
  }

  /** The index the analysis runs on (graphs, routes, IaC…), for inventories and exports. */
  workspaceIndex(): WorkspaceIndex {
    return this.buildIndex();
  }

  /**
   * What the SBOM, VEX and evidence-report exports are built from: the analysis under a policy and the index.
   * The pseudo-service of local findings is named after the repository.
   */
  exportInput(policy: SurfacePolicy, repository: string, tool: ExportInput['tool']): ExportInput {
    const analysis = this.analyze(policy);
    const repositoryName = repository.split('/').pop() || repository;
    return {
      repository,
      tool,
      now: this.ports.now(),
      services: analysis.services.map(({ data, findings }) => ({
        service: data.service.id === localServiceId ? { ...data.service, name: repositoryName } : data.service,
        exposure: data.exposure,
        hasExposureData: data.hasExposureData,
        findings,
        policies: data.policies ?? [],
      })),
      controls: this.repositoryControls(),
      index: this.buildIndex(),
    };
  }

  /** The controls of the repository's `.aspm/policy.yaml` files, in path order. */
  repositoryControls(): DeclaredControl[] {
    return [...this.policyFiles.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).flatMap(([, controls]) => controls);
  }

  /** Findings of local reports, IaC checks and advisories: kept while no file's findings, graph or advisory changed. */
  private localFindings(): Finding[] {
    return this.derive('localFindings', ['findings', 'iac', 'graphs', 'advisories'], () => {
      const fromFiles = [...this.facts.values()].flatMap((facts) => [...(facts.findings ?? []), ...(facts.iac?.findings ?? [])]);
      const fromAdvisories = this.advisories.length > 0 ? matchAdvisories(this.installedPackages(), this.advisories) : [];
      return [...fromFiles, ...fromAdvisories];
    });
  }

  private async indexFromDisk(path: string, indexer: SourceIndexer = this.ports.indexer): Promise<void> {
    if (indexer.indexFromDisk && !this.keepsTextOf(path) && indexer.handles(path)) {
      // The indexer's worker reads the file: the text never reaches this thread.
      const read = await readInIsolationAsync(path, () => indexer.indexFromDisk!(path, this.maxBytesOf(path)));
      if (this.openTexts.has(path)) {
        return; // opened while the disk was read: the live text was indexed, and wins
      }
      const result = 'value' in read ? read.value : undefined;
      if (result && 'skipped' in result) {
        this.skipUnread(path, result.skipped);
        return;
      }
      const isKnown = this.noteFile(path);
      await this.storeFacts(path, 'problem' in read ? read : { value: result!.facts }, isKnown);
      return;
    }
    const read = await this.ports.fs.readText(path);
    if (this.openTexts.has(path)) {
      return; // opened while the disk was read: the live text was indexed, and wins
    }
    if ('skipped' in read) {
      this.skipUnread(path, read.skipped);
      return;
    }
    await this.indexText(path, read.text, indexer);
  }

  /** Whether the engine itself reads a file's text (policy, ignore list, manifests, texts code findings point into). */
  private keepsTextOf(path: string): boolean {
    return isPolicyFile(path) || path.endsWith(ignoreFilePath) || this.ecosystemOf(path) !== undefined || this.codePaths.has(path);
  }

  /** A file that was not read (missing, binary, too large): its earlier facts go. */
  private skipUnread(path: string, reason: string): void {
    this.forget(path);
    if (reason !== 'file not found' && !this.isOptional(path)) {
      // A dropped lockfile or report loses whole graphs or reports: it is a problem of the file, not just a log line.
      this.ports.log.warn(`Not indexed: ${path}: ${reason}`);
      this.setFileProblems(path, [{ path, message: `Not indexed: ${reason}` }]);
    }
    this.changed();
  }

  /** Adds a file to the index's list; true when it was there already. */
  private noteFile(path: string): boolean {
    if (this.files.has(path)) {
      return true;
    }
    this.files.add(path);
    this.partRevisions.files++;
    return false;
  }

  private async indexText(path: string, text: string, indexer: SourceIndexer = this.ports.indexer, isOpen = false): Promise<void> {
    const isKnown = this.noteFile(path);
    const isCodeFindingFile = this.codePaths.has(path);
    if (isCodeFindingFile) {
      this.codeTexts.set(path, text);
      this.textChanged(path);
    }
    if (isPolicyFile(path)) {
      const parsed = parsePolicyFile(text, path);
      if (parsed.value) {
        this.policyFiles.set(path, parsed.value);
      }
      this.setFileProblems(path, parsed.problems);
      this.changed();
      return;
    }
    if (path.endsWith(ignoreFilePath)) {
      const parsed = parsedInIsolation(path, () => parseIgnoreFile(text, path));
      this.ignores = parsed.value ?? this.ignores; // a broken file keeps the last good entries
      this.ignoresRevision++;
      this.setFileProblems(path, parsed.problems);
      this.changed();
      return;
    }
    const ecosystem = this.ecosystemOf(path);
    if (ecosystem) {
      this.manifestFilesOf(ecosystem.ecosystem).set(path, text);
      this.invalidateGraphs(ecosystem.ecosystem);
      this.fileProblems.delete(path);
    }
    if (indexer.handles(path)) {
      const read = await readInIsolationAsync(path, () => (isOpen && indexer.indexOpen ? this.indexOpenText(indexer, path, text) : indexer.index(path, text)));
      if (!isOpen && this.openTexts.has(path)) {
        return; // opened while the disk's text was indexed: the live text's facts stand
      }
      await this.storeFacts(path, read, isKnown && !ecosystem && !isCodeFindingFile);
      return;
    }
    this.changed();
  }

  /**
   * Stores what the indexer read of a file, and its problems. `isQuietWhenSame`: a known file whose facts did not
   * change changes nothing downstream (most keystrokes change no import, call or route).
   */
  private async storeFacts(path: string, read: Isolated<FileFacts>, isQuietWhenSame: boolean): Promise<void> {
    if ('value' in read) {
      const facts = read.value;
      const previous = this.facts.get(path);
      const isChanged = this.setFacts(path, facts);
      if (isQuietWhenSame && previous && !isChanged) {
        return;
      }
      const hadFindings = (previous?.findings?.length ?? 0) > 0;
      if (hadFindings || (facts.findings?.length ?? 0) > 0) {
        await this.loadCodeTexts();
      }
      this.setFileProblems(path, (facts.problems ?? []).map((message) => ({ path, message })));
    } else {
      this.setFacts(path, undefined);
      this.setFileProblems(path, [read.problem]);
    }
    this.changed();
  }

  private async indexOpenText(indexer: SourceIndexer, path: string, text: string): Promise<FileFacts> {
    const open = await indexer.indexOpen!(path, text);
    if (open.isSettled) {
      this.unsettled.delete(path);
    } else {
      this.unsettled.add(path);
    }
    return open.facts;
  }

  private forget(path: string): void {
    if (path.endsWith(ignoreFilePath)) {
      this.ignores = [];
      this.ignoresRevision++;
    }
    this.policyFiles.delete(path);
    if (this.files.delete(path)) {
      this.partRevisions.files++;
    }
    this.setFacts(path, undefined);
    this.fileProblems.delete(path);
    const ecosystem = this.ecosystemOf(path);
    if (ecosystem && this.manifestFilesOf(ecosystem.ecosystem).delete(path)) {
      this.invalidateGraphs(ecosystem.ecosystem);
    }
  }

  /**
   * Stores (or drops) a file's facts and notes which parts of the index changed. Parts are compared by value:
   * an edit that only re-reads the same facts changes nothing. True when any part changed.
   */
  private setFacts(path: string, read: FileFacts | undefined): boolean {
    const previous = this.facts.get(path);
    const facts = read && this.interner.intern(read);
    if (facts) {
      this.facts.set(path, facts);
    } else {
      this.facts.delete(path);
    }
    // Each part on its own: a file indexed for the first time then differs without serializing its facts.
    const differs = (...parts: ((value: FileFacts | undefined) => unknown)[]): boolean =>
      parts.some((part) => {
        const before = part(previous);
        const after = part(facts);
        return before !== after && (before === undefined || after === undefined || !isSameJson(before, after));
      });
    const changes = {
      imports: differs((value) => value?.imports),
      calls: differs((value) => value?.calls, (value) => value?.fields),
      routes: differs((value) => value?.routeFile),
      iac: differs((value) => value?.iac),
      findings: (previous === undefined) !== (facts === undefined) || differs((value) => value?.findings),
    };
    for (const part of ['imports', 'calls', 'routes', 'iac', 'findings'] as const) {
      if (changes[part]) {
        this.partRevisions[part]++;
      }
    }
    if (changes.imports || (previous === undefined) !== (facts === undefined)) {
      this.importSites.update(path, facts ? (facts.imports ?? []) : undefined);
    }
    if (changes.routes) {
      this.routeIndex.update(path, facts?.routeFile);
    }
    if (changes.imports || changes.calls || (previous === undefined) !== (facts === undefined)) {
      this.factRevisions.set(path, ++this.factClock);
    }
    return changes.imports || changes.calls || changes.routes || changes.iac || changes.findings || differs((value) => value?.routes, (value) => value?.problems);
  }

  /** Only files with problems are kept, so that listing them does not walk every file of the workspace. */
  private setFileProblems(path: string, problems: ParseProblem[]): void {
    if (problems.length > 0) {
      this.fileProblems.set(path, problems);
    } else {
      this.fileProblems.delete(path);
    }
  }

  private invalidateGraphs(ecosystem: string): void {
    this.graphCache.delete(ecosystem);
    this.partRevisions.graphs++;
  }

  /** A part of the index, recomputed only when the revisions it depends on moved. */
  private derive<T>(name: string, dependsOn: readonly (keyof WorkspaceEngine['partRevisions'])[], compute: () => T): T {
    const key = dependsOn.map((part) => this.partRevisions[part]).join(':');
    const cached = this.derived.get(name);
    if (cached?.key === key) {
      return cached.value as T;
    }
    const value = compute();
    this.derived.set(name, { key, value });
    return value;
  }

  private ecosystemOf(path: string): EcosystemIndexer | undefined {
    return this.ecosystems.find((ecosystem) => ecosystem.isManifestFile(path));
  }

  private manifestFilesOf(ecosystem: string): Map<string, string> {
    let files = this.manifestTexts.get(ecosystem);
    if (!files) {
      files = new Map();
      this.manifestTexts.set(ecosystem, files);
    }
    return files;
  }

  private changed(): void {
    this.revision++;
  }

  private textChanged(path: string): void {
    this.textRevisions.set(path, (this.textRevisions.get(path) ?? 0) + 1);
  }

  private graphs(): RootedGraph[] {
    return this.ecosystems.flatMap((ecosystem) => {
      let cached = this.graphCache.get(ecosystem.ecosystem);
      if (!cached) {
        cached = buildGraphsInIsolation(ecosystem, this.manifestFilesOf(ecosystem.ecosystem));
        this.graphCache.set(ecosystem.ecosystem, cached);
      }
      return cached.graphs;
    });
  }

  private buildIndex(): WorkspaceIndex {
    const graphs = this.graphs();
    const parts = this.partRevisions;
    Object.assign(this.indexRevisions, {
      packages: `${parts.graphs}:${parts.topLevel}:${parts.imports}:${parts.calls}:${parts.files}`,
      graphs: this.partRevisions.graphs * 1_000_000 + this.partRevisions.topLevel,
      files: this.partRevisions.files,
      routes: this.partRevisions.routes * 1_000_000 + this.partRevisions.files,
      iac: this.partRevisions.iac,
    });
    this.importSites.sync(this.derive('resolver', ['graphs', 'files', 'topLevel'], () => importTargetResolver(graphs, this.files, this.pythonTopLevel, this.javaPackages)));
    // Every import and target at once is costly on a large workspace, and the analysis reads them through
    // importSites: built only if something asks.
    const everything = (): { sites: ImportFact[]; targets: Map<ImportFact, string> } => this.derive('imports', ['imports', 'graphs', 'files', 'topLevel'], () => this.importSites.everything());
    const iac = this.derive('iac', ['iac'], () => {
      const facts = [...this.facts.values()];
      return { resources: facts.flatMap((fileFacts) => fileFacts.iac?.resources ?? []), signals: facts.flatMap((fileFacts) => fileFacts.iac?.signals ?? []) };
    });
    const facts = this.facts;
    return {
      graphs,
      get imports() {
        return everything().sites;
      },
      get importTargets() {
        return everything().targets;
      },
      importSites: (targets) => this.importSites.sitesOf(targets),
      callsByPath: {
        get: (path) => facts.get(path)?.calls,
        fieldsOf: (path) => facts.get(path)?.fields,
        filesIn: (folder) => this.derive('folders', ['files'], () => filesByFolder(this.files)).get(folder) ?? [],
        goResultTypes: (importPath) => this.goResultTypes?.get(importPath),
      },
      routes: this.routeIndex.routes(this.files, this.partRevisions.files),
      iac,
      files: this.files,
      manifestText: (path) => this.openTexts.get(path) ?? this.ecosystemOfText(path),
      codeText: (path) => this.openTexts.get(path) ?? this.codeTexts.get(path),
    };
  }

  private ecosystemOfText(path: string): string | undefined {
    const ecosystem = this.ecosystemOf(path);
    return ecosystem ? this.manifestTexts.get(ecosystem.ecosystem)?.get(path) : undefined;
  }
}

/**
 * The graphs of one ecosystem, with every file read in isolation: when building throws (a stack overflow in a
 * parser, a reader's bug), each file that fails on its own becomes one problem and the graphs are built from the
 * others. Files that only fail together leave the ecosystem without graphs, each with a problem saying so.
 */
function buildGraphsInIsolation(ecosystem: EcosystemIndexer, files: ReadonlyMap<string, string>): { graphs: RootedGraph[]; problems: ParseProblem[] } {
  const whole = readInIsolation(ecosystem.ecosystem, () => ecosystem.buildGraphs(files));
  if ('value' in whole) {
    return whole.value;
  }
  const failing: ParseProblem[] = [];
  for (const [path, text] of files) {
    const alone = readInIsolation(path, () => ecosystem.buildGraphs(new Map([[path, text]])));
    if ('problem' in alone) {
      failing.push(alone.problem);
    }
  }
  const failed = new Set(failing.map((problem) => problem.path));
  const rest = new Map([...files].filter(([path]) => !failed.has(path)));
  const retried = readInIsolation(ecosystem.ecosystem, () => ecosystem.buildGraphs(rest));
  if ('value' in retried) {
    return { graphs: retried.value.graphs, problems: [...failing, ...retried.value.problems] };
  }
  const message = `Not analysed: the ${ecosystem.ecosystem} files of this folder fail only when read together (${retried.problem.message})`;
  return { graphs: [], problems: [...failing, ...[...rest.keys()].map((path) => ({ path, message }))] };
}

/** What the analysis of one service started from last time, and its per-finding memo. */
interface ServiceMemo {
  data: ServiceData;
  local: Finding[];
  merged: Finding[];
  common: string;
  memo: AnalysisMemo;
}

/** Whether two lists hold the same objects in the same order. */
const byPathCache = new WeakMap<Analysis, Map<string, AnalyzedFinding[]>>();

/** The analysed findings of an analysis by the path of their location, in priority order; built once per analysis. */
export function findingsByPath(analysis: Analysis): Map<string, AnalyzedFinding[]> {
  let byPath = byPathCache.get(analysis);
  if (!byPath) {
    byPath = new Map();
    for (const service of analysis.services) {
      for (const analyzed of service.findings) {
        const path = analyzed.location?.path;
        if (path !== undefined) {
          const list = byPath.get(path);
          if (list) {
            list.push(analyzed);
          } else {
            byPath.set(path, [analyzed]);
          }
        }
      }
    }
    byPathCache.set(analysis, byPath);
  }
  return byPath;
}

/** Paths by the folder that holds them (`""` for the root). */
function filesByFolder(files: ReadonlySet<string>): Map<string, string[]> {
  const byFolder = new Map<string, string[]>();
  for (const path of files) {
    const folder = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
    const list = byFolder.get(folder);
    if (list) {
      list.push(path);
    } else {
      byFolder.set(folder, [path]);
    }
  }
  return byFolder;
}
