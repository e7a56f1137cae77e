import { strict as assert } from 'node:assert';
import { readFixture } from '../../../test/fixtures';
import { analyzeText, assertMatchesAnnotations } from './iacTestKit.test';
import { readKubernetes } from './kubernetes';
import { indentQuotedContinuations, YamlText } from './yamlNodes';

const workspace = ['workspaces', 'k8s-manifests'];

suite('core/index/iac/kubernetes', () => {
  for (const file of ['deployment.yaml', 'api-deployment.yaml', 'config/settings.yaml', 'chart/values.yaml', 'crds/ratelimitpolicies.yaml']) {
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

  // Real chart repositories hold dozens of charts and hundreds of templates: one note per chart, on its Chart.yaml.
  test('a chart\'s templates are skipped quietly, and its Chart.yaml says so once, on its name', () => {
    for (const template of ['deployment.yaml', 'service.yaml']) {
      assert.deepEqual(readKubernetes(`chart/templates/${template}`, readFixture(...workspace, 'chart', 'templates', template)), { resources: [], signals: [], problems: [] }, template);
    }
    const chart = readFixture(...workspace, 'chart', 'Chart.yaml');
    const { problems } = readKubernetes('chart/Chart.yaml', chart);
    assert.equal(problems.length, 1);
    assert.match(problems[0]!.message, /^Helm chart: its templates are not analysed/);
    assert.equal(problems[0]!.range?.start.line, chart.split('\n').findIndex((line) => line.startsWith('name:')));
    const library = 'apiVersion: v2\nname: common\ntype: library\nversion: 2.0.0\n';
    assert.deepEqual(readKubernetes('charts/common/Chart.yaml', library).problems, [], 'a library chart renders no manifests');
  });

  test('Helm actions are recognised outside a chart folder too, but other braces are not', () => {
    const manifest = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n';
    assert.equal(readKubernetes('k8s/cm.yaml', manifest).problems.length, 1);
    assert.equal(readKubernetes('k8s/cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  labels: {{- include "x.labels" . | nindent 4 }}\n').problems.length, 1);
    // Real shape: a chart's values files and CI values hold manifests to render in block scalars and quoted strings.
    const values = ['extraManifests:', '  - |', '    apiVersion: v1', '    kind: Secret', '    metadata:', '      labels: {{ include "exporter.labels" . | nindent 4 }}', '  - apiVersion: v1', '    kind: ConfigMap', '    data:', '      snmp.txt: "{{ .Values.snmp.config }}"', ''].join('\n');
    assert.deepEqual(readKubernetes('charts/exporter/ci/extra-manifest-values.yaml', values), { resources: [], signals: [], problems: [] });
    const alerting = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: alerts\ndata:\n  summary: "{{ $labels.instance }} is down"\n  detail: "{{ if gt $value 1.0 }}high{{ end }}"\n';
    const file = readKubernetes('k8s/alerts.yaml', alerting);
    assert.deepEqual(file.problems, []);
    assert.deepEqual(
      file.resources.map((resource) => resource.address),
      ['ConfigMap/default/alerts'],
    );
  });

  // Real shape: Gateway API and other controller-gen CRDs (traefik vendors them) fold long CEL rules into quoted
  // scalars that continue left of their key; kubectl and PyYAML read them, so must we, without a problem.
  test('a CRD whose quoted CEL rules continue left of their key is read as kubectl reads it', () => {
    const text = readFixture(...workspace, 'crds', 'ratelimitpolicies.yaml');
    const file = readKubernetes('crds/ratelimitpolicies.yaml', text);
    assert.deepEqual(file.problems, []);
    assert.deepEqual(file.resources.map((resource) => resource.address), ['CustomResourceDefinition/default/ratelimitpolicies.policy.acme.example', 'RateLimitPolicy/shop/checkout']);
    const { yaml } = YamlText.parse('crds/ratelimitpolicies.yaml', text);
    const schema = (yaml.documents[0]!.toJS() as { spec: { versions: { schema: { openAPIV3Schema: { properties: { spec: { properties: Record<string, Record<string, unknown>> } } } } }[] } }).spec.versions[0]!.schema.openAPIV3Schema.properties.spec.properties;
    // The values PyYAML gives for the same file.
    assert.deepEqual((schema.targetRefs!['x-kubernetes-validations'] as { rule: string }[]).map((validation) => validation.rule), [
      "self.all(p1, self.all(p2, p1.group == p2.group && p1.kind == p2.kind && p1.name == p2.name ? ((!has(p1.sectionName) || p1.sectionName == '') == (!has(p2.sectionName) || p2.sectionName == '')) : true))",
      'self.all(p1, self.exists_one(p2, p1.group == p2.group && p1.kind == p2.kind && p1.name == p2.name && (has(p1.sectionName) ? p1.sectionName : "") == (has(p2.sectionName) ? p2.sectionName : "")))',
    ]);
    assert.equal(schema.limit!.description, "Requests per window. A rule such as 'self.requests > 0\nis kept verbatim here: this is a block scalar.\n");
  });

  test('only the continuation lines of open quoted scalars are indented, each line keeping its number', () => {
    const table: [string, string | undefined][] = [
      ["a:\n  b: 'one\n  two'\n", "a:\n  b: 'one\n   two'\n"],
      ["a:\r\n  b: 'one\r\n  two'\r\nc: |\r\n  'text\r\n", "a:\r\n  b: 'one\r\n   two'\r\nc: |\r\n  'text\r\n"],
      ['- "x\n  y"\n- z\n', undefined],
      ['a:\n- "x \\" still\nopen"\n', 'a:\n- "x \\" still\n open"\n'],
      ["a: 'it''s closed'\nb: c\n", undefined],
      ["a: |\n  'not a quote\nb: c\n", undefined],
      ["# a: 'comment\nb: c\n", undefined],
    ];
    for (const [text, expected] of table) {
      assert.equal(indentQuotedContinuations(text), expected, JSON.stringify(text));
    }
  });

  test('YAML that is not Kubernetes yields nothing and no problems', () => {
    const table: [string, string][] = [
      ['.github/workflows/ci.yml', 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n'],
      ['config/settings.yaml', readFixture(...workspace, 'config', 'settings.yaml')],
      ['broken-but-not-k8s.yaml', 'a: [1\nb: : :\n'],
      ['empty.yaml', ''],
    ];
    for (const [path, text] of table) {
      assert.deepEqual(readKubernetes(path, text), { resources: [], signals: [], problems: [] }, path);
    }
  });

  test('a malformed document becomes one problem without losing the other documents', () => {
    const text = ['apiVersion: v1', 'kind: Service', 'metadata:', '  name: ok', 'spec:', '  type: NodePort', '---', 'apiVersion: v1', 'kind: Pod', 'metadata: [oops', '  name: bad', ''].join('\n');
    const file = readKubernetes('mixed.yaml', text);
    assert.equal(file.problems.length, 1, 'one problem per bad file, however many errors it holds');
    assert.match(file.problems[0]!.message, /^YAML syntax error: .+ \(and \d+ more\)$/);
    assert.ok(file.problems[0]!.range!.start.line >= 7, 'the problem points into the broken document');
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
