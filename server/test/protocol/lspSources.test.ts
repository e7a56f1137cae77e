import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import type { PostureNodeDto, PostureTreeResult, StatusParams, WriteOutcome } from '../../../shared/src/dto';
import { startPlatformServer, type PlatformServer } from '../../../test-fixtures/platforms/platformServer';
import { assertRequestsFitContract } from '../../src/test/platforms';
import { copyWorkspace, LspTestClient } from './lspTestClient';

const LODASH = 'GHSA-p6mc-m468-83gw';
const lodashOnly = (list: Diagnostic[]): Diagnostic[] => list.filter((diagnostic) => diagnostic.code === LODASH);

/** The settings of a workspace with DefectDojo and GitHub as sources (no ASPM backend). */
function platformSettings(dojo: PlatformServer, hub: PlatformServer): Record<string, unknown> {
  return {
    backend: { url: '', timeoutMs: 3000 },
    sources: [
      { kind: 'defectdojo', url: dojo.url },
      { kind: 'github', url: hub.url },
    ],
    repository: 'github.com/acme/node-shop',
    diagnostics: { minPriority: 40, showUnreachable: false },
  };
}

suite('protocol: aspm.sources — DefectDojo and GitHub as sources of the editor', () => {
  let workspace: ReturnType<typeof copyWorkspace>;
  let storage: string;
  let dojo: PlatformServer;
  let hub: PlatformServer;
  let client: LspTestClient | undefined;

  setup(async () => {
    workspace = copyWorkspace('node-express');
    storage = mkdtempSync(path.join(tmpdir(), 'aspm-storage-'));
    dojo = await startPlatformServer({ kind: 'defectdojo', scenario: 'node-express' });
    hub = await startPlatformServer({ kind: 'github', scenario: 'node-express' });
  });

  teardown(async () => {
    await client?.stop();
    client = undefined;
    await Promise.all([dojo.close(), hub.close()]);
    workspace.dispose();
    rmSync(storage, { recursive: true, force: true });
  });

  test('tokens per source on the credentials channel: one merged diagnostic, and triage written to both platforms in their own vocabulary', async () => {
    client = await LspTestClient.start({ workspaceUri: workspace.uri, settings: platformSettings(dojo, hub), token: null, storagePath: storage });
    client.sendCredentials({ credentials: { [`defectdojo:${dojo.url}`]: dojo.token, [`github:${hub.url}`]: hub.token } });
    const manifest = workspace.uriOf('package.json');
    const diagnostics = await client.waitForDiagnostics(manifest, (list) => lodashOnly(list).length > 0, 'the lodash advisory from both platforms');
    assert.equal(lodashOnly(diagnostics).length, 1, 'one diagnostic for the advisory both platforms report');
    assert.ok(dojo.requests.length > 0 && hub.requests.length > 0, 'both platforms were asked');

    const status = await client.waitFor('a status naming both sources as fresh', () =>
      client!.statuses.findLast((candidate: StatusParams) => candidate.sources?.length === 2 && candidate.sources.every((source) => source.lastSuccessAt !== undefined)),
    );
    assert.deepEqual(status.sources!.map((source) => [source.kind, source.hasToken, source.failure]), [
      ['defectdojo', true, undefined],
      ['github', true, undefined],
    ]);

    const lodash = lodashOnly(diagnostics)[0]!;
    const actions: CodeAction[] = await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: manifest }, range: lodash.range, context: { diagnostics: [lodash] } });
    const args = actions.map((action) => action.command?.arguments?.[0] as { findingId?: string; folderUri?: string } | undefined).find((arg) => arg?.findingId !== undefined)!;
    assert.ok(args, 'a triage action on the merged finding');
    const dojoWrites = dojo.writes.length;
    const hubWrites = hub.writes.length;
    const outcome: WriteOutcome = await client.connection.sendRequest('aspm/triage', { folderUri: args.folderUri, findingId: args.findingId, state: 'false_positive', reason: 'zipObjectDeep is never given user input' });
    assert.equal(outcome.outcome, 'sent', outcome.message);
    assert.match(outcome.message, /DefectDojo \(http:\/\/127\.0\.0\.1:\d+\): marked false positive/);
    assert.match(outcome.message, /GitHub \(http:\/\/127\.0\.0\.1:\d+\): /);
    const toDojo = dojo.writes.slice(dojoWrites).map((request) => [request.method, request.path, request.body]);
    assert.deepEqual(toDojo[0], ['PATCH', '/api/v2/findings/1201/', { active: false, verified: false, false_p: true }]);
    const toHub = hub.writes.slice(hubWrites);
    assert.equal(toHub.length, 1);
    assert.equal(toHub[0]!.method, 'PATCH');
    assert.equal(toHub[0]!.path, '/repos/acme/node-shop/dependabot/alerts/1');
    assert.equal((toHub[0]!.body as { state: string; dismissed_reason: string }).state, 'dismissed');
    assert.ok(['inaccurate', 'not_used'].includes((toHub[0]!.body as { dismissed_reason: string }).dismissed_reason), JSON.stringify(toHub[0]!.body));
    await client.waitForDiagnostics(manifest, (list) => lodashOnly(list).length === 0, 'the dismissed finding to disappear');
    // Every request the server sent, reads and both writes, fits each platform's published description.
    assertRequestsFitContract(dojo);
    assertRequestsFitContract(hub);
  });

  test('no request is sent to a source before it has a token; the status says which source needs one', async () => {
    client = await LspTestClient.start({ workspaceUri: workspace.uri, settings: platformSettings(dojo, hub), token: null, storagePath: storage });
    client.sendCredentials({ credentials: { [`defectdojo:${dojo.url}`]: dojo.token } });
    const status = await client.waitFor('a sign-in status for GitHub', () => client!.statuses.findLast((candidate: StatusParams) => candidate.isSignInRequired && /GitHub/.test(candidate.detail ?? '')));
    assert.match(status.detail ?? '', /^GitHub \(http:\/\/127\.0\.0\.1:\d+\) needs a token/);
    assert.equal(status.message, 'ASPM: sign in required');
    await client.waitForDiagnostics(workspace.uriOf('package.json'), (list) => lodashOnly(list).length === 1, 'DefectDojo findings without waiting for GitHub');
    assert.equal(hub.requests.length, 0, 'GitHub was never asked without a token');

    client.sendCredentials({ credentials: { [`github:${hub.url}`]: hub.token } });
    await client.waitFor('GitHub pulled once signed in', () => (hub.requests.length > 0 ? true : undefined));

    // Sign out of DefectDojo: its findings go, GitHub's stay.
    client.sendCredentials({ credentials: { [`defectdojo:${dojo.url}`]: null } });
    await client.waitFor('DefectDojo signed out', () => client!.statuses.findLast((candidate: StatusParams) => candidate.sources?.some((source) => source.kind === 'defectdojo' && !source.hasToken)));
  });

  test('the posture view lists both sources; signing out of GitHub clears its diagnostics while DefectDojo\'s stay', async () => {
    client = await LspTestClient.start({ workspaceUri: workspace.uri, settings: platformSettings(dojo, hub), token: null, storagePath: storage });
    client.sendCredentials({ credentials: { [`defectdojo:${dojo.url}`]: dojo.token, [`github:${hub.url}`]: hub.token } });
    const manifest = workspace.uriOf('package.json');
    const login = workspace.uriOf('src/routes/login.ts');
    const githubOnly = (list: Diagnostic[]): Diagnostic[] => list.filter((diagnostic) => diagnostic.code === 'password');
    await client.waitForDiagnostics(login, (list) => githubOnly(list).length === 1, 'GitHub\'s secret scanning alert (no other source holds it)');
    await client.waitForDiagnostics(manifest, (list) => lodashOnly(list).length === 1, 'the lodash advisory');

    const sourceRows = async (): Promise<PostureNodeDto[]> => {
      const top: PostureTreeResult = await client!.connection.sendRequest('aspm/postureTree', {});
      const row = top.nodes.find((node) => node.kind === 'sources');
      return row ? ((await client!.connection.sendRequest('aspm/postureTree', { parentId: row.id })) as PostureTreeResult).nodes : [];
    };
    let fresh = await sourceRows();
    for (const deadline = Date.now() + 15_000; !(fresh.length === 2 && fresh.every((row) => /pulled /.test(row.description ?? ''))); fresh = await sourceRows()) {
      assert.ok(Date.now() < deadline, `both sources pulled in the Sources row: ${JSON.stringify(fresh)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const host = (server: PlatformServer): string => server.url.replace(/^http:\/\//, '');
    assert.deepEqual(
      fresh.map((row) => [row.kind, row.label, row.isStale]),
      [
        ['source', `DefectDojo · ${host(dojo)}`, false],
        ['source', `GitHub · ${host(hub)}`, false],
      ],
    );
    assert.match(fresh[0]!.description!, /^pulled \d{4}-\d\d-\d\d \d\d:\d\d UTC · 8 findings$/);

    client.sendCredentials({ credentials: { [`github:${hub.url}`]: null } });
    await client.waitForDiagnostics(login, (list) => githubOnly(list).length === 0, 'GitHub\'s alert to be cleared');
    const after = client.diagnostics.get(manifest) ?? [];
    assert.equal(lodashOnly(after).length, 1, 'DefectDojo still holds lodash');
    const rows = await sourceRows();
    assert.match(rows[1]!.description ?? '', /^no token: run "ASPM: Sign In"/);
    assert.doesNotMatch(rows[0]!.description ?? '', /no token|failing/);
  });
});
