import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { scenarioPath, startFixtureBackend, type FixtureBackend } from '../../../test-fixtures/backend/fixtureBackend';
import { copyWorkspace, LspTestClient } from './lspTestClient';
import { sampleSettings } from './testBackend';

const LODASH = 'GHSA-p6mc-m468-83gw';
const hasCode = (code: string) => (list: Diagnostic[]): boolean => list.some((diagnostic) => diagnostic.code === code);

// Regression tests for issue 13 §3: the token travelled in `initializationOptions` and `aspm/setCredentials`, which
// a verbose LSP trace writes into the persisted log.
suite('protocol: the token travels on the credentials pipe, never in an LSP message', () => {
  let workspace: ReturnType<typeof copyWorkspace>;
  let backend: FixtureBackend;
  let client: LspTestClient | undefined;
  const token = `tok-${randomBytes(12).toString('hex')}`;

  suiteSetup(async () => {
    workspace = copyWorkspace('node-express');
    backend = await startFixtureBackend({ scenarioDir: scenarioPath('node-express'), token });
  });

  suiteTeardown(async () => {
    await client?.stop();
    await backend?.close();
    workspace?.dispose();
  });

  test('with verbose tracing, signing in, out and in again works, and no message either way carries the token', async () => {
    client = await LspTestClient.start({ workspaceUri: workspace.uri, settings: sampleSettings(backend.url), token });
    await client.connection.sendNotification('$/setTrace', { value: 'verbose' });
    const manifest = workspace.uriOf('package.json');
    await client.waitForDiagnostics(manifest, hasCode(LODASH), 'findings pulled with the token from the pipe');
    assert.ok(backend.requests.length > 0, 'the backend was asked');

    client.sendCredentials({ credentials: { aspm: null } });
    const signedOut = await client.waitFor('a sign-in status after signing out', () => client!.statuses.find((status) => status.isSignInRequired));
    assert.match(signedOut.detail ?? '', /needs a token/);

    const statusesBefore = client.statuses.length;
    client.sendCredentials({ credentials: { aspm: token } });
    await client.waitFor('a healthy status after signing in again', () => client!.statuses.slice(statusesBefore).find((status) => status.health === 'ok' && !status.isSignInRequired));
    await client.waitForDiagnostics(manifest, hasCode(LODASH));

    const wire = client.wire.join('');
    assert.ok(wire.includes('"method":"initialize"') && wire.includes('textDocument/publishDiagnostics'), 'the whole conversation was recorded');
    assert.ok(!wire.includes(token), 'the token is in no JSON-RPC message, either way');
    assert.ok(!client.stderr.join('').includes(token), 'nor on stderr');
    assert.ok(!client.logs.join('\n').includes(token), 'nor in the log');
    assert.ok(!wire.includes('aspm/setCredentials'), 'no credentials request exists any more');
  });

  test('a malformed or oversized line on the pipe is ignored with a warning that does not echo it', async () => {
    assert.ok(client, 'started by the previous test');
    const marker = `leak-${randomBytes(8).toString('hex')}`;
    const logsBefore = client.logs.length;
    client.sendCredentials({ credentials: { aspm: token } });
    client.writeCredentialsPipe(`{"credentials": 5, "note": "${marker}"}\n`);
    client.writeCredentialsPipe(`${marker.repeat(10_000)}\n`);
    await client.waitFor('two warnings about the credentials channel', () => client!.logs.slice(logsBefore).filter((line) => /credentials channel/i.test(line)).length >= 2);
    assert.ok(!client.logs.join('\n').includes(marker), 'the content is never logged');
    assert.ok(!client.stderr.join('').includes(marker));
    await client.waitForDiagnostics(workspace.uriOf('package.json'), hasCode(LODASH), 'still signed in and serving');
  });
});
