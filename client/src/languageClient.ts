import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  TransportKind,
  type CloseHandlerResult,
  type ErrorHandler,
  type ErrorHandlerResult,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import type { InitializationOptions } from '../../shared/src/dto';
import type { TokenStore } from './secrets';

/** Restarts allowed within RESTART_WINDOW_MS before the client gives up (a crash loop helps nobody). */
const MAX_RESTARTS = 4;
const RESTART_WINDOW_MS = 3 * 60 * 1000;

/** Files the server analyses: npm manifests and JavaScript/TypeScript sources, on disk only. */
const documentSelector = [
  { scheme: 'file', pattern: '**/{package.json,package-lock.json}' },
  { scheme: 'file', pattern: '**/*.{js,jsx,ts,tsx,mjs,cjs}' },
];

/** Creates (does not start) the ASPM language client; the server is the bundled `server/dist/server.js`. */
export function createLanguageClient(
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
  tokens: TokenStore,
): LanguageClient {
  const module = context.asAbsolutePath('server/dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector,
    synchronize: { configurationSection: 'aspm' },
    // A function: evaluated on every (re)start, so a restart picks up a new token and the trust state.
    initializationOptions: (): InitializationOptions => ({
      token: tokens.current ?? null,
      isTrusted: vscode.workspace.isTrusted,
    }),
    outputChannel: log,
    errorHandler: new CappedRestartErrorHandler(log),
    initializationFailedHandler: (error: unknown) => {
      log.error('The ASPM language server failed to initialize', error);
      log.show(true);
      return false;
    },
  };
  return new LanguageClient('aspm', 'ASPM', serverOptions, clientOptions);
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
