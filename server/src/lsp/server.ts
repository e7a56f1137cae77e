import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { ExportResult, FindingsTreeResult, InitializationOptions, InventoryResult, SourceStatusDto } from '../../../shared/src/dto';
import {
  CheckCredentialsRequest,
  CreateTicketRequest,
  ExportRequest,
  FindingsTreeRequest,
  PostureTreeRequest,
  ScanRequest,
  InventoryRequest,
  IgnoreFindingRequest,
  RefreshRequest,
  StatusNotification,
  TriageRequest,
} from '../../../shared/src/protocol';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { OsvAdvisory } from '../core/ingest/osv';
import { loadOsvFolder } from '../host/osvSource';
import { queryOsvApi } from '../backend/osvApi';
import { confineSettingPath, globsOutside } from '../host/confinedPath';
import { loadMavenJarPackages, loadVirtualenvs } from '../host/nodeEngine';
import type { ApiClient } from '../backend/apiClient';
import { BackendCache } from '../host/backendCache';
import { WorkerIndexer } from '../host/workerIndexer';
import { loadCaCertificates } from '../host/caCertificates';
import { Outbox } from '../host/outbox';
import { ignoreFileNames } from '../host/workspaceIgnore';
import { applyPendingTriage, createTicket, flushSourcesOutbox, ignoreFindingEdit, outboxKeyOf, triageFinding, type WriteContext } from './backendWrites';
import { configuredSources, defaultSettings, type Settings } from '../../../shared/src/settings';
import { pullOpenedSources } from '../backend/sources';
import { sourceIdOf, sourceKindLabels, type SourceConfig } from '../engine/sources';
import type { AnalyzedFinding } from '../core/model/analysis';
import { findingsByPath, type Analysis } from '../engine/workspaceEngine';
import type { Logger } from '../engine/ports';
import { BackendError } from '../engine/backendError';
import { appendAll } from '../engine/lists';
import type { TreeSitterHost } from '../host/treeSitterHost';
import { codeActionsFor } from './codeActions';
import { DiagnosticsPublisher } from './diagnostics';
import { FolderSession, type OpenedSources } from './folderSession';
import { findingsTreeFor, postureTreeFor } from './findingsTree';
import { hoverFor } from './hover';
import { untrustedView } from './untrustedView';
import { runSafe } from './runSafe';
import { SettingsCache, surfacePolicyOf } from './settings';
import { inventoryFor } from './inventory';
import { exportDocument } from './exports';
import { defaultBaseRef, GitBaselineSource } from '../host/gitBaseline';
import { computeStatus, type FolderStatus } from './status';
import type { CredentialFeed } from './credentials';
import { CredentialChecker } from './credentialCheck';
import { aspmCredentialSource } from '../../../shared/src/credentials';

const serverVersion = '0.1.0';

/** How often findings are re-pulled while the editor is open (ETags make an unchanged pull cheap). */
const refreshIntervalMs = 10 * 60 * 1000;

const outboxRetryMs = 30 * 1000;

const watchedGlobs = [
  '**/{package.json,package-lock.json,npm-shrinkwrap.json,yarn.lock,pnpm-lock.yaml}',
  '**/{requirements*.txt,requirements*.in,pyproject.toml,poetry.lock,Pipfile,Pipfile.lock,uv.lock}',
  '**/{go.mod,go.sum,pom.xml,build.gradle,build.gradle.kts,gradle.lockfile}',
  '**/*.{js,jsx,mjs,cjs,ts,tsx,mts,cts,py,go,java}',
  '**/*.{tf,yaml,yml}',
  '**/{Dockerfile,*.Dockerfile,Dockerfile.*}',
  '**/*.sarif',
  '**/.aspm/ignore.yaml',
  '**/{.gitignore,.aspmignore}',
  '**/.aspm/policy.yaml',
];

/** How long `initialize` waits for the first message of the credentials pipe before going on signed out. */
const credentialsWaitMs = 5000;

/** Quiet time after file changes before the baseline of new-code mode is read again from git. */
const baselineRefreshMs = 1500;

/**
 * Wires the LSP connection to the engine: the thin adapter. `createHost` loads tree-sitter once. Secrets (the
 * backend token, a proxy URL) arrive only through `credentials`, a channel outside JSON-RPC that no trace records.
 */
