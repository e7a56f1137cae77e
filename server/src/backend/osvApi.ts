import type { Dispatcher } from 'undici';
import { z } from 'zod';
import { parseOsvRecord, toOsvQuery, type InstalledPackage, type OsvAdvisory, type OsvQuery } from '../core/ingest/osv';
import type { ParseProblem } from '../core/model/dependency';
import { parsedInIsolation } from '../core/model/readInIsolation';
import { BackendError } from '../engine/backendError';
import { mapConcurrently } from '../core/model/lists';
import { checkedBaseUrl, HttpClient } from './http/httpClient';

export interface OsvApiOptions {
  timeoutMs: number;
  /** VS Code's `http.proxy`; else HTTPS_PROXY / NO_PROXY apply. */
  proxy?: string;
  /** Certificate authorities to trust (system roots included), as for the backend. */
  ca?: string[];
  /** Replaces the agent built from `proxy` and `ca` (tests). */
  dispatcher?: Dispatcher;
}

/** Advisories the API knows for the packages, and what could not be read (one entry per record). */
export interface OsvApiResult {
  advisories: OsvAdvisory[];
  problems: ParseProblem[];
}

/** OSV's documented maximum number of queries per `/v1/querybatch` request. */
const maxBatchQueries = 1000;
/** Follow-up pages per query; a package with more advisories than this many pages is cut short. */
const maxPages = 10;
const fetchConcurrency = 8;

/** One client per connection settings, so connections are reused between look-ups. */
const clients = new Map<string, HttpClient>();

const queryBatchResponseSchema = z.looseObject({
  results: z.array(
    z.looseObject({
      vulns: z.array(z.looseObject({ id: z.string().min(1) })).nullish(),
      next_page_token: z.string().nullish(),
    }),
  ),
});

/**
 * Asks an OSV-compatible API (https://api.osv.dev or a mirror) which advisories affect the packages:
 * `POST /v1/querybatch` for the ids, then `GET /v1/vulns/{id}` for each record, validated like a local record.
 * Only name, ecosystem and version leave the machine; no token is ever sent. Goes through the shared HTTP client
 * (proxy, CA, timeouts, retries of GETs, size cap). Rejects with a {@link BackendError} when the API cannot be used
 * (bad URL, unreachable, timeout, HTTP error, unexpected answer); a record that is missing or malformed is only a
 * problem.
 */
export async function queryOsvApi(baseUrl: string, packages: readonly InstalledPackage[], options: OsvApiOptions): Promise<OsvApiResult> {
  const base = checkedBaseUrl(baseUrl, 'aspm.osv.url');
  const http = clientFor(options);
  const queries = uniqueQueries(packages);
  const ids = new Set<string>();
  for (let start = 0; start < queries.length; start += maxBatchQueries) {
    for (const id of await queryBatch(http, base, queries.slice(start, start + maxBatchQueries))) {
      ids.add(id);
    }
  }
  const results = await mapConcurrently([...ids], fetchConcurrency, (id) => fetchRecord(http, base, id));
  return {
    advisories: results.flatMap((result) => result.value ?? []),
    problems: results.flatMap((result) => result.problems),
  };
}

function clientFor(options: OsvApiOptions): HttpClient {
  if (options.dispatcher) {
    return new HttpClient({ label: 'OSV API', ...options });
  }
  const key = JSON.stringify([options.timeoutMs, options.proxy ?? '', options.ca?.length ?? 0, options.ca?.at(-1) ?? '']);
  let client = clients.get(key);
  if (!client) {
    client = new HttpClient({ label: 'OSV API', ...options });
    clients.set(key, client);
  }
  return client;
}

function uniqueQueries(packages: readonly InstalledPackage[]): OsvQuery[] {
  const byKey = new Map<string, OsvQuery>();
  for (const pkg of packages) {
    const query = toOsvQuery(pkg);
    if (query) {
      byKey.set(JSON.stringify(query), query);
    }
  }
  return [...byKey.values()];
}

/** The advisory ids for a batch of queries, following `next_page_token` for the queries that have more. */
async function queryBatch(http: HttpClient, base: URL, queries: readonly OsvQuery[]): Promise<string[]> {
  const ids: string[] = [];
  let pending: { query: OsvQuery; pageToken?: string }[] = queries.map((query) => ({ query }));
  for (let page = 0; pending.length > 0 && page < maxPages; page++) {
    const body = { queries: pending.map(({ query, pageToken }) => (pageToken ? { ...query, page_token: pageToken } : query)) };
    const response = await http.send({ method: 'POST', url: new URL('v1/querybatch', base), json: body });
    const parsed = queryBatchResponseSchema.safeParse(response.body);
    if (!parsed.success || parsed.data.results.length !== pending.length) {
      throw new BackendError('badResponse', `OSV querybatch answer does not match the API schema${parsed.success ? ': one result per query expected' : ''}`);
    }
    const next: typeof pending = [];
    parsed.data.results.forEach((result, index) => {
      for (const vuln of result.vulns ?? []) {
        ids.push(vuln.id);
      }
      if (result.next_page_token) {
        next.push({ query: pending[index]!.query, pageToken: result.next_page_token });
      }
    });
    pending = next;
  }
  return ids;
}

async function fetchRecord(http: HttpClient, base: URL, id: string): Promise<{ value?: OsvAdvisory; problems: ParseProblem[] }> {
  const url = new URL(`v1/vulns/${encodeURIComponent(id)}`, base);
  const response = await http.send({ url, expect: 'text', passStatuses: [404] });
  if (response.status === 404) {
    return { problems: [{ path: url.toString(), message: `${id}: not found` }] };
  }
  return parsedInIsolation(url.toString(), () => parseOsvRecord(response.body as string, url.toString(), { source: base.host }));
}
