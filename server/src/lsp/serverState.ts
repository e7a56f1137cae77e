import { TextDocuments, type Connection } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { aspmCredentialSource } from '../../../shared/src/credentials';
import { configuredSources, defaultSettings, type Settings } from '../../../shared/src/settings';
import type { AnalyzedFinding } from '../core/model/analysis';
import type { FolderSettings } from '../engine/folderSettings';
import { FolderService, type FolderStorage, type IndexProgress } from '../engine/folderService';
import type { Analysis, FolderHost, Logger } from '../engine/ports';
import { sourceIdOf, type SourceConfig } from '../engine/sourcePorts';
import { findingsByPath } from '../engine/workspaceEngine';
import { DiagnosticsPublisher } from './diagnostics';
import type { FolderSession } from './folderSession';
import { SettingsCache, surfacePolicyOf } from './settings';
import { untrustedView } from './untrustedView';

/** What the client said it can do, in `initialize`. */
export interface ClientCapabilities {
  canPullConfiguration: boolean;
  canWatchFiles: boolean;
  canReportProgress: boolean;
  supportsFolders: boolean;
}

/** The language server's state: the folder service and what the LSP layer keeps around it. */
export interface ServerState {
  readonly connection: Connection;
  readonly documents: TextDocuments<TextDocument>;
  readonly log: Logger;
  readonly service: FolderService;
  readonly settings: SettingsCache;
  /** Settings as last loaded, so request handlers answer synchronously from the memoized analysis. */
  readonly settingsSnapshot: Map<string, Settings>;
  readonly publisher: DiagnosticsPublisher;
  readonly client: ClientCapabilities;
  /** Secrets by source (`aspm`: the backend token), as the credentials pipe last set them. */
  readonly secrets: Map<string, string>;
  token: string | null;
  proxy?: string;
  isTrusted: boolean;
  isInitialized: boolean;
  /** The status last sent, so an unchanged one is not sent again. */
  lastStatus: string;
}

/** The engine's view of the shared settings: the schema's result plus the sources it configures. */
export function toFolderSettings(settings: Settings): FolderSettings {
  return { ...settings, configuredSources: configuredSources(settings) };
}

/** Loads (and remembers) a folder's settings. */
export async function loadSettings(state: ServerState, uri: string): Promise<Settings> {
  const loaded = await state.settings.get(uri);
  state.settingsSnapshot.set(uri, loaded);
  return loaded;
}

/** A source's token as the credentials pipe last set it (`aspm`: the legacy key of `aspm.backend.url`). */
export function tokenOf(state: ServerState, config: Pick<SourceConfig, 'kind' | 'url'>): string | undefined {
  return state.secrets.get(sourceIdOf(config)) ?? (config.kind === 'aspm' ? state.secrets.get(aspmCredentialSource) : undefined);
}

export function policyOf(state: ServerState, session: FolderSession): ReturnType<typeof surfacePolicyOf> {
  return surfacePolicyOf(state.settingsSnapshot.get(session.uri) ?? defaultSettings, session.engine.currentBaseline !== undefined);
}

/** The folder's analysis as the trust level shows it. */
export function analysisOf(state: ServerState, session: FolderSession): Analysis {
  const analysis = session.engine.analyze(policyOf(state, session));
  return state.isTrusted ? analysis : untrustedView(analysis);
}

export function findingsOf(state: ServerState, session: FolderSession): AnalyzedFinding[] {
  return analysisOf(state, session).services.flatMap((service) => service.findings);
}

/** The findings located in one document (as the trust level shows them): hover and code actions read only these. */
export function findingsInFile(state: ServerState, session: FolderSession, uri: string): AnalyzedFinding[] {
  const file = session.pathOf(uri);
  return file === undefined ? [] : (findingsByPath(analysisOf(state, session)).get(file) ?? []);
}

/**
 * The analysis as the editor shows it: the current one when it is already made, else the one the published
 * diagnostics were made from, so a hover or the posture view never waits for the analysis of an edit or a pull still
 * being made (before the first publication: the current analysis, made now).
 */
export function shownAnalysisOf(state: ServerState, session: FolderSession): Analysis {
  const policy = policyOf(state, session);
  const analysis = session.engine.analyzedAlready(policy) ?? state.publisher.publishedAnalysisOf(session) ?? session.engine.analyze(policy);
  return state.isTrusted ? analysis : untrustedView(analysis);
}

/** The findings located in one document as {@link shownAnalysisOf} shows them: what a hover explains. */
export function shownFindingsInFile(state: ServerState, session: FolderSession, uri: string): AnalyzedFinding[] {
  const file = session.pathOf(uri);
  return file === undefined ? [] : (findingsByPath(shownAnalysisOf(state, session)).get(file) ?? []);
}

/** The folder a tree request is about: the active document's, else the first; with the document's path. */
export function targetOf(state: ServerState, activeUri: string | undefined): { session?: FolderSession; path?: string } {
  const target = activeUri ? state.service.sessionOfDocument(activeUri) : undefined;
  return { session: target?.session ?? state.service.sessionOf(state.service.folders[0] ?? ''), path: target?.path };
}

/** Builds the state: the folder service over `folderHost`, the settings cache and the diagnostics publisher. */
export function createServerState(connection: Connection, log: Logger, folderHost: FolderHost, storage: FolderStorage, afterPublish: (state: ServerState) => Promise<void>): ServerState {
  const client: ClientCapabilities = { canPullConfiguration: false, canWatchFiles: false, canReportProgress: false, supportsFolders: false };
  const documents = new TextDocuments(TextDocument);
  const settings = new SettingsCache(connection, () => client.canPullConfiguration);
  const state: ServerState = {
    connection,
    documents,
    log,
    settings,
    settingsSnapshot: new Map(),
    client,
    secrets: new Map(),
    token: null,
    isTrusted: true,
    isInitialized: false,
    lastStatus: '',
    service: new FolderService({
      host: folderHost,
      log,
      now: () => new Date(),
      settingsOf: async (uri) => toFolderSettings(await loadSettings(state, uri)),
      isTrusted: () => state.isTrusted,
      tokenOf: (config) => tokenOf(state, config),
      proxy: () => state.proxy,
      openDocuments: () => documents.all().map((document) => ({ uri: document.uri, text: document.getText() })),
      progress: (folderPath) => progressOf(state, folderPath),
      storage,
    }),
    publisher: new DiagnosticsPublisher(connection, () => state.service.allSessions(), (uri) => settings.get(uri), () => void afterPublish(state)),
  };
  return state;
}

async function progressOf(state: ServerState, folderPath: string): Promise<IndexProgress | undefined> {
  if (!state.client.canReportProgress) {
    return undefined;
  }
  const progress = await state.connection.window.createWorkDoneProgress();
  progress.begin('ASPM: indexing', 0, folderPath, true);
  return {
    report: (percent, message) => progress.report(percent, message),
    onCancel: (listener) => progress.token.onCancellationRequested(listener),
    done: () => progress.done(),
  };
}
