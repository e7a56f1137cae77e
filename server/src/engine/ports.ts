import type { ServiceData } from '../core/analyze';
import type { Baseline } from '../core/baseline/baseline';
import type { FileChange } from '../core/baseline/unifiedDiff';
import type { ExportInput } from '../core/export/exportInput';
import type { InstalledPackage, OsvAdvisory } from '../core/ingest/osv';
import type { AnalyzedFinding } from '../core/model/analysis';
import type { ParseProblem } from '../core/model/dependency';
import type { FileFacts } from '../core/model/fileFacts';
import type { FindingOrigin } from '../core/model/finding';
import type { Service } from '../core/model/service';
import type { WorkspaceIndex } from '../core/model/workspaceIndex';
import type { SurfacePolicy } from '../core/prioritize/surface';
import type { BackendError } from './backendError';
import type {
  BackendSnapshot,
  BackendState,
  CredentialsLookup,
  SourceConfig,
  SourceHandle,
  SourceStatus,
  PulledSource,
  SourcesPull,
  TicketRequest,
  TriageDecision,
  TriageWrite,
} from './sourcePorts';

/** Read access to one workspace folder. Paths are relative to the repository root, with `/` separators. */
export interface WorkspaceFileSystem {
  /** Lists the files the index may read (dependency folders, VCS data and what ignore files name skipped). */
  listFiles(signal?: AbortSignal): Promise<string[]>;
  /**
   * Whether a file outside the last listing (a watcher's change, an opened document) may be indexed by the same
   * rules; absent: every file may.
   */
  isIndexed?(path: string): boolean;
  /** Reads a text file; `undefined` with a reason when it is missing, binary or too large. */
  readText(path: string): Promise<{ text: string } | { skipped: string }>;
}

/** What {@link SourceIndexer.indexFromDisk} gave: the file's facts and size in bytes, or why it was not read. */
export type DiskIndexResult = { facts: FileFacts; bytes: number } | { skipped: string };

/** The facts of an open document after a change. */
export interface OpenDocumentFacts {
  facts: FileFacts;
  /**
   * False when part of the facts (routing) was only moved with the edit and may be out of date: the indexer's
   * `settleOpen` reads it again.
   */
  isSettled: boolean;
}

/** Extracts facts (imports, routes, IaC resources, report findings) from one workspace file. */
export interface SourceIndexer {
  /** Whether the indexer reads this file at all. */
  handles(path: string): boolean;
  /**
   * Whether the indexer reads this file only when it can (text within the size limit): a file it skips (binary, too
   * large) is then no problem of the file. Absent or false: a skipped file is reported.
   */
  isOptional?(path: string): boolean;
  index(path: string, text: string): Promise<FileFacts>;
  /**
   * Reads the file itself, as {@link WorkspaceFileSystem.readText} does with `maxBytes` as its size limit (the same
   * reasons when skipped), and indexes it: worker threads read in parallel and the text never crosses threads. The
   * engine uses it in a cold index for files whose text it does not keep.
   */
  indexFromDisk?(path: string, maxBytes: number): Promise<DiskIndexResult>;
  /** Starts what indexing needs (worker threads, grammars) ahead of the first file, e.g. while the folder is listed. */
  prepare?(): void;
  /**
   * Indexes the live text of an open document, keeping what makes the next change cheap (its syntax tree, its
   * facts by statement) until {@link release}. Indexers without it are called through `index`.
   */
  indexOpen?(path: string, text: string): Promise<OpenDocumentFacts>;
  /** Completes facts that `indexOpen` left unsettled; undefined when there was nothing to do. */
  settleOpen?(path: string, text: string): Promise<FileFacts | undefined>;
  /** The document was closed: what `indexOpen` kept for it is freed. */
  release?(path: string): void;
}

/** Where the engine writes what the user may want to read later. Never pass tokens or file contents. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Reads the repository as it was at the base of a branch (git). Paths are repository-relative, with `/`. */
export interface BaselineSource {
  /** The merge-base of `ref` and HEAD; rejects with a readable message when git cannot tell (unknown ref, no git). */
  mergeBase(ref: string): Promise<string>;
  /** What the working tree changed since `commit`: committed, staged, unstaged and untracked files. */
  changedFiles(commit: string): Promise<ReadonlyMap<string, FileChange>>;
  /** Paths of the files at `commit`. */
  listFiles(commit: string): Promise<string[]>;
  /** A file's text at `commit`; undefined when it did not exist there. */
  readFile(commit: string, path: string): Promise<string | undefined>;
}

/** The ports the host builds a folder's engine from (disk, indexer, log, clock, which files are reports). */
export interface FolderPorts {
  fs: WorkspaceFileSystem;
  indexer: SourceIndexer;
  log: Logger;
  now(): Date;
  isReport(path: string): boolean;
}

/**
 * What the host asks of a folder's engine: which files to read and how much of each (the walker's filter), the
 * installed packages, and the facts it reads from disk outside the walk (virtualenvs, cached Maven jars).
 */
