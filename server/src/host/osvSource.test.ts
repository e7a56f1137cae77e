import { strict as assert } from 'node:assert';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Agent } from 'undici';
import { BackendError } from '../backend/backendError';
import { matchAdvisories } from '../core/ingest/osv';
import { fixturePath, readFixture } from '../test/fixtures';
import { loadOsvFolder, queryOsvApi } from './osvSource';

/** Advisory ids the stub answers per queried package name, and the record files it serves per id. */
const stubIds: Record<string, string[]> = {
  lodash: ['GHSA-p6mc-m468-83gw'],
  'golang.org/x/text': ['GO-2021-0113'],
  pyyaml: ['PYSEC-2021-142', 'GHSA-gone-gone-gone'],
  qs: ['BROKEN-1'],
};
const stubRecords: Record<string, string> = {
  'GHSA-p6mc-m468-83gw': 'npm/GHSA-p6mc-m468-83gw.json',
  'GO-2021-0113': 'go/GO-2021-0113.json',
  'PYSEC-2021-142': 'pypi/PYSEC-2021-142.json',
  'BROKEN-1': 'malformed.json',
};

interface Stub {
  url: string;
  batches: unknown[];
  /** Replaces the normal answer of a route when set. */
  override?: (request: IncomingMessage, response: ServerResponse) => boolean;
  server: Server;
}

async function startStub(): Promise<Stub> {
  const stub = { batches: [] } as unknown as Stub;
  stub.server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (stub.override?.(request, response)) {
        return;
      }
      if (request.method === 'POST' && request.url === '/v1/querybatch') {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { queries: { package: { name: string }; page_token?: string }[] };
        stub.batches.push(body);
        const results = body.queries.map((query) => ({ vulns: (stubIds[query.package.name] ?? []).map((id) => ({ id, modified: '2024-01-01T00:00:00Z' })) }));
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ results }));
        return;
      }
      const id = /^\/v1\/vulns\/([^/]+)$/.exec(request.url ?? '')?.[1];
      const file = request.method === 'GET' && id ? stubRecords[decodeURIComponent(id)] : undefined;
      if (file) {
        response.writeHead(200, { 'content-type': 'application/json' }).end(readFixture('osv/records', file));
      } else {
        response.writeHead(404).end('{"code":5,"message":"Bug not found."}');
      }
    });
  });
  await new Promise<void>((resolve) => stub.server.listen(0, '127.0.0.1', resolve));
  stub.url = `http://127.0.0.1:${(stub.server.address() as AddressInfo).port}`;
  return stub;
}

async function rejection(promise: Promise<unknown>): Promise<BackendError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof BackendError, String(error));
    return error;
  }
  assert.fail('expected a rejection');
}

