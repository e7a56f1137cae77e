import { EnvHttpProxyAgent, ProxyAgent, request, type Dispatcher } from 'undici';
import { BackendError, type BackendFailureKind } from '../../engine/backendError';
import { readBody } from './responseBody';

/** How one platform is reached: the same proxy, CA, timeout and retry rules for every outbound call. */
export interface HttpClientOptions {
  /** Who answers, for messages: `backend`, `DefectDojo`, `OSV API`… */
  label: string;
  /** Per request: connect, headers and each body chunk; the whole request is aborted after it too. */
  timeoutMs: number;
  /** Retries of a GET after a network error, a timeout, a 5xx or a 429 (never of another method). Default 2. */
  maxRetries?: number;
  /** Larger (decoded) bodies are refused as `badResponse`, counted while streaming. Default 64 MB. */
  maxBodyBytes?: number;
  /** VS Code's `http.proxy`; used for every request when set, else HTTPS_PROXY / HTTP_PROXY / NO_PROXY. */
  proxy?: string;
  /** Certificate authorities to trust (system roots included); undefined: the system's only. */
  ca?: string[];
  /** Replaces the agent built from `proxy` and `ca` (tests). TLS verification stays on either way. */
  dispatcher?: Dispatcher;
  /** Waits between retries; tests pass a recorder. */
  sleep?: (ms: number) => Promise<void>;
}

/** One request. Paths and queries are built by the caller; headers add to the defaults (accept, user agent). */
export interface HttpRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH';
  url: URL;
  headers?: Record<string, string>;
  /** Sent as JSON. */
  json?: unknown;
  /** `json` (default): the body is parsed; `text`: answered as is. */
  expect?: 'json' | 'text';
  /** GET only: sends If-None-Match with the ETag of the last answer and answers that body again on 304. */
  revalidate?: boolean;
  /** Error statuses answered to the caller instead of thrown (e.g. 404 for "no data"). */
  passStatuses?: readonly number[];
}

/** A successful answer. A revalidated (304) GET answers the very same `body` object as before. */
export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

export const defaultMaxBodyBytes = 64 * 1024 * 1024;
const backoffBaseMs = 250;
const backoffCapMs = 8000;
const userAgent = 'aspm-vscode';

/**
 * The HTTP client of every outbound call: proxy (VS Code's, else the environment's), private CAs, timeouts, retries
 * of idempotent GETs with capped backoff and Retry-After, ETag revalidation, decoded (gzip, deflate, br) and
 * size-capped bodies, redirects refused, and every failure a {@link BackendError} with a kind.
 */
export class HttpClient {
  private readonly dispatcher: Dispatcher;
  private readonly etags = new Map<string, { etag: string; body: unknown }>();

  constructor(private readonly options: HttpClientOptions) {
    this.dispatcher = options.dispatcher ?? createDispatcher(options.proxy, options.ca);
  }

  /** Forgets revalidation data, e.g. when the identity (token) changes. */
  clearCache(): void {
    this.etags.clear();
  }

