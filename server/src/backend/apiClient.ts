import { EnvHttpProxyAgent, ProxyAgent, request, type Dispatcher } from 'undici';
import type { z } from 'zod';
import type { Exposure } from '../core/model/exposure';
import type { Service } from '../core/model/service';
import type { FindingsBackend, FindingsPage, Logger } from '../engine/ports';
import { BackendError, kindOfStatus } from './backendError';
import type { Policy } from '../core/model/policy';
import { parseSarifLog } from '../core/ingest/sarif';
import { exposureSchema, findingSchema, findingsPageSchema, policiesResponseSchema, servicesResponseSchema, ticketResponseSchema } from './schemas';
import { asBackendFinding, toExposure, toFinding, toPolicy, toService } from './toFindings';

/** A triage decision as the API takes it (`POST /findings/{id}/triage`). */
export interface TriageDecision {
  state: 'accepted_risk' | 'false_positive' | 'not_affected' | 'reopen';
  justification?: string;
  reason: string;
  expiresAt?: string;
}

/** A ticket request as the API takes it (`POST /tickets`). */
export interface TicketRequest {
  findingIds: string[];
  title: string;
  body?: string;
}

export interface ApiClientOptions {
  baseUrl: string;
  token?: string | null;
  timeoutMs: number;
  log: Logger;
  /** Retries of a GET after a network error, 5xx or 429 (never of a POST). */
  maxRetries?: number;
  /** VS Code's `http.proxy`; used for every request when set. */
  proxy?: string;
  /** Certificate authorities to trust (system roots included); undefined: the system's only. */
  ca?: string[];
  /** Defaults to an agent that honours `proxy`, else HTTP(S)_PROXY / NO_PROXY; TLS verification stays on. */
  dispatcher?: Dispatcher;
}

const pageLimit = 500;
const maxPages = 1000;
const backoffBaseMs = 250;
const backoffCapMs = 8000;

/** Client of the ASPM backend API v1 (shared/openapi.yaml): validated responses, ETag revalidation, retries. */
export class ApiClient implements FindingsBackend {
  private readonly cache = new Map<string, { etag: string; body: unknown }>();
  /** Validated findings per page body; a revalidated (304) page answers the same body object. */
  private readonly parsedPages = new WeakMap<object, Required<FindingsPage>>();
  private readonly lastFindings = new Map<string, { bodies: unknown[]; page: FindingsPage }>();
  private readonly baseUrl: URL;
  private readonly dispatcher: Dispatcher;
  private token: string | null;

  constructor(private readonly options: ApiClientOptions) {
    this.baseUrl = checkedBaseUrl(options.baseUrl);
    const tls = options.ca ? { ca: options.ca } : undefined;
    this.dispatcher =
      options.dispatcher ?? (options.proxy ? new ProxyAgent({ uri: options.proxy, requestTls: tls }) : new EnvHttpProxyAgent(tls ? { connect: tls } : {}));
    this.token = options.token ?? null;
  }

  /** Switches the token; cached responses belonged to the old identity, so they are dropped. */
  setToken(token: string | null): void {
    if (token !== this.token) {
      this.token = token;
      this.cache.clear();
    }
  }

  async listServices(repository: string): Promise<Service[]> {
    const body = await this.getJson(`api/v1/services?repository=${encodeURIComponent(repository)}`);
    return validate(servicesResponseSchema, body, 'services').services.map(toService);
  }

