import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import type { CheckCredentialsParams, CheckCredentialsResult } from '../../../shared/src/dto';
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

// Issue 9 §6: "ASPM: Sign In" checked the token with the extension host's fetch, which ignores VS Code's proxy and
// CA settings; the server checks it now, through the HTTP client of the pulls, with the token on the pipe only.
suite('protocol: aspm/checkCredentials checks a token with one call before it is kept', () => {
  let workspace: ReturnType<typeof copyWorkspace>;
  let backend: FixtureBackend;
  let client: LspTestClient | undefined;
  const token = `tok-${randomBytes(12).toString('hex')}`;
  const check = (url: string, candidate: string): Promise<CheckCredentialsResult> =>
    client!.connection.sendRequest('aspm/checkCredentials', { kind: 'aspm', url, candidate } satisfies CheckCredentialsParams);

  suiteSetup(async () => {
    workspace = copyWorkspace('node-express');
    backend = await startFixtureBackend({ scenarioDir: scenarioPath('node-express'), token });
    client = await LspTestClient.start({ workspaceUri: workspace.uri, settings: sampleSettings(backend.url), token: null });
    await client.waitFor('the sign-in status', () => client!.statuses.find((status) => status.isSignInRequired));
  });

  suiteTeardown(async () => {
    await client?.stop();
    await backend?.close();
    workspace?.dispose();
  });

  test('no request reaches the backend before a token exists', () => {
    assert.deepEqual(backend.requests, [], 'signed out: the backend was never asked');
  });

  test('a valid token: one call, which says what it reached; the candidate is not used to pull', async () => {
    client!.sendCredentials({ candidates: { first: token } });
    const result = await check(`${backend.url}/`, 'first');
    assert.deepEqual(result, { ok: true, reached: `ASPM backend (${backend.url})`, who: 'token accepted, services visible' });
    assert.deepEqual(backend.requests.map((request) => `${request.method} ${request.path}`), ['GET /api/v1/services'], 'exactly one call');
    assert.equal(backend.requests[0]!.headers.authorization, '<redacted>', 'with the token');
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(backend.requests.length, 1, 'a candidate token pulls nothing');
    assert.ok(client!.statuses.at(-1)?.isSignInRequired, 'still signed out until the client keeps the token');
    const wire = client!.wire.join('');
    assert.ok(wire.includes('aspm/checkCredentials') && !wire.includes(token), 'the token is in no JSON-RPC message');
  });

  test('a rejected token: kind unauthorized, HTTP 401, never retried', async () => {
    const before = backend.requests.length;
    client!.sendCredentials({ candidates: { wrong: 'not-the-token' } });
    const result = await check(backend.url, 'wrong');
    assert.equal(result.ok, false);
    assert.ok(!result.ok && result.kind === 'unauthorized' && result.status === 401, JSON.stringify(result));
    assert.ok(!result.ok && /HTTP 401.*rejected/.test(result.message), JSON.stringify(result));
    assert.equal(backend.requests.length - before, 1, 'one call');
  });

  test('an unreachable source: kind unreachable, in words', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    client!.sendCredentials({ candidates: { down: token } });
    const result = await check(`http://127.0.0.1:${port}`, 'down');
    assert.ok(!result.ok && result.kind === 'unreachable' && result.status === undefined, JSON.stringify(result));
    assert.match(!result.ok ? result.message : '', /connection refused/);
  });

  test('a candidate that never arrived: kind noToken, nothing sent', async () => {
    const before = backend.requests.length;
    const result = await check(backend.url, 'never-sent');
    assert.ok(!result.ok && result.kind === 'noToken', JSON.stringify(result));
    assert.equal(backend.requests.length, before);
  });
});
