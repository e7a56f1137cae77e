import { strict as assert } from 'node:assert';
import { readFixture } from '../../../test/fixtures';
import { analyzeText, assertMatchesAnnotations } from './iacTestKit.test';
import { readKubernetes } from './kubernetes';

const workspace = ['workspaces', 'k8s-manifests'];

suite('core/index/iac/kubernetes', () => {
  for (const file of ['deployment.yaml', 'api-deployment.yaml', 'config/settings.yaml', 'chart/Chart.yaml', 'chart/values.yaml']) {
    test(`finds exactly the annotated findings and signals of k8s-manifests/${file}`, async () => {
      const text = readFixture(...workspace, ...file.split('/'));
      assertMatchesAnnotations(text, await analyzeText(file, text), file);
    });
  }

  test('objects have Kind/namespace/name addresses (namespace default: default), ranges and images', async () => {
    const text = readFixture(...workspace, 'deployment.yaml');
    const { resources, problems } = await analyzeText('deployment.yaml', text);
    assert.deepEqual(problems, []);
    assert.deepEqual(
      resources.map((resource) => [resource.tool, resource.type, resource.name, resource.address]),
      [
        ['kubernetes', 'Deployment', 'web', 'Deployment/shop/web'],
        ['kubernetes', 'Service', 'web', 'Service/shop/web'],
        ['kubernetes', 'Ingress', 'web', 'Ingress/shop/web'],
      ],
    );
    assert.deepEqual(resources[0]!.images, ['ghcr.io/acme/shop-migrations:1.4.2', 'ghcr.io/acme/shop-web:latest', 'fluent/fluent-bit']);
    const lines = text.split('\n');
    // The object starts at `apiVersion` (the leading comment is not part of it) and ends where the next document starts.
    assert.deepEqual(resources[0]!.location.range, { start: { line: lines.indexOf('apiVersion: apps/v1'), character: 0 }, end: { line: lines.indexOf('---'), character: 0 } });
    const api = await analyzeText('api-deployment.yaml', readFixture(...workspace, 'api-deployment.yaml'));
    assert.deepEqual(
      api.resources.map((resource) => resource.address),
      ['Deployment/default/api', 'Service/default/api'],
    );
  });

  test('a Helm template is skipped whole, with one problem on its first template action', () => {
    const text = readFixture(...workspace, 'chart', 'templates', 'deployment.yaml');
    const file = readKubernetes('chart/templates/deployment.yaml', text);
    assert.deepEqual(file.resources, []);
    assert.deepEqual(file.signals, []);
    assert.equal(file.problems.length, 1);
    assert.match(file.problems[0]!.message, /^Helm template/);
    assert.equal(file.problems[0]!.range?.start.line, text.split('\n').findIndex((line) => line.includes('{{')));
  });

  test('Helm actions are recognised outside a chart folder too, but other braces are not', () => {
    const manifest = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n';
    assert.equal(readKubernetes('k8s/cm.yaml', manifest).problems.length, 1);
    assert.equal(readKubernetes('k8s/cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  labels: {{- include "x.labels" . | nindent 4 }}\n').problems.length, 1);
    const alerting = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: alerts\ndata:\n  summary: "{{ $labels.instance }} is down"\n  detail: "{{ if gt $value 1.0 }}high{{ end }}"\n';
    const file = readKubernetes('k8s/alerts.yaml', alerting);
    assert.deepEqual(file.problems, []);
    assert.deepEqual(
      file.resources.map((resource) => resource.address),
      ['ConfigMap/default/alerts'],
    );
  });

  test('YAML that is not Kubernetes yields nothing and no problems', () => {
    const table: [string, string][] = [
      ['.github/workflows/ci.yml', 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n'],
      ['config/settings.yaml', readFixture(...workspace, 'config', 'settings.yaml')],
      ['chart/Chart.yaml', readFixture(...workspace, 'chart', 'Chart.yaml')],
      ['broken-but-not-k8s.yaml', 'a: [1\nb: : :\n'],
      ['empty.yaml', ''],
    ];
    for (const [path, text] of table) {
      assert.deepEqual(readKubernetes(path, text), { resources: [], signals: [], problems: [] }, path);
    }
  });

  test('a malformed document becomes a problem without losing the other documents', () => {
    const text = ['apiVersion: v1', 'kind: Service', 'metadata:', '  name: ok', 'spec:', '  type: NodePort', '---', 'apiVersion: v1', 'kind: Pod', 'metadata: [oops', '  name: bad', ''].join('\n');
    const file = readKubernetes('mixed.yaml', text);
    assert.ok(file.problems.length > 0);
    assert.ok(file.problems.every((problem) => problem.message.startsWith('YAML syntax error') && problem.range !== undefined));
    assert.ok(file.problems.every((problem) => problem.range!.start.line >= 7), 'problems point into the broken document');
    assert.deepEqual(
      file.signals.map((signal) => [signal.resourceAddress, signal.location.range.start.line, signal.message]),
      [['Service/default/ok', 5, 'Service/default/ok is exposed outside the cluster on a port of every node']],
    );
  });

  test('secret values never appear in signals or findings', async () => {
    const text = readFixture(...workspace, 'deployment.yaml');
    const analysis = await analyzeText('deployment.yaml', text);
    assert.ok(analysis.findings.some((finding) => finding.ruleId === 'iac-plain-secret-env'));
    assert.doesNotMatch(JSON.stringify(analysis), /s3cr3t-passw0rd/);
  });

  test('the objects of a List are read one by one', () => {
    const text = ['apiVersion: v1', 'kind: List', 'items:', '  - apiVersion: v1', '    kind: Service', '    metadata:', '      name: a', '    spec:', '      type: LoadBalancer', ''].join('\n');
    const file = readKubernetes('list.yaml', text);
    assert.deepEqual(
      file.resources.map((resource) => resource.address),
      ['Service/default/a'],
    );
    assert.deepEqual(
      file.signals.map((signal) => [signal.kind, signal.location.range.start.line]),
      [['internet-facing', 8]],
    );
  });

  test('pod kinds: Pod, CronJob and the template of every workload controller', () => {
    const pod = (kind: string, specPath: string[]): string => {
      const nest = (depth: number): string => '  '.repeat(depth);
      const header = specPath.map((key, depth) => `${nest(depth)}${key}:`).join('\n');
      const depth = specPath.length;
      return `apiVersion: v1\nkind: ${kind}\nmetadata:\n  name: x\n${header}\n${nest(depth)}containers:\n${nest(depth)}  - name: c\n${nest(depth)}    image: nginx\n`;
    };
    const table: [string, string[]][] = [
      ['Pod', ['spec']],
      ['Deployment', ['spec', 'template', 'spec']],
      ['StatefulSet', ['spec', 'template', 'spec']],
      ['DaemonSet', ['spec', 'template', 'spec']],
      ['Job', ['spec', 'template', 'spec']],
      ['CronJob', ['spec', 'jobTemplate', 'spec', 'template', 'spec']],
    ];
    for (const [kind, specPath] of table) {
      const file = readKubernetes('pod.yaml', pod(kind, specPath));
      assert.deepEqual(
        file.signals.map((signal) => signal.check).sort(),
        ['run-as-root', 'unpinned-image'],
        kind,
      );
      assert.deepEqual(file.resources[0]?.images, ['nginx'], kind);
    }
  });
});
