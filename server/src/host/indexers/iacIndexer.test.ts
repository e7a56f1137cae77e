import { strict as assert } from 'node:assert';
import { readFixture } from '../../test/fixtures';
import { TreeSitterHost } from '../treeSitterHost';
import { wasmLocator } from '../wasmLocator';
import { iacIndexer } from './iacIndexer';

suite('host/indexers/iacIndexer', () => {
  let indexer: ReturnType<typeof iacIndexer>;

  suiteSetup(async () => {
    indexer = iacIndexer(await TreeSitterHost.create(wasmLocator(__dirname)));
  });

  test('handles IaC files only', () => {
    assert.deepEqual(
      ['main.tf', 'k8s/app.yaml', 'Dockerfile', 'docker-compose.yml', 'src/index.ts', 'package.json'].map((path) => indexer.handles(path)),
      [true, true, true, true, false, false],
    );
  });

  test('Terraform goes through tree-sitter and returns IaC facts', async () => {
    const facts = await indexer.index('infra/main.tf', readFixture('workspaces', 'terraform-aws', 'main.tf'));
    assert.equal(facts.problems, undefined);
    assert.equal(facts.iac?.resources.length, 12);
    assert.ok(facts.iac?.findings.some((finding) => finding.ruleId === 'iac-open-ingress' && finding.location?.path === 'infra/main.tf'));
    assert.equal('problems' in (facts.iac ?? {}), false, 'problems are not part of the IaC facts');
  });

  test('problems are reported as text with their line', async () => {
    const facts = await indexer.index('chart/Chart.yaml', readFixture('workspaces', 'k8s-manifests', 'chart', 'Chart.yaml'));
    assert.equal(facts.iac, undefined);
    assert.deepEqual(facts.problems, ['Helm chart: its templates are not analysed, as they are not YAML until rendered (scan the output of `helm template` to check them) (line 2)']);
    assert.deepEqual(await indexer.index('chart/templates/deployment.yaml', readFixture('workspaces', 'k8s-manifests', 'chart', 'templates', 'deployment.yaml')), {}, 'a template: its chart said so');
  });

  test('YAML that is not Kubernetes contributes nothing', async () => {
    assert.deepEqual(await indexer.index('config/settings.yaml', readFixture('workspaces', 'k8s-manifests', 'config', 'settings.yaml')), {});
  });
});
