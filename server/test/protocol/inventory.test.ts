import { strict as assert } from 'node:assert';
import type { ExportResult, InventoryResult } from '../../../shared/src/dto';
import { ExportRequest, InventoryRequest } from '../../../shared/src/protocol';
import type { FixtureBackend } from '../../../test-fixtures/backend/fixtureBackend';
import { cycloneDxErrors, openVexErrors } from '../../src/test/exportSchemas';
import { featureBranchWorkspace } from './gitHistory';
import { copyWorkspace, LspTestClient } from './lspTestClient';
import { sampleSettings, startBackend } from './testBackend';

suite('protocol: aspm/inventory and aspm/export (node-express-deploy)', () => {
  let backend: FixtureBackend;
  let workspace: ReturnType<typeof copyWorkspace>;
  let client: LspTestClient;

  suiteSetup(async () => {
    backend = await startBackend('node-express');
    workspace = copyWorkspace('node-express-deploy');
    client = await LspTestClient.start({ workspaceUri: workspace.uri, settings: sampleSettings(backend.url) });
    await client.waitForDiagnostics(workspace.uriOf('package.json'), (list) => list.length >= 5, 'the manifest diagnostics');
  });

  suiteTeardown(async () => {
    await client?.stop();
    await backend?.close();
    workspace?.dispose();
  });

  test('the inventory of the service around the active file, every entry with its file and line', async () => {
    const inventory = await client.connection.sendRequest<InventoryResult>(InventoryRequest.method, { activeUri: workspace.uriOf('src/server.ts') });
    assert.equal(inventory.service?.name, 'node-shop');
    const npm = inventory.dependencies.find((group) => group.ecosystem === 'npm')!;
    assert.deepEqual(npm.direct.map((item) => item.label), ['express@4.17.1', 'jsonwebtoken@8.5.1', 'lodash@4.17.15', 'moment@2.29.1', 'sanitize-html@2.3.0']);
    assert.deepEqual(npm.direct[0]!.location, { uri: workspace.uriOf('package.json'), range: npm.direct[0]!.location!.range });
    assert.equal(npm.direct[0]!.location!.range.start.line, 11);
    assert.equal(npm.transitive.length, 77);
    assert.equal(npm.dev.length, 91);
    const redis = inventory.images.find((image) => image.label === 'redis')!;
    assert.deepEqual([redis.role, redis.pinning, redis.description, redis.location?.uri, redis.location?.range.start.line], ['runtime', 'unpinned', 'runtime · not pinned', workspace.uriOf('docker-compose.yml'), 19]);
    const login = inventory.entryPoints.find((entry) => entry.label === 'POST /rest/user/login')!;
    assert.deepEqual([login.kind, login.isPublic, login.isAuthenticated], ['route', true, false], 'runtime data says public and unauthenticated');
    assert.ok(inventory.entryPoints.some((entry) => entry.kind === 'internet-facing' && entry.label === 'Service/shop/node-shop'));
    assert.deepEqual(inventory.dataStores.map((store) => `${store.kind} ${store.label}`), ['database docker-compose.yml#db', 'cache docker-compose.yml#cache']);
    assert.deepEqual(inventory.resources.map((kind) => `${kind.tool} ${kind.type} ${kind.items.length}`), ['compose service 3', 'dockerfile FROM 2', 'kubernetes Deployment 1', 'kubernetes Service 1']);
  });

  test('the controls, with pass/fail, the line that defines them and the lines that fail them', async () => {
    const { controls } = await client.connection.sendRequest<InventoryResult>(InventoryRequest.method, {});
    assert.deepEqual(
      controls.map((control) => `${control.id} ${control.status}`),
      [
        'no-reachable-critical-prod pass',
        'no-reachable-critical-prod-sla fail',
        'no-reachable-critical-in-production pass',
        'no-high-in-production fail',
        'fix-within-sla fail',
        'no-staging-criticals not-applicable',
        'banned-packages fail',
        'no-compromised-packages pass',
        'runtime-images-pinned fail',
        'base-images-pinned-by-digest fail',
      ],
    );
    const banned = controls.find((control) => control.id === 'banned-packages')!;
    assert.equal(banned.origin, '.aspm/policy.yaml:36');
    assert.deepEqual(banned.originLocation?.uri, workspace.uriOf('.aspm/policy.yaml'));
    assert.equal(banned.originLocation?.range.start.line, 35);
    assert.deepEqual(banned.evidence.map((evidence) => evidence.location?.range.start.line), [14, 13], 'moment and lodash in package.json');
    const sla = controls.find((control) => control.id === 'no-reachable-critical-prod-sla')!;
    assert.equal(sla.origin, 'organisation policy no-reachable-critical-prod');
    assert.ok(sla.evidence.every((evidence) => evidence.findingId !== undefined));
  });

  test('aspm/export builds the CycloneDX BOM, OpenVEX and the evidence report from the same analysis', async () => {
    const cyclonedx = await client.connection.sendRequest<ExportResult>(ExportRequest.method, { folderUri: workspace.uri, format: 'cyclonedx' });
    assert.ok('content' in cyclonedx, JSON.stringify(cyclonedx));
    assert.equal(cyclonedx.suggestedFileName, 'node-shop.cdx.json');
    const bom = JSON.parse(cyclonedx.content) as { vulnerabilities: { id: string; analysis: { state: string } }[] };
    assert.equal(await cycloneDxErrors(bom), undefined);
    assert.equal(bom.vulnerabilities.find((vulnerability) => vulnerability.id === 'GHSA-8cf7-32gw-wr33')?.analysis.state, 'exploitable', 'the editor and the CLI say the same');
    const openvex = await client.connection.sendRequest<ExportResult>(ExportRequest.method, { folderUri: workspace.uri, format: 'openvex' });
    assert.ok('content' in openvex);
    assert.equal(openVexErrors(JSON.parse(openvex.content)), undefined);
    const html = await client.connection.sendRequest<ExportResult>(ExportRequest.method, { folderUri: workspace.uri, format: 'html' });
    assert.ok('content' in html && html.content.includes('<strong>A.8.8</strong>'));
    assert.match('content' in html ? html.suggestedFileName : '', /^node-shop-evidence-\d{4}-\d{2}-\d{2}\.html$/);
    const unknown = await client.connection.sendRequest<ExportResult>(ExportRequest.method, { folderUri: 'file:///nowhere', format: 'md' });
    assert.deepEqual(unknown, { error: 'This folder is not indexed yet; try again in a moment.' });
  });
});

