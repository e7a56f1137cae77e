import { spawn, type ChildProcess } from 'node:child_process';
import type { Writable } from 'node:stream';
import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  State,
  type CloseHandlerResult,
  type ErrorHandler,
  type ErrorHandlerResult,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { credentialsFdArgument } from '../../shared/src/credentials';
import type { InitializationOptions } from '../../shared/src/dto';
import { serverProcessEnvironment } from '../../shared/src/serverProcess';
import { CredentialChannel } from './credentialChannel';
import type { TokenStore } from './secrets';

/** Restarts allowed within RESTART_WINDOW_MS before the client gives up (a crash loop helps nobody). */
const MAX_RESTARTS = 4;
const RESTART_WINDOW_MS = 3 * 60 * 1000;

/** Files the server analyses: npm manifests and JavaScript/TypeScript sources, on disk only. */
// Every file on disk: manifests, sources of every indexed language, IaC and reports are analysed as they are
// edited, and code findings in any file follow its edits. The server ignores the documents it has no use for.
const documentSelector = [{ scheme: 'file' }];


/** Grace period for a stopped server to exit by itself before it is killed. */
const STOP_GRACE_MS = 2000;

/**
 * Creates (does not start) the ASPM language client; the server is the bundled `server/dist/server.js`, spawned
 * here (not by the library) so that it gets the credentials pipe: the token never travels as an LSP message. The
 * global storage folder must exist before the client starts (see `prepareStorage`).
 */
export function createLanguageClient(
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
  tokens: TokenStore,
): LanguageClient {
  const module = context.asAbsolutePath('server/dist/server.js');
  const credentials = new CredentialChannel(tokens, log);
  context.subscriptions.push(credentials);
  let server: ChildProcess | undefined;
  // A function: called on every (re)start, so a restart hands the new process the current token and proxy.
  const serverOptions: ServerOptions = async () => {
    server = spawnServer(module);
    server.on('error', (error) => log.error('Cannot run the ASPM language server', error));
    credentials.attach(server.stdio[3] as Writable, proxySetting(log));
    return server;
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector,
    // File events come from the watchers the server registers (manifests, sources, reports, the ignore file).
    synchronize: { configurationSection: 'aspm' },
    // A function: evaluated on every (re)start, so a restart picks up the trust state.
    initializationOptions: (): InitializationOptions => ({
      isTrusted: vscode.workspace.isTrusted,
      storagePath: storagePathOf(context, log),
    }),
    outputChannel: log,
    errorHandler: new CappedRestartErrorHandler(log),
    initializationFailedHandler: (error: unknown) => {
      log.error('The ASPM language server failed to initialize', error);
      log.show(true);
      return false;
    },
  };
  const client = new LanguageClient('aspm', 'ASPM', serverOptions, clientOptions);
  // The library kills only processes it spawned itself: a server still running after a stop is ended here.
  context.subscriptions.push(
    client.onDidChangeState((event) => {
      const stopped = server;
      if (event.newState === State.Stopped && stopped) {
        setTimeout(() => stopped.exitCode === null && stopped.signalCode === null && stopped.kill(), STOP_GRACE_MS).unref();
      }
    }),
  );
  return client;
}

/**
 * Spawns the server with the stdio transport and a fourth pipe (fd 3) for credentials. In desktop VS Code the
 * extension host is Electron, run as plain Node here (as the library's own fork does). Debugging the extension
 * host also opens the server's inspector.
 */
function spawnServer(module: string): ChildProcess {
  const isDebugged = process.execArgv.some((arg) => /^--(inspect|debug)(-brk)?(=|$)/.test(arg));
  const args = [...(isDebugged ? ['--nolazy', '--inspect=6019'] : []), module, '--stdio', `--clientProcessId=${process.pid}`, `${credentialsFdArgument}=3`];
  return spawn(process.execPath, args, {
    env: { ...process.env, ...serverProcessEnvironment, ELECTRON_RUN_AS_NODE: '1' },
    stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
    windowsHide: true,
  });
}

/** Creates the extension's global storage folder, where the server keeps the last good backend data and its outbox. */
export async function prepareStorage(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): Promise<void> {
  try {
    await vscode.workspace.fs.createDirectory(context.globalStorageUri);
  } catch (error) {
    log.warn(`Cannot create the ASPM storage folder; findings will not survive a restart while offline: ${String(error)}`);
  }
}

/** The server writes with Node's fs, so only a `file:` storage folder is passed. */
function storagePathOf(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): string | undefined {
  const uri = context.globalStorageUri;
  if (uri.scheme !== 'file') {
    log.warn(`The ASPM storage folder is not on disk (${uri.scheme}:); no offline cache or queue.`);
    return undefined;
  }
  return uri.fsPath;
}

let hasWarnedStrictSsl = false;

/**
 * VS Code's `http.proxy`, when set. Never logged: a proxy URL can carry credentials. The server always verifies TLS
 * certificates, so `http.proxyStrictSSL: false` only earns a warning (once per session).
 */
function proxySetting(log: vscode.LogOutputChannel): string | undefined {
  const http = vscode.workspace.getConfiguration('http');
  if (http.get<boolean>('proxyStrictSSL', true) === false && !hasWarnedStrictSsl) {
    hasWarnedStrictSsl = true;
    log.warn('"http.proxyStrictSSL" is off, but ASPM keeps TLS certificate verification on for the backend regardless.');
  }
  const proxy = http.get<string>('proxy', '').trim();
  return proxy === '' ? undefined : proxy;
}

/** Restarts a crashed server at most MAX_RESTARTS times per RESTART_WINDOW_MS, then leaves it stopped. */
class CappedRestartErrorHandler implements ErrorHandler {
  private readonly restarts: number[] = [];

  constructor(private readonly log: vscode.LogOutputChannel) {}

  error(error: Error, _message: unknown, count: number | undefined): ErrorHandlerResult {
    this.log.error('Connection to the ASPM language server failed', error);
    return { action: count !== undefined && count <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown };
  }

  closed(): CloseHandlerResult {
    const now = Date.now();
    this.restarts.push(now);
    while (this.restarts.length > 0 && now - (this.restarts[0] ?? now) > RESTART_WINDOW_MS) {
      this.restarts.shift();
    }
    if (this.restarts.length > MAX_RESTARTS) {
      return {
        action: CloseAction.DoNotRestart,
        message: `The ASPM language server stopped ${this.restarts.length} times in 3 minutes and will not be restarted. Run "ASPM: Show Log" for details, then reload the window.`,
      };
    }
    this.log.warn(`The ASPM language server stopped; restarting (${this.restarts.length}/${MAX_RESTARTS}).`);
    return { action: CloseAction.Restart };
  }
}

/** An untrusted workspace that becomes trusted may contact the backend: restart so the server gets `isTrusted`. */
export function restartWhenTrusted(client: LanguageClient, log: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.workspace.onDidGrantWorkspaceTrust(() => {
    log.info('Workspace trust granted: restarting the ASPM language server.');
    client.restart().catch((error: unknown) => log.error('Restart after workspace trust failed', error));
  });
}

/** The proxy reaches the server when it starts (on the credentials pipe): a changed `http.proxy` needs a restart. */
export function restartOnProxyChange(client: LanguageClient, log: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((event) => {
    if (event.affectsConfiguration('http.proxy') && client.isRunning()) {
      log.info('"http.proxy" changed: restarting the ASPM language server.');
      client.restart().catch((error: unknown) => log.error('Restart after a proxy change failed', error));
    }
  });
}
