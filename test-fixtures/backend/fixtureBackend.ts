import { createHash } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
// faults.ts builds on this module's types and cursor helpers; the control API uses its functions only at request time,
// so this import cycle is harmless.
import { applyFault, clearFaults, faultNames, routeNames, type FaultName, type FaultOptions } from './faults';

/** How to start a fixture backend. */
export interface FixtureBackendOptions {
  /** Absolute path of a scenario folder (see `scenarioPath` and README.md for its layout). */
  scenarioDir: string;
  /** Port on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number;
  /** Bearer token every request must carry; default `'fixture-token'`. */
  token?: string;
  /** Route hooks installed from the start; they can also be changed later through `FixtureBackend.hooks`. */
  hooks?: RouteHooks;
  /**
   * Called once per request after it was answered, e.g. to log it. `status` is 0 when the connection closed
   * before a complete answer (a fault destroyed the socket, or the client gave up). Control API requests are
   * reported here too, but never recorded in `requests`.
   */
  onRequest?: (request: RecordedRequest, status: number) => void;
  /**
   * Enables the control API under `/__fixture/` (README.md "Control API"), for tests that drive the backend from
   * another process: every control request must carry `Authorization: Bearer <controlToken>`. Off when absent.
   */
  controlToken?: string;
}

/** One request as the fixture saw it. The Authorization value is never kept, only `'<redacted>'`. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** Header names are lowercase; repeated headers are joined with `, `. */
  headers: Record<string, string | undefined>;
  /** Parsed JSON body of POST requests. */
  body?: unknown;
  /** Arrival time in milliseconds since the epoch, e.g. to check how long a client waited before retrying. */
  receivedAt: number;
}

/** A running fixture backend. Arrays are live: they grow as requests arrive. */
export interface FixtureBackend {
  /** Base URL without trailing slash, e.g. `http://127.0.0.1:41234`. */
  url: string;
  port: number;
  requests: RecordedRequest[];
  /** Every accepted triage POST, in arrival order (repeats included). */
  triage: { findingId: string; body: unknown }[];
  /** Every accepted ticket request body, in arrival order. */
  tickets: unknown[];
  /** Mutable per-route hooks, the extension point for fault injection. */
  hooks: RouteHooks;
  close(): Promise<void>;
}

/** The routes of backend API v1 (shared/openapi.yaml). */
export type RouteName =
  | 'listServices'
  | 'listFindings'
  | 'getSarif'
  | 'getExposure'
  | 'listPolicies'
  | 'triageFinding'
  | 'createTicket';

/**
 * Runs after authentication and before the route's own handler. Return `true` when the hook has answered (or
 * deliberately never answers, or destroyed the socket) so the scenario handler is skipped; `false` to proceed.
 * It gets the raw response so fault injection (delays, 429/503 with Retry-After, malformed bodies, resets) needs
 * no change here; `faults.ts` builds its faults on it.
 */
export type RouteHook = (request: RecordedRequest, response: ServerResponse, context: HookContext) => boolean | Promise<boolean>;

/** What the route would answer, before serialization: `text` is sent verbatim (SARIF), otherwise `body` as JSON. */
export interface ScenarioReply {
  status: number;
  body?: unknown;
  text?: string;
  contentType?: string;
  /** Extra response headers (pagination links, counts), kept by faults that send the scenario's answer. */
  headers?: Record<string, string>;
}

/** Lets a hook reuse the scenario: compute the route's own answer, then send it (possibly altered). */
export interface HookContext {
  /** The reply the route's handler computes from the scenario files; throws like the route (e.g. 404 unknown service). */
  scenarioReply(): Promise<ScenarioReply>;
  /** Sends a reply the way routes do: Content-Length, strong ETag on a GET 200, 304 for a matching If-None-Match. */
  send(reply: ScenarioReply): void;
}

/** Hooks by route. */
export type RouteHooks = Partial<Record<RouteName, RouteHook>>;

/** Start a fixture backend that serves `options.scenarioDir` on 127.0.0.1. */
export async function startFixtureBackend(options: FixtureBackendOptions): Promise<FixtureBackend> {
  const state = createState(options);
  // The control API installs faults on the backend object; requests are only handled once `listen` resolved, so
  // `backend` is initialized by then.
  const server = createServer((req, res) => {
    void handleRequest(state, req, res, () => backend);
  });
  const port = await listen(server, options.port ?? 0);
  const backend: FixtureBackend = {
    url: `http://127.0.0.1:${port}`,
    port,
    requests: state.requests,
    triage: state.triage,
    tickets: state.tickets,
    hooks: state.hooks,
    close: () => closeServer(server),
  };
  return backend;
}

