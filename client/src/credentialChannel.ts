import type { Writable } from 'node:stream';
import type * as vscode from 'vscode';
import { aspmCredentialSource, encodeCredentialMessage, type CredentialMessage } from '../../shared/src/credentials';
import type { TokenStore } from './secrets';

/**
 * The client end of the credentials pipe (shared/src/credentials.ts): the server process's extra stdio pipe, on
 * which the token goes as it changes (sign-in, sign-out, another window). Never a JSON-RPC message, so a trace
 * of the language client cannot record it. A restart attaches the new process's pipe with the full state.
 */
export class CredentialChannel implements vscode.Disposable {
  private pipe: Writable | undefined;
  private lastToken: string | null | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly tokens: TokenStore,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.subscription = tokens.onDidChange(() => this.sendToken());
  }

  /** A new server process: tells it the current token and proxy before anything else. */
  attach(pipe: Writable, proxy: string | undefined): void {
    this.pipe = pipe;
    // A server that exits closes the pipe; the write error is expected then, and the next start attaches again.
    pipe.on('error', (error: NodeJS.ErrnoException) => this.log.debug(`Credentials pipe closed (${error.code ?? error.message}).`));
    this.lastToken = this.tokens.current ?? null;
    this.write({ credentials: { [aspmCredentialSource]: this.lastToken }, proxy: proxy ?? null });
  }

  dispose(): void {
    this.subscription.dispose();
    this.pipe?.end();
  }

  /** Sends the token when it differs from what the server has (the store may fire twice for one change). */
  private sendToken(): void {
    const token = this.tokens.current ?? null;
    if (this.pipe && token !== this.lastToken) {
      this.lastToken = token;
      this.write({ credentials: { [aspmCredentialSource]: token } });
    }
  }

  private write(message: CredentialMessage): void {
    if (this.pipe && !this.pipe.destroyed && this.pipe.writable) {
      this.pipe.write(encodeCredentialMessage(message));
    }
  }
}