suite('host/osvSource: OSV folder', () => {
  test('reads every record under the folder; a bad file is one problem', async () => {
    const { advisories, problems } = await loadOsvFolder(fixturePath('osv/records'));
    assert.deepEqual(advisories.map((advisory) => advisory.id).sort(), [
      'GHSA-fixt-jnja-0005',
      'GHSA-fixt-pyym-0004',
      'GHSA-fixt-sani-0003',
      'GHSA-fixt-xstr-0001',
      'GHSA-fixt-yaml-0002',
      'GHSA-hrpp-h998-j3pp',
      'GHSA-j9h8-phrw-h4fh',
      'GHSA-p6mc-m468-83gw',
      'GHSA-wwww-xxxx-yyyy',
      'GO-2021-0113',
      'GO-2023-2402',
      'GO-2099-0101',
      'GO-2099-0102',
      'GO-2099-0103',
      'GO-2099-0202',
      'GO-2099-0203',
      'GO-2099-0204',
      'PYSEC-2021-142',
    ]);
    assert.deepEqual(
      problems.map((problem) => path.basename(problem.path)),
      ['malformed.json'],
    );
    assert.ok(advisories.every((advisory) => advisory.source === 'records'));
  });

  test('skips large files, hidden folders and other extensions; never throws on a missing folder', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'aspm-osv-'));
    try {
      await mkdir(path.join(dir, 'nested', 'deeper'), { recursive: true });
      await mkdir(path.join(dir, '.git'));
      await writeFile(path.join(dir, 'nested', 'deeper', 'GO-2021-0113.json'), readFixture('osv/records/go/GO-2021-0113.json'));
      await writeFile(path.join(dir, '.git', 'GHSA-p6mc-m468-83gw.json'), readFixture('osv/records/npm/GHSA-p6mc-m468-83gw.json'));
      await writeFile(path.join(dir, 'notes.txt'), 'not a record');
      await writeFile(path.join(dir, 'huge.json'), `{"id":"HUGE-1","details":"${'x'.repeat(5 * 1024 * 1024)}"}`);
      const { advisories, problems } = await loadOsvFolder(dir, { source: 'mirror' });
      assert.deepEqual(advisories.map((advisory) => [advisory.id, advisory.source]), [['GO-2021-0113', 'mirror']]);
      assert.equal(problems.length, 1);
      assert.equal(path.basename(problems[0]!.path), 'huge.json');
      assert.match(problems[0]!.message, /larger than 5 MB/);

      const missing = await loadOsvFolder(path.join(dir, 'does-not-exist'));
      assert.deepEqual(missing.advisories, []);
      assert.match(missing.problems[0]?.message ?? '', /cannot read folder: ENOENT/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

suite('host/osvSource: OSV API', () => {
  let stub: Stub;
  let dispatcher: Agent;

  setup(async () => {
    stub = await startStub();
    dispatcher = new Agent();
  });

  teardown(async () => {
    await dispatcher.close();
    await new Promise((resolve) => stub.server.close(resolve));
  });

  test('asks querybatch in OSV spelling, then fetches each hit', async () => {
    const packages = [
      { ecosystem: 'npm', name: 'lodash', version: '4.17.15' },
      { ecosystem: 'npm', name: 'lodash', version: '4.17.15' },
      { ecosystem: 'npm', name: 'lodash' },
      { ecosystem: 'golang', name: 'golang.org/x/text', version: 'v0.3.5' },
      { ecosystem: 'pypi', name: 'PyYAML', version: '5.3.1' },
      { ecosystem: 'npm', name: 'qs', version: '6.5.2' },
    ];
    const { advisories, problems } = await queryOsvApi(`${stub.url}/`, packages, { timeoutMs: 5000, dispatcher });
    assert.deepEqual(stub.batches, [
      {
        queries: [
          { package: { ecosystem: 'npm', name: 'lodash' }, version: '4.17.15' },
          { package: { ecosystem: 'Go', name: 'golang.org/x/text' }, version: '0.3.5' },
          { package: { ecosystem: 'PyPI', name: 'pyyaml' }, version: '5.3.1' },
          { package: { ecosystem: 'npm', name: 'qs' }, version: '6.5.2' },
        ],
      },
    ]);
    assert.deepEqual(advisories.map((advisory) => [advisory.id, advisory.source]), [
      ['GHSA-p6mc-m468-83gw', new URL(stub.url).host],
      ['GO-2021-0113', new URL(stub.url).host],
      ['PYSEC-2021-142', new URL(stub.url).host],
    ]);
    assert.deepEqual(
      problems.map((problem) => problem.message.replace(/:.*/s, '')),
      ['GHSA-gone-gone-gone', 'not an OSV record'],
    );
    const findings = matchAdvisories(packages, advisories);
    assert.deepEqual(findings.map((finding) => finding.id), [
      'osv:GHSA-p6mc-m468-83gw:lodash@4.17.15',
      'osv:GO-2021-0113:golang.org/x/text@v0.3.5',
      'osv:PYSEC-2021-142:PyYAML@5.3.1',
    ]);
  });

  test('follows next_page_token for the queries that have more', async () => {
    stub.override = (request, response) => {
      if (request.method !== 'POST' || stub.batches.length > 0) {
        return false;
      }
      stub.batches.push('first page');
      response.writeHead(200).end(JSON.stringify({ results: [{ vulns: [{ id: 'GO-2021-0113' }], next_page_token: 'page-2' }, {}] }));
      return true;
    };
    const { advisories } = await queryOsvApi(
      stub.url,
      [
        { ecosystem: 'npm', name: 'lodash', version: '4.17.15' },
        { ecosystem: 'npm', name: 'left-pad', version: '1.3.0' },
      ],
      { timeoutMs: 5000, dispatcher },
    );
    assert.deepEqual(stub.batches, ['first page', { queries: [{ package: { ecosystem: 'npm', name: 'lodash' }, version: '4.17.15', page_token: 'page-2' }] }]);
    assert.deepEqual(advisories.map((advisory) => advisory.id), ['GO-2021-0113', 'GHSA-p6mc-m468-83gw']);
  });

  test('sends nothing when no package has a version', async () => {
    const result = await queryOsvApi(stub.url, [{ ecosystem: 'npm', name: 'lodash' }], { timeoutMs: 5000, dispatcher });
    assert.deepEqual(result, { advisories: [], problems: [] });
    assert.deepEqual(stub.batches, []);
  });

  test('failures reject with a BackendError of the right kind', async () => {
    const lodash = [{ ecosystem: 'npm', name: 'lodash', version: '4.17.15' }];
    const answer = (status: number, body: string) => (_request: IncomingMessage, response: ServerResponse): boolean => {
      response.writeHead(status).end(body);
      return true;
    };
    const table: [what: string, override: Stub['override'], kind: string, status?: number][] = [
      ['server error', answer(500, 'oops'), 'unreachable', 500],
      ['rate limited', answer(429, ''), 'rateLimited', 429],
      ['not JSON', answer(200, '<html>'), 'badResponse'],
      ['wrong shape', answer(200, '{"results":"none"}'), 'badResponse'],
      ['one result missing', answer(200, '{"results":[]}'), 'badResponse'],
      ['record fetch fails', (request, response) => request.method === 'GET' && (response.writeHead(503).end(), true), 'unreachable', 503],
    ];
    for (const [what, override, kind, status] of table) {
      stub.override = override;
      const error = await rejection(queryOsvApi(stub.url, lodash, { timeoutMs: 5000, dispatcher }));
      assert.equal(error.kind, kind, what);
      assert.equal(error.status, status, what);
    }
  });

  test('times out on a silent server', async () => {
    stub.override = () => true;
    const error = await rejection(queryOsvApi(stub.url, [{ ecosystem: 'npm', name: 'lodash', version: '4.17.15' }], { timeoutMs: 200, dispatcher }));
    assert.equal(error.kind, 'timeout');
  });

  test('reports an unreachable server', async () => {
    const closed = await startStub();
    const url = closed.url;
    await new Promise((resolve) => closed.server.close(resolve));
    const error = await rejection(queryOsvApi(url, [{ ecosystem: 'npm', name: 'lodash', version: '4.17.15' }], { timeoutMs: 5000, dispatcher }));
    assert.equal(error.kind, 'unreachable');
  });

  test('refuses URLs that would expose the dependency list', async () => {
    const table = ['http://osv.example.com', 'ftp://127.0.0.1', 'https://user:secret@api.osv.dev', 'not a url'];
    for (const url of table) {
      const error = await rejection(queryOsvApi(url, [{ ecosystem: 'npm', name: 'lodash', version: '4.17.15' }], { timeoutMs: 5000, dispatcher }));
      assert.equal(error.kind, 'notConfigured', url);
      assert.ok(!error.message.includes('secret'), url);
    }
    assert.deepEqual(stub.batches, []);
  });
});
