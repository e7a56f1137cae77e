import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  TextDocumentSyncKind,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { aspmCredentialSource } from '../../../shared/src/credentials';
import type { InitializationOptions } from '../../../shared/src/dto';
import type { FolderStorage } from '../engine/folderService';
import type { CredentialFeed } from './credentials';
import { loadSettings, type ServerState } from './serverState';
import { sendStatus } from './statusReport';

export const serverVersion = '0.1.0';

/** How often findings are re-pulled while the editor is open (ETags make an unchanged pull cheap). */
const refreshIntervalMs = 10 * 60 * 1000;

/** Decisions made offline are retried this often, so they reach the backend soon after it is back. */
const outboxRetryMs = 30 * 1000;

/** How long `initialize` waits for the first message of the credentials pipe before going on signed out. */
const credentialsWaitMs = 5000;

const watchedGlobs = [
  '**/{package.json,package-lock.json,npm-shrinkwrap.json,yarn.lock,pnpm-lock.yaml}',
  '**/{requirements*.txt,requirements*.in,pyproject.toml,poetry.lock,Pipfile,Pipfile.lock,uv.lock}',
  '**/{go.mod,go.sum,pom.xml,build.gradle,build.gradle.kts,gradle.lockfile}',
  '**/vendor/modules.txt',
  '**/*.{js,jsx,mjs,cjs,ts,tsx,mts,cts,py,go,java}',
  '**/*.{tf,yaml,yml}',
  '**/{Dockerfile,*.Dockerfile,Dockerfile.*}',
  '**/*.sarif',
  '**/.aspm/ignore.yaml',
  '**/{.gitignore,.aspmignore}',
  '**/.aspm/policy.yaml',
];

/** Secrets and the proxy from the credentials pipe; a sign-in or sign-out pulls (or forgets) at once. */
export function listenToCredentials(state: ServerState, credentials: CredentialFeed): void {
  credentials.onMessage((message) => {
    if (message.credentials === undefined && message.proxy === undefined) {
      return; // only a token offered for a check (credentialCheck.ts): nothing to pull
    }
    for (const [source, secret] of Object.entries(message.credentials ?? {})) {
      if (secret === null) {
        state.secrets.delete(source);
      } else {
        state.secrets.set(source, secret);
      }
    }
    if (message.proxy !== undefined) {
      state.proxy = message.proxy ?? undefined;
    }
    state.token = state.secrets.get(aspmCredentialSource) ?? null;
    if (state.isInitialized) {
      state.lastStatus = ''; // said in the status even if nothing else changed
      void state.service.pullAll();
    }
  });
}

/** `initialize`: waits (capped) for the credentials, reads the client's capabilities and says the server's. */
export async function initialize(state: ServerState, params: InitializeParams, credentials: CredentialFeed | undefined, storageAt: (storagePath: string) => FolderStorage): Promise<InitializeResult> {
  if (credentials) {
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), credentialsWaitMs);
    });
    if ((await Promise.race([credentials.first, waited])) === 'timeout') {
      state.log.warn(`No message on the credentials channel within ${credentialsWaitMs / 1000} s: starting signed out.`);
    }
    clearTimeout(timer);
  }
  const options = (params.initializationOptions ?? {}) as Partial<InitializationOptions>;
  state.isTrusted = options.isTrusted !== false;
  if (typeof options.storagePath === 'string' && options.storagePath !== '') {
    state.service.setStorage(storageAt(options.storagePath));
  }
  state.client.canPullConfiguration = params.capabilities.workspace?.configuration === true;
  state.client.canWatchFiles = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
  state.client.canReportProgress = params.capabilities.window?.workDoneProgress === true;
  state.client.supportsFolders = params.capabilities.workspace?.workspaceFolders === true;
  state.service.setFolders(params.workspaceFolders?.map((folder) => folder.uri) ?? (params.rootUri ? [params.rootUri] : []));
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      hoverProvider: true,
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'aspm-language-server', version: serverVersion },
  };
}

/** `initialized`: registers for settings and file changes, follows the folders, opens them and starts the timers. */
export function initialized(state: ServerState): void {
  const { connection, service } = state;
  state.isInitialized = true;
  if (state.client.canPullConfiguration) {
    void connection.client.register(DidChangeConfigurationNotification.type, { section: 'aspm' });
  }
  if (state.client.canWatchFiles) {
    void watchFiles(state);
  }
  if (state.client.supportsFolders) {
    connection.workspace.onDidChangeWorkspaceFolders((event) => {
      event.removed.forEach((removed) => service.removeFolder(removed.uri));
      event.added.forEach((added) => void service.addFolder(added.uri));
      state.publisher.schedule();
    });
  }
  void service.openAll().then(() => sendStatus(state));
  setInterval(() => void service.pullAll(), refreshIntervalMs).unref();
  setInterval(() => void service.retryOutbox(), outboxRetryMs).unref();
}

/** Report globs come from the settings; they are watched too, on top of the file kinds the index always reads. */
async function watchFiles(state: ServerState): Promise<void> {
  const reportGlobs = (await Promise.all(state.service.folders.map((uri) => loadSettings(state, uri)))).flatMap((settings) => settings.sarif.paths);
  const globs = [...new Set([...watchedGlobs, ...reportGlobs.map((glob) => (glob.startsWith('**/') ? glob : `**/${glob}`))])];
  await state.connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: globs.map((globPattern) => ({ globPattern })) });
}
