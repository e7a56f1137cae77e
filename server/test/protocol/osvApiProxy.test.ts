import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { privateCertificate, startConnectProxy, startOsvMirror, type ConnectProxy, type OsvMirror, type PrivateCertificate } from '../../src/test/networkFixtures';
import { copyWorkspace, isDiagnosticOf, LspTestClient } from './lspTestClient';

const fixturesRoot = path.resolve(__dirname, '../../../../test-fixtures');
const lodashAdvisory = 'GHSA-p6mc-m468-83gw';

/**
 * Issue 10: the OSV API (`aspm.osv.url`) is asked through the one HTTP client, so it honours the user's proxy (VS
 * Code's `http.proxy`, on the credentials pipe) and private CAs (`aspm.backend.caCertificates`) like every other
 * outbound call. A real HTTPS OSV mirror behind a private CA and a real CONNECT proxy, both on 127.0.0.1.
 */
suite('protocol: the OSV API URL goes through the proxy and trusts the private CA', () => {
  let certificate: PrivateCertificate;
  let osv: OsvMirror;
  let osvUrl: string;
  let proxy: ConnectProxy;

  suiteSetup(async () => {
    certificate = privateCertificate();
    osv = await startOsvMirror(certificate, path.join(fixturesRoot, 'osv', 'records'));
    osvUrl = osv.url;
    proxy = await startConnectProxy();
  });

  suiteTeardown(async () => {
    await Promise.all([osv.close(), proxy.close()]);
    certificate.dispose();
  });

  test('refused over an untrusted certificate; with the CA trusted and a proxy set, advisories arrive through the proxy', async () => {
    const workspace = copyWorkspace('node-express');
    const settings = { backend: { url: '', timeoutMs: 5000 }, repository: '', osv: { path: '', url: osvUrl }, diagnostics: { minPriority: 0, showUnreachable: true } };
    const client = await LspTestClient.start({ workspaceUri: workspace.uri, settings, token: null });
    try {
      const refused = await client.waitFor('the OSV API refused', () => client.logs.find((line) => line.includes('OSV advisories: OSV API:')));
      assert.match(refused, /certificate/);
      assert.equal(osv.requests.length, 0, 'no request reached the OSV server over an unverified connection');

      client.sendCredentials({ proxy: proxy.url });
      await client.changeSettings({ ...settings, backend: { ...settings.backend, caCertificates: [certificate.certPath] } });
      await client.connection.sendRequest('aspm/refresh');
      const found = await client.waitFor('the OSV advisory on lodash', () =>
        [...client.diagnostics.entries()].find(([, diagnostics]) => diagnostics.some((diagnostic) => isDiagnosticOf(diagnostic, lodashAdvisory))),
      );
      assert.ok(found[0].endsWith('/package.json') || found[0].endsWith('/package-lock.json'), found[0]);
      assert.ok(proxy.tunnels.includes(new URL(osvUrl).host), `the OSV API was reached through the proxy (tunnels: ${proxy.tunnels.join(', ')})`);
      assert.ok(osv.requests.includes('POST /v1/querybatch') && osv.requests.includes(`GET /v1/vulns/${lodashAdvisory}`), osv.requests.join(', '));
    } finally {
      await client.stop();
      workspace.dispose();
    }
  });
});
