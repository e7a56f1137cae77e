import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { suite, suiteSetup, suiteTeardown, teardown, test } from 'mocha';
import { applyFault, clearFaults, faultDefaults, generatedFinding, mixedDriftBreaks, parseFaultSpec, type FaultSpec } from './faults';
import { encodeCursor, scenarioPath, startFixtureBackend, type FixtureBackend, type RouteHook } from './fixtureBackend';

const token = 'test-token';
const auth = { authorization: `Bearer ${token}` };

interface FindingsPage {
  findings: { id: string; status?: string }[];
  nextCursor: string | null;
}

suite('fixtureBackend', () => {
  let backend: FixtureBackend;

  suiteSetup(async () => {
    backend = await startFixtureBackend({ scenarioDir: scenarioPath('node-express'), token });
  });

  suiteTeardown(async () => {
    await backend.close();
  });

  test('listens on 127.0.0.1 and rejects a request without the bearer token', async () => {
    assert.match(backend.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${backend.url}/api/v1/services`);
    assert.equal(res.status, 401);
    const body = (await res.json()) as { error: { code: string; message: string } };
    assert.equal(body.error.code, 'unauthorized');
    assert.equal(typeof body.error.message, 'string');
  });

  test('rejects a wrong token and redacts it in the recorded request', async () => {
    const res = await fetch(`${backend.url}/api/v1/services`, { headers: { authorization: 'Bearer wrong' } });
    assert.equal(res.status, 401);
    assert.equal(backend.requests.at(-1)?.headers.authorization, '<redacted>');
  });

  test('filters services by repository', async () => {
    const match = await getJson<{ services: { id: string }[] }>('/api/v1/services?repository=github.com/acme/node-shop');
    assert.deepEqual(match.services.map((s) => s.id), ['svc-node-shop']);
    const other = await getJson<{ services: unknown[] }>('/api/v1/services?repository=github.com/acme/other');
    assert.deepEqual(other.services, []);
  });

  test('answers 404 with the error shape for an unknown service and an unknown route', async () => {
    for (const route of ['/api/v1/services/svc-nope/findings', '/api/v1/nothing']) {
      const res = await fetch(`${backend.url}${route}`, { headers: auth });
      assert.equal(res.status, 404, route);
      assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'not_found');
    }
  });

  test('pages findings with limit=3 until nextCursor is null', async () => {
    const all = await getJson<FindingsPage>('/api/v1/services/svc-node-shop/findings');
    assert.equal(all.nextCursor, null);
    const seen: string[] = [];
    let cursor: string | null = '';
    let pages = 0;
    while (cursor !== null) {
      const page: FindingsPage = await getJson<FindingsPage>(
        `/api/v1/services/svc-node-shop/findings?limit=3&cursor=${encodeURIComponent(cursor)}`,
      );
      assert.ok(page.findings.length <= 3);
      seen.push(...page.findings.map((f) => f.id));
      cursor = page.nextCursor;
      pages++;
    }
    assert.deepEqual(seen, all.findings.map((f) => f.id));
    assert.equal(pages, Math.ceil(all.findings.length / 3));
    assert.ok(seen.includes('f-sast-1') && seen.includes('f-lodash-1'));
  });

  test('answers a strong ETag and 304 for a matching If-None-Match', async () => {
    const url = `${backend.url}/api/v1/services/svc-node-shop/exposure`;
    const first = await fetch(url, { headers: auth });
    assert.equal(first.status, 200);
    const etag = first.headers.get('etag');
    assert.ok(etag !== null && /^"[^"]+"$/.test(etag), `strong ETag expected, got ${etag}`);
    await first.arrayBuffer();
    const second = await fetch(url, { headers: { ...auth, 'if-none-match': etag } });
    assert.equal(second.status, 304);
    assert.equal(second.headers.get('etag'), etag);
    const stale = await fetch(url, { headers: { ...auth, 'if-none-match': '"something-else"' } });
    assert.equal(stale.status, 200);
    await stale.arrayBuffer();
  });

  test('records a triage POST and answers the finding with its new status, idempotently', async () => {
    const triage = { state: 'not_affected', justification: 'code_not_reachable', reason: 'only used in a build script' };
    const post = (): Promise<Response> =>
      fetch(`${backend.url}/api/v1/findings/f-lodash-1/triage`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify(triage),
      });
    const first = await post();
    assert.equal(first.status, 200);
    const finding = (await first.json()) as { id: string; status: string };
    assert.deepEqual([finding.id, finding.status], ['f-lodash-1', 'triaged']);
    const second = await post();
    assert.deepEqual(await second.json(), finding);
    assert.deepEqual(backend.triage.at(-1), { findingId: 'f-lodash-1', body: triage });
    assert.deepEqual(backend.requests.at(-1)?.body, triage);
  });

  test('rejects a triage with an unknown state', async () => {
    const res = await fetch(`${backend.url}/api/v1/findings/f-jwt-1/triage`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ state: 'ignored' }),
    });
    assert.equal(res.status, 400);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'invalid_request');
  });

  test('creates tickets with increasing ids', async () => {
    const res = await fetch(`${backend.url}/api/v1/tickets`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ findingIds: ['f-jwt-1'], title: 'Upgrade jsonwebtoken to 9.0.0 in node-shop' }),
    });
    assert.equal(res.status, 201);
    const ticket = (await res.json()) as { id: string; url: string };
    assert.equal(ticket.id, `SEC-${backend.tickets.length}`);
    assert.equal(ticket.url, `https://jira.example/browse/${ticket.id}`);
  });

  test('lets a route hook answer instead of the scenario', async () => {
    backend.hooks.getExposure = (_request, response) => {
      response.writeHead(503, { 'retry-after': '1' }).end();
      return true;
    };
    try {
      const res = await fetch(`${backend.url}/api/v1/services/svc-node-shop/exposure`, { headers: auth });
      assert.equal(res.status, 503);
      assert.equal(res.headers.get('retry-after'), '1');
    } finally {
      delete backend.hooks.getExposure;
    }
  });

  async function getJson<T>(route: string): Promise<T> {
    const res = await fetch(`${backend.url}${route}`, { headers: auth });
    assert.equal(res.status, 200, `GET ${route}`);
    return (await res.json()) as T;
  }
});

suite('fixtureBackend scenario files', () => {
  test('are re-read on every request', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'aspm-fixture-'));
    cpSync(scenarioPath('empty'), dir, { recursive: true });
    const backend = await startFixtureBackend({ scenarioDir: dir });
    try {
      const url = `${backend.url}/api/v1/services/svc-empty/findings`;
      const headers = { authorization: 'Bearer fixture-token' };
      assert.deepEqual(((await (await fetch(url, { headers })).json()) as FindingsPage).findings, []);
      writeFileSync(path.join(dir, 'findings', 'svc-empty.json'), JSON.stringify([{ id: 'f-1', kind: 'sast', title: 't', severity: 'low' }]));
      const page = (await (await fetch(url, { headers })).json()) as FindingsPage;
      assert.deepEqual(page.findings.map((f) => f.id), ['f-1']);
    } finally {
      await backend.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('scenarioPath throws for an unknown scenario', () => {
    assert.throws(() => scenarioPath('no-such-scenario'), /no-such-scenario.*not found/);
  });
});

suite('fixtureBackend faults', () => {
  let backend: FixtureBackend;
  const statuses: number[] = [];
  const findingsUrl = (): string => `${backend.url}/api/v1/services/svc-node-shop/findings`;
  const exposureUrl = (): string => `${backend.url}/api/v1/services/svc-node-shop/exposure`;

  suiteSetup(async () => {
    backend = await startFixtureBackend({ scenarioDir: scenarioPath('node-express'), token, onRequest: (_request, status) => statuses.push(status) });
  });

  teardown(() => {
    clearFaults(backend);
  });

  suiteTeardown(async () => {
    await backend.close();
  });

  test('down: the socket is destroyed without an answer (reported with status 0)', async () => {
    const fault = applyFault(backend, 'listFindings', 'down');
    await assert.rejects(fetch(findingsUrl(), { headers: auth }), (err: Error) => {
      assert.match(String((err.cause as Error | undefined)?.message ?? err.message), /other side closed|socket|terminated/i);
      return true;
    });
    assert.equal(fault.hits.length, 1);
    assert.equal(statuses.at(-1), 0);
    const other = await fetch(exposureUrl(), { headers: auth });
    assert.equal(other.status, 200, 'other routes are unaffected');
    await other.arrayBuffer();
  });

  test('delay: answers the scenario after the delay', async () => {
    applyFault(backend, 'getExposure', 'delay', { delayMs: 150 });
    const started = Date.now();
    const res = await fetch(exposureUrl(), { headers: auth });
    assert.ok(Date.now() - started >= 145, `waited ${Date.now() - started} ms`);
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { internetFacing: boolean }).internetFacing, true);
  });

  test('delay: a pending delay neither blocks close() nor keeps a timer alive', async () => {
    const own = await startFixtureBackend({ scenarioDir: scenarioPath('node-express'), token });
    const timersBefore = process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
    const fault = applyFault(own, 'listFindings', 'delay', { delayMs: 60_000 });
    const pending = fetch(`${own.url}/api/v1/services/svc-node-shop/findings`, { headers: auth }).catch((err: unknown) => err);
    await waitUntil(() => fault.hits.length === 1);
    const started = Date.now();
    await own.close();
    assert.ok(Date.now() - started < 1000, `close() took ${Date.now() - started} ms`);
    assert.ok((await pending) instanceof Error, 'the client sees the connection close');
    await waitUntil(() => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length <= timersBefore);
  });

  for (const [fault, status, code] of [
    ['status500', 500, 'internal'],
    ['status401', 401, 'unauthorized'],
    ['status403', 403, 'forbidden'],
  ] as const) {
    test(`${fault}: answers ${status} with the API error shape`, async () => {
      applyFault(backend, 'listFindings', fault);
      const res = await fetch(findingsUrl(), { headers: auth });
      assert.equal(res.status, status);
      assert.equal(((await res.json()) as { error: { code: string } }).error.code, code);
    });
  }

  test('rateLimited: 429 with Retry-After, or 503; `times` limits it to the first requests', async () => {
    const fault = applyFault(backend, 'listFindings', 'rateLimited', { retryAfterSeconds: 2, times: 1 });
    const limited = await fetch(findingsUrl(), { headers: auth });
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('retry-after'), '2');
    assert.equal(((await limited.json()) as { error: { code: string } }).error.code, 'rate_limited');
    const next = await fetch(findingsUrl(), { headers: auth });
    assert.equal(next.status, 200, 'after `times` requests the scenario answers again');
    await next.arrayBuffer();
    assert.equal(fault.hits.length, 1);
    assert.equal(fault.hits[0], backend.requests.at(-2)?.receivedAt, 'hits are the arrival times of the faulted requests');

    applyFault(backend, 'listServices', 'rateLimited', { status: 503 });
    const unavailable = await fetch(`${backend.url}/api/v1/services`, { headers: auth });
    assert.equal(unavailable.status, 503);
    assert.equal(unavailable.headers.get('retry-after'), '1');
    await unavailable.arrayBuffer();
  });

  test('truncatedBody: valid headers, a Content-Length larger than the body, connection ended mid-JSON', async () => {
    applyFault(backend, 'listFindings', 'truncatedBody');
    const { status, contentLength, received, error } = await rawGet(findingsUrl());
    assert.equal(status, 200);
    assert.ok(contentLength > received.length && received.length > 0, `Content-Length ${contentLength}, received ${received.length}`);
    assert.ok(error !== undefined || received.length < contentLength);
    assert.throws(() => JSON.parse(received.toString('utf8')) as unknown);
    assert.ok(received.toString('utf8').startsWith('{"findings":['));
    await assert.rejects(fetch(findingsUrl(), { headers: auth }).then((res) => res.text()));
  });

  test('nonJson: 200 with an HTML page', async () => {
    applyFault(backend, 'getExposure', 'nonJson');
    const res = await fetch(exposureUrl(), { headers: auth });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
    const text = await res.text();
    assert.match(text, /^<!DOCTYPE html>/);
    assert.throws(() => JSON.parse(text) as unknown);
  });

  test('schemaDrift mixed: findings #1 and #2 break the schema, the others stay valid with an unknown field', async () => {
    const original = (await (await fetch(findingsUrl(), { headers: auth })).json()) as { findings: Record<string, unknown>[] };
    applyFault(backend, 'listFindings', 'schemaDrift');
    const drifted = (await (await fetch(findingsUrl(), { headers: auth })).json()) as { findings: Record<string, unknown>[]; nextCursor: null };
    assert.deepEqual(drifted.findings.map((f) => f.id), original.findings.map((f) => f.id));
    assert.equal(Object.keys(mixedDriftBreaks).length, 2);
    assert.equal(drifted.findings[1].severity, undefined);
    assert.equal(typeof (drifted.findings[2].cvss as { score: unknown }).score, 'string');
    assert.equal(drifted.findings[0].severity, original.findings[0].severity);
    assert.ok(drifted.findings.every((f) => f.riskFactors !== undefined));
    assert.equal(drifted.nextCursor, null);
  });

  test('schemaDrift envelope: the first top-level array becomes an object, on any route', async () => {
    applyFault(backend, 'listFindings', 'schemaDrift', { drift: 'envelope' });
    const findings = (await (await fetch(findingsUrl(), { headers: auth })).json()) as { findings: Record<string, unknown> };
    assert.ok(!Array.isArray(findings.findings) && typeof findings.findings === 'object');
    assert.ok('f-lodash-1' in findings.findings);
    applyFault(backend, 'getExposure', 'schemaDrift');
    const exposure = (await (await fetch(exposureUrl(), { headers: auth })).json()) as { environments: unknown; internetFacing: boolean };
    assert.ok(!Array.isArray(exposure.environments) && typeof exposure.environments === 'object');
    assert.throws(() => applyFault(backend, 'getExposure', 'schemaDrift', { drift: 'mixed' }), /listFindings only/);
  });

  test('hugeFindings: 50,000 findings by default, paged with the route cursors, deterministic', async () => {
    applyFault(backend, 'listFindings', 'hugeFindings');
    const first = await fetch(`${findingsUrl()}?limit=1000`, { headers: auth });
    const page = (await first.json()) as FindingsPage;
    assert.equal(page.findings.length, 1000);
    assert.equal(page.findings[0].id, 'f-gen-0');
    const last = (await (await fetch(`${findingsUrl()}?limit=1000&cursor=${encodeCursor(49_500)}`, { headers: auth })).json()) as FindingsPage;
    assert.deepEqual([last.findings.length, last.findings[0].id, last.findings.at(-1)?.id, last.nextCursor], [500, 'f-gen-49500', 'f-gen-49999', null]);
    const again = await fetch(`${findingsUrl()}?limit=1000`, { headers: { ...auth, 'if-none-match': first.headers.get('etag') ?? '' } });
    assert.equal(again.status, 304, 'the same page is generated identically (same ETag)');
    assert.deepEqual(generatedFinding(49_999, 'svc-node-shop'), generatedFinding(49_999, 'svc-node-shop'));
    const unknown = await fetch(`${backend.url}/api/v1/services/svc-nope/findings`, { headers: auth });
    assert.equal(unknown.status, 404, 'an unknown service is still 404');
    await unknown.arrayBuffer();
  });

  test('hugeFindings: a full walk yields unique ids, and some purls and paths of the node-express sample', async () => {
    applyFault(backend, 'listFindings', 'hugeFindings', { count: 2500 });
    const all: Record<string, unknown>[] = [];
    let cursor: string | null = '';
    for (let pages = 0; cursor !== null && pages < 10; pages++) {
      const page: { findings: Record<string, unknown>[]; nextCursor: string | null } = (await (
        await fetch(`${findingsUrl()}?limit=1000&cursor=${encodeURIComponent(cursor)}`, { headers: auth })
      ).json()) as { findings: Record<string, unknown>[]; nextCursor: string | null };
      all.push(...page.findings);
      cursor = page.nextCursor;
    }
    assert.equal(cursor, null);
    assert.equal(all.length, 2500);
    assert.equal(new Set(all.map((f) => f.id)).size, 2500);
    assert.equal(new Set(all.map((f) => f.ruleId).filter((id) => String(id).startsWith('GHSA-'))).size, all.filter((f) => f.kind === 'sca').length, 'advisory ids are unique');
    const purls = new Set(all.map((f) => (f.package as { purl?: string } | undefined)?.purl));
    assert.ok(purls.has('pkg:npm/lodash@4.17.15') && purls.has('pkg:npm/qs@6.7.0'));
    const paths = new Set(all.map((f) => (f.location as { path?: string } | undefined)?.path));
    assert.ok(paths.has('src/routes/login.ts') && [...paths].some((p) => p?.startsWith('src/generated/')));
    assert.deepEqual(new Set(all.map((f) => f.kind)), new Set(['sca', 'sast', 'secret', 'iac', 'dast']));
    assert.throws(() => applyFault(backend, 'getExposure', 'hugeFindings'), /listFindings only/);
  });

  test('redirect, compressed and oversized answer as a gateway, a proxy and a runaway server would', async () => {
    applyFault(backend, 'listFindings', 'redirect');
    const moved = await fetch(findingsUrl(), { headers: auth, redirect: 'manual' });
    assert.equal(moved.status, 302);
    assert.equal(moved.headers.get('location'), faultDefaults.redirectTo);
    await moved.arrayBuffer();
    const plain = (await (await fetch(exposureUrl(), { headers: auth })).json()) as unknown;
    applyFault(backend, 'getExposure', 'compressed', { encoding: 'gzip' });
    const raw = await rawGet(exposureUrl());
    assert.deepEqual(JSON.parse(gunzipSync(raw.received).toString('utf8')), plain, 'the scenario answer, gzip-encoded');
    applyFault(backend, 'listFindings', 'oversized', { sizeMb: 2 });
    const big = await fetch(findingsUrl(), { headers: auth });
    assert.equal(big.headers.get('content-length'), null, 'no Content-Length: only counting stops it');
    const text = await big.text();
    assert.ok(text.length > 2 * 1024 * 1024);
    assert.deepEqual((JSON.parse(text) as { findings: unknown[] }).findings, []);
  });

  test('clearFaults and remove() restore the hooks that were there before', async () => {
    const own: RouteHook = (_request, response) => {
      response.writeHead(418).end();
      return true;
    };
    backend.hooks.getExposure = own;
    const fault = applyFault(backend, 'getExposure', 'status500');
    applyFault(backend, 'listFindings', 'status500');
    assert.equal((await fetch(exposureUrl(), { headers: auth }).then(async (res) => (await res.arrayBuffer(), res.status))), 500);
    fault.remove();
    assert.equal(backend.hooks.getExposure, own);
    applyFault(backend, 'getExposure', 'down');
    clearFaults(backend);
    assert.equal(backend.hooks.getExposure, own);
    assert.equal(backend.hooks.listFindings, undefined);
    delete backend.hooks.getExposure;
  });

  test('parseFaultSpec reads the CLI form and rejects bad input', () => {
    const valid: [string, FaultSpec][] = [
      ['listFindings=status500', { route: 'listFindings', fault: 'status500', options: {} }],
      ['getExposure=delay:3000', { route: 'getExposure', fault: 'delay', options: { delayMs: 3000 } }],
      ['listServices=rateLimited:2:503', { route: 'listServices', fault: 'rateLimited', options: { retryAfterSeconds: 2, status: 503 } }],
      ['listFindings=schemaDrift:envelope', { route: 'listFindings', fault: 'schemaDrift', options: { drift: 'envelope' } }],
      ['listFindings=hugeFindings:1000', { route: 'listFindings', fault: 'hugeFindings', options: { count: 1000 } }],
      ['listFindings=compressed:br', { route: 'listFindings', fault: 'compressed', options: { encoding: 'br' } }],
      ['listFindings=oversized:70', { route: 'listFindings', fault: 'oversized', options: { sizeMb: 70 } }],
      ['listServices=redirect', { route: 'listServices', fault: 'redirect', options: {} }],
    ];
    for (const [spec, expected] of valid) {
      assert.deepEqual(parseFaultSpec(spec), expected, spec);
    }
    const invalid: [string, RegExp][] = [
      ['listFindings', /expected route=fault/],
      ['nowhere=down', /unknown route/],
      ['listFindings=explode', /unknown fault/],
      ['listFindings=delay:soon', /non-negative number/],
      ['listFindings=rateLimited:1:500', /429 or 503/],
      ['listFindings=down:1', /too many arguments/],
      ['getSarif=hugeFindings', /listFindings only/],
      ['listFindings=compressed:zip', /gzip, deflate or br/],
    ];
    for (const [spec, expected] of invalid) {
      assert.throws(() => parseFaultSpec(spec), expected, spec);
    }
  });

  /** GET over node:http so the bytes actually received can be compared with Content-Length. */
  function rawGet(url: string): Promise<{ status: number; contentLength: number; received: Buffer; error?: Error }> {
    return new Promise((resolve, reject) => {
      const req = httpGet(url, { headers: auth }, (res) => {
        const chunks: Buffer[] = [];
        const done = (error?: Error): void =>
          resolve({ status: res.statusCode ?? 0, contentLength: Number(res.headers['content-length']), received: Buffer.concat(chunks), error });
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done());
        res.on('error', (err) => done(err));
        res.on('aborted', () => done(new Error('aborted')));
      });
      req.on('error', reject);
      req.setTimeout(5000, () => req.destroy(new Error('timeout')));
    });
  }
});

