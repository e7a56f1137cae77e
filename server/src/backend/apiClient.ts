import { EnvHttpProxyAgent, ProxyAgent, request, type Dispatcher } from 'undici';
import type { z } from 'zod';
import type { Exposure } from '../core/model/exposure';
import type { Service } from '../core/model/service';
import type { FindingsBackend, FindingsPage, Logger } from '../engine/ports';
import { BackendError, kindOfStatus } from './backendError';
import type { Policy } from '../core/model/policy';
import { parseSarifLog } from '../core/ingest/sarif';
import { exposureSchema, findingSchema, findingsPageSchema, policiesResponseSchema, servicesResponseSchema, ticketResponseSchema } from './schemas';
import { toExposure, toFinding, toPolicy, toService } from './toFindings';

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
  private readonly baseUrl: URL;
  private readonly dispatcher: Dispatcher;
  private token: string | null;

  constructor(private readonly options: ApiClientOptions) {
    this.baseUrl = checkedBaseUrl(options.baseUrl);
    this.dispatcher = options.dispatcher ?? (options.proxy ? new ProxyAgent(options.proxy) : new EnvHttpProxyAgent());
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
    const page: FindingsPage = { findings: [], problems: [] };
    let cursor: string | null | undefined;
    for (let pageIndex = 0; pageIndex < maxPages; pageIndex++) {
      const query = `limit=${pageLimit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const body = validate(findingsPageSchema, await this.getJson(`api/v1/services/${encodeURIComponent(serviceId)}/findings?${query}`), 'findings');
      body.findings.forEach((raw, index) => {
        const parsed = findingSchema.safeParse(raw);
        if (parsed.success) {
          page.findings.push(toFinding(parsed.data, `backend:${serviceId}`));
        } else {
          const issue = parsed.error.issues[0];
          page.problems.push(`finding #${pageIndex * pageLimit + index}: ${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid'}`);
        }
      });
      cursor = body.nextCursor;
      if (!cursor) {
        return page;
      }
    }
    throw new BackendError('badResponse', `findings of ${serviceId}: more than ${maxPages} pages`);
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
      const parsed = parseSarifLog(JSON.stringify(body), `backend:${serviceId}`);
      return {
        findings: (parsed.value ?? []).map((finding) => ({ ...finding, sources: [`backend:${serviceId}`] })),
        problems: parsed.problems.slice(0, 5).map((problem) => `SARIF: ${problem.message}`),
      };
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

function toBackendError(error: unknown): BackendError {
  const code = (error as { code?: string }).code ?? '';
  const name = (error as { name?: string }).name ?? '';
  const message = (error as Error).message ?? String(error);
  if (name === 'TimeoutError' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') {
    return new BackendError('timeout', `backend did not answer in time (${code || name})`, undefined, undefined, { cause: error });
  }
  return new BackendError('unreachable', `backend unreachable: ${code || message}`, undefined, undefined, { cause: error });
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
