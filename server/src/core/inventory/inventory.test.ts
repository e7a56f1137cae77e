import { strict as assert } from 'node:assert';
import { indexedFixtureEngine, readFixture } from '../../test/fixtures';
import { noExposure } from '../model/exposure';
import { buildInventory, imagePinning } from './inventory';
import { snapshotInventory, type InventorySnapshot } from './inventorySnapshot';

suite('core/inventory', () => {
  for (const workspace of ['node-express-deploy', 'terraform-aws']) {
    test(`${workspace}: the inventory matches ${workspace}.inventory.expected.json`, async () => {
      const engine = await indexedFixtureEngine(workspace);
      const expected = JSON.parse(readFixture('workspaces', workspace, `${workspace}.inventory.expected.json`)) as InventorySnapshot;
      const actual = snapshotInventory(buildInventory(engine.workspaceIndex(), ''));
      assert.deepEqual(actual.dependencies, expected.dependencies, 'dependencies');
      assert.deepEqual(actual.images, expected.images, 'images');
      assert.deepEqual(actual.resources, expected.resources, 'resources');
      assert.deepEqual(actual.entryPoints, expected.entryPoints, 'entry points');
      assert.deepEqual(actual.dataStores, expected.dataStores, 'data stores');
    });
  }

  test('a service root limits the inventory to what lies under it', async () => {
    const engine = await indexedFixtureEngine('node-express-deploy');
    const deploy = buildInventory(engine.workspaceIndex(), 'deploy');
    assert.deepEqual(deploy.dependencies, [], 'package.json lies outside deploy/');
    assert.deepEqual(deploy.images.map((image) => image.resourceAddress), ['Deployment/shop/node-shop']);
    assert.deepEqual(deploy.entryPoints.map((entry) => entry.label), ['Service/shop/node-shop']);
  });

  test('runtime data marks routes public and unauthenticated', async () => {
    const engine = await indexedFixtureEngine('node-express');
    const exposure = { ...noExposure, endpoints: [{ method: 'POST', path: '/rest/user/login', exposure: 'public', isAuthenticated: false }, { method: 'PUT', path: '/rest/products/42', exposure: 'internal', isAuthenticated: true }] };
    const routes = buildInventory(engine.workspaceIndex(), '', exposure).entryPoints;
    assert.deepEqual(
      routes.map((entry) => `${entry.label} ${String(entry.isPublic)} ${String(entry.isAuthenticated)}`),
      ['POST /rest/user/login true false', 'GET /rest/products/search undefined undefined', 'PUT /rest/products/:id false true'],
    );
  });

  test('a public data store says which line makes it public, also through a companion resource', async () => {
    const engine = await indexedFixtureEngine('terraform-aws');
    const stores = buildInventory(engine.workspaceIndex(), '').dataStores;
    assert.match(stores.find((store) => store.resourceAddress === 'aws_s3_bucket.assets')?.publicReason ?? '', /^main\.tf:83: aws_s3_bucket_public_access_block\.assets does not block public access/);
    assert.match(stores.find((store) => store.resourceAddress === 'aws_db_instance.orders')?.publicReason ?? '', /^main\.tf:104: .*publicly_accessible = true/);
  });

  test('image pinning: digest, version tag, or nothing', () => {
    const table: [string, string][] = [
      ['nginx', 'unpinned'],
      ['nginx:latest', 'unpinned'],
      ['nginx:${TAG}', 'unpinned'],
      ['registry.example.com:5000/team/app', 'unpinned'],
      ['nginx:1.27.0', 'tag'],
      ['registry.example.com:5000/team/app:2.1', 'tag'],
      [`nginx@sha256:${'a'.repeat(64)}`, 'digest'],
      [`nginx:1.27@sha256:${'b'.repeat(64)}`, 'digest'],
      ['nginx@sha256:short', 'unpinned'],
    ];
    for (const [reference, pinning] of table) {
      assert.equal(imagePinning(reference), pinning, reference);
    }
  });
});
