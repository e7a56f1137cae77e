import { realpath } from 'node:fs/promises';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Settings } from '../../../shared/src/settings';
import { ApiClient } from '../backend/apiClient';
import { BackendError } from '../engine/backendError';
import type { Logger, SourceIndexer } from '../engine/ports';
import type { FolderIndexOptions } from '../host/sourceIndexer';
import type { TreeSitterHost } from '../host/treeSitterHost';
import type { WorkspaceEngine } from '../engine/workspaceEngine';
import { createNodeWorkspace } from '../host/nodeEngine';
import { realPathInside } from '../host/confinedPath';

/** One workspace folder: its engine, its repository identity and its backend client. */
export class FolderSession {
  private client?: { key: string; api: ApiClient };
  /** The failure last reported to the user, so the same one is not reported again. */
  lastReportedFailure?: string;
  /** The dropped-findings report last logged, so an unchanged one is not logged again. */
  lastReportedDropped = '';
  /** Problems of local sources already logged, so each is said once. */
  readonly reportedProblems = new Set<string>();
  /** URIs by repository-relative path: publishing 50k findings asked for the same few thousand again and again. */
  private readonly uris = new Map<string, string>();
  /** Whether the persisted backend data was already offered to the engine. */
  hasRestoredCache = false;
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
    });
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

  /** The backend client for the current settings and token; recreated when either changes. */
  backendClient(settings: Settings, token: string | null, log: Logger, proxy?: string, ca?: string[]): ApiClient | BackendError {
    const key = `${settings.backend.url}|${settings.backend.timeoutMs}|${proxy ?? ''}|${settings.backend.caCertificates.join(',')}`;
    if (this.client?.key !== key) {
      try {
        this.client = { key, api: new ApiClient({ baseUrl: settings.backend.url, token, timeoutMs: settings.backend.timeoutMs, log, proxy, ca }) };
      } catch (error) {
        this.client = undefined;
        return error instanceof BackendError ? error : new BackendError('notConfigured', (error as Error).message);
      }
    }
    this.client.api.setToken(token);
    return this.client.api;
  }
}
