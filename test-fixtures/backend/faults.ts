/**
 * Fault injection for the fixture backend, per route, built on `FixtureBackend.hooks`:
 *   const fault = applyFault(backend, 'listFindings', 'rateLimited', { retryAfterSeconds: 2 });
 *   ...; fault.hits;  // arrival times of the requests it answered
 *   clearFaults(backend);
 * The CLI (`main.ts --fault listFindings=status500`) parses its flags with `parseFaultSpec`.
 */
import type { ServerResponse } from 'node:http';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import {
  decodeCursor,
  encodeCursor,
  parseLimit,
  type HookContext,
  type RecordedRequest,
  type RouteHook,
  type RouteName,
} from './fixtureBackend';

/** The faults a route can be given; README.md describes each one. */
export type FaultName =
  | 'down'
  | 'delay'
  | 'status500'
  | 'status401'
  | 'status403'
  | 'rateLimited'
  | 'truncatedBody'
  | 'nonJson'
  | 'schemaDrift'
  | 'hugeFindings'
  | 'redirect'
  | 'compressed'
  | 'oversized';

export const faultNames: readonly FaultName[] = [
  'down',
  'delay',
  'status500',
  'status401',
  'status403',
  'rateLimited',
  'truncatedBody',
  'nonJson',
  'schemaDrift',
  'hugeFindings',
  'redirect',
  'compressed',
  'oversized',
];

const routeSet: Record<RouteName, true> = {
  listServices: true,
  listFindings: true,
  getSarif: true,
  getExposure: true,
  listPolicies: true,
  triageFinding: true,
  createTicket: true,
};

/** Every route name, for validating user input. */
export const routeNames = Object.keys(routeSet) as RouteName[];

/** Knobs of the faults; each fault reads only its own. */
export interface FaultOptions {
  /** `delay`: milliseconds before the scenario answers; default 3000. */
  delayMs?: number;
  /** `rateLimited`: the `Retry-After` value in seconds; default 1. */
  retryAfterSeconds?: number;
  /** `rateLimited`: 429 Too Many Requests (default) or 503 Service Unavailable. */
  status?: 429 | 503;
  /** Fault only the first `times` requests of the route, then answer normally again; default: every request. */
  times?: number;
  /**
   * `schemaDrift`: `mixed` (listFindings only, its default) keeps the page valid but breaks findings #1 and #2 of
   * every page; `envelope` (the default elsewhere) turns the reply's first top-level array into an object.
   */
  drift?: 'mixed' | 'envelope';
  /** `hugeFindings`: how many findings to generate; default 50,000. */
  count?: number;
  /**
   * `hugeFindings`: the workspace the code findings point into, instead of the node-express sample: `hot` files take
   * the correlating SAST and secret findings (many per file, like the sample's four), `all` the other code findings
   * (instead of `src/generated/…`). The bench passes the files of its generated workspace.
   */
  codeFiles?: { hot: readonly GeneratedFile[]; all: readonly GeneratedFile[] };
  /** `compressed`: the Content-Encoding of the scenario's answer; default gzip. */
  encoding?: 'gzip' | 'deflate' | 'br';
  /** `oversized`: megabytes of (valid) JSON streamed without Content-Length; default 65. */
  sizeMb?: number;
}

/**
 * What faults can be installed on: the fixture backend, or a fixture platform server (test-fixtures/platforms),
 * each with its own route names.
 */
export interface FaultTarget {
  hooks: Partial<Record<string, RouteHook>>;
  /** The target's routes; default: the backend API's. */
  routeNames?: readonly string[];
}

/** A fault installed on a route. */
export interface AppliedFault {
  route: string;
  fault: FaultName;
  options: FaultOptions;
  /** Arrival time (ms since the epoch) of each request this fault answered, in order. */
  hits: number[];
  /** Removes this fault (restoring the hook it replaced). */
  remove(): void;
}

/** Defaults, exported so tests can reason about them. */
export const faultDefaults = { delayMs: 3000, retryAfterSeconds: 1, hugeFindingsCount: 50_000, oversizedMb: 65, redirectTo: 'https://sso.example.com/login?state=fixture-state' } as const;

