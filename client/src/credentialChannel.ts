import type { Writable } from 'node:stream';
import type * as vscode from 'vscode';
import { encodeCredentialMessage, type CredentialMessage } from '../../shared/src/credentials';
import type { TokenStore } from './secrets';

/**
 * The client end of the credentials pipe (shared/src/credentials.ts): the server process's extra stdio pipe, on
 * which the token goes as it changes (sign-in, sign-out, another window). Never a JSON-RPC message, so a trace
 * of the language client cannot record it. A restart attaches the new process's pipe with the full state.
 */
export class CredentialChannel implements vscode.Disposable {
  private pipe: Writable | undefined;
  /** The tokens the server has, by credentials key. */
  private sent = new Map<string, string>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly tokens: TokenStore,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.subscriptions = [
      tokens.onDidChange(() => this.sendTokens()),
      tokens.onDidOfferCandidate(({ key, token }) => this.write({ candidates: { [key]: token } })),
    ];
  }

  /** A new server process: tells it the current token and proxy before anything else. */
  attach(pipe: Writable, proxy: string | undefined): void {
    this.pipe = pipe;
    // A server that exits closes the pipe; the write error is expected then, and the next start attaches again.
    pipe.on('error', (error: NodeJS.ErrnoException) => this.log.debug(`Credentials pipe closed (${error.code ?? error.message}).`));
    this.sent = new Map(this.tokens.all);
    this.write({ credentials: Object.fromEntries(this.sent), proxy: proxy ?? null });
  }

  dispose(): void {
    for (const subscription of this.subscriptions) {
      subscription.dispose();
    }
    this.pipe?.end();
  }

  /** Sends each source's token that differs from what the server has, and null for each one forgotten. */
  private sendTokens(): void {
    if (!this.pipe) {
      return;
    }
    const changes: Record<string, string | null> = {};
    for (const [key, token] of this.tokens.all) {
      if (this.sent.get(key) !== token) {
        changes[key] = token;
      }
    }
    for (const key of this.sent.keys()) {
      if (!this.tokens.all.has(key)) {
        changes[key] = null;
      }
    }
    if (Object.keys(changes).length > 0) {
      this.sent = new Map(this.tokens.all);
      this.write({ credentials: changes });
    }
  }

  private write(message: CredentialMessage): void {
    if (this.pipe && !this.pipe.destroyed && this.pipe.writable) {
      this.pipe.write(encodeCredentialMessage(message));
    }
  }
}
