import type { FileFacts } from '../core/model/fileFacts';
import type { Exposure } from '../core/model/exposure';
import type { Finding, FindingOrigin } from '../core/model/finding';
import type { ReachabilityTier } from '../core/model/analysis';
import type { Policy } from '../core/model/policy';
import type { Service } from '../core/model/service';
import type { WorkspaceIndex } from '../core/model/workspaceIndex';
import type { FileChange } from '../core/baseline/unifiedDiff';
import type { ServiceData } from '../core/analyze';
import type { InstalledPackage, OsvAdvisory } from '../core/ingest/osv';
import type { BackendError } from './backendError';
import type { WorkspaceEngine } from './workspaceEngine';

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
   * Indexes the live text of an open document, keeping what makes the next change cheap (its syntax tree, its
   * facts by statement) until {@link release}. Indexers without it are called through `index`.
   */
  indexOpen?(path: string, text: string): Promise<OpenDocumentFacts>;
  /** Completes facts that `indexOpen` left unsettled; undefined when there was nothing to do. */
  settleOpen?(path: string, text: string): Promise<FileFacts | undefined>;
  /** The document was closed: what `indexOpen` kept for it is freed. */
  release?(path: string): void;
}

/** Result of one service's findings pull: the valid findings plus what was dropped and why. */
export interface FindingsPage {
  findings: Finding[];
  /** Findings that failed validation, one message each (the rest are kept). */
  problems: string[];
  /** Ids of the findings that failed validation, so their last good versions can be kept. */
  invalidIds?: string[];
}

/** A triage decision as the user made it; the ASPM API takes it as is (`POST /findings/{id}/triage`). */
export interface TriageDecision {
  state: 'accepted_risk' | 'false_positive' | 'not_affected' | 'reopen';
  /** CycloneDX VEX justification of a `not_affected` decision (`code_not_reachable`, `requires_configuration`…). */
  justification?: string;
  reason: string;
  /** ISO date until which an accepted risk holds. */
  expiresAt?: string;
}

/** A ticket request as the ASPM API takes it (`POST /tickets`). */
export interface TicketRequest {
  findingIds: string[];
  title: string;
  body?: string;
}

/**
 * A triage decision to write to a source, with the workspace's verdict the user confirmed. The platforms' own
 * vocabularies are derived from it by each adapter (README of server/src/backend).
 */
export interface TriageWrite extends TriageDecision {
  /** The reachability verdict shown to the user: its tier, summary and evidence lines (`path:line: message`). */
  verdict: { tier: ReachabilityTier; summary: string; evidence: string[] };
}

/** What a source did with a decision: written, or deliberately not written (the message says why). */
export interface WriteResult {
  outcome: 'sent' | 'skipped';
  message: string;
}

/** A platform findings are pulled from (the ASPM backend, DefectDojo, Dependency-Track, GitHub). Methods reject with a BackendError. */
export interface FindingsBackend {
  listServices(repository: string): Promise<Service[]>;
  listFindings(serviceId: string): Promise<FindingsPage>;
  /** `undefined` when the backend has no exposure data for the service. */
  getExposure(serviceId: string): Promise<Exposure | undefined>;
  /** The service's findings as SARIF, when the backend stores them that way; undefined when it has none. */
  getSarifFindings?(serviceId: string): Promise<FindingsPage | undefined>;
  /** The organisation's policies for a service; empty when it has none. */
  listPolicies?(serviceId: string): Promise<Policy[]>;
  /** Writes a triage decision to the finding this source holds (`origin` is one of the finding's origins). */
  writeTriage?(origin: FindingOrigin, decision: TriageWrite): Promise<WriteResult>;
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

/** The platforms findings can be pulled from. */
export type SourceKind = 'aspm' | 'defectdojo' | 'dependency-track' | 'github';

/** Every source kind, in the order help texts list them. */
export const sourceKinds: readonly SourceKind[] = ['aspm', 'defectdojo', 'dependency-track', 'github'];

/** How users name each platform. */
export const sourceKindLabels: Record<SourceKind, string> = {
  aspm: 'ASPM backend',
  defectdojo: 'DefectDojo',
  'dependency-track': 'Dependency-Track',
  github: 'GitHub',
};

/**
 * One configured source, as the `aspm.sources` setting and the CLI's `--source KIND=URL` give it. `project`
 * overrides the DefectDojo product, Dependency-Track project or GitHub `owner/repo` (default: from the repository).
 */
export interface SourceConfig {
  kind: SourceKind;
  url: string;
  project?: string;
}

/** A stable id for a source: its kind and URL (no trailing slash). Tokens and caches are kept per id. */
export function sourceIdOf(config: Pick<SourceConfig, 'kind' | 'url'>): string {
  return `${config.kind}:${config.url.trim().replace(/\/+$/, '')}`;
}

/**
 * Finds the token of a source, by its id (VS Code: SecretStorage per source; CLI: the platform's environment
 * variable). Undefined when there is none; the source is then asked without one and says what it needs.
 */
export type CredentialsLookup = (source: { id: string; kind: SourceKind; url: string }) => string | undefined | Promise<string | undefined>;

/** A source ready to pull from and write to. */
export interface SourceHandle {
  id: string;
  kind: SourceKind;
  /** `DefectDojo (https://dojo.example.com)`, for messages. */
  label: string;
  backend: FindingsBackend;
}

/** State of the backend data: when it was last good and what failed since. */
export interface BackendState {
  lastSuccessAt?: Date;
  /** Set while the last pull failed and older data is being served. */
  staleSince?: Date;
  lastFailure?: BackendError;
  /** Findings dropped by validation in the last pull (the rest were kept). */
  droppedFindings: string[];
}

/** The backend data of a repository as persisted between sessions (one per source). Plain JSON. */
export interface BackendSnapshot {
  savedAt: string;
  services: ServiceData[];
}

/** A source as the store pulls it: its id, a label for messages, and its client. */
export interface PulledSource {
  id: string;
  label: string;
  backend: FindingsBackend;
}

/** What one pull of every source did. */
export interface SourcesPull {
  /** Every source answered. */
  ok: boolean;
  /** No source's data changed (every page revalidated unchanged). */
  isUnchanged: boolean;
  failures: { id: string; label: string; failure: BackendError }[];
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

/** What only the ASPM backend takes besides pulls: decisions by finding id and tickets. Rejects with a BackendError. */
export interface AspmWrites {
  triage(findingId: string, decision: TriageDecision): Promise<void>;
  createTicket(ticket: TicketRequest): Promise<{ id: string; url?: string }>;
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

/** A workspace folder opened on disk: its engine and the mapping between URIs and repository-relative paths. */
export interface FolderWorkspace {
  readonly engine: WorkspaceEngine;
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
  /** Reads what is installed beside the manifests: virtualenvs (module index, metadata) and cached Maven jars. */
  loadInstalledPackages(): Promise<void>;
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