export function startServer(connection: Connection, createHost: () => Promise<TreeSitterHost>, credentials?: CredentialFeed): void {
  const documents = new TextDocuments(TextDocument);
  const sessions = new Map<string, FolderSession>();
  const log: Logger = {
    info: (message) => connection.console.info(message),
    warn: (message) => connection.console.warn(message),
    error: (message) => connection.console.error(message),
  };
  let host: Promise<TreeSitterHost> | undefined;
  /** Secrets by source (`aspm`: the backend token), as the credentials pipe last set them. */
  const secrets = new Map<string, string>();
  let token: string | null = null;
  let isInitialized = false;
  let isTrusted = true;
  let proxy: string | undefined;
  let canPullConfiguration = false;
  let canWatchFiles = false;
  let canReportProgress = false;
  let supportsFolders = false;
  let folderUris: string[] = [];
  let lastStatus = '';
  let cache: BackendCache | undefined;
  const opening = new Map<string, Promise<void>>();
  /** The running cold index of each folder, aborted when the folder is re-opened or removed before it ends. */
  const indexing = new Map<string, AbortController>();
  let outbox = Outbox.inDirectory(undefined);
  const settings = new SettingsCache(connection, () => canPullConfiguration);
  // Once an edit's diagnostics are out, facts it left unsettled (routing, see WorkspaceEngine) are completed; the
  // client hears again only about files whose diagnostics that changed.
  const afterPublish = async (): Promise<void> => {
    await sendStatus();
    for (const session of sessions.values()) {
      if (await session.engine.settleOpenDocuments()) {
        publisher.scheduleChanges();
      }
    }
  };
  const publisher = new DiagnosticsPublisher(connection, () => [...sessions.values()], (uri) => settings.get(uri), () => void afterPublish());

  // Settings as last loaded, so request handlers answer synchronously from the memoized analysis.
  const settingsSnapshot = new Map<string, Settings>();
  const loadSettings = async (uri: string): Promise<Settings> => {
    const loaded = await settings.get(uri);
    settingsSnapshot.set(uri, loaded);
    return loaded;
  };
  const policyOf = (session: FolderSession): ReturnType<typeof surfacePolicyOf> =>
    surfacePolicyOf(settingsSnapshot.get(session.uri) ?? defaultSettings, session.engine.currentBaseline !== undefined);
  const analysisOf = (session: FolderSession): Analysis => {
    const analysis = session.engine.analyze(policyOf(session));
    return isTrusted ? analysis : untrustedView(analysis);
  };

  /**
   * New-code mode (`aspm.diagnostics.scope: changed`): compares with the merge-base of HEAD and the default branch.
   * Git runs only in trusted workspaces (a repository's git config can run commands). A failure is logged once and
   * leaves every finding shown.
   */
  const refreshBaseline = async (session: FolderSession): Promise<void> => {
    const folderSettings = await loadSettings(session.uri);
    if (folderSettings.diagnostics.scope !== 'changed' || !isTrusted) {
      if (folderSettings.diagnostics.scope === 'changed' && !session.reportedProblems.has('baseline:untrusted')) {
        session.reportedProblems.add('baseline:untrusted');
        log.warn('aspm.diagnostics.scope "changed" needs git, which ASPM does not run in an untrusted workspace: every finding is shown.');
      }
      if (session.engine.currentBaseline) {
        session.engine.setBaseline(undefined);
      }
      return;
    }
    try {
      const ref = await defaultBaseRef(session.repoRoot);
      if (!ref) {
        throw new Error('no default branch found (origin/HEAD, origin/main, origin/master, main, master or an upstream)');
      }
      const baseline = await session.engine.loadBaseline(new GitBaselineSource(session.repoRoot), ref);
      session.engine.setBaseline(baseline);
      const key = `baseline:${ref}@${baseline.commit}`;
      if (!session.reportedProblems.has(key)) {
        session.reportedProblems.add(key);
        log.info(`New-code mode: comparing ${session.fsPath} with ${ref} (merge-base ${baseline.commit.slice(0, 12)}), ${baseline.changes.size} changed files.`);
      }
    } catch (error) {
      session.engine.setBaseline(undefined);
      const message = `New-code mode is off for ${session.fsPath}: ${(error as Error).message}`;
      if (!session.reportedProblems.has(message)) {
        session.reportedProblems.add(message);
        log.warn(message);
      }
    }
  };
  let baselineTimer: NodeJS.Timeout | undefined;
  const scheduleBaselineRefresh = (): void => {
    clearTimeout(baselineTimer);
    baselineTimer = setTimeout(() => {
      void Promise.all([...sessions.values()].map((session) => refreshBaseline(session))).then(() => publisher.schedule());
    }, baselineRefreshMs);
  };
  const findingsOf = (session: FolderSession): AnalyzedFinding[] => analysisOf(session).services.flatMap((service) => service.findings);
  /** The findings located in one document (as the trust level shows them): hover and code actions read only these. */
  const findingsInFile = (session: FolderSession, uri: string): AnalyzedFinding[] => {
    const file = session.pathOf(uri);
    return file === undefined ? [] : (findingsByPath(analysisOf(session)).get(file) ?? []);
  };

  const sessionOfDocument = (uri: string): { session: FolderSession; path: string } | undefined => {
    for (const session of sessions.values()) {
      const path = session.pathOf(uri);
      if (path !== undefined) {
        return { session, path };
      }
    }
    return undefined;
  };

  const sendStatus = async (): Promise<void> => {
    const folders: FolderStatus[] = [];
    for (const uri of folderUris) {
      const session = sessions.get(uri);
      const folderSettings = await loadSettings(uri);
      // Counted service by service: with 50k findings, a flattened copy per status was measurable.
      const services = session?.isIndexed ? analysisOf(session).services : [];
      const count = (isCounted: (finding: AnalyzedFinding) => boolean): number =>
        services.reduce((sum, service) => sum + service.findings.reduce((inService, finding) => inService + (isCounted(finding) ? 1 : 0), 0), 0);
      const pulled = session?.engine.sourceStatuses() ?? [];
      const sources: SourceStatusDto[] = configuredSources(folderSettings).map((config) => {
        const id = sourceIdOf(config);
        const state = pulled.find((candidate) => candidate.id === id);
        const opening = session?.sourceFailures.find((failure) => failure.message.startsWith(`${sourceKindLabels[config.kind]} (${config.url.replace(/\/+$/, '')})`));
        return {
          id,
          kind: config.kind,
          url: config.url,
          label: `${sourceKindLabels[config.kind]} (${config.url.replace(/\/+$/, '')})`,
          hasToken: tokenOf(config) !== undefined,
          lastSuccessAt: state?.lastSuccessAt?.toISOString(),
          staleSince: state?.staleSince?.toISOString(),
          failure: state?.lastFailure?.message ?? opening?.message,
          findings: state?.findings,
        };
      });
      folders.push({
        isIndexed: session?.isIndexed ?? false,
        hasBackendUrl: sources.length > 0,
        sources: isTrusted ? sources : undefined,
        hasRepository: session?.repository !== undefined,
        failure: session?.sourceFailures[0] ?? session?.engine.backend.lastFailure,
        staleSince: session?.engine.backend.staleSince,
        total: count(() => true),
        surfaced: count((finding) => finding.isSurfaced),
        dropped: session?.engine.backend.droppedFindings.length ?? 0,
        filesWithProblems: session?.isIndexed ? session.engine.filesWithProblems().length : 0,
      });
    }
    const status = computeStatus(isTrusted, token !== null, folders);
    const key = JSON.stringify(status);
    if (key !== lastStatus) {
      lastStatus = key;
      await connection.sendNotification(StatusNotification.type, status);
    }
  };

  /** A source's token as the credentials pipe last set it (`aspm`: the legacy key of `aspm.backend.url`). */
  const tokenOf = (config: SourceConfig): string | undefined => secrets.get(sourceIdOf(config)) ?? (config.kind === 'aspm' ? secrets.get(aspmCredentialSource) : undefined);

  /**
   * The folder's sources that have a token, opened (`aspm.backend.url` is one `aspm` source). A source without a
   * token is never asked: it waits for "ASPM: Sign In".
   */
  const sourcesOf = async (session: FolderSession): Promise<OpenedSources | BackendError> => {
    const folderSettings = await loadSettings(session.uri);
    if (!isTrusted) {
      return new BackendError('notConfigured', 'This workspace is not trusted: the backend is not contacted.');
    }
    const configs: SourceConfig[] = configuredSources(folderSettings);
    if (configs.length === 0) {
      return new BackendError('notConfigured', 'No source configured: set "aspm.sources" or "aspm.backend.url" and sign in.');
    }
    const certificates = await loadCaCertificates(folderSettings.backend.caCertificates);
    for (const problem of certificates.problems) {
      if (!session.reportedProblems.has(problem)) {
        session.reportedProblems.add(problem);
        log.error(`aspm.backend.caCertificates: ${problem}`);
      }
    }
    session.sourcesWithoutToken = configs.filter((config) => tokenOf(config) === undefined);
    const withToken = configs.filter((config) => tokenOf(config) !== undefined);
    return session.sources(withToken, withToken.map((config) => tokenOf(config)!), {
      credentials: (source) => tokenOf({ kind: source.kind, url: source.url }),
      timeoutMs: folderSettings.backend.timeoutMs,
      proxy,
      ca: certificates.ca,
      log,
    });
  };

  /** The folder's ASPM backend client (tickets and the ASPM outbox go there), or why there is none. */
  const clientOf = async (session: FolderSession): Promise<{ api: ApiClient; backendUrl: string } | BackendError> => {
    const opened = await sourcesOf(session);
    if (opened instanceof BackendError) {
      return opened;
    }
    const aspm = opened.sources.find((source) => source.kind === 'aspm');
    if (!aspm) {
      const unsigned = session.sourcesWithoutToken.find((config) => config.kind === 'aspm');
      return (
        opened.problems.find((problem) => problem.message.startsWith(sourceKindLabels.aspm)) ??
        new BackendError(unsigned ? 'unauthorized' : 'notConfigured', unsigned ? `${sourceKindLabels.aspm} (${unsigned.url}) has no token: run "ASPM: Sign In".` : 'No ASPM backend configured: set "aspm.backend.url" and sign in.')
      );
    }
    return { api: aspm.backend as ApiClient, backendUrl: outboxKeyOf(aspm) };
  };

  /** Pulls one folder's sources; a failure is logged once per distinct failure, not per attempt. */
  const pullBackend = async (session: FolderSession): Promise<void> => {
    if (!isTrusted || !session.repository) {
      return;
    }
    const opened = await sourcesOf(session);
    if (opened instanceof BackendError) {
      session.sourceFailures = opened.kind === 'notConfigured' && opened.message.startsWith('No source') ? [] : [opened];
      if (session.sourceFailures.length === 0) {
        await session.engine.pullSources([], session.repository); // nothing configured any more: no data lingers
      }
    } else {
      for (const source of opened.sources) {
        if (!session.restoredSources.has(source.id)) {
          session.restoredSources.add(source.id);
          const snapshot = await cache?.load(outboxKeyOf(source), session.repository, new Date()).catch(() => undefined);
          if (snapshot) {
            session.engine.restore(snapshot, { id: source.id, label: source.label });
            publisher.schedule();
          }
        }
      }
      let outcome = await pullOpenedSources(session.engine, opened, session.repository);
      const reapply = async (): Promise<void> => {
        for (const source of opened.sources) {
          await applyPendingTriage(outbox, outboxKeyOf(source), (findingId, state) => session.engine.applyTriage(findingId, state));
        }
      };
      if (outcome.pull && !outcome.pull.isUnchanged) {
        await reapply();
      }
      session.sourceFailures = outcome.failures;
      const dropped = session.engine.backend.droppedFindings;
      const droppedKey = dropped.join('\n');
      if (dropped.length > 0 && droppedKey !== session.lastReportedDropped) {
        log.warn(`Skipped ${dropped.length} invalid findings from the backend (the valid ones are shown): ${dropped.slice(0, 5).join('; ')}`);
      }
      session.lastReportedDropped = droppedKey;
      await session.engine.loadCodeTexts();
      for (const source of opened.sources) {
        // An unchanged pull (every page revalidated with 304) has nothing new to persist.
        const snapshot = outcome.pull && !outcome.pull.isUnchanged && !outcome.pull.failures.some((failure) => failure.id === source.id) ? session.engine.snapshot(source.id) : undefined;
        if (snapshot) {
          await cache?.save(outboxKeyOf(source), session.repository, snapshot).catch((error: unknown) => log.warn(`Cannot save the backend cache: ${(error as Error).message}`));
        }
      }
      const answered = opened.sources.filter((source) => !outcome.pull?.failures.some((failure) => failure.id === source.id));
      if ((await flushSourcesOutbox(answered, { outbox, log })) > 0) {
        // The sources now know the decisions: pull again so their own statuses replace the local ones.
        outcome = await pullOpenedSources(session.engine, opened, session.repository);
        session.sourceFailures = outcome.failures;
        if (outcome.pull && !outcome.pull.isUnchanged) {
          await reapply();
        }
      }
    }
    const failureKey = session.sourceFailures.map((failure) => `${failure.kind}:${failure.message}`).join('\n') || undefined;
    if (failureKey && failureKey !== session.lastReportedFailure) {
      for (const failure of session.sourceFailures) {
        log.error(`Backend: ${failure.message}${session.engine.backend.staleSince ? ' (serving the last good data)' : ''}`);
      }
    } else if (!failureKey && session.lastReportedFailure) {
      log.info('Backend reachable again.');
    }
    session.lastReportedFailure = failureKey;
    publisher.schedule();
    await sendStatus();
  };

  /** Loads OSV advisories from the configured folder and/or API; a problem is logged once per distinct message. */
  const loadAdvisories = async (session: FolderSession): Promise<void> => {
    const folderSettings = await loadSettings(session.uri);
    if (!isTrusted || (folderSettings.osv.path === '' && folderSettings.osv.url === '')) {
      return;
    }
    const advisories: OsvAdvisory[] = [];
    const problems: string[] = [];
    // Confined to the folder even in a trusted workspace: a repository's settings must not read `../secret`.
    const osvFolder = folderSettings.osv.path === '' ? undefined : await confineSettingPath(session.fsPath, 'aspm.osv.path', folderSettings.osv.path);
    if (osvFolder && 'problem' in osvFolder) {
      problems.push(osvFolder.problem);
    } else if (osvFolder) {
      const loaded = await loadOsvFolder(osvFolder.path, { source: folderSettings.osv.path });
      appendAll(advisories, loaded.advisories);
      appendAll(problems, loaded.problems.map((problem) => `${problem.path}: ${problem.message}`));
    }
    if (folderSettings.osv.url !== '') {
      try {
        // The same proxy and private CAs as the backend (issue 10: one HTTP client for every outbound call).
        const { ca } = await loadCaCertificates(folderSettings.backend.caCertificates);
        const fetched = await queryOsvApi(folderSettings.osv.url, session.engine.installedPackages(), { timeoutMs: folderSettings.backend.timeoutMs, proxy, ca });
        appendAll(advisories, fetched.advisories);
        appendAll(problems, fetched.problems.map((problem) => `${problem.path}: ${problem.message}`));
      } catch (error) {
        problems.push(`OSV API: ${(error as Error).message}`);
      }
    }
    for (const problem of problems.slice(0, 5)) {
      if (!session.reportedProblems.has(problem)) {
        session.reportedProblems.add(problem);
        log.warn(`OSV advisories: ${problem}`);
      }
    }
    session.engine.setAdvisories(advisories);
    publisher.schedule();
  };

  const openSession = async (uri: string): Promise<void> => {
    const running = openFolder(uri).finally(() => opening.delete(uri));
    opening.set(uri, running);
    await running;
  };

  const openFolder = async (uri: string): Promise<void> => {
    host ??= createHost();
    const folderSettings = await loadSettings(uri);
    for (const glob of globsOutside(folderSettings.sarif.paths)) {
      log.warn(`aspm.sarif.paths ${JSON.stringify(glob)} points outside the workspace folder; only reports inside it are read.`);
    }
    const session = await FolderSession.create(uri, await host, log, folderSettings);
    const progress = canReportProgress ? await connection.window.createWorkDoneProgress() : undefined;
    progress?.begin('ASPM: indexing', 0, session.fsPath, true);
    const cancel = new AbortController();
    indexing.get(uri)?.abort('superseded');
    indexing.set(uri, cancel);
    progress?.token.onCancellationRequested(() => cancel.abort('cancelled'));
    // Parsing runs in worker threads, so the message loop stays free; they end (and free their wasm heap) after.
    const workers = new WorkerIndexer({ folder: session.indexOptions, handles: (file) => session.indexer.handles(file), log, fallback: session.indexer });
    let stats = { files: 0, ms: 0 };
    try {
      stats = await session.engine.indexAll(
        cancel.signal,
        (done, total) => {
          if (done % 50 === 0 || done === total) {
            progress?.report(Math.round((done / Math.max(1, total)) * 100), `${done}/${total} files`);
          }
        },
        workers,
      );
    } catch (error) {
      if (!cancel.signal.aborted) {
        throw error;
      }
      if (cancel.signal.reason === 'superseded') {
        return; // a newer index of the same folder (or its removal) took over
      }
      log.warn('Indexing cancelled: findings are correlated with the files indexed so far.');
    } finally {
      progress?.done();
      await workers.dispose();
      if (indexing.get(uri) === cancel) {
        indexing.delete(uri);
      }
    }
    await loadVirtualenvs(session.engine, session.fsPath, session.repoRoot);
    await loadMavenJarPackages(session.engine);
    await loadAdvisories(session);
    await session.engine.loadCodeTexts();
    for (const document of documents.all()) {
      const path = session.pathOf(document.uri);
      if (path !== undefined) {
        await session.engine.setOpenText(path, document.getText());
      }
    }
    session.isIndexed = true;
    if (!folderUris.includes(uri)) {
      return; // the folder was removed while it was being indexed
    }
    await refreshBaseline(session);
    // Swapped in only now: a folder being re-opened keeps serving its previous session while this one indexes.
    sessions.set(uri, session);
    if (!cancel.signal.aborted) {
      log.info(`Indexed ${stats.files} files of ${session.fsPath} in ${stats.ms} ms with ${workers.stats.started} worker thread(s) (repository: ${session.repository ?? 'unknown'}).`);
    }
    publisher.schedule();
    await sendStatus();
    await pullBackend(session);
  };

  const openAll = async (): Promise<void> => {
    await Promise.all(folderUris.map((uri) => openSession(uri).catch((error: unknown) => log.error(`Cannot open ${uri}: ${(error as Error).stack ?? String(error)}`))));
  };

  credentials?.onMessage((message) => {
    if (message.credentials === undefined && message.proxy === undefined) {
      return; // only a token offered for a check (credentialCheck.ts): nothing to pull
    }
    for (const [source, secret] of Object.entries(message.credentials ?? {})) {
      if (secret === null) {
        secrets.delete(source);
      } else {
        secrets.set(source, secret);
      }
    }
    if (message.proxy !== undefined) {
      proxy = message.proxy ?? undefined;
    }
    token = secrets.get(aspmCredentialSource) ?? null;
    if (isInitialized) {
      // Signed in or out: pull (or forget) at once, and say so in the status even if nothing else changed.
      lastStatus = '';
      void Promise.all([...sessions.values()].map((session) => pullBackend(session))).catch((error: unknown) => log.error(`Pull after a sign-in change failed: ${(error as Error).message}`));
    }
  });

  connection.onInitialize(async (params: InitializeParams): Promise<InitializeResult> => {
    if (credentials) {
      let timer: NodeJS.Timeout | undefined;
      const waited = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), credentialsWaitMs);
      });
      if ((await Promise.race([credentials.first, waited])) === 'timeout') {
        log.warn(`No message on the credentials channel within ${credentialsWaitMs / 1000} s: starting signed out.`);
      }
      clearTimeout(timer);
    }
    const options = (params.initializationOptions ?? {}) as Partial<InitializationOptions>;
    isTrusted = options.isTrusted !== false;
    if (typeof options.storagePath === 'string' && options.storagePath !== '') {
      cache = new BackendCache(options.storagePath);
      outbox = Outbox.inDirectory(options.storagePath, (message) => log.warn(message));
    }
    canPullConfiguration = params.capabilities.workspace?.configuration === true;
    canWatchFiles = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    canReportProgress = params.capabilities.window?.workDoneProgress === true;
    supportsFolders = params.capabilities.workspace?.workspaceFolders === true;
    folderUris = params.workspaceFolders?.map((folder) => folder.uri) ?? (params.rootUri ? [params.rootUri] : []);
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        hoverProvider: true,
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'aspm-language-server', version: serverVersion },
    };
  });

  connection.onInitialized(() => {
    isInitialized = true;
    if (canPullConfiguration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'aspm' });
    }
    if (canWatchFiles) {
      void (async () => {
        // Report globs come from the settings; watch them too, on top of the file kinds the index always reads.
        const reportGlobs = (await Promise.all(folderUris.map((uri) => loadSettings(uri)))).flatMap((folderSettings) => folderSettings.sarif.paths);
        const globs = [...new Set([...watchedGlobs, ...reportGlobs.map((glob) => (glob.startsWith('**/') ? glob : `**/${glob}`))])];
        await connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: globs.map((globPattern) => ({ globPattern })) });
      })();
    }
    if (supportsFolders) {
      connection.workspace.onDidChangeWorkspaceFolders((event) => {
        for (const removed of event.removed) {
          indexing.get(removed.uri)?.abort('superseded');
          sessions.delete(removed.uri);
          folderUris = folderUris.filter((uri) => uri !== removed.uri);
        }
        for (const added of event.added) {
          folderUris.push(added.uri);
          void openSession(added.uri);
        }
        publisher.schedule();
      });
    }
    void openAll().then(() => sendStatus());
    setInterval(() => {
      for (const session of sessions.values()) {
        void pullBackend(session);
      }
    }, refreshIntervalMs).unref();
    // Decisions made offline are retried often, so they reach the backend soon after it is back.
    setInterval(() => {
      void outbox.pending().then((pending) => {
        if (pending.length > 0) {
          for (const session of sessions.values()) {
            void pullBackend(session);
          }
        }
      });
    }, outboxRetryMs).unref();
  });

  connection.onDidChangeConfiguration(async () => {
    const before = new Map(settingsSnapshot);
    settings.clear();
    for (const uri of folderUris) {
      const previous = before.get(uri);
      const current = await loadSettings(uri);
      const session = sessions.get(uri);
      if (!session) {
        // Still being opened: it uses the settings it loaded; it is compared again on the next change.
        if (!opening.has(uri)) {
          await openSession(uri);
        }
      } else if (previous?.repository !== current.repository || JSON.stringify(previous.sarif) !== JSON.stringify(current.sarif) || JSON.stringify(previous.index) !== JSON.stringify(current.index)) {
        // The repository setting moves the repository root, and report globs and ignored folders change what is
        // indexed: re-index.
        await openSession(uri);
      } else if (JSON.stringify(previous.osv) !== JSON.stringify(current.osv)) {
        await loadAdvisories(session);
      } else if (previous.diagnostics.scope !== current.diagnostics.scope) {
        await refreshBaseline(session);
      } else if (JSON.stringify(previous.backend) !== JSON.stringify(current.backend)) {
        session.engine.clearBackendData(); // data of another backend must not linger
        await pullBackend(session);
      }
    }
    publisher.schedule();
    await sendStatus();
  });

  connection.onDidChangeWatchedFiles(async (params) => {
    const changedRules = new Set<string>();
    for (const change of params.changes) {
      const target = sessionOfDocument(change.uri);
      if (target && ignoreFileNames.includes(path.posix.basename(target.path))) {
        changedRules.add(target.session.uri); // what is indexed changes: the folder is listed again
      } else if (target && (change.type !== FileChangeType.Deleted || target.session.engine.isRelevant(target.path))) {
        await target.session.engine.refreshFromDisk(target.path);
      }
    }
    for (const uri of changedRules) {
      await openSession(uri);
    }
    publisher.schedule();
    if ([...sessions.values()].some((session) => session.engine.currentBaseline !== undefined)) {
      scheduleBaselineRefresh();
    }
  });

  const indexOpenDocument = async (uri: string, text: string): Promise<void> => {
    const target = sessionOfDocument(uri);
    if (target?.session.isIndexed) {
      await target.session.engine.setOpenText(target.path, text);
      publisher.schedule();
    }
  };
  documents.onDidOpen((event) => void indexOpenDocument(event.document.uri, event.document.getText()));
  documents.onDidChangeContent((event) => void indexOpenDocument(event.document.uri, event.document.getText()));
  documents.onDidClose(async (event) => {
    const target = sessionOfDocument(event.document.uri);
    if (target?.session.isIndexed) {
      await target.session.engine.closeOpenText(target.path);
      publisher.schedule();
    }
  });

  connection.onCodeAction((params, cancel) =>
    runSafe(log.error, () => codeActionsFor(params, (uri) => sessions.get(uri), (session) => findingsInFile(session, params.textDocument.uri), isTrusted), [], `Error computing code actions for ${params.textDocument.uri}`, cancel),
  );

  connection.onHover((params, cancel) =>
    runSafe(
      log.error,
      () => {
        const target = sessionOfDocument(params.textDocument.uri);
        return target?.session.isIndexed ? hoverFor(params, target.session, findingsInFile(target.session, params.textDocument.uri)) : null;
      },
      null,
      `Error computing hover for ${params.textDocument.uri}`,
      cancel,
    ),
  );

  connection.onRequest(FindingsTreeRequest.type, (params, cancel) => {
    const fallback: FindingsTreeResult = { message: 'ASPM is starting…', summary: { total: 0, surfaced: 0, byBand: { critical: 0, high: 0, medium: 0, low: 0 }, filtered: {} }, groups: [], filteredFindings: [] };
    return runSafe(
      log.error,
      () => {
        const target = params.activeUri ? sessionOfDocument(params.activeUri) : undefined;
        const session = target?.session ?? sessions.get(folderUris[0] ?? '');
        if (!session?.isIndexed) {
          return fallback;
        }
        return findingsTreeFor(session, target?.path, analysisOf(session).services, session.engine.backend.staleSince, emptyTreeMessage(session));
      },
      fallback,
      'Error computing the posture tree',
      cancel,
    );
  });

  connection.onRequest(PostureTreeRequest.type, (params, cancel) =>
    runSafe(
      log.error,
      () => {
        const target = params.activeUri ? sessionOfDocument(params.activeUri) : undefined;
        const session = target?.session ?? sessions.get(folderUris[0] ?? '');
        const environment = { isTrusted, hasBackendUrl: Boolean(session && settingsSnapshot.get(session.uri)?.backend.url), hasToken: token !== null, repository: session?.repository, failure: session?.engine.backend.lastFailure };
        return postureTreeFor(session?.isIndexed ? session : undefined, target?.path, session?.isIndexed ? analysisOf(session).services : [], params, environment, session?.engine.backend.staleSince);
      },
      { nodes: [], total: 0, state: 'starting' as const, message: 'ASPM is starting…' },
      'Error computing the posture tree',
      cancel,
    ),
  );

  connection.onRequest(ScanRequest.type, async () => {
    settings.clear();
    await Promise.all(folderUris.map((uri) => openSession(uri).catch((error: unknown) => log.error(`Cannot scan ${uri}: ${(error as Error).message}`))));
  });

  const emptyTreeMessage = (session: FolderSession): string => {
    const failure = session.engine.backend.lastFailure;
    if (!isTrusted) {
      return 'Workspace not trusted: the backend is not contacted.';
    }
    if (failure) {
      return `Backend: ${failure.message}`;
    }
    if (!session.repository) {
      return 'No repository identity: set "aspm.repository" or add a git remote "origin".';
    }
    const url = settingsSnapshot.get(session.uri)?.backend.url;
    return url ? `No service of ${session.repository} is known to the backend.` : 'No backend configured: set "aspm.backend.url" and sign in.';
  };

  connection.onRequest(RefreshRequest.type, async () => {
    settings.clear();
    await Promise.all([...sessions.values()].map(async (session) => {
      await loadAdvisories(session);
      await refreshBaseline(session);
      await pullBackend(session);
    }));
  });

  const exportInputOf = (session: FolderSession) =>
    session.engine.exportInput(policyOf(session), session.repository ?? path.basename(session.fsPath), { name: 'aspm', version: serverVersion });

  connection.onRequest(InventoryRequest.type, (params, cancel) => {
    const fallback: InventoryResult = { message: 'ASPM is starting…', dependencies: [], images: [], resources: [], entryPoints: [], dataStores: [], controls: [] };
    return runSafe(
      log.error,
      () => {
        const target = params.activeUri ? sessionOfDocument(params.activeUri) : undefined;
        const session = target?.session ?? sessions.get(folderUris[0] ?? '');
        return session?.isIndexed ? inventoryFor(exportInputOf(session), target?.path, (file) => session.uriOf(file)) : fallback;
      },
      fallback,
      'Error computing the inventory',
      cancel,
    );
  });

  connection.onRequest(ExportRequest.type, (params, cancel) =>
    runSafe(
      log.error,
      (): ExportResult => {
        const session = sessions.get(params.folderUri);
        if (!session?.isIndexed) {
          return { error: 'This folder is not indexed yet; try again in a moment.' };
        }
        // Every configured source, pulled or not (a source never reached is listed without an "as of").
        const pulled = session.engine.sourceStatuses();
        const sources = configuredSources(settingsSnapshot.get(session.uri) ?? defaultSettings).map((config) => {
          const state = pulled.find((candidate) => candidate.id === sourceIdOf(config));
          return { label: sourceKindLabels[config.kind], url: config.url, lastSuccessAt: state?.lastSuccessAt, staleSince: state?.staleSince };
        });
        const problems = session.engine.filesWithProblems().flatMap((file) => session.engine.problemsOf(file).map((problem) => `${file}: ${problem.message}`));
        return exportDocument(params, exportInputOf(session), { sources, problems });
      },
      { error: 'Internal error; see the log.' },
      `Error exporting ${params.format}`,
      cancel,
    ),
  );

  const writeContext: WriteContext = {
    sessionOf: (uri) => sessions.get(uri),
    findingsOf,
    clientOf,
    sourcesOf,
    get outbox() {
      return outbox;
    },
    log,
    now: () => new Date(),
    changed: () => {
      publisher.schedule();
    },
    readText: (file) => readFile(file, 'utf8').catch(() => undefined),
  };
  connection.onRequest(TriageRequest.type, (params) =>
    runSafe(log.error, () => triageFinding(params, writeContext), { outcome: 'failed' as const, message: 'Internal error; see the log.' }, 'Error sending a triage decision'),
  );
  connection.onRequest(CreateTicketRequest.type, (params) =>
    runSafe(log.error, () => createTicket(params, writeContext), { outcome: 'failed' as const, message: 'Internal error; see the log.' }, 'Error creating a ticket'),
  );
  const credentialChecker = new CredentialChecker(credentials, { proxy: () => proxy, settings: () => loadSettings(folderUris[0] ?? '') });
  connection.onRequest(CheckCredentialsRequest.type, (params) =>
    runSafe(log.error, () => credentialChecker.check(params), { ok: false, reached: String(params.url), kind: 'badResponse', message: 'The check failed; see the ASPM log.' }, 'Error checking a token'),
  );
  connection.onRequest(IgnoreFindingRequest.type, (params) => runSafe(log.error, () => ignoreFindingEdit(params, writeContext), null, 'Error computing the ignore edit'));

  documents.listen(connection);
}