interface Installed {
  hook: RouteHook;
  previous: RouteHook | undefined;
}

const installedFaults = new WeakMap<FaultTarget, Map<string, Installed>>();

/**
 * Installs `fault` on `route`, replacing any fault already there. Throws for a combination that makes no sense
 * (`hugeFindings` or `schemaDrift: 'mixed'` on another route than listFindings).
 */
export function applyFault(backend: FaultTarget, route: string, fault: FaultName, options: FaultOptions = {}): AppliedFault {
  const names = backend.routeNames ?? routeNames;
  if (!names.includes(route)) {
    throw new Error(`Unknown route "${route}". Routes: ${names.join(', ')}`);
  }
  const answer = faultHandler(route, fault, options);
  const installed = installedOn(backend);
  removeFault(backend, route);
  const previous = backend.hooks[route];
  const hits: number[] = [];
  const times = options.times ?? Number.POSITIVE_INFINITY;
  const hook: RouteHook = (request, response, context) => {
    if (hits.length >= times) {
      return previous ? previous(request, response, context) : false;
    }
    hits.push(request.receivedAt);
    return answer(request, response, context);
  };
  backend.hooks[route] = hook;
  installed.set(route, { hook, previous });
  return { route, fault, options, hits, remove: () => removeFault(backend, route, hook) };
}

/** Removes every fault `applyFault` installed on this backend; hooks set by other means are restored. */
export function clearFaults(backend: FaultTarget): void {
  for (const route of [...installedOn(backend).keys()]) {
    removeFault(backend, route);
  }
}

/** A parsed `--fault` flag. */
export interface FaultSpec {
  route: RouteName;
  fault: FaultName;
  options: FaultOptions;
}

/**
 * Parses `route=fault[:arg[:arg]]`: `delay:<ms>`, `rateLimited:<seconds>[:429|503]`, `schemaDrift:<mixed|envelope>`,
 * `hugeFindings:<count>`, `compressed:<gzip|deflate|br>`, `oversized:<megabytes>`; the other faults take no
 * argument. Throws with a usable message on bad input.
 */
export function parseFaultSpec(spec: string): FaultSpec {
  const m = /^([A-Za-z]+)=([A-Za-z0-9]+)((?::[^:]+)*)$/.exec(spec);
  if (!m) {
    throw new Error(`--fault ${spec}: expected route=fault[:arg], e.g. listFindings=status500 or getExposure=delay:3000`);
  }
  const [, route, fault, rest] = m;
  if (!routeNames.includes(route as RouteName)) {
    throw new Error(`--fault ${spec}: unknown route "${route}". Routes: ${routeNames.join(', ')}`);
  }
  if (!faultNames.includes(fault as FaultName)) {
    throw new Error(`--fault ${spec}: unknown fault "${fault}". Faults: ${faultNames.join(', ')}`);
  }
  const args = rest === '' ? [] : rest.slice(1).split(':');
  const options: FaultOptions = {};
  const positive = (value: string, what: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0) {
      throw new Error(`--fault ${spec}: ${what} must be a non-negative number, got "${value}"`);
    }
    return n;
  };
  const maxArgs: Record<FaultName, number> = {
    down: 0,
    delay: 1,
    status500: 0,
    status401: 0,
    status403: 0,
    rateLimited: 2,
    truncatedBody: 0,
    nonJson: 0,
    schemaDrift: 1,
    hugeFindings: 1,
    redirect: 0,
    compressed: 1,
    oversized: 1,
  };
  if (args.length > maxArgs[fault as FaultName]) {
    throw new Error(`--fault ${spec}: too many arguments for ${fault}`);
  }
  if (fault === 'delay' && args[0] !== undefined) {
    options.delayMs = positive(args[0], 'the delay in ms');
  } else if (fault === 'rateLimited') {
    if (args[0] !== undefined) {
      options.retryAfterSeconds = positive(args[0], 'Retry-After seconds');
    }
    if (args[1] !== undefined) {
      if (args[1] !== '429' && args[1] !== '503') {
        throw new Error(`--fault ${spec}: the status of rateLimited is 429 or 503`);
      }
      options.status = Number(args[1]) as 429 | 503;
    }
  } else if (fault === 'schemaDrift' && args[0] !== undefined) {
    if (args[0] !== 'mixed' && args[0] !== 'envelope') {
      throw new Error(`--fault ${spec}: schemaDrift is mixed or envelope`);
    }
    options.drift = args[0];
  } else if (fault === 'hugeFindings' && args[0] !== undefined) {
    options.count = Math.floor(positive(args[0], 'the finding count'));
  } else if (fault === 'compressed' && args[0] !== undefined) {
    if (args[0] !== 'gzip' && args[0] !== 'deflate' && args[0] !== 'br') {
      throw new Error(`--fault ${spec}: compressed is gzip, deflate or br`);
    }
    options.encoding = args[0];
  } else if (fault === 'oversized' && args[0] !== undefined) {
    options.sizeMb = positive(args[0], 'the size in MB');
  }
  faultHandler(route as RouteName, fault as FaultName, options); // validates the combination
  return { route: route as RouteName, fault: fault as FaultName, options };
}

