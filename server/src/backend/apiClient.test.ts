import { strict as assert } from 'node:assert';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WorkspaceEngine } from '../engine/workspaceEngine';
import { ApiClient } from './apiClient';

const quietLog = { info: () => undefined, warn: () => undefined, error: () => undefined };

suite('backend/apiClient', () => {
  let server: Server;
  let url: string;
  let pageBody: Buffer;

  suiteSetup(async () => {
    server = createServer((request, response) => {
      if (request.url?.startsWith('/api/v1/services?')) {
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ services: [{ id: 'svc-big', name: 'big', root: '' }] }));
      } else if (request.url?.startsWith('/api/v1/services/svc-big/findings')) {
        // Revalidated by the engine's pull: the page validated once is not validated again.
        if (request.headers['if-none-match'] === '"big"') {
          response.writeHead(304).end();
        } else {
          response.writeHead(200, { 'content-type': 'application/json', etag: '"big"' }).end(pageBody);
        }
      } else {
        response.writeHead(404).end('{"error":{"code":"not_found","message":"none"}}');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  suiteTeardown(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test('one page of 130,000 findings (a backend that ignores `limit`) is read and pulled without overflowing the stack (issue 13 §9)', async function () {
    this.timeout(60_000);
    const count = 130_000;
    const findings = Array.from({ length: count }, (_, index) => ({
      id: `f-${index}`,
      kind: 'sca',
      ruleId: `GHSA-gen-${index}`,
      title: 'Generated advisory',
      severity: 'medium',
      // Every 1000th finding is invalid: the problems list is long too.
      ...(index % 1000 === 0 ? { severity: 'urgent' } : {}),
      package: { purl: `pkg:npm/gen-lib-${index % 997}@1.0.0`, fixedVersions: ['2.0.0'] },
    }));
    pageBody = Buffer.from(JSON.stringify({ findings, nextCursor: null }));
    const client = new ApiClient({ baseUrl: url, timeoutMs: 30_000, log: quietLog });
    const page = await client.listFindings('svc-big');
    assert.equal(page.findings.length, count - count / 1000);
    assert.equal(page.problems.length, count / 1000);
    assert.deepEqual(page.findings[0]!.origins, [{ source: `aspm:${url}`, kind: 'aspm', id: 'f-1', url: undefined }]);

    const engine = new WorkspaceEngine({
      fs: { listFiles: () => Promise.resolve([]), readText: () => Promise.resolve({ skipped: 'file not found' }) },
      indexer: { handles: () => false, index: () => Promise.resolve({}) },
      log: quietLog,
      now: () => new Date('2026-11-27T10:00:00Z'),
    });
    const pulled = await engine.pull(client, 'github.com/acme/big');
    assert.deepEqual(pulled, { ok: true, isUnchanged: false });
    assert.equal(engine.backend.droppedFindings.length, count / 1000);
    assert.equal(engine.sourceStatuses()[0]!.findings, count - count / 1000);
  });
});
