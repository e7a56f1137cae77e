/**
 * Fixture servers of the platforms the extension pulls findings from (DefectDojo, Dependency-Track, GitHub): a real
 * HTTP server on 127.0.0.1 (random port) answering like the platform (shapes, enums, pagination, auth failures,
 * write validation), from a scenario file, with the fault injection of the fixture backend (`../backend/faults.ts`).
 * README.md describes the scenarios and what each server checks.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import * as path from 'node:path';
import type { FaultTarget } from '../backend/faults';
import { closeServer, listen, type RouteHook, type ScenarioReply } from '../backend/fixtureBackend';
import { defectDojoPlatform } from './defectdojo/routes';
import { dependencyTrackPlatform } from './dependency-track/routes';
import { gitHubPlatform } from './github/routes';

export type PlatformKind = 'defectdojo' | 'dependency-track' | 'github';

/** One request as the server saw it. Credentials are never kept. */
export interface PlatformRequest {
  method: string;
  /** Without the server's base path (`/api/v3` for GHES). */
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | undefined>;
  body?: unknown;
  receivedAt: number;
}

/** What a route handler gets. */
export interface RouteContext<State> {
  state: State;
  request: PlatformRequest;
  params: string[];
  /** The absolute URL the client used, for pagination links (DRF `next`, GitHub `Link`). */
  selfUrl: URL;
  /** Base URL of the API as the client sees it (with the base path). */
  baseUrl: string;
  /** The largest page the server answers, whatever the client asks (DRF `max_limit`, GitHub's 100). */
  maxPageSize: number;
}

/** A platform's route: a name (for faults), a method and a path pattern. */
export interface PlatformRoute<State> {
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH';
  pattern: RegExp;
  handle(context: RouteContext<State>): ScenarioReply | Promise<ScenarioReply>;
}

/** A platform: its routes, how it authenticates, how it says "no" and whether it sends ETags. */
export interface PlatformDefinition<State> {
  kind: PlatformKind;
  defaultToken: string;
  routes: PlatformRoute<State>[];
  /** Reads the scenario file into the server's (mutable) state. */
  load(scenario: unknown): State;
  /** Whether the request carries the token the way the platform expects it. */
  isAuthorized(request: IncomingMessage, token: string): boolean;
  /** The platform's answer to a missing or wrong credential. */
  unauthorized(request: IncomingMessage): ScenarioReply;
  /** The platform's answer to an unknown path. */
  notFound(): ScenarioReply;
  /** The platform's answer to a body that is not JSON. */
  badRequest(message: string): ScenarioReply;
  sendsEtags: boolean;
}

/** A running platform fixture. Arrays are live. Faults install on `hooks` (`applyFault(server, route, …)`). */
export interface PlatformServer extends FaultTarget {
  kind: PlatformKind;
  /** Base URL the client is configured with, e.g. `http://127.0.0.1:41234` or `…/api/v3` (GHES). */
  url: string;
  token: string;
  requests: PlatformRequest[];
  /** The requests that change data (POST, PUT, PATCH), in order. */
  writes: PlatformRequest[];
  /** The scenario as it stands after the writes. */
  state: unknown;
  routeNames: readonly string[];
  close(): Promise<void>;
}

export interface PlatformServerOptions {
  kind: PlatformKind;
  /** A scenario name under `<kind>/scenarios/`, or an absolute path of a scenario file. */
  scenario: string;
  token?: string;
  port?: number;
  /** GitHub Enterprise Server serves the API under `/api/v3`. */
  basePath?: string;
  /** Answers pages of at most this many items (to test pagination with a small scenario); default 1000. */
  maxPageSize?: number;
}

const platforms: Record<PlatformKind, PlatformDefinition<never>> = {
  defectdojo: defectDojoPlatform as unknown as PlatformDefinition<never>,
  'dependency-track': dependencyTrackPlatform as unknown as PlatformDefinition<never>,
  github: gitHubPlatform as unknown as PlatformDefinition<never>,
};

/** The scenario file of a platform (resolved from this file, so it works from `out/` too). */
export function platformScenarioPath(kind: PlatformKind, scenario: string): string {
  return path.isAbsolute(scenario) ? scenario : path.resolve(__dirname, '../../../test-fixtures/platforms', kind, 'scenarios', `${scenario}.json`);
}

