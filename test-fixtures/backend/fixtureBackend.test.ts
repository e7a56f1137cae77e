import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { suite, suiteSetup, suiteTeardown, test } from 'mocha';
import { scenarioPath, startFixtureBackend, type FixtureBackend } from './fixtureBackend';

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
