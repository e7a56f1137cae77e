import { strict as assert } from 'node:assert';
import type { IacResource } from '../model/iacFacts';
import type { Service } from '../model/service';
import { assetExposureOf, deployingFileOf, notDeployedKind } from './assetExposure';

const shop: Service = { id: 's', name: 'shop', root: '' };
const api: Service = { id: 'a', name: 'api', root: 'services/api' };
const at = (path: string): IacResource['location'] => ({ path, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } });

suite('core/correlate/assetExposure', () => {
  const cases: { path: string; root?: string; kind: string | undefined }[] = [
    { path: 'test/smoke/Dockerfile', kind: 'test code' },
    { path: 'tests/fixtures/docker-compose.yml', kind: 'test code' },
    { path: 'e2e/k8s.yaml', kind: 'test code' },
    { path: 'scripts/Dockerfile', kind: 'tooling' },
    { path: 'docs/example.tf', kind: 'documentation' },
    { path: 'examples/basic/main.tf', kind: 'an example' },
    { path: '.github/workflows/ci.yml', kind: 'CI or development configuration' },
    { path: 'Dockerfile.dev', kind: 'a development-only file' },
    { path: 'docker-compose.test.yml', kind: 'a development-only file' },
    { path: 'requirements-dev.txt', kind: 'a development-only file' },
    { path: 'Dockerfile', kind: undefined },
    { path: 'deploy/k8s/shop.yaml', kind: undefined },
    { path: 'src/routes/login.ts', kind: undefined },
    { path: 'package.json', kind: undefined },
    { path: 'webpack.dev.js', kind: undefined },
    // Read below the service root: a service rooted in a tooling-looking folder deploys its own files.
    { path: 'tools/cli/src/main.go', root: 'tools/cli', kind: undefined },
    { path: 'tools/cli/test/main_test.go', root: 'tools/cli', kind: 'test code' },
  ];
  for (const { path, root, kind } of cases) {
    test(`${path}${root ? ` (root ${root})` : ''}: ${kind ?? 'deployed'}`, () => {
      assert.equal(notDeployedKind(path, root ?? ''), kind);
    });
  }

  test('a deployed asset names the service and the IaC that deploys it; others say why not', () => {
    assert.deepEqual(assetExposureOf('Dockerfile', shop, 'deploy/k8s/shop.yaml'), { isDeployed: true, asset: 'Dockerfile', provenance: 'service shop, deployed by deploy/k8s/shop.yaml' });
    assert.deepEqual(assetExposureOf('src/app.ts', api, undefined), { isDeployed: false, asset: 'src/app.ts', reason: 'src/app.ts is outside the root of service api (services/api/)' });
    assert.match(JSON.stringify(assetExposureOf('services/api/src/app.ts', api, undefined)), /service api, whose root services\/api\/ holds it/);
    assert.deepEqual(assetExposureOf('test/smoke/Dockerfile', shop, 'deploy/k8s/shop.yaml'), {
      isDeployed: false,
      asset: 'test/smoke/Dockerfile',
      reason: 'test/smoke/Dockerfile is test code, which service shop does not deploy',
    });
    assert.equal(assetExposureOf(undefined, shop, undefined), undefined, 'no asset (a DAST endpoint): the service exposure applies');
  });

  test('the deploying file runs the service image and is not a test fixture', () => {
    const resources: IacResource[] = [
      { tool: 'compose', type: 'service', name: 'shop', address: 'compose:shop', location: at('test/smoke/docker-compose.yml'), images: ['acme/shop:dev'] },
      { tool: 'dockerfile', type: 'FROM', name: 'final', address: 'Dockerfile#final', location: at('Dockerfile'), images: ['node:20'] },
      { tool: 'kubernetes', type: 'Deployment', name: 'shop', address: 'Deployment/default/shop', location: at('deploy/k8s/shop.yaml'), images: ['ghcr.io/acme/shop:1.2'] },
    ];
    assert.equal(deployingFileOf(shop, { resources }, []), 'deploy/k8s/shop.yaml');
    assert.equal(deployingFileOf(api, { resources }, []), undefined);
  });
});