// ---------------------------------------------------------------------------------------------------------------
// Fault handlers. Each answers (or deliberately does not) and returns true, or returns false to let the scenario answer.

type FaultHandler = (request: RecordedRequest, response: ServerResponse, context: HookContext) => boolean | Promise<boolean>;

function faultHandler(route: string, fault: FaultName, options: FaultOptions): FaultHandler {
  switch (fault) {
    case 'down':
      return (_request, response) => {
        response.socket?.destroy();
        return true;
      };
    case 'delay':
      return (_request, response) => delayed(response, options.delayMs ?? faultDefaults.delayMs);
    case 'status500':
      return (_request, _response, context) => sendError(context, 500, 'internal', 'Internal server error (injected fault).');
    case 'status401':
      return (_request, _response, context) => sendError(context, 401, 'unauthorized', 'Token expired or revoked (injected fault).');
    case 'status403':
      return (_request, _response, context) => sendError(context, 403, 'forbidden', 'The token may not read this service (injected fault).');
    case 'rateLimited': {
      const status = options.status ?? 429;
      const seconds = options.retryAfterSeconds ?? faultDefaults.retryAfterSeconds;
      return (_request, response, context) => {
        response.setHeader('Retry-After', String(seconds));
        return status === 429
          ? sendError(context, 429, 'rate_limited', `Too many requests; retry after ${seconds} s (injected fault).`)
          : sendError(context, 503, 'unavailable', `Service unavailable; retry after ${seconds} s (injected fault).`);
      };
    }
    case 'truncatedBody':
      return truncatedBody;
    case 'nonJson':
      return nonJson;
    case 'schemaDrift': {
      const drift = options.drift ?? (route === 'listFindings' ? 'mixed' : 'envelope');
      if (drift === 'mixed' && route !== 'listFindings') {
        throw new Error(`schemaDrift "mixed" applies to listFindings only, not ${route}; use drift: "envelope"`);
      }
      return drift === 'mixed' ? mixedDrift : envelopeDrift;
    }
    case 'hugeFindings': {
      if (route !== 'listFindings') {
        throw new Error(`hugeFindings applies to listFindings only, not ${route}`);
      }
      const count = options.count ?? faultDefaults.hugeFindingsCount;
      return (request, _response, context) => hugeFindingsPage(request, context, count, options.codeFiles);
    }
    case 'redirect':
      return redirect;
    case 'compressed':
      return (_request, response, context) => compressed(response, context, options.encoding ?? 'gzip');
    case 'oversized':
      return (_request, response) => oversized(response, options.sizeMb ?? faultDefaults.oversizedMb);
    default:
      throw new Error(`Unknown fault "${String(fault)}". Faults: ${faultNames.join(', ')}`);
  }
}

function installedOn(backend: FaultTarget): Map<string, Installed> {
  let map = installedFaults.get(backend);
  if (!map) {
    map = new Map();
    installedFaults.set(backend, map);
  }
  return map;
}

