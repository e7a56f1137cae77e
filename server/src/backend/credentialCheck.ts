import type { Dispatcher } from 'undici';
import { asBackendError, type BackendError } from '../engine/backendError';
import { sourceKindLabels, type SourceConfig } from '../engine/sourcePorts';
import { checkedBaseUrl, HttpClient } from './http/httpClient';

/** How the check reaches the source: the same proxy, CAs and timeout as the pulls. */
export interface CredentialCheckOptions {
  timeoutMs: number;
  proxy?: string;
  ca?: string[];
  /** Replaces the agent built from `proxy` and `ca` (tests). */
  dispatcher?: Dispatcher;
}

/** Who the token is, or what it sees; or the failure, as a {@link BackendError} with its kind. */
export type CredentialCheckOutcome = { ok: true; who: string } | { ok: false; error: BackendError };

/** One cheap authenticated GET per platform, and how its answer names who the token is. */
const probes: Record<SourceConfig['kind'], { path: string; headers: (token: string) => Record<string, string>; who: (body: Record<string, unknown>) => string | undefined }> = {
  aspm: {
    path: 'api/v1/services?limit=1',
    headers: (token) => ({ authorization: `Bearer ${token}` }),
    who: (body) => (Array.isArray(body.services) ? (body.services.length > 0 ? 'token accepted, services visible' : 'token accepted, no service visible yet') : undefined),
  },
  // DefectDojo's description lists /user_profile/ (not /users/me/); it nests the user under `user`.
  defectdojo: {
    path: 'api/v2/user_profile/',
    headers: (token) => ({ authorization: `Token ${token}` }),
    who: (body) => {
      const user = typeof body.user === 'object' && body.user !== null ? (body.user as Record<string, unknown>) : body;
      return stringField(user, 'username') ? `user ${stringField(user, 'username')}` : undefined;
    },
  },
  'dependency-track': { path: 'api/v1/team/self', headers: (token) => ({ 'x-api-key': token }), who: (body) => (stringField(body, 'name') ? `team ${stringField(body, 'name')}` : undefined) },
  github: { path: 'user', headers: (token) => ({ authorization: `Bearer ${token}`, accept: 'application/vnd.github+json' }), who: (body) => (stringField(body, 'login') ? `user ${stringField(body, 'login')}` : undefined) },
};

/**
 * Checks a token with one authenticated call to the source, never retried: "ASPM: Sign In" keeps a token only when
 * this succeeded. Failures keep their kind (`unauthorized` for a rejected token, `unreachable`, `timeout`…) and a
 * message without the token or the response body.
 */
export async function checkSourceToken(config: SourceConfig, token: string, options: CredentialCheckOptions): Promise<CredentialCheckOutcome> {
  const label = sourceKindLabels[config.kind];
  const probe = probes[config.kind];
  try {
    const base = checkedBaseUrl(config.url, `the ${label} URL`);
    const http = new HttpClient({ label, timeoutMs: options.timeoutMs, maxRetries: 0, maxBodyBytes: 1024 * 1024, proxy: options.proxy, ca: options.ca, dispatcher: options.dispatcher });
    const response = await http.send({ url: new URL(probe.path, base), headers: probe.headers(token) });
    const body = typeof response.body === 'object' && response.body !== null ? (response.body as Record<string, unknown>) : {};
    return { ok: true, who: probe.who(body) ?? 'token accepted' };
  } catch (error) {
    return { ok: false, error: asBackendError(error) };
  }
}

function stringField(body: Record<string, unknown>, key: string): string | undefined {
  const value = body[key];
  return typeof value === 'string' && value !== '' ? value.slice(0, 200) : undefined;
}