/** Starts the fixture server of one platform on 127.0.0.1. */
export async function startPlatformServer(options: PlatformServerOptions): Promise<PlatformServer> {
  const platform = platforms[options.kind] as PlatformDefinition<unknown>;
  const state = platform.load(JSON.parse(readFileSync(platformScenarioPath(options.kind, options.scenario), 'utf8')) as unknown);
  const token = options.token ?? platform.defaultToken;
  const basePath = (options.basePath ?? '').replace(/\/+$/, '');
  const requests: PlatformRequest[] = [];
  const writes: PlatformRequest[] = [];
  const hooks: Partial<Record<string, RouteHook>> = {};
  const server = createServer((req, res) => {
    void handle({ platform, state, token, basePath, requests, writes, hooks, maxPageSize: options.maxPageSize ?? 1000 }, req, res, () => fixture.url);
  });
  const port = await listen(server, options.port ?? 0);
  const fixture: PlatformServer = {
    kind: options.kind,
    url: `http://127.0.0.1:${port}${basePath}`,
    token,
    requests,
    writes,
    state,
    hooks,
    routeNames: platform.routes.map((route) => route.name),
    close: () => closeServer(server),
  };
  return fixture;
}

interface Running {
  platform: PlatformDefinition<unknown>;
  state: unknown;
  token: string;
  basePath: string;
  requests: PlatformRequest[];
  writes: PlatformRequest[];
  hooks: Partial<Record<string, RouteHook>>;
  maxPageSize: number;
}

async function handle(running: Running, req: IncomingMessage, res: ServerResponse, baseUrlOf: () => string): Promise<void> {
  const { platform } = running;
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const request: PlatformRequest = {
    method: req.method ?? 'GET',
    path: url.pathname.startsWith(running.basePath) ? url.pathname.slice(running.basePath.length) || '/' : url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers: Object.fromEntries(Object.entries(req.headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : value])),
    receivedAt: Date.now(),
  };
  for (const secret of ['authorization', 'x-api-key']) {
    if (request.headers[secret] !== undefined) {
      request.headers[secret] = '<redacted>';
    }
  }
  running.requests.push(request);
  const send = (reply: ScenarioReply): void => sendReply(res, req, reply, platform.sendsEtags);
  try {
    if (request.method !== 'GET') {
      const text = await readText(req);
      try {
        request.body = text === '' ? undefined : (JSON.parse(text) as unknown);
      } catch {
        send(platform.badRequest('The request body is not valid JSON.'));
        return;
      }
    }
    if (!platform.isAuthorized(req, running.token)) {
      send(platform.unauthorized(req));
      return;
    }
    const route = platform.routes.find((candidate) => candidate.method === request.method && candidate.pattern.test(request.path));
    if (!route || !url.pathname.startsWith(running.basePath)) {
      send(platform.notFound());
      return;
    }
    if (request.method !== 'GET') {
      running.writes.push(request);
    }
    const params = (route.pattern.exec(request.path) ?? []).slice(1).map((param) => decodeURIComponent(param));
    const selfUrl = new URL(`${baseUrlOf()}${request.path}${url.search}`);
    const scenarioReply = async (): Promise<ScenarioReply> => route.handle({ state: running.state, request, params, selfUrl, baseUrl: baseUrlOf(), maxPageSize: running.maxPageSize });
    const hook = running.hooks[route.name];
    if (hook && (await hook(request, res, { scenarioReply, send }))) {
      return;
    }
    send(await scenarioReply());
  } catch (error) {
    // A broken scenario is a test bug: the 500 names it.
    send({ status: 500, body: { fixture_error: (error as Error).message } });
  }
}

function sendReply(res: ServerResponse, req: IncomingMessage, reply: ScenarioReply, sendsEtags: boolean): void {
  if (res.headersSent) {
    return;
  }
  const payload = reply.text ?? (reply.body === undefined ? '' : JSON.stringify(reply.body));
  res.setHeader('Content-Type', reply.contentType ?? 'application/json; charset=utf-8');
  for (const [name, value] of Object.entries(reply.headers ?? {})) {
    res.setHeader(name, value);
  }
  if (sendsEtags && req.method === 'GET' && reply.status === 200) {
    const etag = `W/"${createHash('sha256').update(payload).digest('hex').slice(0, 32)}"`;
    res.setHeader('ETag', etag);
    const wanted = (req.headers['if-none-match'] ?? '').split(',').map((tag) => tag.trim().replace(/^W\//, ''));
    if (wanted.includes(etag.replace(/^W\//, ''))) {
      res.writeHead(304).end();
      return;
    }
  }
  res.writeHead(reply.status, { 'Content-Length': Buffer.byteLength(payload) }).end(payload);
}

async function readText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** `limit`/`offset`, `per_page`/`page`, `pageSize`/`pageNumber`: a positive integer query value, else the default. */
export function positiveInt(value: string | undefined, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(value);
  return value !== undefined && Number.isInteger(n) && n > 0 ? Math.min(n, max) : fallback;
}

/** Deep copy of scenario data (the server mutates its state on writes). */
export function copy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