  async listFindings(serviceId: string): Promise<FindingsPage> {
    const bodies: unknown[] = [];
    const page: Required<FindingsPage> = { findings: [], problems: [], invalidIds: [] };
    let cursor: string | null | undefined;
    for (let pageIndex = 0; pageIndex < maxPages; pageIndex++) {
      const query = `limit=${pageLimit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const raw = await this.getJson(`api/v1/services/${encodeURIComponent(serviceId)}/findings?${query}`);
      bodies.push(raw);
      const body = validate(findingsPageSchema, raw, 'findings');
      const parsed = this.parsedPage(raw, body.findings, pageIndex, serviceId);
      page.findings.push(...parsed.findings);
      page.problems.push(...parsed.problems);
      page.invalidIds.push(...(parsed.invalidIds ?? []));
      cursor = body.nextCursor;
      if (!cursor) {
        // Every page revalidated unchanged (304): answer the very same page, so callers can skip re-analysis.
        const previous = this.lastFindings.get(serviceId);
        if (previous && previous.bodies.length === bodies.length && previous.bodies.every((candidate, index) => candidate === bodies[index])) {
          return previous.page;
        }
        this.lastFindings.set(serviceId, { bodies, page });
        return page;
      }
    }
    throw new BackendError('badResponse', `findings of ${serviceId}: more than ${maxPages} pages`);
  }

  /** Validates one page's findings one by one; a page body seen before (a 304) is not validated again. */
  private parsedPage(raw: unknown, findings: unknown[], pageIndex: number, serviceId: string): Required<FindingsPage> {
    const key = typeof raw === 'object' && raw !== null ? raw : undefined;
    const cached = key ? this.parsedPages.get(key) : undefined;
    if (cached) {
      return cached;
    }
    const page: Required<FindingsPage> = { findings: [], problems: [], invalidIds: [] };
    findings.forEach((item, index) => {
      const parsed = findingSchema.safeParse(item);
      if (parsed.success) {
        page.findings.push(toFinding(parsed.data, `backend:${serviceId}`));
        return;
      }
      const issue = parsed.error.issues[0];
      page.problems.push(`finding #${pageIndex * pageLimit + index}: ${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid'}`);
      const id = (item as { id?: unknown } | null)?.id;
      if (typeof id === 'string') {
        page.invalidIds.push(id);
      }
    });
    if (key) {
      this.parsedPages.set(key, page);
    }
    return page;
  }

  async getExposure(serviceId: string): Promise<Exposure | undefined> {
    try {
      const body = await this.getJson(`api/v1/services/${encodeURIComponent(serviceId)}/exposure`);
      return toExposure(validate(exposureSchema, body, 'exposure'));
    } catch (error) {
      if (error instanceof BackendError && error.status === 404) {
        return undefined;
      }
      throw error;
    }
  }

  /**
   * The service's findings as SARIF, for backends that store scanner output as is; undefined when the backend has
   * none (404). Findings are read like a local report's.
   */
  async getSarifFindings(serviceId: string): Promise<FindingsPage | undefined> {
    try {
      const body = await this.getJson(`api/v1/services/${encodeURIComponent(serviceId)}/sarif`);
      // A revalidated (304) log is the same body object: answer the same page, so an unchanged pull stays unchanged.
      const cached = typeof body === 'object' && body !== null ? this.parsedPages.get(body) : undefined;
      if (cached) {
        return cached;
      }
      const parsed = parseSarifLog(JSON.stringify(body), `backend:${serviceId}`);
      const page: Required<FindingsPage> = {
        findings: (parsed.value ?? []).map((finding) => asBackendFinding(finding, `backend:${serviceId}`)),
        problems: parsed.problems.slice(0, 5).map((problem) => `SARIF: ${problem.message}`),
        invalidIds: [],
      };
      if (typeof body === 'object' && body !== null) {
        this.parsedPages.set(body, page);
      }
      return page;
    } catch (error) {
      if (error instanceof BackendError && error.status === 404) {
        return undefined;
      }
      throw error;
    }
  }

  /** Sends a triage decision. Not retried here: the caller queues it when the backend cannot be reached. */
  async triage(findingId: string, decision: TriageDecision): Promise<void> {
    await this.post(`api/v1/findings/${encodeURIComponent(findingId)}/triage`, decision);
  }

  /** Opens a ticket for findings; answers the ticket id and URL. */
  async createTicket(ticket: TicketRequest): Promise<{ id: string; url?: string }> {
    const body = await this.post('api/v1/tickets', ticket);
    return validate(ticketResponseSchema, body, 'ticket');
  }

  /** The organisation's guardrails for a service (empty when the backend has none). */
  async listPolicies(serviceId: string): Promise<Policy[]> {
    try {
      const body = await this.getJson(`api/v1/policies?service=${encodeURIComponent(serviceId)}`);
      return validate(policiesResponseSchema, body, 'policies').policies.map(toPolicy);
    } catch (error) {
      if (error instanceof BackendError && error.status === 404) {
        return [];
      }
      throw error;
    }
  }

  private async post(relativeUrl: string, payload: unknown): Promise<unknown> {
    const url = new URL(relativeUrl, this.baseUrl).toString();
    const headers: Record<string, string> = { accept: 'application/json', 'content-type': 'application/json', 'user-agent': 'aspm-vscode' };
    if (this.token) {
      headers.authorization = `Bearer ${this.token}`;
    }
    const timeoutMs = this.options.timeoutMs;
    const path = new URL(url).pathname;
    let response;
    try {
      response = await request(url, {
        method: 'POST',
        headers,
        body: JSON.stringify(payload),
        dispatcher: this.dispatcher,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw toBackendError(error);
    }
    const text = await response.body.text();
    if (response.statusCode >= 400) {
      throw new BackendError(kindOfStatus(response.statusCode), `POST ${path} answered HTTP ${response.statusCode}`, response.statusCode, parseRetryAfter(response.headers['retry-after']));
    }
    try {
      return text === '' ? {} : JSON.parse(text);
    } catch {
      throw new BackendError('badResponse', `POST ${path} did not answer JSON (HTTP ${response.statusCode})`, response.statusCode);
    }
  }

  /** GET with If-None-Match, retried with capped exponential backoff and jitter on transient failures. */
  private async getJson(relativeUrl: string): Promise<unknown> {
    const url = new URL(relativeUrl, this.baseUrl).toString();
    const maxRetries = this.options.maxRetries ?? 2;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.getOnce(url);
      } catch (error) {
        const failure = error instanceof BackendError ? error : toBackendError(error);
        const isTransient = failure.kind === 'unreachable' || failure.kind === 'timeout' || failure.kind === 'rateLimited';
        if (!isTransient || attempt >= maxRetries) {
          throw failure;
        }
        const backoff = Math.min(backoffCapMs, backoffBaseMs * 2 ** attempt) * (0.5 + Math.random() / 2);
        await delay(Math.min(backoffCapMs, failure.retryAfterMs ?? backoff));
      }
    }
  }

  private async getOnce(url: string): Promise<unknown> {
    const cached = this.cache.get(url);
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': 'aspm-vscode' };
    if (this.token) {
      headers.authorization = `Bearer ${this.token}`;
    }
    if (cached) {
      headers['if-none-match'] = cached.etag;
    }
    const timeoutMs = this.options.timeoutMs;
    const response = await request(url, {
      method: 'GET',
      headers,
      dispatcher: this.dispatcher,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const path = new URL(url).pathname;
    if (response.statusCode === 304 && cached) {
      await response.body.dump();
      return cached.body;
    }
    if (response.statusCode >= 400) {
      await response.body.dump();
      const retryAfter = parseRetryAfter(response.headers['retry-after']);
      throw new BackendError(kindOfStatus(response.statusCode), `GET ${path} answered HTTP ${response.statusCode}`, response.statusCode, retryAfter);
    }
    const text = await response.body.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new BackendError('badResponse', `GET ${path} did not answer JSON (HTTP ${response.statusCode}, ${text.length} bytes)`, response.statusCode);
    }
    const etag = response.headers.etag;
    if (typeof etag === 'string') {
      this.cache.set(url, { etag, body });
    }
    return body;
  }
}

