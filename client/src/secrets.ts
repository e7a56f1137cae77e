import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

const TOKEN_KEY = 'aspm.backend.token';

/**
 * The backend token, kept in SecretStorage. `current` is a synchronous copy, handed to every (re)started server on
 * the credentials pipe (credentialChannel.ts), as is every change. The token is never logged.
 */
export class TokenStore implements vscode.Disposable {
  private token: string | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscription: vscode.Disposable;
  /** Fires when the token changed here or in another window (possibly twice for one change here). */
  readonly onDidChange = this.changed.event;

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.subscription = secrets.onDidChange((e) => {
      if (e.key === TOKEN_KEY) {
        void this.load().then(() => this.changed.fire());
      }
    });
  }

  get current(): string | undefined {
    return this.token;
  }

  async load(): Promise<void> {
    this.token = (await this.secrets.get(TOKEN_KEY)) || undefined;
  }

  async store(token: string): Promise<void> {
    this.token = token;
    await this.secrets.store(TOKEN_KEY, token);
    this.changed.fire();
  }

  async delete(): Promise<void> {
    this.token = undefined;
    await this.secrets.delete(TOKEN_KEY);
    this.changed.fire();
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

/**
 * `ASPM: Sign In`. Asks for the token (password box) unless one is passed, which lets tests and automation sign in
 * without UI. Returns false when the user cancelled.
 */
export async function signIn(tokens: TokenStore, client: LanguageClient, token?: unknown): Promise<boolean> {
  const value = typeof token === 'string' && token.trim() !== '' ? token.trim() : await askForToken();
  if (value === undefined) {
    return false;
  }
  await tokens.store(value); // the credentials channel passes it on to the server
  client.info('Signed in: token stored in the secret storage.');
  return true;
}

/** `ASPM: Sign Out`: forgets the token here and in the server. */
export async function signOut(tokens: TokenStore, client: LanguageClient): Promise<void> {
  await tokens.delete();
  client.info('Signed out: token deleted from the secret storage.');
}

async function askForToken(): Promise<string | undefined> {
  const value = await vscode.window.showInputBox({
    title: 'ASPM: Sign In',
    prompt: 'Paste your ASPM backend API token. It is kept in the secret storage of VS Code.',
    password: true,
    ignoreFocusOut: true,
    validateInput: (text) => (text.trim() === '' ? 'The token must not be empty.' : undefined),
  });
  return value === undefined ? undefined : value.trim();
}
