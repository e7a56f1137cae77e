import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import type { FixtureBackend } from '../../../test-fixtures/backend/fixtureBackend';
import { copyWorkspace, LspTestClient } from './lspTestClient';
import { sampleSettings, startBackend } from './testBackend';

const hasCode = (code: string) => (list: Diagnostic[]): boolean => list.some((diagnostic) => diagnostic.code === code);

suite('protocol: bad input gets a clear error and loses nothing', () => {
  let backend: FixtureBackend;
  let workspace: ReturnType<typeof copyWorkspace>;
  let client: LspTestClient;

  suiteSetup(async () => {
    backend = await startBackend('node-express');
    workspace = copyWorkspace('node-express');
    writeFileSync(path.join(workspace.dir, 'package-lock.json'), '{ "lockfileVersion": 3, "packages": { oops');
    writeFileSync(path.join(workspace.dir, 'src', 'blob.js'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2, 0, 255, 254]));
    client = await LspTestClient.start({ workspaceUri: workspace.uri, settings: sampleSettings(backend.url) });
  });

  suiteTeardown(async () => {
    await client?.stop();
    await backend?.close();
    workspace?.dispose();
  });

  test('a malformed lockfile is reported on the lockfile, and direct dependencies are still analysed from package.json', async () => {
    const lockDiagnostics = await client.waitForDiagnostics(workspace.uriOf('package-lock.json'), hasCode('unreadable-input'));
    assert.match(String(lockDiagnostics[0]?.message), /Invalid JSON/);
    await client.waitForDiagnostics(workspace.uriOf('package.json'), hasCode('GHSA-p6mc-m468-83gw'), 'lodash still found from the manifest');
  });

  test('a binary file with a .js name is skipped with a log line, and other files are still served', async () => {
    await client.waitFor('the binary file to be reported', () => client.logs.some((line) => line.includes('src/blob.js') && line.includes('binary')));
    await client.waitForDiagnostics(workspace.uriOf('src/routes/login.ts'), hasCode('js/sql-injection'));
    assert.equal(client.exitCode, null, 'server still running');
  });

  test('a malformed package.json being edited is reported where it breaks, and recovers when fixed', async () => {
    const manifestUri = workspace.uriOf('package.json');
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: manifestUri, languageId: 'json', version: 1, text: '{\n  "name": "node-shop",\n  "dependencies": {\n    "lodash": \n' } });
    const broken = await client.waitForDiagnostics(manifestUri, hasCode('unreadable-input'));
    assert.equal(broken.find((diagnostic) => diagnostic.code === 'unreadable-input')?.range.start.line, 4, 'points at the end of the truncated text');
    await client.waitForDiagnostics(workspace.uriOf('src/routes/login.ts'), hasCode('js/sql-injection'), 'other files keep their diagnostics');
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: manifestUri } });
    await client.waitForDiagnostics(manifestUri, (list) => !hasCode('unreadable-input')(list) && hasCode('GHSA-p6mc-m468-83gw')(list), 'recovery from disk');
  });
});

suite('protocol: a backend that is down or rejects the token', () => {
  let workspace: ReturnType<typeof copyWorkspace>;

  setup(() => {
    workspace = copyWorkspace('node-express');
  });

  teardown(() => {
    workspace.dispose();
  });

  test('down at start: one clear message, no crash; back up: findings arrive; down again: last good data stays, marked stale', async () => {
    const probe = await startBackend('node-express');
    const port = probe.port;
    await probe.close();
    const client = await LspTestClient.start({ workspaceUri: workspace.uri, settings: sampleSettings(`http://127.0.0.1:${port}`) });
    let backend: FixtureBackend | undefined;
    try {
      const down = await client.waitFor('an unavailable status', () => client.statuses.find((status) => status.message === 'ASPM: backend unavailable'));
      assert.equal(down.health, 'warning');
      assert.match(down.detail ?? '', /unreachable/);
      await client.connection.sendRequest('aspm/refresh');
      await client.connection.sendRequest('aspm/refresh');
      assert.equal(client.logs.filter((line) => line.startsWith('Backend:')).length, 1, 'the same failure is reported once');
      assert.equal(client.exitCode, null);

      backend = await startBackend('node-express', port);
      await client.connection.sendRequest('aspm/refresh');
      await client.waitForDiagnostics(workspace.uriOf('package.json'), hasCode('GHSA-p6mc-m468-83gw'));
      await backend.close();
      backend = undefined;

      await client.connection.sendRequest('aspm/refresh');
      const stale = await client.waitFor('a stale status', () => client.statuses.find((status) => status.message === 'ASPM: stale'));
      assert.ok(stale.staleSince && !Number.isNaN(Date.parse(stale.staleSince)));
      assert.ok(hasCode('GHSA-p6mc-m468-83gw')(client.diagnostics.get(workspace.uriOf('package.json')) ?? []), 'last good diagnostics kept');
    } finally {
      await client.stop();
      await backend?.close();
    }
  });

  test('a rejected token asks to sign in, without contacting the backend per request', async () => {
    const backend = await startBackend('node-express');
    const client = await LspTestClient.start({ workspaceUri: workspace.uri, settings: sampleSettings(backend.url), token: 'wrong-token' });
    try {
      const status = await client.waitFor('a sign-in status', () => client.statuses.find((candidate) => candidate.isSignInRequired));
      assert.equal(status.health, 'error');
      const unauthorized = backend.requests.length;
      assert.ok(unauthorized <= 2, `401 is not retried (${unauthorized} requests)`);
      client.sendCredentials({ credentials: { aspm: 'fixture-token' } });
      await client.waitForDiagnostics(workspace.uriOf('package.json'), hasCode('GHSA-p6mc-m468-83gw'));
      assert.ok(!backend.requests.some((request) => JSON.stringify(request).includes('fixture-token')), 'the token is never recorded in clear');
    } finally {
      await client.stop();
      await backend.close();
    }
  });

  test('an untrusted workspace never contacts the backend', async () => {
    const backend = await startBackend('node-express');
    const client = await LspTestClient.start({ workspaceUri: workspace.uri, settings: sampleSettings(backend.url), isTrusted: false });
    try {
      const status = await client.waitFor('a restricted status', () => client.statuses.find((candidate) => candidate.message === 'ASPM: restricted'));
      assert.equal(status.health, 'warning');
      await client.connection.sendRequest('aspm/refresh');
      assert.equal(backend.requests.length, 0);
    } finally {
      await client.stop();
      await backend.close();
    }
  });
});