/**
 * Absolute path of `test-fixtures/backend/scenarios/<name>`. Resolved from this file's location so it works from
 * the compiled `out/test-fixtures/backend/` as well; throws when the scenario folder does not exist.
 */
export function scenarioPath(name: string): string {
  const scenariosDir = path.resolve(__dirname, '../../../test-fixtures/backend/scenarios');
  const dir = path.join(scenariosDir, name);
  if (!isDirectory(dir)) {
    throw new Error(`Fixture backend scenario "${name}" not found at ${dir}. Known scenarios: ${listScenarios(scenariosDir)}`);
  }
  return dir;
}

function isDirectory(dir: string): boolean {
  return existsSync(dir) && statSync(dir).isDirectory();
}

function listScenarios(scenariosDir: string): string {
  if (!isDirectory(scenariosDir)) {
    return '(none)';
  }
  const names = readdirSync(scenariosDir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
  return names.length > 0 ? names.join(', ') : '(none)';
}

// ---------------------------------------------------------------------------------------------------------------
// Server state and plumbing

interface State {
  scenarioDir: string;
  token: string;
  controlToken?: string;
  hooks: RouteHooks;
  onRequest?: (request: RecordedRequest, status: number) => void;
  requests: RecordedRequest[];
  triage: { findingId: string; body: unknown }[];
  tickets: unknown[];
  /** Latest triage state per finding id; overlaid on served findings so a triage is visible on the next GET. */
  triageStates: Map<string, TriageState>;
}

/** What a handler answers; `text` is sent verbatim (SARIF files), otherwise `body` is serialized as JSON. */
type Reply = ScenarioReply;

interface RouteContext {
  state: State;
  request: RecordedRequest;
  params: string[];
}

interface Route {
  name: RouteName;
  method: 'GET' | 'POST';
  pattern: RegExp;
  handle: (ctx: RouteContext) => Promise<Reply>;
}

/** Thrown by handlers to answer an API error; anything else thrown becomes a 500. */
class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const defaultToken = 'fixture-token';
const defaultPageSize = 100;
const maxPageSize = 1000;

function createState(options: FixtureBackendOptions): State {
  return {
    scenarioDir: options.scenarioDir,
    token: options.token ?? defaultToken,
    controlToken: options.controlToken,
    hooks: { ...options.hooks },
    onRequest: options.onRequest,
    requests: [],
    triage: [],
    tickets: [],
    triageStates: new Map(),
  };
}

/** Listens on 127.0.0.1 (port 0: a free one) and answers the port. */
export function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Closes a server, its idle keep-alive connections included. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((err) => (err ? reject(err) : resolve()));
    // Clients such as fetch keep idle sockets alive; without this close() would wait for their timeout.
    server.closeAllConnections();
  });
}

async function handleRequest(state: State, req: IncomingMessage, res: ServerResponse, backendOf: () => FixtureBackend): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const request: RecordedRequest = {
    method: req.method ?? 'GET',
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers: recordHeaders(req),
    receivedAt: Date.now(),
  };
  const isControl = state.controlToken !== undefined && request.path.startsWith(controlPrefix);
  if (!isControl) {
    state.requests.push(request);
  }
  res.once('finish', () => state.onRequest?.(request, res.statusCode));
  res.once('close', () => {
    if (!res.writableFinished) {
      state.onRequest?.(request, 0);
    }
  });
  try {
    if (isControl) {
      await answerControl(state, backendOf(), req, res, request);
    } else {
      await answer(state, req, res, request);
    }
  } catch (err) {
    sendReply(res, req, toErrorReply(err));
  }
}

async function answer(state: State, req: IncomingMessage, res: ServerResponse, request: RecordedRequest): Promise<void> {
  if (!isAuthorized(req, state.token)) {
    throw new HttpError(401, 'unauthorized', 'Missing or invalid bearer token.');
  }
  const match = matchRoute(request.method, request.path);
  if (!match) {
    throw new HttpError(404, 'not_found', `No route for ${request.method} ${request.path}.`);
  }
  if (match.route.method === 'POST') {
    request.body = await readJsonBody(req);
  }
  const hook = state.hooks[match.route.name];
  const scenarioReply = (): Promise<Reply> => match.route.handle({ state, request, params: match.params });
  if (hook && (await hook(request, res, { scenarioReply, send: (reply) => sendReply(res, req, reply) }))) {
    return;
  }
  sendReply(res, req, await scenarioReply());
}

