import { realpath } from 'node:fs/promises';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Settings } from '../../../shared/src/settings';
import { openSources, type OpenSourcesOptions } from '../backend/sources';
import type { BackendError } from '../engine/backendError';
import type { SourceConfig, SourceHandle } from '../engine/ports';
import type { Logger, SourceIndexer } from '../engine/ports';
import type { FolderIndexOptions } from '../host/sourceIndexer';
import type { TreeSitterHost } from '../host/treeSitterHost';
import { WorkspaceEngine } from '../engine/workspaceEngine';
import { createNodeWorkspace } from '../host/nodeEngine';
import { realPathInside } from '../host/confinedPath';

/** The sources of a folder as last opened: one client per source with a token. */
export interface OpenedSources {
  sources: SourceHandle[];
  /** Sources that could not be opened (bad URL…). */
  problems: BackendError[];
}

/** One workspace folder: its engine, its repository identity and its sources' clients. */
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

  private constructor(
    readonly uri: string,
    readonly fsPath: string,
    readonly repoRoot: string,
    readonly engine: WorkspaceEngine,
    readonly repository: string | undefined,
    readonly explicitRepository: string,
    /** For the worker threads of a cold index: the same indexer composition, built from these options. */
    readonly indexOptions: FolderIndexOptions,
    readonly indexer: SourceIndexer,
  ) {}

  static async create(uri: string, host: TreeSitterHost, log: Logger, settings: Settings): Promise<FolderSession> {
    const fsPath = fileURLToPath(uri);
    const workspace = await createNodeWorkspace(fsPath, host, log, {
      explicitRepository: settings.repository || undefined,
      sarifGlobs: settings.sarif.paths,
      includeIgnored: settings.index.includeIgnored,
    }, (ports) => new WorkspaceEngine(ports));
    return new FolderSession(uri, fsPath, workspace.repoRoot, workspace.engine, settings.repository || workspace.gitIdentity, settings.repository, workspace.indexOptions, workspace.indexer);
  }

  /** URI of a repository-relative path. */
  uriOf(relativePath: string): string {
    let uri = this.uris.get(relativePath);
    if (uri === undefined) {
      uri = pathToFileURL(path.join(this.repoRoot, ...relativePath.split('/'))).toString();
      this.uris.set(relativePath, uri);
    }
    return uri;
  }

  /** Repository-relative path of a URI inside this folder, or undefined when it lies outside it. */
  pathOf(uri: string): string | undefined {
    if (!uri.startsWith('file:')) {
      return undefined;
    }
    const full = path.resolve(fileURLToPath(uri));
    const inFolder = path.relative(this.fsPath, full);
    if (inFolder.startsWith('..') || path.isAbsolute(inFolder)) {
      return undefined;
    }
    return path.relative(this.repoRoot, full).split(path.sep).join('/');
  }

  /**
   * The repository-relative path `relativePath` really resolves to (symlinks followed), when that lies inside this
   * folder; undefined otherwise.
   */
  async realPathOf(relativePath: string): Promise<string | undefined> {
    const real = await realPathInside(this.fsPath, path.join(this.repoRoot, ...relativePath.split('/')));
    const realRoot = real && (await realpath(this.repoRoot).catch(() => undefined));
    return real && realRoot ? path.relative(realRoot, real).split(path.sep).join('/') : undefined;
  }

  /**
   * The clients of the sources that have a token, with the current settings and tokens; reopened when any of them
   * changes (a client keeps its validators between pulls).
   */
  async sources(configs: readonly SourceConfig[], tokens: readonly string[], options: OpenSourcesOptions): Promise<OpenedSources> {
    const key = JSON.stringify([configs, tokens, options.timeoutMs, options.proxy ?? '', options.ca?.length ?? 0]);
    if (this.opened?.key !== key) {
      this.opened = { key, value: await openSources(configs, options) };
    }
    return this.opened.value;
  }
}
