import { open, readdir } from 'node:fs/promises';
import * as path from 'node:path';
import { EnvHttpProxyAgent, request, type Dispatcher } from 'undici';
import { z } from 'zod';
import { BackendError, kindOfStatus } from '../backend/backendError';
import { parseOsvRecord, toOsvQuery, type InstalledPackage, type OsvAdvisory, type OsvQuery } from '../core/ingest/osv';
import type { ParseProblem } from '../core/model/dependency';
import { parsedInIsolation } from '../core/model/readInIsolation';
import { decodeUtf8 } from './nodeFileSystem';

/** Advisories read from a source, and what could not be read (one entry per bad file or record). */
export interface OsvLoadResult {
  advisories: OsvAdvisory[];
  problems: ParseProblem[];
}

/** Larger files are not single OSV records (bulk exports, stray dumps); reading them would cost much memory. */
const maxRecordBytes = 5 * 1024 * 1024;
const readConcurrency = 16;

/**
 * Reads every `*.json` OSV record under `dir`, recursively (hidden folders such as `.git` are skipped). Never
 * throws: an unreadable folder, a file over 5 MB or a bad record each becomes a problem. Findings cite the
 * records as `osv:<source>`, the folder's name unless given.
 */
export async function loadOsvFolder(dir: string, options: { source?: string } = {}): Promise<OsvLoadResult> {
  const source = options.source ?? path.basename(path.resolve(dir));
  const problems: ParseProblem[] = [];
  const files = await listJsonFiles(dir, problems);
  const results = await mapConcurrently(files, readConcurrency, (file) => readRecord(file, source));
  const advisories: OsvAdvisory[] = [];
  for (const result of results) {
    problems.push(...result.problems);
    if (result.value) {
      advisories.push(result.value);
    }
  }
  return { advisories, problems };
}

async function listJsonFiles(root: string, problems: ParseProblem[]): Promise<string[]> {
  const files: string[] = [];
  const pending = [root];
  while (pending.length > 0) {
    const dir = pending.pop()!;
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      problems.push({ path: dir, message: `cannot read folder: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` });
      continue;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && !entry.name.startsWith('.')) {
        pending.push(full);
      } else if (entry.isFile() && entry.name.toLowerCase().endsWith('.json')) {
        files.push(full);
      }
    }
  }
  return files.sort();
}

async function readRecord(file: string, source: string): Promise<{ value?: OsvAdvisory; problems: ParseProblem[] }> {
  let handle;
  try {
    handle = await open(file, 'r');
    const { size } = await handle.stat();
    if (size > maxRecordBytes) {
      return { problems: [{ path: file, message: `skipped: ${size} bytes is larger than ${maxRecordBytes / 1024 / 1024} MB` }] };
    }
    const text = decodeUtf8(await handle.readFile());
    return parsedInIsolation(file, () => parseOsvRecord(text, file, { source }));
  } catch (error) {
    return { problems: [{ path: file, message: `cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` }] };
  } finally {
    await handle?.close();
  }
}

export interface OsvApiOptions {
  timeoutMs: number;
  /** Defaults to an agent that honours HTTP(S)_PROXY / NO_PROXY; TLS verification stays on. */
  dispatcher?: Dispatcher;
}

/** OSV's documented maximum number of queries per `/v1/querybatch` request. */
const maxBatchQueries = 1000;
/** Follow-up pages per query; a package with more advisories than this many pages is cut short. */
const maxPages = 10;
const fetchConcurrency = 8;

/** Shared by every query without a dispatcher of its own, so connections are reused. */
let defaultDispatcher: Dispatcher | undefined;

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
 * Only name, ecosystem and version leave the machine; no token is ever sent. Rejects with a {@link BackendError}
 * when the API cannot be used (bad URL, unreachable, timeout, HTTP error, unexpected answer); a record that is
 * missing or malformed is only a problem.
 */
