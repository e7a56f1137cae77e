import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { copyWorkspace, LspTestClient } from './lspTestClient';
import { sampleSettings } from './testBackend';

/** A backend behind a certificate of a private CA (self-signed), as on-premises ASPM platforms often are. */
suite('protocol: TLS with a private certificate authority', () => {
  let dir: string;
  let server: Server;
  let url: string;
  let requests = 0;

  suiteSetup(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'aspm-tls-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'), '-days', '2', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'], { stdio: 'ignore' });
    server = createServer({ key: readFileSync(path.join(dir, 'key.pem')), cert: readFileSync(path.join(dir, 'cert.pem')) }, (request, response) => {
      requests++;
      response.setHeader('content-type', 'application/json');
      response.end(request.url?.startsWith('/api/v1/services?') ? JSON.stringify({ services: [] }) : JSON.stringify({ error: { code: 'not_found', message: 'no' } }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  suiteTeardown(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  test('an untrusted certificate is refused with a clear reason; trusting its CA in the settings makes it work', async () => {
    const workspace = copyWorkspace('node-express');
    const settings = sampleSettings(url);
    const client = await LspTestClient.start({ workspaceUri: workspace.uri, settings });
    try {
      const refused = await client.waitFor('a refused connection', () => client.statuses.find((status) => status.message === 'ASPM: backend unavailable'));
      assert.match(refused.detail ?? '', /certificate/);
      assert.equal(requests, 0, 'no request reached the server over an unverified connection');

      await client.changeSettings({ ...settings, backend: { ...(settings.backend as object), caCertificates: [path.join(dir, 'cert.pem')] } });
      await client.connection.sendRequest('aspm/refresh');
      await client.waitFor('a healthy status', () => client.statuses.at(-1)?.health === 'ok');
      assert.ok(requests > 0);
    } finally {
      await client.stop();
      workspace.dispose();
    }
  });
});