function recordHeaders(req: IncomingMessage): Record<string, string | undefined> {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  if (headers.authorization !== undefined) {
    headers.authorization = '<redacted>';
  }
  return headers;
}

function isAuthorized(req: IncomingMessage, token: string): boolean {
  return req.headers.authorization === `Bearer ${token}`;
}

function matchRoute(method: string, pathname: string): { route: Route; params: string[] } | undefined {
  for (const route of routes) {
    const m = route.pattern.exec(pathname);
    if (m && route.method === method) {
      return { route, params: m.slice(1).map((p) => decodeURIComponent(p)) };
    }
  }
  return undefined;
}

async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') {
    throw new HttpError(400, 'invalid_request', 'Request body must be JSON.');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, 'invalid_request', 'Request body is not valid JSON.');
  }
}

function toErrorReply(err: unknown): Reply {
  if (err instanceof HttpError) {
    return errorReply(err.status, err.code, err.message);
  }
  // A broken scenario file is a test bug; say which file in the answer so the failing test shows it.
  return errorReply(500, 'fixture_error', err instanceof Error ? err.message : String(err));
}

function errorReply(status: number, code: string, message: string): Reply {
  return { status, body: { error: { code, message } } };
}

/** Serialize a reply; successful GETs carry a strong ETag and honour If-None-Match with 304. */
export function sendReply(res: ServerResponse, req: IncomingMessage, reply: Reply): void {
  if (res.headersSent) {
    return;
  }
  const payload = reply.text ?? JSON.stringify(reply.body ?? null);
  res.setHeader('Content-Type', reply.contentType ?? 'application/json; charset=utf-8');
  for (const [name, value] of Object.entries(reply.headers ?? {})) {
    res.setHeader(name, value);
  }
  if (req.method === 'GET' && reply.status === 200) {
    const etag = strongEtag(payload);
    res.setHeader('ETag', etag);
    if (matchesIfNoneMatch(req.headers['if-none-match'], etag)) {
      res.removeHeader('Content-Type');
      res.writeHead(304).end();
      return;
    }
  }
  res.writeHead(reply.status, { 'Content-Length': Buffer.byteLength(payload) }).end(payload);
}

function strongEtag(payload: string): string {
  return `"${createHash('sha256').update(payload).digest('base64url').slice(0, 27)}"`;
}