/** Removes the fault on `route` (only if it is still `onlyHook`, when given) and restores the hook it replaced. */
function removeFault(backend: FaultTarget, route: string, onlyHook?: RouteHook): void {
  const installed = installedOn(backend);
  const entry = installed.get(route);
  if (!entry || (onlyHook !== undefined && entry.hook !== onlyHook)) {
    return;
  }
  installed.delete(route);
  if (backend.hooks[route] === entry.hook) {
    if (entry.previous) {
      backend.hooks[route] = entry.previous;
    } else {
      delete backend.hooks[route];
    }
  }
}

function sendError(context: HookContext, status: number, code: string, message: string): true {
  context.send({ status, body: { error: { code, message } } });
  return true;
}

/**
 * Waits, then lets the scenario answer. The timer is dropped when the connection closes first (client timeout,
 * `close()`), so a pending delay never keeps the process alive.
 */
function delayed(response: ServerResponse, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const onClose = (): void => {
      clearTimeout(timer);
      resolve(true);
    };
    const timer = setTimeout(() => {
      response.off('close', onClose);
      resolve(response.destroyed);
    }, ms);
    response.once('close', onClose);
  });
}

/** The scenario's answer with valid headers and its full Content-Length, but the connection ends halfway through. */
async function truncatedBody(_request: RecordedRequest, response: ServerResponse, context: HookContext): Promise<boolean> {
  const reply = await context.scenarioReply();
  const payload = Buffer.from(reply.text ?? JSON.stringify(reply.body ?? null));
  const sent = payload.subarray(0, Math.max(1, Math.floor(payload.length / 2)));
  response.writeHead(reply.status, {
    'Content-Type': reply.contentType ?? 'application/json; charset=utf-8',
    'Content-Length': Math.max(payload.length, sent.length + 1),
  });
  response.write(sent, () => response.socket?.destroy());
  return true;
}

/** What a captive portal or an SSO proxy in front of the API answers: 200 with a web page. */
function nonJson(_request: RecordedRequest, response: ServerResponse): boolean {
  const html =
    '<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8"><title>Sign in - Acme SSO</title></head>\n' +
    '<body><h1>Your session has expired</h1><form method="post" action="/sso/login"><input name="user"><button>Sign in</button></form></body>\n</html>\n';
  response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(html) });
  response.end(html);
  return true;
}

/** What a load balancer or SSO gateway answers when the URL is not the final address: 302 to a sign-in page. */
function redirect(_request: RecordedRequest, response: ServerResponse): boolean {
  const html = `<!DOCTYPE html><html><body><a href="${faultDefaults.redirectTo}">Moved</a></body></html>`;
  response.writeHead(302, { Location: faultDefaults.redirectTo, 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(html) });
  response.end(html);
  return true;
}

const compressors = { gzip: gzipSync, deflate: deflateSync, br: brotliCompressSync } as const;

/** The scenario's answer compressed, as a proxy in front of the API may send it (whatever the client asked). */
async function compressed(response: ServerResponse, context: HookContext, encoding: keyof typeof compressors): Promise<boolean> {
  const reply = await context.scenarioReply();
  const payload = compressors[encoding](Buffer.from(reply.text ?? JSON.stringify(reply.body ?? null)));
  response.writeHead(reply.status, { 'Content-Type': reply.contentType ?? 'application/json; charset=utf-8', 'Content-Encoding': encoding, 'Content-Length': payload.length });
  response.end(payload);
  return true;
}

/**
 * A valid JSON answer of `sizeMb` megabytes, streamed in 1 MB chunks without Content-Length (so only counting while
 * reading can stop it); the stream stops as soon as the client closes the connection.
 */
function oversized(response: ServerResponse, sizeMb: number): boolean {
  const chunk = 'a'.repeat(1024 * 1024);
  let sent = 0;
  let isClosed = false;
  response.on('close', () => (isClosed = true));
  response.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
  response.write('{"findings":[],"nextCursor":null,"padding":"');
  const pump = (): void => {
    while (!isClosed && sent < sizeMb) {
      sent++;
      if (!response.write(chunk)) {
        response.once('drain', pump);
        return;
      }
    }
    if (!isClosed) {
      response.end('"}');
    }
  };
  pump();
  return true;
}

/** Fields the `mixed` drift breaks, by index within a page; README.md and tests rely on these. */
export const mixedDriftBreaks = { 1: 'severity', 2: 'cvss.score' } as const;