export interface IndexedFolder {
  isRelevant(path: string): boolean;
  maxBytesOf(path: string): number;
  installedPackages(): { ecosystem: string; name: string; version?: string }[];
  /** Python module → distribution, from the workspace's virtualenvs (`top_level.txt`). */
  setPythonTopLevel(index: ReadonlyMap<string, string>): void;
  /** Manifest texts the walker skips but a graph reads (a virtualenv's `*.dist-info/METADATA`); repository-relative paths. */
  setEnvironmentManifests(files: ReadonlyMap<string, string>, group?: string): void;
  /** Java package → `groupId:artifactId` of the cached jars that hold it. */
  setJavaPackageIndex(index: ReadonlyMap<string, readonly string[]>): void;
  /** Go import path → function → the type it returns, read from the dependencies' own sources. */
  setGoResultTypes(index: ReadonlyMap<string, ReadonlyMap<string, string>>): void;
  workspaceIndex(): WorkspaceIndex;
}

/** A write to a source that could not be sent yet. */
export type OutboxItem =
  | {
      id: string;
      kind: 'triage';
      /** The ASPM backend's URL, or the id of the platform source (`github:https://api.github.com`) it goes to. */
      backendUrl: string;
      findingId: string;
      decision: TriageDecision;
      queuedAt: string;
      /** For a platform source: the finding there, and the verdict written with the decision. */
      origin?: FindingOrigin;
      verdict?: TriageWrite['verdict'];
    }
  | { id: string; kind: 'ticket'; backendUrl: string; ticket: TicketRequest; queuedAt: string };

/** An item before it is queued (the queue stamps its id and time). */
export type NewOutboxItem = OutboxItem extends infer Item ? (Item extends OutboxItem ? Omit<Item, 'id' | 'queuedAt'> : never) : never;

/** An item as messages name it: `triage accepted_risk of F-1`, `ticket "…"`. */
export function describeOutboxItem(item: OutboxItem): string {
  return item.kind === 'triage' ? `triage ${item.decision.state} of ${item.findingId}` : `ticket "${item.ticket.title}"`;
}

/** Sends one item; resolves when the source accepted it, rejects with the failure otherwise. */
export type OutboxSender = (item: OutboxItem) => Promise<void>;

/** Writes made while a source is unreachable, sent in order once it answers (host/outbox.ts keeps them on disk). */
export interface OutboxStore {
  add(item: NewOutboxItem, now: Date): Promise<void>;
  pending(backendUrl?: string): Promise<OutboxItem[]>;
  /** Sends the items of one source in order; `isPermanent` failures drop an item (with a reason), others keep it. */
  flush(backendUrl: string, send: OutboxSender, isPermanent: (error: unknown) => boolean): Promise<{ sent: number; dropped: string[] }>;
}

/** The last good data of each source and repository, so findings survive a restart while a source is down. */
export interface SnapshotStore {
  load(sourceKey: string, repository: string, now: Date): Promise<BackendSnapshot | undefined>;
  save(sourceKey: string, repository: string, snapshot: BackendSnapshot): Promise<void>;
}

/** The worker threads of one cold index: `indexer` parses in them; `dispose` ends them (and frees their memory). */
export interface ColdIndexWorkers {
  readonly indexer: SourceIndexer;
  /** How many threads were started, for the log. */
  started(): number;
  dispose(): Promise<void>;
}

/** The analysis of every service of the workspace. */
export interface Analysis {
  services: { data: ServiceData; findings: AnalyzedFinding[] }[];
}

/**
 * A folder's engine as the folder service, the LSP adapter and the CLI use it (engine/workspaceEngine.ts implements
 * it): the index, the sources' data, the analysis and the exports.
 */