/** Rejects URLs that would leak the token: only https, or http to a loopback host. */
function checkedBaseUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw.endsWith('/') ? raw : `${raw}/`);
  } catch {
    throw new BackendError('notConfigured', `aspm.backend.url is not a valid URL: ${JSON.stringify(raw)}`);
  }
  const isLoopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback)) {
    throw new BackendError('notConfigured', `aspm.backend.url must use https (plain http is only allowed to localhost): ${url.origin}`);
  }
  if (url.username || url.password) {
    throw new BackendError('notConfigured', 'aspm.backend.url must not contain credentials; use "ASPM: Sign In"');
  }
  return url;
}

function validate<T extends z.ZodType>(schema: T, body: unknown, what: string): z.infer<T> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BackendError('badResponse', `${what} response does not match the API schema at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

/** Network errors, in words a user can act on (raw undici codes stay in the cause). */
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

function toBackendError(error: unknown): BackendError {
  const code = String((error as { code?: unknown }).code ?? '');
  const name = (error as { name?: string }).name ?? '';
  const causeCode = String(((error as { cause?: { code?: unknown } }).cause?.code as string | undefined) ?? '');
  if (name === 'TimeoutError' || name === 'AbortError' || ['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT'].includes(code)) {
    return new BackendError('timeout', 'backend did not answer in time', undefined, undefined, { cause: error });
  }
  const words = networkErrorWords[code] ?? networkErrorWords[causeCode] ?? (code || causeCode || (error as Error).message || 'network error');
  return new BackendError('unreachable', `backend unreachable: ${words}`, undefined, undefined, { cause: error });
}

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

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