/**
 * The scenario's findings page with drift a newer backend might send: every finding gains an unknown field (which
 * must be ignored), finding #1 of the page loses `severity`, finding #2 has `cvss.score` as a string.
 */
async function mixedDrift(_request: RecordedRequest, _response: ServerResponse, context: HookContext): Promise<boolean> {
  const reply = await context.scenarioReply();
  const body = reply.body as { findings?: unknown };
  if (reply.status !== 200 || !Array.isArray(body?.findings)) {
    context.send(reply);
    return true;
  }
  const findings = (body.findings as Record<string, unknown>[]).map((finding, index) => {
    const drifted: Record<string, unknown> = { ...finding, riskFactors: { exploitMaturity: 'poc', addedIn: 'api-v1.3' } };
    if (index === 1) {
      delete drifted.severity;
    } else if (index === 2) {
      const cvss = (finding.cvss ?? {}) as { score?: number };
      drifted.cvss = { ...cvss, score: String(cvss.score ?? 7.5) };
    }
    return drifted;
  });
  context.send({ ...reply, body: { ...body, findings, schemaVersion: '1.3' } });
  return true;
}

/** The scenario's reply with its first top-level array turned into an object keyed by `id` (or index). */
async function envelopeDrift(_request: RecordedRequest, _response: ServerResponse, context: HookContext): Promise<boolean> {
  const reply = await context.scenarioReply();
  if (reply.status >= 400) {
    context.send(reply);
    return true;
  }
  const body = reply.text !== undefined ? (JSON.parse(reply.text) as unknown) : reply.body;
  context.send({ status: reply.status, contentType: reply.contentType, body: driftEnvelope(body) });
  return true;
}

function driftEnvelope(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { items: body };
  }
  const record = body as Record<string, unknown>;
  const key = Object.keys(record).find((candidate) => Array.isArray(record[candidate]));
  if (key === undefined) {
    return [body];
  }
  const list = record[key] as unknown[];
  const keyed = Object.fromEntries(
    list.map((item, index) => {
      const id = typeof item === 'object' && item !== null ? (item as { id?: unknown }).id : undefined;
      return [typeof id === 'string' ? id : String(index), item];
    }),
  );
  return { ...record, [key]: keyed };
}

// ---------------------------------------------------------------------------------------------------------------
// hugeFindings: a large, realistic, deterministic finding set, generated page by page (nothing is kept in memory).

/** Packages of the node-express sample (versions as in its package-lock.json), so some generated findings correlate. */
const samplePackages = [
  { name: 'lodash', version: '4.17.15', fixed: '4.17.21', symbols: ['template', 'merge'] },
  { name: 'jsonwebtoken', version: '8.5.1', fixed: '9.0.0', symbols: ['sign', 'verify'] },
  { name: 'express', version: '4.17.1', fixed: '4.20.0', symbols: [] },
  { name: 'qs', version: '6.7.0', fixed: '6.7.3', symbols: ['parse'] },
  { name: 'body-parser', version: '1.19.0', fixed: '1.20.3', symbols: [] },
  { name: 'sanitize-html', version: '2.3.0', fixed: '2.12.1', symbols: [] },
  { name: 'moment', version: '2.29.1', fixed: '2.29.4', symbols: ['locale'] },
  { name: 'nanoid', version: '3.1.20', fixed: '3.3.8', symbols: [] },
  { name: 'cookie', version: '0.4.0', fixed: '0.7.0', symbols: ['serialize'] },
  { name: 'send', version: '0.17.1', fixed: '0.19.0', symbols: [] },
];

/** A source file findings can point into, with its line count. */
export interface GeneratedFile {
  path: string;
  lines: number;
}

/** Source files of the node-express sample with their line counts. */
const sampleFiles: GeneratedFile[] = [
  { path: 'src/routes/login.ts', lines: 11 },
  { path: 'src/routes/products.ts', lines: 17 },
  { path: 'src/server.ts', lines: 10 },
  { path: 'src/db.ts', lines: 3 },
];

