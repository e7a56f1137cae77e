import type { CheckCredentialsParams, CheckCredentialsResult } from '../../../shared/src/dto';
import { CheckCredentialsRequest } from '../../../shared/src/protocol';
import type { Settings } from '../../../shared/src/settings';
import type { FolderHost } from '../engine/ports';
import { sourceKindLabels, sourceKinds, type SourceConfig } from '../engine/sourcePorts';
import type { CredentialFeed } from './credentials';
import { runSafe } from './runSafe';
import { loadSettings, type ServerState } from './serverState';

/** How long a check waits for its candidate token to arrive on the credentials pipe (it races the JSON-RPC request). */
const candidateWaitMs = 3000;

/** What the check needs from the server's state, read when a check runs. */
export interface CredentialCheckContext {
  /** VS Code's `http.proxy`, as the credentials pipe last set it. */
  proxy: () => string | undefined;
  /** The settings the pulls use (`aspm.backend.caCertificates`, `aspm.backend.timeoutMs`). */
  settings: () => Promise<Settings>;
  /** The outbound call and the CA reader of the folder service's host (backend/ and host/, wired by main.ts). */
  host: Pick<FolderHost, 'checkSourceToken' | 'loadCaCertificates'>;
}

/**
 * `aspm/checkCredentials`: checks a token "ASPM: Sign In" is about to keep with one call, through the server's own
 * HTTP client (so VS Code's proxy and the configured CAs apply, unlike the extension host's `fetch`). The token
 * arrives as a candidate on the credentials pipe, never in the request, and is forgotten once checked.
 */
export class CredentialChecker {
  private readonly candidates = new Map<string, string>();
  private readonly waiting = new Set<() => void>();

  constructor(
    feed: CredentialFeed | undefined,
    private readonly context: CredentialCheckContext,
  ) {
    feed?.onMessage((message) => {
      for (const [key, token] of Object.entries(message.candidates ?? {})) {
        if (token === null) {
          this.candidates.delete(key);
        } else {
          this.candidates.set(key, token);
        }
      }
      for (const wake of this.waiting) {
        wake();
      }
    });
  }

  async check(params: CheckCredentialsParams): Promise<CheckCredentialsResult> {
    const kind = sourceKinds.includes(params.kind) ? params.kind : undefined;
    const url = typeof params.url === 'string' ? params.url.trim().replace(/\/+$/, '') : '';
    const reached = kind ? `${sourceKindLabels[kind]} (${url})` : url;
    if (!kind || url === '') {
      return { ok: false, reached, kind: 'notConfigured', message: 'No source to check: set its kind and URL first.' };
    }
    const token = await this.candidate(String(params.candidate));
    if (token === undefined) {
      return { ok: false, reached, kind: 'noToken', message: 'The token did not reach the language server; try again.' };
    }
    const config: SourceConfig = { kind, url };
    const { backend } = await this.context.settings();
    const { ca } = await this.context.host.loadCaCertificates(backend.caCertificates); // problems are reported by the pulls
    const outcome = await this.context.host.checkSourceToken(config, token, { timeoutMs: backend.timeoutMs, ca, proxy: this.context.proxy() });
    this.candidates.delete(String(params.candidate));
    if (outcome.ok) {
      return { ok: true, reached, who: outcome.who };
    }
    const { kind: failure, status, message } = outcome.error;
    const hint = failure === 'unauthorized' ? ': the token was rejected' : failure === 'forbidden' ? ': the token may not read this' : '';
    return { ok: false, reached, kind: failure, message: `${message}${hint}`, ...(status !== undefined ? { status } : {}) };
  }

  /** The candidate token of `key`, waiting a little for it to come down the pipe. */
  private async candidate(key: string): Promise<string | undefined> {
    const deadline = Date.now() + candidateWaitMs;
    while (!this.candidates.has(key) && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const wake = (): void => {
          clearTimeout(timer);
          this.waiting.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, deadline - Date.now());
        this.waiting.add(wake);
      });
    }
    return this.candidates.get(key);
  }
}

/** `aspm/checkCredentials`, answered with the proxy and CAs the pulls use. */
export function registerCredentialCheck(state: ServerState, feed: CredentialFeed | undefined, host: CredentialCheckContext['host']): void {
  const checker = new CredentialChecker(feed, { proxy: () => state.proxy, settings: () => loadSettings(state, state.service.folders[0] ?? ''), host });
  state.connection.onRequest(CheckCredentialsRequest.type, (params) =>
    runSafe(state.log.error, () => checker.check(params), { ok: false, reached: String(params.url), kind: 'badResponse', message: 'The check failed; see the ASPM log.' }, 'Error checking a token'),
  );
}