/** If-None-Match uses the weak comparison (RFC 9110 §13.1.2), so `W/"x"` matches `"x"`. */
function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (header === undefined) {
    return false;
  }
  const candidates = header.split(',').map((t) => t.trim().replace(/^W\//, ''));
  return candidates.includes('*') || candidates.includes(etag);
}

// ---------------------------------------------------------------------------------------------------------------
// Scenario files. Re-read on every request so a test can rewrite them between calls.

interface ServiceRecord {
  id: string;
  repository?: string;
  [key: string]: unknown;
}

interface FindingRecord {
  id: string;
  [key: string]: unknown;
}

async function readJsonFile(file: string): Promise<unknown> {
  const text = await readFile(file, 'utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new Error(`Scenario file ${file} is not valid JSON: ${(err as Error).message}`);
  }
}

/** Read a JSON file, or `fallback` when it does not exist (optional scenario files). */
async function readOptionalJson(file: string, fallback: unknown): Promise<unknown> {
  return existsSync(file) ? readJsonFile(file) : fallback;
}

function listProperty(value: unknown, key: string, file: string): unknown[] {
  const list = isObject(value) ? value[key] : undefined;
  if (!Array.isArray(list)) {
    throw new Error(`Scenario file ${file} must be an object with a "${key}" array.`);
  }
  return list;
}

async function readServices(state: State): Promise<ServiceRecord[]> {
  const file = path.join(state.scenarioDir, 'services.json');
  return listProperty(await readJsonFile(file), 'services', file).filter(isServiceRecord);
}

async function requireService(state: State, id: string): Promise<ServiceRecord> {
  const service = (await readServices(state)).find((s) => s.id === id);
  if (!service) {
    throw new HttpError(404, 'not_found', `Unknown service "${id}".`);
  }
  return service;
}

/** A service without a findings file simply has no findings. */
async function readFindings(state: State, serviceId: string): Promise<FindingRecord[]> {
  const file = path.join(state.scenarioDir, 'findings', `${serviceId}.json`);
  const list = await readOptionalJson(file, []);
  if (!Array.isArray(list)) {
    throw new Error(`Scenario file ${file} must be a JSON array of findings.`);
  }
  return list.filter(isFindingRecord).map((f) => withTriage(state, f));
}

async function findFinding(state: State, findingId: string): Promise<FindingRecord> {
  const dir = path.join(state.scenarioDir, 'findings');
  const files = existsSync(dir) ? (await readdir(dir)).filter((f) => f.endsWith('.json')) : [];
  for (const file of files) {
    const found = (await readFindings(state, path.basename(file, '.json'))).find((f) => f.id === findingId);
    if (found) {
      return found;
    }
  }
  throw new HttpError(404, 'not_found', `Unknown finding "${findingId}".`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isServiceRecord(value: unknown): value is ServiceRecord {
  return isObject(value) && typeof value.id === 'string';
}

function isFindingRecord(value: unknown): value is FindingRecord {
  return isObject(value) && typeof value.id === 'string';
}

// ---------------------------------------------------------------------------------------------------------------
// Route handlers

async function listServices({ state, request }: RouteContext): Promise<Reply> {
  const repository = request.query.repository;
  const services = await readServices(state);
  // Exact match on purpose: the client must send the normalized form, and a lenient fixture would hide that bug.
  const selected = repository === undefined ? services : services.filter((s) => s.repository === repository);
  return { status: 200, body: { services: selected } };
}

async function listFindings({ state, request, params }: RouteContext): Promise<Reply> {
  await requireService(state, params[0]);
  const findings = await readFindings(state, params[0]);
  const offset = decodeCursor(request.query.cursor);
  const limit = parseLimit(request.query.limit);
  const end = offset + limit;
  return {
    status: 200,
    body: { findings: findings.slice(offset, end), nextCursor: end < findings.length ? encodeCursor(end) : null },
  };
}

async function getSarif({ state, params }: RouteContext): Promise<Reply> {
  await requireService(state, params[0]);
  const file = path.join(state.scenarioDir, 'sarif', `${params[0]}.sarif`);
  if (!existsSync(file)) {
    throw new HttpError(404, 'not_found', `No SARIF for service "${params[0]}".`);
  }
  return { status: 200, text: await readFile(file, 'utf8'), contentType: 'application/sarif+json; charset=utf-8' };
}

async function getExposure({ state, params }: RouteContext): Promise<Reply> {
  await requireService(state, params[0]);
  const file = path.join(state.scenarioDir, 'exposure', `${params[0]}.json`);
  // No exposure file means the platform has no runtime data yet, which the API expresses with empty lists.
  const exposure = await readOptionalJson(file, { environments: [], dataClasses: [], endpoints: [] });
  // A file `{"$status": 404, "error": {...}}` makes the platform answer that API error instead (e.g. no data at all).
  if (isObject(exposure) && typeof exposure.$status === 'number') {
    return { status: exposure.$status, body: { error: exposure.error } };
  }
  return { status: 200, body: exposure };
}

async function listPolicies({ state, request }: RouteContext): Promise<Reply> {
  if (request.query.service !== undefined) {
    await requireService(state, request.query.service);
  }
  const file = path.join(state.scenarioDir, 'policies.json');
  return { status: 200, body: { policies: listProperty(await readOptionalJson(file, { policies: [] }), 'policies', file) } };
}

async function triageFinding({ state, request, params }: RouteContext): Promise<Reply> {
  const triage = parseTriage(request.body);
  const findingId = params[0];
  await findFinding(state, findingId);
  state.triage.push({ findingId, body: request.body });
  state.triageStates.set(findingId, triage.state);
  // Re-read so the answer is exactly what the next GET of findings will show: same body in, same finding out.
  return { status: 200, body: await findFinding(state, findingId) };
}

async function createTicket({ state, request }: RouteContext): Promise<Reply> {
  validateTicket(request.body);
  state.tickets.push(request.body);
  const id = `SEC-${state.tickets.length}`;
  return { status: 201, body: { id, url: `https://jira.example/browse/${id}` } };
}

const routes: Route[] = [
  { name: 'listServices', method: 'GET', pattern: /^\/api\/v1\/services$/, handle: listServices },
  { name: 'listFindings', method: 'GET', pattern: /^\/api\/v1\/services\/([^/]+)\/findings$/, handle: listFindings },
  { name: 'getSarif', method: 'GET', pattern: /^\/api\/v1\/services\/([^/]+)\/sarif$/, handle: getSarif },
  { name: 'getExposure', method: 'GET', pattern: /^\/api\/v1\/services\/([^/]+)\/exposure$/, handle: getExposure },
  { name: 'listPolicies', method: 'GET', pattern: /^\/api\/v1\/policies$/, handle: listPolicies },
  { name: 'triageFinding', method: 'POST', pattern: /^\/api\/v1\/findings\/([^/]+)\/triage$/, handle: triageFinding },
  { name: 'createTicket', method: 'POST', pattern: /^\/api\/v1\/tickets$/, handle: createTicket },
];

// ---------------------------------------------------------------------------------------------------------------
// Control API (opt-in with `controlToken`): lets a test in another process (the VS Code extension host) inject faults
// and read what the backend received. Not part of backend API v1; README.md "Control API" documents it.

const controlPrefix = '/__fixture/';

/** Keys `POST /__fixture/faults` accepts in `options`, with their checks (the faults read only their own). */
const faultOptionChecks: Record<keyof FaultOptions, (value: unknown) => boolean> = {
  delayMs: (v) => typeof v === 'number' && Number.isFinite(v) && v >= 0,
  retryAfterSeconds: (v) => typeof v === 'number' && Number.isFinite(v) && v >= 0,
  status: (v) => v === 429 || v === 503,
  times: (v) => typeof v === 'number' && Number.isInteger(v) && v >= 0,
  drift: (v) => v === 'mixed' || v === 'envelope',
  count: (v) => typeof v === 'number' && Number.isInteger(v) && v >= 0,
  encoding: (v) => v === 'gzip' || v === 'deflate' || v === 'br',
  sizeMb: (v) => typeof v === 'number' && Number.isFinite(v) && v >= 0,
  codeFiles: (v) => {
    const isFileList = (list: unknown): boolean =>
      Array.isArray(list) && list.length > 0 && list.every((file: { path?: unknown; lines?: unknown }) => typeof file?.path === 'string' && Number.isInteger(file.lines) && (file.lines as number) > 0);
    return typeof v === 'object' && v !== null && isFileList((v as { hot?: unknown }).hot) && isFileList((v as { all?: unknown }).all);
  },
};

async function answerControl(state: State, backend: FixtureBackend, req: IncomingMessage, res: ServerResponse, request: RecordedRequest): Promise<void> {
  if (req.headers.authorization !== `Bearer ${state.controlToken}`) {
    throw new HttpError(401, 'unauthorized', 'Missing or invalid control token.');
  }
  const endpoint = `${request.method} ${request.path.slice(controlPrefix.length)}`;
  switch (endpoint) {
    case 'POST faults': {
      const applied = installFaults(backend, await readJsonBody(req));
      sendReply(res, req, { status: 200, body: { applied } });
      return;
    }
    case 'DELETE faults':
      clearFaults(backend);
      res.writeHead(204).end();
      return;
    case 'GET triage':
      sendReply(res, req, { status: 200, body: { triage: state.triage } });
      return;
    case 'GET tickets':
      sendReply(res, req, { status: 200, body: { tickets: state.tickets } });
      return;
    case 'GET requests':
      sendReply(res, req, { status: 200, body: { requests: state.requests } });
      return;
    default:
      throw new HttpError(404, 'not_found', `No control endpoint ${request.method} ${request.path}.`);
  }
}

/** `{route, fault, options?}`; route `"*"` installs the fault on every route. Validates everything before installing. */
function installFaults(backend: FixtureBackend, body: unknown): { route: RouteName; fault: FaultName }[] {
  if (!isObject(body)) {
    throw new HttpError(400, 'invalid_request', 'Body must be {"route", "fault", "options"?}.');
  }
  const { route, fault, options = {} } = body;
  if (route !== '*' && !routeNames.includes(route as RouteName)) {
    throw new HttpError(400, 'invalid_request', `route must be "*" or one of ${routeNames.join(', ')}.`);
  }
  if (!faultNames.includes(fault as FaultName)) {
    throw new HttpError(400, 'invalid_request', `fault must be one of ${faultNames.join(', ')}.`);
  }
  if (!isObject(options)) {
    throw new HttpError(400, 'invalid_request', 'options must be an object.');
  }
  for (const [key, value] of Object.entries(options)) {
    const check = faultOptionChecks[key as keyof FaultOptions] as ((value: unknown) => boolean) | undefined;
    if (!check?.(value)) {
      throw new HttpError(400, 'invalid_request', check ? `options.${key} has an invalid value: ${JSON.stringify(value)}.` : `Unknown option "${key}".`);
    }
  }
  const routes = route === '*' ? routeNames : [route as RouteName];
  if (routes.length > 1 && (fault === 'hugeFindings' || (fault === 'schemaDrift' && options.drift === 'mixed'))) {
    throw new HttpError(400, 'invalid_request', `${String(fault)}${fault === 'schemaDrift' ? ' "mixed"' : ''} applies to listFindings only, not to "*".`);
  }
  try {
    return routes.map((name) => {
      const applied = applyFault(backend, name, fault as FaultName, options as FaultOptions);
      return { route: applied.route as RouteName, fault: applied.fault };
    });
  } catch (err) {
    // applyFault validates a single route's combination before it installs anything.
    throw new HttpError(400, 'invalid_request', (err as Error).message);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Paging, triage and ticket validation

/** Opaque to clients; base64url keeps them from building cursors by hand. Exported for hooks that page. */
export function encodeCursor(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString('base64url');
}

/** Offset of a cursor issued by `encodeCursor` (0 when absent); throws a 400 API error for a foreign cursor. */
export function decodeCursor(cursor: string | undefined): number {
  if (cursor === undefined || cursor === '') {
    return 0;
  }
  const m = /^offset:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) {
    throw new HttpError(400, 'invalid_cursor', `Cursor "${cursor}" was not issued by this server.`);
  }
  return Number(m[1]);
}

/** Page size from `?limit=` (default 100, capped at 1000); throws a 400 API error when it is not a positive integer. */
export function parseLimit(limit: string | undefined): number {
  if (limit === undefined || limit === '') {
    return defaultPageSize;
  }
  const n = Number(limit);
  if (!Number.isInteger(n) || n < 1) {
    throw new HttpError(400, 'invalid_request', `limit must be a positive integer, got "${limit}".`);
  }
  return Math.min(n, maxPageSize);
}

type TriageState = 'accepted_risk' | 'false_positive' | 'not_affected' | 'reopen';

const triageStates: readonly TriageState[] = ['accepted_risk', 'false_positive', 'not_affected', 'reopen'];

/** Finding status after a triage; `not_affected` (VEX) is a triaged finding, not a false positive of the scanner. */
const statusAfterTriage: Record<TriageState, string> = {
  accepted_risk: 'accepted',
  false_positive: 'false_positive',
  not_affected: 'triaged',
  reopen: 'open',
};

function parseTriage(body: unknown): { state: TriageState } {
  if (!isObject(body)) {
    throw new HttpError(400, 'invalid_request', 'Triage body must be a JSON object.');
  }
  const state = triageStates.find((s) => s === body.state);
  if (!state) {
    throw new HttpError(400, 'invalid_request', `state must be one of ${triageStates.join(', ')}.`);
  }
  for (const key of ['justification', 'reason', 'expiresAt']) {
    if (body[key] !== undefined && typeof body[key] !== 'string') {
      throw new HttpError(400, 'invalid_request', `${key} must be a string.`);
    }
  }
  if (typeof body.expiresAt === 'string' && Number.isNaN(Date.parse(body.expiresAt))) {
    throw new HttpError(400, 'invalid_request', 'expiresAt must be an ISO 8601 timestamp.');
  }
  return { state };
}

function withTriage(state: State, finding: FindingRecord): FindingRecord {
  const triage = state.triageStates.get(finding.id);
  return triage === undefined ? finding : { ...finding, status: statusAfterTriage[triage] };
}

function validateTicket(body: unknown): void {
  const isValid =
    isObject(body) &&
    Array.isArray(body.findingIds) &&
    body.findingIds.length > 0 &&
    body.findingIds.every((id) => typeof id === 'string') &&
    typeof body.title === 'string' &&
    body.title.trim() !== '' &&
    (body.body === undefined || typeof body.body === 'string');
  if (!isValid) {
    throw new HttpError(400, 'invalid_request', 'Ticket needs findingIds (non-empty string array), title and optional body.');
  }
}
