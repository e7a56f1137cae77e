import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { aspmCredentialSource } from '../../shared/src/credentials';
import type { CheckCredentialsResult } from '../../shared/src/dto';
import { CheckCredentialsRequest } from '../../shared/src/protocol';
import { configuredSources, parseSettings, sourceKindNames, sourceSettingId, type SourceSetting } from '../../shared/src/settings';

/** The token of `aspm.backend.url`, as stored before sources had their own (kept: sent as the `aspm` key). */
const LEGACY_TOKEN_KEY = 'aspm.backend.token';
/** SecretStorage key of a source's token: `aspm.token.<kind>:<url>`. */
const tokenKeyOf = (sourceId: string): string => `aspm.token.${sourceId}`;

const kindLabels: Record<SourceSetting['kind'], string> = { aspm: 'ASPM backend', defectdojo: 'DefectDojo', 'dependency-track': 'Dependency-Track', github: 'GitHub' };

/** `DefectDojo (https://dojo.example.com)`. */
export function sourceLabel(source: Pick<SourceSetting, 'kind' | 'url'>): string {
  return `${kindLabels[source.kind]} (${source.url.replace(/\/+$/, '')})`;
}

/** The sources configured in the user's settings (`aspm.backend.url` first, then `aspm.sources`). */
export function currentSources(): SourceSetting[] {
  return configuredSources(parseSettings(vscode.workspace.getConfiguration().get('aspm')).settings);
}

/**
 * The tokens of every source, kept in SecretStorage, one secret per source id. `all` is a synchronous copy, handed
 * to every (re)started server on the credentials pipe (credentialChannel.ts), as is every change. Never logged.
 */
export class TokenStore implements vscode.Disposable {
  private tokens = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly offered = new vscode.EventEmitter<{ key: string; token: string | null }>();
  /** Fires when a token is offered for a check (null: the check is over); the credentials channel sends it. */
  readonly onDidOfferCandidate = this.offered.event;
  private readonly subscription: vscode.Disposable;
  /** Fires when a token changed here or in another window. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.subscription = secrets.onDidChange((e) => {
      if (e.key === LEGACY_TOKEN_KEY || e.key.startsWith('aspm.token.')) {
        void this.load().then(() => this.changed.fire());
      }
    });
  }

  /** The token of `aspm.backend.url` (legacy key), for the status popups. */
  get current(): string | undefined {
    return this.tokens.get(aspmCredentialSource);
  }

  /** Every token by credentials key (`aspm` or a source id). */
  get all(): ReadonlyMap<string, string> {
    return this.tokens;
  }

  has(sourceId: string): boolean {
    return this.tokens.has(sourceId) || (sourceId.startsWith('aspm:') && this.tokens.has(aspmCredentialSource));
  }

  async load(): Promise<void> {
    const loaded = new Map<string, string>();
    const legacy = await this.secrets.get(LEGACY_TOKEN_KEY);
    if (legacy) {
      loaded.set(aspmCredentialSource, legacy);
    }
    for (const source of currentSources()) {
      const id = sourceSettingId(source);
      const token = await this.secrets.get(tokenKeyOf(id));
      if (token) {
        loaded.set(id, token);
      }
    }
    this.tokens = loaded;
  }

  async store(sourceId: string, token: string): Promise<void> {
    this.tokens.set(sourceId, token);
    await this.secrets.store(tokenKeyOf(sourceId), token);
    this.changed.fire();
  }

  async delete(sourceId: string): Promise<void> {
    this.tokens.delete(sourceId);
    await this.secrets.delete(tokenKeyOf(sourceId));
    if (sourceId.startsWith('aspm:')) {
      this.tokens.delete(aspmCredentialSource);
      await this.secrets.delete(LEGACY_TOKEN_KEY);
    }
    this.changed.fire();
  }