suite('fixtureBackend control API', () => {
  const controlToken = 'control-token';
  const control = { authorization: `Bearer ${controlToken}` };
  let backend: FixtureBackend;
  const reported: string[] = [];
  const findingsUrl = (): string => `${backend.url}/api/v1/services/svc-node-shop/findings`;
  const controlFetch = (route: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<Response> =>
    fetch(`${backend.url}/__fixture/${route}`, {
      method: init.method ?? 'GET',
      headers: { ...(init.headers ?? control), 'content-type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });

  suiteSetup(async () => {
    backend = await startFixtureBackend({
      scenarioDir: scenarioPath('node-express'),
      token,
      controlToken,
      onRequest: (request, status) => reported.push(`${request.method} ${request.path} ${status}`),
    });
  });

  teardown(() => {
    clearFaults(backend);
  });

  suiteTeardown(async () => {
    await backend.close();
  });

  test('answers only the control token: neither no token nor the API token', async () => {
    for (const headers of [{}, auth, { authorization: 'Bearer wrong' }]) {
      const res = await controlFetch('triage', { headers });
      assert.equal(res.status, 401, JSON.stringify(headers));
      assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'unauthorized');
    }
    const api = await fetch(`${backend.url}/api/v1/services`, { headers: control });
    assert.equal(api.status, 401, 'the control token is no API token');
    await api.arrayBuffer();
  });

  test('control requests are reported to onRequest but not recorded with the API requests', async () => {
    const recorded = backend.requests.length;
    const res = await controlFetch('tickets');
    assert.deepEqual(await res.json(), { tickets: [] });
    assert.equal(backend.requests.length, recorded);
    await waitUntil(() => reported.includes('GET /__fixture/tickets 200'));
  });

  test('POST faults installs a fault on one route; DELETE faults removes every fault', async () => {
    const res = await controlFetch('faults', { method: 'POST', body: { route: 'listFindings', fault: 'status500' } });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { applied: [{ route: 'listFindings', fault: 'status500' }] });
    const faulted = await fetch(findingsUrl(), { headers: auth });
    assert.equal(faulted.status, 500);
    await faulted.arrayBuffer();
    const cleared = await controlFetch('faults', { method: 'DELETE' });
    assert.equal(cleared.status, 204);
    const healthy = await fetch(findingsUrl(), { headers: auth });
    assert.equal(healthy.status, 200);
    await healthy.arrayBuffer();
  });

  test('route "*" takes every API route down while the control API keeps answering', async () => {
    const res = await controlFetch('faults', { method: 'POST', body: { route: '*', fault: 'down' } });
    const { applied } = (await res.json()) as { applied: { route: string }[] };
    assert.equal(applied.length, 7);
    await assert.rejects(fetch(`${backend.url}/api/v1/services`, { headers: auth }));
    await assert.rejects(
      fetch(`${backend.url}/api/v1/findings/f-jwt-1/triage`, { method: 'POST', headers: auth, body: JSON.stringify({ state: 'accepted_risk' }) }),
    );
    const triage = await controlFetch('triage');
    assert.deepEqual(await triage.json(), { triage: [] }, 'the faulted POST was not accepted');
    await controlFetch('faults', { method: 'DELETE' }).then((r) => r.arrayBuffer());
    const posted = await fetch(`${backend.url}/api/v1/findings/f-jwt-1/triage`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ state: 'accepted_risk', reason: 'e2e' }),
    });
    assert.equal(posted.status, 200);
    await posted.arrayBuffer();
    const after = (await (await controlFetch('triage')).json()) as { triage: unknown[] };
    assert.deepEqual(after.triage, [{ findingId: 'f-jwt-1', body: { state: 'accepted_risk', reason: 'e2e' } }]);
  });

  test('fault options pass through (times: 1 faults only the first request)', async () => {
    await controlFetch('faults', { method: 'POST', body: { route: 'listFindings', fault: 'rateLimited', options: { retryAfterSeconds: 2, status: 503, times: 1 } } }).then((r) => r.arrayBuffer());
    const first = await fetch(findingsUrl(), { headers: auth });
    assert.deepEqual([first.status, first.headers.get('retry-after')], [503, '2']);
    await first.arrayBuffer();
    const second = await fetch(findingsUrl(), { headers: auth });
    assert.equal(second.status, 200);
    await second.arrayBuffer();
  });

  test('GET requests lists the recorded API requests', async () => {
    const { requests } = (await (await controlFetch('requests')).json()) as { requests: { method: string; path: string; headers: Record<string, string> }[] };
    assert.ok(requests.length > 0);
    assert.ok(requests.every((r) => !r.path.startsWith('/__fixture/')));
    assert.ok(requests.every((r) => r.headers.authorization === undefined || r.headers.authorization === '<redacted>'));
  });

  test('rejects bad fault requests with 400 and installs nothing', async () => {
    const bad: unknown[] = [
      'listFindings=status500',
      { route: 'nope', fault: 'down' },
      { route: 'listFindings', fault: 'explode' },
      { route: 'listFindings', fault: 'delay', options: { delayMs: -1 } },
      { route: 'listFindings', fault: 'delay', options: { delay: 5 } },
      { route: 'getExposure', fault: 'hugeFindings' },
      { route: '*', fault: 'hugeFindings' },
      { route: '*', fault: 'schemaDrift', options: { drift: 'mixed' } },
    ];
    for (const body of bad) {
      const res = await controlFetch('faults', { method: 'POST', body });
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'invalid_request');
    }
    assert.deepEqual(Object.keys(backend.hooks), []);
    const unknown = await controlFetch('nothing');
    assert.equal(unknown.status, 404);
    await unknown.arrayBuffer();
  });

  test('is off without controlToken: /__fixture/ is an unknown API path', async () => {
    const plain = await startFixtureBackend({ scenarioDir: scenarioPath('node-express'), token });
    try {
      const res = await fetch(`${plain.url}/__fixture/triage`, { headers: auth });
      assert.equal(res.status, 404);
      await res.arrayBuffer();
      assert.equal(plain.requests.length, 1);
    } finally {
      await plain.close();
    }
  });
});

