import type { Connection } from 'vscode-languageserver/node';
import type { FolderStorage } from '../engine/folderService';
import type { FolderHost, Logger } from '../engine/ports';
import type { CredentialFeed } from './credentials';
import { registerCredentialCheck } from './credentialCheck';
import { registerDocumentFeatures, registerFolderRequests } from './folderRequests';
import { initialize, initialized, listenToCredentials } from './lifecycle';
import { createServerState, type ServerState } from './serverState';
import { sendStatus } from './statusReport';
import { registerViewRequests } from './viewRequests';
import { changeConfiguration, listenToDocuments, watchedFilesHandler } from './workspaceEvents';

/** What the composition root (main.ts) builds the server from: the I/O of host/ and backend/, behind engine ports. */
export interface ServerPorts {
  /** The folder service's I/O; `log` is the connection's. */
  folderHost(log: Logger): FolderHost;
  /** Where pulled data and unsent writes persist: the extension's storage folder, or memory without one. */
  storageAt(storagePath: string | undefined, warn: (message: string) => void): FolderStorage;
  readText(file: string): Promise<string | undefined>;
  /** Secrets (the backend token, a proxy URL) arrive only here, on a channel outside JSON-RPC that no trace records. */
  credentials?: CredentialFeed;
}

/**
 * Wires the LSP connection to the folder service (engine/folderService.ts): the thin adapter. The service opens,
 * indexes and pulls the folders and says what changed; this layer turns that into diagnostics and `aspm/status`,
 * and answers requests from the memoized analysis.
 */
export function startServer(connection: Connection, ports: ServerPorts): void {
  const log: Logger = {
    info: (message) => connection.console.info(message),
    warn: (message) => connection.console.warn(message),
    error: (message) => connection.console.error(message),
  };
  const folderHost = ports.folderHost(log);
  const state = createServerState(connection, log, folderHost, ports.storageAt(undefined, log.warn), afterPublish);
  state.service.onDidChange((change) => {
    if (change === 'status') {
      return sendStatus(state);
    }
    // After a pull only the files whose diagnostics changed are sent again (50k findings: most stay as they were).
    return change === 'pulled' ? state.publisher.scheduleChanges() : state.publisher.schedule();
  });
  if (ports.credentials) {
    listenToCredentials(state, ports.credentials);
  }

  connection.onInitialize((params) => initialize(state, params, ports.credentials, (storagePath) => ports.storageAt(storagePath, log.warn)));
  connection.onInitialized(() => initialized(state));
  connection.onDidChangeConfiguration(() => changeConfiguration(state));
  connection.onDidChangeWatchedFiles(watchedFilesHandler(state));
  listenToDocuments(state);
  registerDocumentFeatures(state);
  registerViewRequests(state);
  registerFolderRequests(state, ports.readText);
  registerCredentialCheck(state, ports.credentials, folderHost);
  state.documents.listen(connection);
}

/**
 * Once an edit's diagnostics are out, facts it left unsettled (routing, see WorkspaceEngine) are completed; the
 * client hears again only about files whose diagnostics that changed.
 */
async function afterPublish(state: ServerState): Promise<void> {
  await sendStatus(state);
  for (const session of state.service.allSessions()) {
    if (await session.engine.settleOpenDocuments()) {
      state.publisher.scheduleChanges();
    }
  }
}