  /** Hands a token to the server for `aspm/checkCredentials` under a one-time key, without keeping it. */
  offerCandidate(key: string, token: string | null): void {
    this.offered.fire({ key, token });
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
    this.offered.dispose();
  }
}

/**
 * `ASPM: Sign In`. Asks which source (or, with none configured, its kind and URL, written to the user settings),
 * then its token — GitHub through VS Code's GitHub account — checks it with one call and stores it only when that
 * call succeeded (or, when the source is unreachable, if the user says so). A string argument is a token for the
 * only (or first) source, which lets tests and automation sign in without UI.
 */
export async function signIn(tokens: TokenStore, client: LanguageClient, token?: unknown): Promise<boolean> {
  const given = typeof token === 'string' && token.trim() !== '' ? token.trim() : undefined;
  const sources = currentSources();
  const source = given ? sources[0] : await pickSource(sources, 'Sign in to which source?', (candidate) => tokens.has(sourceSettingId(candidate)));
  if (!source) {
    if (given) {
      void vscode.window.showWarningMessage('No source is configured: set "aspm.sources" or "aspm.backend.url" first.');
    }
    return false;
  }
  const id = sourceSettingId(source);
  const value = given ?? (source.kind === 'github' ? await gitHubToken(source) : await askForToken(source));
  if (value === undefined) {
    return false;
  }
  const check = await checkToken(tokens, client, source, value);
  if (!check.ok) {
    const unreachable = check.kind === 'unreachable' || check.kind === 'timeout';
    if (!unreachable || (await vscode.window.showWarningMessage(`${sourceLabel(source)} did not answer (${check.message}). Keep the token anyway?`, 'Keep', 'Discard')) !== 'Keep') {
      void vscode.window.showErrorMessage(`Not signed in to ${sourceLabel(source)}: ${check.message}`);
      client.warn(`Sign-in to ${sourceLabel(source)} failed (${check.kind}): ${check.message}`);
      return false;
    }
  }
  await tokens.store(id, value); // the credentials channel passes it on to the server
  const message = check.ok ? `Signed in to ${check.reached}: ${check.who}.` : `Token for ${sourceLabel(source)} kept; it will be checked when the source answers.`;
  client.info(message);
  void vscode.window.showInformationMessage(message);
  return true;
}

/** `ASPM: Sign Out`: asks which source (or all), forgets its token here and in the server, which drops its findings. */
export async function signOut(tokens: TokenStore, client: LanguageClient): Promise<void> {
  const signedIn = currentSources().filter((source) => tokens.has(sourceSettingId(source)));
  if (signedIn.length === 0) {
    void vscode.window.showInformationMessage('No source is signed in.');
    return;
  }
  const items = [...signedIn.map((source) => ({ label: sourceLabel(source), source })), ...(signedIn.length > 1 ? [{ label: 'All sources', source: undefined }] : [])];
  const picked = items.length === 1 ? items[0] : await vscode.window.showQuickPick(items, { title: 'ASPM: Sign Out', placeHolder: 'Sign out of which source?' });
  if (!picked) {
    return;
  }
  for (const source of picked.source ? [picked.source] : signedIn) {
    await tokens.delete(sourceSettingId(source));
    client.info(`Signed out of ${sourceLabel(source)}: token deleted from the secret storage; its findings are cleared.`);
  }
}

/** Quick pick of the configured sources; with none, asks for a kind and URL and writes `aspm.sources`. */
async function pickSource(sources: SourceSetting[], placeHolder: string, isSignedIn: (source: SourceSetting) => boolean): Promise<SourceSetting | undefined> {
  if (sources.length === 0) {
    return configureSource();
  }
  if (sources.length === 1) {
    return sources[0];
  }
  const picked = await vscode.window.showQuickPick(
    sources.map((source) => ({ label: sourceLabel(source), description: isSignedIn(source) ? 'signed in' : 'no token', source })),
    { title: 'ASPM: Sign In', placeHolder },
  );
  return picked?.source;
}

