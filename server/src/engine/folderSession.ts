import type { BackendError } from './backendError';
import type { FolderEngine, FolderHost, FolderWorkspace, Logger } from './ports';
import type { SourceConfig, SourceHandle } from './sourcePorts';

/** The sources of a folder as last opened: one client per source with a token. */
export interface OpenedSources {
  sources: SourceHandle[];
  /** Sources that could not be opened (bad URL…). */
  problems: BackendError[];
}

/** How the sources of a folder are opened (see {@link FolderHost.openSources}). */
export type OpenSourcesOptions = Parameters<FolderHost['openSources']>[1];

/** One workspace folder: its engine, its repository identity, its sources' clients and what was already said. */
export class FolderSession {
  private opened?: { key: string; value: OpenedSources };
  /** Sources whose persisted data was already offered to the engine. */
  readonly restoredSources = new Set<string>();
  /** The failure last reported to the user, so the same one is not reported again. */
  lastReportedFailure?: string;
  /** The dropped-findings report last logged, so an unchanged one is not logged again. */
  lastReportedDropped = '';
  /** Problems of local sources already logged, so each is said once. */
  readonly reportedProblems = new Set<string>();
  /** URIs by repository-relative path: publishing 50k findings asked for the same few thousand again and again. */
  private readonly uris = new Map<string, string>();
  /** Configured sources left unasked because they have no token yet (they need "ASPM: Sign In"). */
  sourcesWithoutToken: SourceConfig[] = [];
  /** Sources that could not be opened or did not answer in the last pull, each named. */
  sourceFailures: BackendError[] = [];
  isIndexed = false;
  /** What the last read of the OSV advisories could not read; `unreadableFolder` when the configured folder itself. */
  advisoryProblems: { problems: string[]; unreadableFolder?: string } = { problems: [] };
  readonly engine: FolderEngine;
  readonly fsPath: string;
  readonly repoRoot: string;
  readonly repository: string | undefined;

  constructor(
    readonly uri: string,
    readonly workspace: FolderWorkspace,
    /** `aspm.repository` as set (empty: the identity comes from the git remote). */
    readonly explicitRepository: string,
    private readonly openSources: FolderHost['openSources'],
  ) {
    this.engine = workspace.engine;
    this.fsPath = workspace.fsPath;
    this.repoRoot = workspace.repoRoot;
    this.repository = explicitRepository || workspace.gitIdentity;
  }

  /** Says `message` with `say` unless it was already said for this folder. */
  sayOnce(message: string, say: (message: string) => void, key = message): void {
    if (!this.reportedProblems.has(key)) {
      this.reportedProblems.add(key);
      say(message);
    }
  }

  /** URI of a repository-relative path. */
  uriOf(relativePath: string): string {
    let uri = this.uris.get(relativePath);
    if (uri === undefined) {
      uri = this.workspace.uriOf(relativePath);
      this.uris.set(relativePath, uri);
    }
    return uri;
  }

  /** Repository-relative path of a URI inside this folder, or undefined when it lies outside it. */
  pathOf(uri: string): string | undefined {
    return this.workspace.pathOf(uri);
  }

  /**
   * The repository-relative path `relativePath` really resolves to (symlinks followed), when that lies inside this
   * folder; undefined otherwise.
   */
  realPathOf(relativePath: string): Promise<string | undefined> {
    return this.workspace.realPathOf(relativePath);
  }

  /**
   * The clients of the sources that have a token, with the current settings and tokens; reopened when any of them
   * changes (a client keeps its validators between pulls).
   */
  async sources(configs: readonly SourceConfig[], tokens: readonly string[], options: OpenSourcesOptions): Promise<OpenedSources> {
    const key = JSON.stringify([configs, tokens, options.timeoutMs, options.proxy ?? '', options.ca?.length ?? 0]);
    if (this.opened?.key !== key) {
      this.opened = { key, value: await this.openSources(configs, options) };
    }
    return this.opened.value;
  }
}

/** Logs through `log` once per session and distinct message. */
export function onceLogger(session: FolderSession, log: Logger): Logger {
  return {
    info: (message) => session.sayOnce(message, log.info),
    warn: (message) => session.sayOnce(message, log.warn),
    error: (message) => session.sayOnce(message, log.error),
  };
}