suite('protocol: aspm.diagnostics.scope "changed" shows what the branch introduces', () => {
  let backend: FixtureBackend;
  let workspace: ReturnType<typeof featureBranchWorkspace>;
  let client: LspTestClient;

  suiteSetup(async () => {
    backend = await startBackend('node-express');
    workspace = featureBranchWorkspace();
  });

  suiteTeardown(async () => {
    await client?.stop();
    await backend?.close();
    workspace?.dispose();
  });

  test('only the new findings are diagnostics; switching back to all shows the others', async () => {
    const settings = { ...sampleSettings(backend.url), diagnostics: { minPriority: 40, showUnreachable: false, scope: 'changed' } };
    client = await LspTestClient.start({ workspaceUri: workspace.uri, settings });
    const manifest = workspace.uriOf('package.json');
    const codes = (list: { code?: string | number }[]): string => list.map((diagnostic) => String(diagnostic.code)).sort().join(',');
    await client.waitForDiagnostics(manifest, (list) => codes(list) === 'GHSA-p6mc-m468-83gw', 'only lodash, whose version the branch changed');
    await client.waitForDiagnostics(workspace.uriOf('docker-compose.yml'), (list) => codes(list) === 'iac-unpinned-image', 'the new cache service');
    await client.waitForDiagnostics(workspace.uriOf('src/routes/login.ts'), (list) => codes(list) === 'js/sql-injection', 'the rewritten line');
    assert.ok(client.logs.some((line) => /New-code mode: comparing .* with main \(merge-base [0-9a-f]{12}\)/.test(line)), client.logs.join('\n'));
    await client.changeSettings({ ...settings, diagnostics: { ...settings.diagnostics, scope: 'all' } });
    await client.waitForDiagnostics(manifest, (list) => list.some((diagnostic) => diagnostic.code === 'GHSA-8cf7-32gw-wr33'), 'jsonwebtoken, present before the branch, is back');
  });
});