/** `ASPM: Configure Source`: asks for a kind and URL and adds them to the user's `aspm.sources`. */
export async function configureSource(): Promise<SourceSetting | undefined> {
  const picked = await vscode.window.showQuickPick(
    sourceKindNames.map((name) => ({ label: kindLabels[name], platform: name })),
    { title: 'ASPM: Configure a source', placeHolder: 'Which platform holds your findings?' },
  );
  if (!picked) {
    return undefined;
  }
  const kind = picked.platform;
  const url = await vscode.window.showInputBox({
    title: `ASPM: ${kindLabels[kind]} URL`,
    value: kind === 'github' ? 'https://api.github.com' : 'https://',
    prompt: kind === 'github' ? 'https://api.github.com, or https://HOST/api/v3 for GitHub Enterprise Server' : 'Base URL of the API',
    ignoreFocusOut: true,
    validateInput: (text) => (/^https?:\/\/[^\s/]+/.test(text.trim()) ? undefined : 'An http(s) URL, e.g. https://dojo.example.com'),
  });
  if (url === undefined) {
    return undefined;
  }
  const source: SourceSetting = { kind, url: url.trim().replace(/\/+$/, '') };
  const configuration = vscode.workspace.getConfiguration('aspm');
  const existing = configuration.inspect<SourceSetting[]>('sources')?.globalValue ?? [];
  await configuration.update('sources', [...existing, source], vscode.ConfigurationTarget.Global);
  return source;
}

/**
 * GitHub's token from VS Code's GitHub account (`security_events`), no pasting: `github` for api.github.com,
 * `github-enterprise` (VS Code's `github-enterprise.uri` setting) for a GitHub Enterprise Server URL.
 */
async function gitHubToken(source: SourceSetting): Promise<string | undefined> {
  const isDotCom = /^https:\/\/api\.github\.com\/?$/.test(source.url);
  try {
    const session = await vscode.authentication.getSession(isDotCom ? 'github' : 'github-enterprise', ['security_events'], { createIfNone: true });
    return session.accessToken;
  } catch (error) {
    const hint = isDotCom ? '' : ` Set "github-enterprise.uri" to https://${new URL(source.url).host} first.`;
    void vscode.window.showErrorMessage(`GitHub sign-in failed: ${(error as Error).message}.${hint}`);
    return undefined;
  }
}

async function askForToken(source: SourceSetting): Promise<string | undefined> {
  const what = { aspm: 'API token', defectdojo: 'API v2 key (Token)', 'dependency-track': 'API key (X-Api-Key)', github: 'token' }[source.kind];
  const value = await vscode.window.showInputBox({
    title: `ASPM: Sign In to ${sourceLabel(source)}`,
    prompt: `Paste your ${kindLabels[source.kind]} ${what}. It is kept in the secret storage of VS Code.`,
    password: true,
    ignoreFocusOut: true,
    validateInput: (text) => (text.trim() === '' ? 'The token must not be empty.' : undefined),
  });
  return value === undefined ? undefined : value.trim();
}

/**
 * One authenticated call to the source, made by the language server (`aspm/checkCredentials`) so that VS Code's
 * proxy and the configured CAs apply: who or what it reached, or the failure's kind. The token goes to the server on
 * the credentials pipe as a one-time candidate, never in the request, and is withdrawn after the check.
 */
async function checkToken(tokens: TokenStore, client: LanguageClient, source: SourceSetting, token: string): Promise<CheckCredentialsResult> {
  const candidate = randomUUID();
  tokens.offerCandidate(candidate, token);
  try {
    return await client.sendRequest(CheckCredentialsRequest.type, { kind: source.kind, url: source.url, candidate });
  } catch (error) {
    return { ok: false, reached: sourceLabel(source), kind: 'badResponse', message: `the language server could not check it (${(error as Error).message})` };
  } finally {
    tokens.offerCandidate(candidate, null);
  }
}