const sastRules = [
  { id: 'js/sql-injection', title: 'Database query built from user-controlled sources', cwe: 'CWE-89' },
  { id: 'js/reflected-xss', title: 'Reflected cross-site scripting', cwe: 'CWE-79' },
  { id: 'js/path-injection', title: 'Uncontrolled data used in path expression', cwe: 'CWE-22' },
  { id: 'js/code-injection', title: 'Code injection', cwe: 'CWE-94' },
  { id: 'js/polynomial-redos', title: 'Polynomial regular expression used on uncontrolled data', cwe: 'CWE-1333' },
];

const severities = ['critical', 'high', 'high', 'medium', 'medium', 'medium', 'low', 'low', 'info'] as const;

/** Answers one page of the generated set, paged exactly like the scenario route (same cursors, limit rules). */
async function hugeFindingsPage(request: RecordedRequest, context: HookContext, count: number, codeFiles?: FaultOptions['codeFiles']): Promise<boolean> {
  await context.scenarioReply(); // the route's own checks: unknown service → 404, foreign cursor or bad limit → 400
  const serviceId = decodeURIComponent(/\/services\/([^/]+)\/findings$/.exec(request.path)?.[1] ?? 'svc');
  const offset = decodeCursor(request.query.cursor);
  const end = Math.min(count, offset + parseLimit(request.query.limit));
  const findings: unknown[] = [];
  for (let index = offset; index < end; index++) {
    findings.push(generatedFinding(index, serviceId, codeFiles));
  }
  context.send({ status: 200, body: { findings, nextCursor: end < count ? encodeCursor(end) : null } });
  return true;
}

/** `firstSeen` values, computed once (a Date per finding would dominate the generation time). */
const firstSeenDays = Array.from({ length: 300 }, (_, day) => new Date(Date.UTC(2026, 0, 1) + day * 86_400_000).toISOString());

/**
 * Finding number `index` of the generated set: a pure function of its arguments. Of every 20 findings, 2 are
 * advisories on packages of the node-express sample, 1 is a SAST finding on one of its lines and 1 a secret in
 * it (these correlate); the rest name packages and files the workspace does not have, plus IaC and DAST findings.
 * Every finding is one object literal of the same shape (absent fields are `undefined`, which JSON drops): object
 * spread made generation 40 times slower, and then the fixture, not the server, dominated load-test timings.
 */
