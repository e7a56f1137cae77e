import type { Dispatcher } from 'undici';
import type { z } from 'zod';
import type { Exposure } from '../core/model/exposure';
import type { Finding, FindingOrigin } from '../core/model/finding';
import type { Service } from '../core/model/service';
import { BackendError } from '../engine/backendError';
import type { Logger } from '../engine/ports';
import { sourceIdOf, type AspmWrites, type FindingsBackend, type FindingsPage, type TicketRequest, type TriageDecision, type TriageWrite, type WriteResult } from '../engine/sourcePorts';
import { appendAll } from '../core/model/lists';
import type { Policy } from '../core/model/policy';
import { checkedBaseUrl, HttpClient } from './http/httpClient';
import { parseSarifLog } from '../core/ingest/sarif';
import { exposureSchema, findingSchema, findingsPageSchema, policiesResponseSchema, servicesResponseSchema, ticketResponseSchema } from './schemas';
import { asBackendFinding, toExposure, toFinding, toPolicy, toService } from './toFindings';

export type { TicketRequest, TriageDecision } from '../engine/sourcePorts';

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
  /** Larger answers are refused (`badResponse`); default 64 MB. */
  maxBodyBytes?: number;
  /** The source id findings cite in their origins; default `aspm:<baseUrl>`. */
  sourceId?: string;
  /** Waits between retries (tests record them). */
  sleep?: (ms: number) => Promise<void>;
}

const pageLimit = 500;
const maxPages = 1000;

/** Client of the ASPM backend API v1 (shared/openapi.yaml): validated responses, ETag revalidation, retries. */
export class ApiClient implements FindingsBackend, AspmWrites {
  /** Validated findings per page body; a revalidated (304) page answers the same body object. */
  private readonly parsedPages = new WeakMap<object, Required<FindingsPage>>();
  private readonly lastFindings = new Map<string, { bodies: unknown[]; page: FindingsPage }>();
  private readonly baseUrl: URL;
  private readonly http: HttpClient;
  private readonly sourceId: string;
  private token: string | null;

  constructor(options: ApiClientOptions) {
    this.baseUrl = checkedBaseUrl(options.baseUrl, 'aspm.backend.url');
    this.http = new HttpClient({ label: 'backend', ...options });
    this.sourceId = options.sourceId ?? sourceIdOf({ kind: 'aspm', url: options.baseUrl });
    this.token = options.token ?? null;
  }

  /** Switches the token; cached responses belonged to the old identity, so they are dropped. */
  setToken(token: string | null): void {
    if (token !== this.token) {
      this.token = token;
      this.http.clearCache();
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
      // Appended one by one: a page of 120k findings spread into push() would overflow the call stack.
      appendAll(page.findings, parsed.findings);
      appendAll(page.problems, parsed.problems);
      appendAll(page.invalidIds, parsed.invalidIds);
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
        page.findings.push(this.withOrigin(toFinding(parsed.data, `backend:${serviceId}`)));
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
      // The body stays cached for its ETag, and a 304 answers it again: from now on the parsed page stands for its
      // findings, so the raw objects (as large as the parsed ones) are let go.
      (key as { findings?: unknown[] }).findings = [];
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

  /** The same decision through the source port: the API takes the VEX vocabulary as is. */
  async writeTriage(origin: FindingOrigin, decision: TriageWrite): Promise<WriteResult> {
    await this.triage(origin.id, { state: decision.state, justification: decision.justification, reason: decision.reason, expiresAt: decision.expiresAt });
    return { outcome: 'sent', message: `recorded as ${decision.state}${decision.justification ? ` (${decision.justification})` : ''}` };
  }

  private withOrigin(finding: Finding): Finding {
    finding.origins = [{ source: this.sourceId, kind: 'aspm', id: finding.id, url: finding.links?.finding }];
    return finding;
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
    const response = await this.http.send({ method: 'POST', url: new URL(relativeUrl, this.baseUrl), headers: this.authorization(), json: payload });
    return response.body;
  }

  /** GET with If-None-Match: an unchanged (304) answer is the very same body object as before. */
  private async getJson(relativeUrl: string): Promise<unknown> {
    const response = await this.http.send({ url: new URL(relativeUrl, this.baseUrl), headers: this.authorization(), revalidate: true });
    return response.body;
  }

  private authorization(): Record<string, string> {
    return this.token ? { authorization: `Bearer ${this.token}` } : {};
  }
}

function validate<T extends z.ZodType>(schema: T, body: unknown, what: string): z.infer<T> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BackendError('badResponse', `${what} response does not match the API schema at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}
