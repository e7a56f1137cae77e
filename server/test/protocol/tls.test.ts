import { strict as assert } from 'node:assert';
import { privateCertificate, startHttpsServer, type HttpsFixture, type PrivateCertificate } from '../../src/test/networkFixtures';
import { copyWorkspace, LspTestClient } from './lspTestClient';
import { sampleSettings } from './testBackend';

/** A backend behind a certificate of a private CA (self-signed), as on-premises ASPM platforms often are. */
suite('protocol: TLS with a private certificate authority', () => {
  let certificate: PrivateCertificate;
  let server: HttpsFixture;
  let url: string;
  let requests = 0;

  suiteSetup(async () => {
    certificate = privateCertificate();
    server = await startHttpsServer(certificate, (request, _body, response) => {
      requests++;
      response.setHeader('content-type', 'application/json');
      response.end(request.url?.startsWith('/api/v1/services?') ? JSON.stringify({ services: [] }) : JSON.stringify({ error: { code: 'not_found', message: 'no' } }));
    });
    url = server.url;
  });

  suiteTeardown(async () => {
    await server.close();
    certificate.dispose();
  });

  test('an untrusted certificate is refused with a clear reason; trusting its CA in the settings makes it work', async () => {
    const workspace = copyWorkspace('node-express');
    const settings = sampleSettings(url);
    const client = await LspTestClient.start({ workspaceUri: workspace.uri, settings });
    try {
      const refused = await client.waitFor('a refused connection', () => client.statuses.find((status) => status.message === 'ASPM: backend unavailable'));
      assert.match(refused.detail ?? '', /certificate/);
      assert.equal(requests, 0, 'no request reached the server over an unverified connection');

      await client.changeSettings({ ...settings, backend: { ...(settings.backend as object), caCertificates: [certificate.certPath] } });
      await client.connection.sendRequest('aspm/refresh');
      await client.waitFor('a healthy status', () => client.statuses.at(-1)?.health === 'ok');
      assert.ok(requests > 0);
    } finally {
      await client.stop();
      workspace.dispose();
    }
  });
});