suite('fixtureBackend scenario monorepo', () => {
  let backend: FixtureBackend;

  suiteSetup(async () => {
    backend = await startFixtureBackend({ scenarioDir: scenarioPath('monorepo'), token });
  });

  suiteTeardown(async () => {
    await backend.close();
  });

  const get = (route: string): Promise<Response> => fetch(`${backend.url}${route}`, { headers: auth });

  test('two services of github.com/acme/npm-monorepo under packages/api and packages/shared', async () => {
    const body = (await (await get('/api/v1/services?repository=github.com/acme/npm-monorepo')).json()) as { services: { id: string; root: string }[] };
    assert.deepEqual(body.services.map((s) => [s.id, s.root]), [
      ['svc-monorepo-api', 'packages/api'],
      ['svc-monorepo-shared', 'packages/shared'],
    ]);
  });

  test('exposure: api is internet-facing, shared answers 404 with the error shape', async () => {
    const api = (await (await get('/api/v1/services/svc-monorepo-api/exposure')).json()) as { internetFacing: boolean };
    assert.equal(api.internetFacing, true);
    const shared = await get('/api/v1/services/svc-monorepo-shared/exposure');
    assert.equal(shared.status, 404);
    assert.equal(((await shared.json()) as { error: { code: string } }).error.code, 'not_found');
  });

  test('SARIF for the api service only', async () => {
    const api = await get('/api/v1/services/svc-monorepo-api/sarif');
    assert.equal(api.status, 200);
    const log = (await api.json()) as { version: string; runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    assert.equal(log.version, '2.1.0');
    assert.equal(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, 'packages/api/src/index.ts');
    const shared = await get('/api/v1/services/svc-monorepo-shared/sarif');
    assert.equal(shared.status, 404);
    await shared.arrayBuffer();
  });

  test('expected.json names exactly the findings the services serve', async () => {
    const expected = JSON.parse(readFileSync(path.join(scenarioPath('monorepo'), 'expected.json'), 'utf8')) as { findings: Record<string, { service: string }> };
    const served: [string, string][] = [];
    for (const service of ['svc-monorepo-api', 'svc-monorepo-shared']) {
      const page = (await (await get(`/api/v1/services/${service}/findings`)).json()) as FindingsPage;
      served.push(...page.findings.map((f): [string, string] => [f.id, service]));
    }
    assert.deepEqual(served.sort(), Object.entries(expected.findings).map(([id, f]): [string, string] => [id, f.service]).sort());
  });
});

async function waitUntil(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error('condition not met in time');
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