export interface FolderEngine extends IndexedFolder {
  /** The sources' data: when it was last good and what failed since. */
  readonly backend: BackendState;
  /** Whether the manifests are read but a cold index is still reading source files. */
  readonly isIndexingSources: boolean;
  /** The services every source names for the repository. */
  readonly knownServices: Service[];
  /** The base of the branch the analysis compares with, if any. */
  readonly currentBaseline: Baseline | undefined;
  /** Reads every file (manifests and other data files first); `bulkIndexer` parses in worker threads. */
  indexAll(signal?: AbortSignal, onProgress?: (done: number, total: number) => void, bulkIndexer?: SourceIndexer, onDataIndexed?: (sourceFiles: number) => void): Promise<{ files: number; ms: number }>;
  /** Re-reads one file from disk after it changed (or was created or deleted) there. */
  refreshFromDisk(path: string): Promise<void>;
  /** Indexes an open document's live text. */
  setOpenText(path: string, text: string): Promise<void>;
  /** Completes the facts edits left unsettled; true when any changed. */
  settleOpenDocuments(): Promise<boolean>;
  /** Reads the texts code findings are followed in. */
  loadCodeTexts(): Promise<void>;
  /** The document was closed: back to the disk content. */
  closeOpenText(path: string): Promise<void>;
  /** What could not be read in a file. */
  problemsOf(path: string): ParseProblem[];
  /** The files with problems, for the status and the CLI. */
  filesWithProblems(): string[];
  /** Pulls the repository's services, findings and exposure from every source; a failing source keeps its last data. */
  pullSources(sources: readonly PulledSource[], repository: string): Promise<SourcesPull>;
  /** Each source's freshness. */
  sourceStatuses(): SourceStatus[];
  /** A source's data as persisted between sessions. */
  snapshot(sourceId?: string): BackendSnapshot | undefined;
  /** Offers a source's persisted data until its first pull. */
  restore(snapshot: BackendSnapshot, source?: { id: string; label: string }): void;
  /** Applies a triage decision locally until the source confirms it; false when no finding has the id. */
  applyTriage(findingId: string, state: string): boolean;
  /** The OSV advisories matched against the installed packages. */
  setAdvisories(advisories: OsvAdvisory[]): void;
  /** Forgets all backend data (signed out, or backend changed). */
  clearBackendData(): void;
  /** The analysis under a policy (memoized). */
  analyze(policy: SurfacePolicy): Analysis;
  /** The memoized analysis under a policy when it is current, without analysing (hovers answer from it). */
  analyzedAlready(policy: SurfacePolicy): Analysis | undefined;
  /** The analyzed findings located in one file. */
  findingsAt(policy: SurfacePolicy, path: string): AnalyzedFinding[];
  /** Reads the base of the branch at its merge-base with `ref` (new-code mode, `--since`). */
  loadBaseline(source: BaselineSource, ref: string): Promise<Baseline>;
  setBaseline(baseline: Baseline | undefined): void;
  /** What the SBOM, VEX and evidence-report exports are built from. */
  exportInput(policy: SurfacePolicy, repository: string, tool: ExportInput['tool']): ExportInput;
}

/** A workspace folder opened on disk: its engine and the mapping between URIs and repository-relative paths. */
export interface FolderWorkspace {
  readonly engine: FolderEngine;
  /** The folder itself, absolute. */
  readonly fsPath: string;
  /** Where repository-relative paths start: the enclosing git repository's root, or the folder. */
  readonly repoRoot: string;
  /** Normalized repository identity from the git remote, when there is one. */
  readonly gitIdentity?: string;
  uriOf(relativePath: string): string;
  /** Repository-relative path of a URI inside the folder; undefined outside it. */
  pathOf(uri: string): string | undefined;
  /** The repository-relative path `relativePath` resolves to through symlinks, when that stays inside the folder. */
  realPathOf(relativePath: string): Promise<string | undefined>;
  startWorkers(): ColdIndexWorkers;
  /** Whether a file holds rules of what is indexed (`.gitignore`, `.aspmignore`): its change lists the folder again. */
  isIgnoreRules(relativePath: string): boolean;
  /** Reads what is installed beside the manifests: virtualenvs (module index, metadata), cached Maven jars, Go's vendor/. */
  loadInstalledPackages(): Promise<void>;
  /** Whether a file the walker skips is read by {@link loadInstalledPackages} (Go's `vendor/modules.txt`). */
  isInstalledPackagesSource(relativePath: string): boolean;
}

/** Advisories read from an OSV folder or API, and what could not be read. */
export interface AdvisoryLoad {
  advisories: OsvAdvisory[];
  problems: { path: string; message: string }[];
}

/** How outbound calls are made: one timeout, proxy and CA set for every source and the OSV API. */
export interface OutboundOptions {
  timeoutMs: number;
  proxy?: string;
  ca?: string[];
}

/** The I/O a folder service needs (host/ and backend/ implement it; the composition roots pass it in). */
export interface FolderHost {
  openWorkspace(folderUri: string, options: { explicitRepository?: string; sarifGlobs: readonly string[]; includeIgnored: readonly string[] }): Promise<FolderWorkspace>;
  /** A path from a setting, resolved inside `folder` (symlinks followed), or why it is refused. */
  confineSettingPath(folder: string, key: string, value: string): Promise<{ path: string } | { problem: string }>;
  /** The globs of a setting that reach outside the folder. */
  globsOutside(globs: readonly string[]): string[];
  loadCaCertificates(paths: readonly string[]): Promise<{ ca?: string[]; problems: string[] }>;
  /** Never rejects: an unreadable folder is a problem whose path is the folder. */
  loadOsvFolder(dir: string, source: string): Promise<AdvisoryLoad>;
  /** Rejects when the API cannot be asked at all. */
  queryOsvApi(url: string, packages: readonly InstalledPackage[], options: OutboundOptions): Promise<AdvisoryLoad>;
  openSources(configs: readonly SourceConfig[], options: OutboundOptions & { credentials: CredentialsLookup; log: Logger }): Promise<{ sources: SourceHandle[]; problems: BackendError[] }>;
  /** One authenticated call that tells whether a token works and whom it names ("ASPM: Sign In"); never retried. */
  checkSourceToken(config: SourceConfig, token: string, options: OutboundOptions): Promise<{ ok: true; who: string } | { ok: false; error: BackendError }>;
  /** The branch new-code mode compares with; undefined when there is none. */
  defaultBaseRef(repoRoot: string): Promise<string | undefined>;
  baselineSource(repoRoot: string): BaselineSource;
}