export function generatedFinding(index: number, serviceId: string, codeFiles?: FaultOptions['codeFiles']): Record<string, unknown> {
  const h = hash(index);
  const slot = index % 20;
  const round = Math.floor(index / 20);
  const id = `f-gen-${index}`;
  let kind: string;
  let ruleId: string;
  let title: string;
  let description: string | undefined;
  let cvss: { score: number; vector: string } | undefined;
  let epss: { score: number; percentile: number } | undefined;
  let kev: boolean | undefined;
  let cwe: string[] | undefined;
  let aliases: string[] | undefined;
  let tool: { name: string; version: string };
  let location: { path: string; startLine: number; endLine: number; fingerprint: string } | undefined;
  let pkg: { purl: string; fixedVersions: string[]; vulnerableRange: string; vulnerableSymbols: string[] | undefined } | undefined;
  let resource: { type: string; name: string; address: string } | undefined;
  let endpoint: { method: string; path: string } | undefined;
  let remediation: { text: string } | undefined;
  if (slot <= 1 || (slot >= 4 && slot <= 12)) {
    const sample = slot <= 1 ? samplePackages[(round * 2 + slot) % samplePackages.length] : undefined;
    const name = sample?.name ?? `gen-lib-${h % 997}`;
    const version = sample?.version ?? `${1 + (h % 7)}.${h % 13}.${h % 5}`;
    const fixed = sample?.fixed ?? `${2 + (h % 7)}.0.0`;
    const symbols = sample?.symbols ?? [];
    kind = 'sca';
    ruleId = ghsaId(index);
    title = `Generated advisory ${ruleId} in ${name}`;
    description = `Synthetic advisory number ${index} for load tests: ${name}@${version} is affected; upgrade to ${fixed}.`;
    cvss = { score: Math.max(0.1, ((h >>> 8) % 100) / 10), vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' };
    epss = { score: (h % 1000) / 1000, percentile: ((h >>> 4) % 1000) / 1000 };
    kev = h % 97 === 0;
    cwe = ['CWE-1321'];
    aliases = [`CVE-2026-${10000 + index}`];
    tool = { name: 'dependency-scanner', version: '2.1' };
    pkg = {
      purl: `pkg:npm/${name}@${version}`,
      fixedVersions: [fixed],
      vulnerableRange: `<${fixed}`,
      vulnerableSymbols: symbols.length > 0 ? [symbols[h % symbols.length]] : undefined,
    };
    remediation = { text: `Upgrade \`${name}\` to ${fixed} or later.` };
  } else if (slot === 2 || (slot >= 13 && slot <= 16)) {
    // Independent bits of the hash for rule, file and line, so generated code findings rarely share rule and line.
    const rule = sastRules[(h >>> 12) % sastRules.length];
    const file =
      slot === 2
        ? (codeFiles?.hot ?? sampleFiles)[round % (codeFiles?.hot ?? sampleFiles).length]!
        : (codeFiles?.all[h % codeFiles.all.length] ?? { path: `src/generated/module-${h % 1000}.ts`, lines: 400 });
    const line = 1 + ((h >>> 16) % file.lines);
    kind = 'sast';
    ruleId = rule.id;
    title = rule.title;
    description = `${rule.title} (generated finding ${index}).`;
    cwe = [rule.cwe];
    tool = { name: 'CodeQL', version: '2.19.3' };
    location = { path: file.path, startLine: line, endLine: line, fingerprint: `gen-${index}` };
    remediation = { text: 'Validate or encode the untrusted value before it reaches the sink.' };
  } else if (slot === 3) {
    const hot = codeFiles?.hot ?? sampleFiles;
    const file = hot[(round + 1) % hot.length]!;
    const line = 1 + (h % file.lines);
    kind = 'secret';
    ruleId = 'generic-api-key';
    title = 'Generic API key committed to the repository';
    cwe = ['CWE-798'];
    tool = { name: 'gitleaks', version: '8.18.0' };
    location = { path: file.path, startLine: line, endLine: line, fingerprint: `gen-${index}` };
  } else if (slot === 17 || slot === 18) {
    kind = 'iac';
    ruleId = 'AWS-0107';
    title = 'Security group allows ingress from 0.0.0.0/0';
    tool = { name: 'trivy', version: '0.50.0' };
    resource = { type: 'aws_security_group', name: `sg-${h % 50}`, address: `aws_security_group.sg_${h % 50}` };
  } else {
    kind = 'dast';
    ruleId = 'zap-40012';
    title = 'Cross Site Scripting (Reflected)';
    tool = { name: 'ZAP', version: '2.15.0' };
    endpoint = { method: 'GET', path: `/rest/products/search?variant=${h % 100}` };
  }
  return {
    id,
    kind,
    ruleId,
    title,
    description,
    severity: severities[h % severities.length],
    cvss,
    epss,
    kev,
    cwe,
    aliases,
    tool,
    firstSeen: firstSeenDays[h % firstSeenDays.length],
    status: 'open',
    location,
    package: pkg,
    resource,
    endpoint,
    remediation,
    links: { finding: `https://aspm.example/f/${id}`, service: `https://aspm.example/svc/${serviceId}` },
  };
}

/** 32-bit integer mix (deterministic, no state). */
function hash(index: number): number {
  let x = (index + 0x9e3779b9) | 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/**
 * A GHSA-shaped id (`GHSA-xxxx-xxxx-xxxx`, GitHub's alphabet), unique per index: an affine map with a multiplier
 * coprime to 20 is a bijection modulo 20^12, so distinct indexes give distinct ids.
 */
function ghsaId(index: number): string {
  const alphabet = '23456789cfghjmpqrvwx';
  let n = (BigInt(index) * 25_214_903_917n + 1_234_567_891_011n) % 20n ** 12n;
  let out = '';
  for (let i = 0; i < 12; i++) {
    out += alphabet[Number(n % 20n)];
    n /= 20n;
  }
  return `GHSA-${out.slice(0, 4)}-${out.slice(4, 8)}-${out.slice(8, 12)}`;
}