  /** Sends a request; GETs are retried on transient failures. Rejects with a {@link BackendError}. */
  async send(input: HttpRequest): Promise<HttpResponse> {
    const method = input.method ?? 'GET';
    const maxRetries = method === 'GET' ? (this.options.maxRetries ?? 2) : 0;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.sendOnce(method, input);
      } catch (error) {
        const failure = error instanceof BackendError ? error : this.networkError(error);
        const isTransient = failure.kind === 'unreachable' || failure.kind === 'timeout' || failure.kind === 'rateLimited';
        if (!isTransient || attempt >= maxRetries) {
          throw failure;
        }
        const backoff = Math.min(backoffCapMs, backoffBaseMs * 2 ** attempt) * (0.5 + Math.random() / 2);
        await (this.options.sleep ?? delay)(Math.min(backoffCapMs, failure.retryAfterMs ?? backoff));
      }
    }
  }

  private async sendOnce(method: string, input: HttpRequest): Promise<HttpResponse> {
    const url = input.url.toString();
    const what = `${method} ${input.url.pathname}`;
    const cached = method === 'GET' && input.revalidate ? this.etags.get(url) : undefined;
    const headers: Record<string, string> = { accept: 'application/json', 'accept-encoding': 'gzip, deflate, br', 'user-agent': userAgent, ...input.headers };
    if (input.json !== undefined) {
      headers['content-type'] = 'application/json';
    }
    if (cached) {
      headers['if-none-match'] = cached.etag;
    }
    const timeoutMs = this.options.timeoutMs;
    const response = await request(url, {
      method: method as Dispatcher.HttpMethod,
      headers,
      body: input.json === undefined ? undefined : JSON.stringify(input.json),
      dispatcher: this.dispatcher,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const status = response.statusCode;
    if (status === 304 && cached) {
      await response.body.dump();
      return { status: 200, headers: response.headers, body: cached.body };
    }
    if (status >= 300 && status < 400) {
      await response.body.dump();
      throw new BackendError('badResponse', `${this.options.label}: ${what} redirected (HTTP ${status}) to ${describeLocation(response.headers.location, input.url)}; set the URL to the final address`, status);
    }
    if (status >= 400 && !input.passStatuses?.includes(status)) {
      await response.body.dump();
      throw new BackendError(kindOfStatus(status), `${what} answered HTTP ${status}`, status, parseRetryAfter(response.headers['retry-after']));
    }
    const bytes = await readBody(response, this.options.maxBodyBytes ?? defaultMaxBodyBytes, `${this.options.label}: ${what}`);
    if (status >= 400) {
      // A passed error status: its body as the platform wrote it, parsed when it is JSON.
      const text = bytes.toString('utf8');
      return { status, headers: response.headers, body: parseOr(text, text) };
    }
    if (input.expect === 'text') {
      return { status, headers: response.headers, body: bytes.toString('utf8') };
    }
    let body: unknown;
    try {
      body = bytes.length === 0 && method !== 'GET' ? {} : JSON.parse(bytes.toString('utf8'));
    } catch {
      throw new BackendError('badResponse', `${what} did not answer JSON (HTTP ${status}, ${bytes.length} bytes)`, status);
    }
    const etag = response.headers.etag;
    if (method === 'GET' && input.revalidate && typeof etag === 'string' && status === 200) {
      this.etags.set(url, { etag, body });
    }
    return { status, headers: response.headers, body };
  }

  /** Network errors, in words a user can act on (raw undici codes stay in the cause). */
  private networkError(error: unknown): BackendError {
    const code = String((error as { code?: unknown }).code ?? '');
    const name = (error as { name?: string }).name ?? '';
    const causeCode = String(((error as { cause?: { code?: unknown } }).cause?.code as string | undefined) ?? '');
    const label = this.options.label;
    if (name === 'TimeoutError' || name === 'AbortError' || ['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT'].includes(code)) {
      return new BackendError('timeout', `${label} did not answer in time`, undefined, undefined, { cause: error });
    }
    const words = networkErrorWords[code] ?? networkErrorWords[causeCode] ?? (code || causeCode || (error as Error).message || 'network error');
    return new BackendError('unreachable', `${label} unreachable: ${words}`, undefined, undefined, { cause: error });
  }
}

/** An agent that honours the explicit proxy, else HTTP(S)_PROXY / NO_PROXY, with the extra CAs for the target. */
function createDispatcher(proxy: string | undefined, ca: string[] | undefined): Dispatcher {
  const tls = ca ? { ca } : undefined;
  if (proxy) {
    return new ProxyAgent({ uri: proxy, requestTls: tls });
  }
  return new EnvHttpProxyAgent(tls ? { connect: tls, requestTls: tls } : {});
}

/** Maps an HTTP error status to a failure kind. */
export function kindOfStatus(status: number): BackendFailureKind {
  if (status === 401) {
    return 'unauthorized';
  }
  if (status === 403) {
    return 'forbidden';
  }
  if (status === 429) {
    return 'rateLimited';
  }
  return status >= 500 ? 'unreachable' : 'badResponse';
}

/**
 * Rejects base URLs that would leak a token or the dependency list: only https, or http to a loopback host, and
 * never credentials in the URL. `setting` names where the URL came from, for the message.
 */
export function checkedBaseUrl(raw: string, setting: string): URL {
  let url: URL;
  try {
    url = new URL(raw.endsWith('/') ? raw : `${raw}/`);
  } catch {
    throw new BackendError('notConfigured', `${setting} is not a valid URL: ${JSON.stringify(raw.replace(/\/\/[^/@]*@/, '//'))}`);
  }
  const isLoopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback)) {
    throw new BackendError('notConfigured', `${setting} must use https (plain http is only allowed to localhost): ${url.origin}`);
  }
  if (url.username || url.password) {
    throw new BackendError('notConfigured', `${setting} must not contain credentials; use "ASPM: Sign In"`);
  }
  return url;
}

/** A redirect target without its query (it may carry state or tokens of a sign-in flow). */
function describeLocation(location: string | string[] | undefined, base: URL): string {
  const value = Array.isArray(location) ? location[0] : location;
  if (!value) {
    return 'an address it did not say';
  }
  try {
    const target = new URL(value, base);
    return `${target.origin}${target.pathname}`;
  } catch {
    return 'an invalid address';
  }
}

const networkErrorWords: Record<string, string> = {
  ECONNREFUSED: 'connection refused (ECONNREFUSED)',
  ECONNRESET: 'connection reset (ECONNRESET)',
  ENOTFOUND: 'host not found (ENOTFOUND)',
  EAI_AGAIN: 'host name lookup failed (EAI_AGAIN)',
  ETIMEDOUT: 'connection timed out (ETIMEDOUT)',
  EHOSTUNREACH: 'host unreachable (EHOSTUNREACH)',
  UND_ERR_SOCKET: 'the connection closed before the answer was complete',
  CERT_HAS_EXPIRED: 'the server certificate has expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the server certificate is self-signed and not trusted (add its CA to NODE_EXTRA_CA_CERTS)',
  SELF_SIGNED_CERT_IN_CHAIN: 'the server certificate chain is not trusted (add its CA to NODE_EXTRA_CA_CERTS)',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the server certificate cannot be verified (add its CA to NODE_EXTRA_CA_CERTS)',
};

function parseRetryAfter(header: string | string[] | undefined): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) {
    return undefined;
  }
  const seconds = Number(value);
  if (Number.isFinite(seconds)) {
    return Math.max(0, seconds * 1000);
  }
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function parseOr(text: string, fallback: unknown): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return fallback;
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