export async function queryOsvApi(baseUrl: string, packages: readonly InstalledPackage[], options: OsvApiOptions): Promise<OsvLoadResult> {
  const base = checkedOsvUrl(baseUrl);
  const http = new OsvHttp(options.dispatcher ?? (defaultDispatcher ??= new EnvHttpProxyAgent()), options.timeoutMs);
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
async function queryBatch(http: OsvHttp, base: URL, queries: readonly OsvQuery[]): Promise<string[]> {
  const ids: string[] = [];
  let pending: { query: OsvQuery; pageToken?: string }[] = queries.map((query) => ({ query }));
  for (let page = 0; pending.length > 0 && page < maxPages; page++) {
    const body = { queries: pending.map(({ query, pageToken }) => (pageToken ? { ...query, page_token: pageToken } : query)) };
    const response = await http.send('POST', new URL('v1/querybatch', base), body);
    if (response.status >= 400) {
      throw new BackendError(kindOfStatus(response.status), `OSV querybatch answered HTTP ${response.status}`, response.status);
    }
    const parsed = queryBatchResponseSchema.safeParse(parseJson(response.text, 'querybatch'));
    if (!parsed.success || parsed.data.results.length !== pending.length) {
      throw new BackendError('badResponse', `OSV querybatch answer does not match the API schema${parsed.success ? ': one result per query expected' : ''}`);
    }
    const next: typeof pending = [];
    parsed.data.results.forEach((result, index) => {
      ids.push(...(result.vulns ?? []).map((vuln) => vuln.id));
      if (result.next_page_token) {
        next.push({ query: pending[index]!.query, pageToken: result.next_page_token });
      }
    });
    pending = next;
  }
  return ids;
}

async function fetchRecord(http: OsvHttp, base: URL, id: string): Promise<{ value?: OsvAdvisory; problems: ParseProblem[] }> {
  const url = new URL(`v1/vulns/${encodeURIComponent(id)}`, base);
  const response = await http.send('GET', url);
  if (response.status === 404) {
    return { problems: [{ path: url.toString(), message: `${id}: not found` }] };
  }
  if (response.status >= 400) {
    throw new BackendError(kindOfStatus(response.status), `OSV vulns/${id} answered HTTP ${response.status}`, response.status);
  }
  return parsedInIsolation(url.toString(), () => parseOsvRecord(response.text, url.toString(), { source: base.host }));
}

/** Plain https, or http to this machine only: advisory lookups reveal the project's dependencies. */
function checkedOsvUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw.endsWith('/') ? raw : `${raw}/`);
  } catch {
    throw new BackendError('notConfigured', `OSV API URL is not a valid URL: ${JSON.stringify(raw)}`);
  }
  const isLoopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback)) {
    throw new BackendError('notConfigured', `OSV API URL must use https (plain http only to localhost): ${url.origin}`);
  }
  if (url.username || url.password) {
    throw new BackendError('notConfigured', 'OSV API URL must not contain credentials');
  }
  return url;
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new BackendError('badResponse', `OSV ${what} did not answer JSON (${text.length} bytes)`);
  }
}

/** Requests through undici with the timeouts applied; network failures become BackendErrors. */
class OsvHttp {
  constructor(
    private readonly dispatcher: Dispatcher,
    private readonly timeoutMs: number,
  ) {}

  async send(method: 'GET' | 'POST', url: URL, body?: unknown): Promise<{ status: number; text: string }> {
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': 'aspm-vscode' };
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
    }
    try {
      const response = await request(url, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        dispatcher: this.dispatcher,
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      return { status: response.statusCode, text: await response.body.text() };
    } catch (error) {
      throw toBackendError(error, `${method} ${url.pathname}`);
    }
  }
}

function toBackendError(error: unknown, what: string): BackendError {
  const code = (error as { code?: string }).code ?? '';
  const name = (error as { name?: string }).name ?? '';
  if (name === 'TimeoutError' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') {
    return new BackendError('timeout', `OSV API did not answer ${what} in time`, undefined, undefined, { cause: error });
  }
  return new BackendError('unreachable', `OSV API unreachable (${what}): ${code || (error as Error).message}`, undefined, undefined, { cause: error });
}

/** Maps with at most `limit` calls in flight, keeping the input order in the output. */
async function mapConcurrently<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
