import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Duplex } from 'node:stream';
import { copyWorkspace, isDiagnosticOf, LspTestClient } from './lspTestClient';

const fixturesRoot = path.resolve(__dirname, '../../../../test-fixtures');
const lodashAdvisory = 'GHSA-p6mc-m468-83gw';

/**
 * Issue 10: the OSV API (`aspm.osv.url`) is asked through the one HTTP client, so it honours the user's proxy (VS
 * Code's `http.proxy`, on the credentials pipe) and private CAs (`aspm.backend.caCertificates`) like every other
 * outbound call. A real HTTPS OSV mirror behind a private CA and a real CONNECT proxy, both on 127.0.0.1.
 */
suite('protocol: the OSV API URL goes through the proxy and trusts the private CA', () => {
  let dir: string;
  let osv: HttpsServer;
  let osvUrl: string;
  let proxy: HttpServer;
  let proxyUrl: string;
  const osvRequests: string[] = [];
  const tunnels: string[] = [];

  suiteSetup(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'aspm-osv-proxy-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'), '-days', '2', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'], { stdio: 'ignore' });
    const record = readFileSync(path.join(fixturesRoot, 'osv', 'records', 'npm', `${lodashAdvisory}.json`), 'utf8');
    osv = createHttpsServer({ key: readFileSync(path.join(dir, 'key.pem')), cert: readFileSync(path.join(dir, 'cert.pem')) }, (request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        osvRequests.push(`${request.method} ${request.url}`);
        response.setHeader('content-type', 'application/json');
        if (request.method === 'POST' && request.url === '/v1/querybatch') {
          const { queries } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { queries: { package: { name: string } }[] };
          response.end(JSON.stringify({ results: queries.map((query) => (query.package.name === 'lodash' ? { vulns: [{ id: lodashAdvisory }] } : {})) }));
        } else if (request.url === `/v1/vulns/${lodashAdvisory}`) {
          response.end(record);
        } else {
          response.statusCode = 404;
          response.end('{}');
        }
      });
    });
    await new Promise<void>((resolve) => osv.listen(0, '127.0.0.1', resolve));
    osvUrl = `https://127.0.0.1:${(osv.address() as AddressInfo).port}`;

    proxy = createHttpServer();
    proxy.on('connect', (request: IncomingMessage, socket: Duplex) => {
      tunnels.push(request.url ?? '');
      const [host, port] = (request.url ?? '').split(':');
      const upstream = connect(Number(port), host, () => {
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.pipe(socket);
        socket.pipe(upstream);
      });
      upstream.on('error', () => socket.destroy());
      socket.on('error', () => upstream.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  });

  suiteTeardown(async () => {
    osv.closeAllConnections();
    proxy.closeAllConnections();
    await Promise.all([new Promise((resolve) => osv.close(resolve)), new Promise((resolve) => proxy.close(resolve))]);
    rmSync(dir, { recursive: true, force: true });
  });

  test('refused over an untrusted certificate; with the CA trusted and a proxy set, advisories arrive through the proxy', async () => {
    const workspace = copyWorkspace('node-express');
    const settings = { backend: { url: '', timeoutMs: 5000 }, repository: '', osv: { path: '', url: osvUrl }, diagnostics: { minPriority: 0, showUnreachable: true } };
    const client = await LspTestClient.start({ workspaceUri: workspace.uri, settings, token: null });
    try {
      const refused = await client.waitFor('the OSV API refused', () => client.logs.find((line) => line.includes('OSV advisories: OSV API:')));
      assert.match(refused, /certificate/);
      assert.equal(osvRequests.length, 0, 'no request reached the OSV server over an unverified connection');

      client.sendCredentials({ proxy: proxyUrl });
      await client.changeSettings({ ...settings, backend: { ...settings.backend, caCertificates: [path.join(dir, 'cert.pem')] } });
      await client.connection.sendRequest('aspm/refresh');
      const found = await client.waitFor('the OSV advisory on lodash', () =>
        [...client.diagnostics.entries()].find(([, diagnostics]) => diagnostics.some((diagnostic) => isDiagnosticOf(diagnostic, lodashAdvisory))),
      );
      assert.ok(found[0].endsWith('/package.json') || found[0].endsWith('/package-lock.json'), found[0]);
      assert.ok(tunnels.includes(new URL(osvUrl).host), `the OSV API was reached through the proxy (tunnels: ${tunnels.join(', ')})`);
      assert.ok(osvRequests.includes('POST /v1/querybatch') && osvRequests.includes(`GET /v1/vulns/${lodashAdvisory}`), osvRequests.join(', '));
    } finally {
      await client.stop();
      workspace.dispose();
    }
  });
});
