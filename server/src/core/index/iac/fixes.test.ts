import { strict as assert } from 'node:assert';
import { readFixture } from '../../../test/fixtures';
import { analyzeText, applyFixes } from './iacTestKit.test';
import { iacRules } from './rules/index';

/** Input fixture, the path it is analysed as, and the golden result of applying every quick fix. */
const goldens: { input: string[]; path: string; golden: string[] }[] = [
  { input: ['workspaces', 'terraform-aws', 'main.tf'], path: 'main.tf', golden: ['iac', 'terraform-aws', 'main.fixed.tf'] },
  { input: ['workspaces', 'k8s-manifests', 'deployment.yaml'], path: 'deployment.yaml', golden: ['iac', 'k8s-manifests', 'deployment.fixed.yaml'] },
  { input: ['iac', 'Dockerfile'], path: 'Dockerfile', golden: ['iac', 'Dockerfile.fixed'] },
  { input: ['iac', 'docker-compose.yml'], path: 'docker-compose.yml', golden: ['iac', 'docker-compose.fixed.yml'] },
];

suite('core/index/iac: quick fixes', () => {
  for (const { input, path, golden } of goldens) {
    test(`${input.join('/')}: every fix applied gives ${golden.join('/')}`, async () => {
      const text = readFixture(...input);
      const { findings } = await analyzeText(path, text);
      assert.equal(applyFixes(text, findings), readFixture(...golden));
    });

    test(`${input.join('/')}: the fixed file no longer has the fixed findings, and still parses`, async () => {
      const text = readFixture(...input);
      const before = await analyzeText(path, text);
      const after = await analyzeText(path, readFixture(...golden));
      assert.deepEqual(after.problems, []);
      const fixed = before.findings.filter((finding) => finding.suggestedFixes !== undefined).map((finding) => finding.location?.fingerprint);
      assert.ok(fixed.length > 0);
      const remaining = after.findings.map((finding) => finding.location?.fingerprint);
      assert.deepEqual(
        fixed.filter((fingerprint) => remaining.includes(fingerprint)),
        [],
      );
      // Unfixable findings stay, so the fix did not just break the file.
      assert.equal(after.findings.length, before.findings.length - fixed.length);
    });
  }

  test('every rule that offers fixes is covered by a golden file', async () => {
    const covered = new Set<string>();
    for (const { input, path } of goldens) {
      const { findings } = await analyzeText(path, readFixture(...input));
      findings.filter((finding) => finding.suggestedFixes).forEach((finding) => covered.add(finding.ruleId!));
    }
    assert.deepEqual(
      [...covered].sort(),
      iacRules
        .filter((rule) => rule.fix)
        .map((rule) => rule.id)
        .sort(),
    );
  });

  test('fix edits are 1-based and SARIF-shaped', async () => {
    const { findings } = await analyzeText('main.tf', readFixture('workspaces', 'terraform-aws', 'main.tf'));
    const database = findings.find((finding) => finding.ruleId === 'iac-public-database')!;
    const line = readFixture('workspaces', 'terraform-aws', 'main.tf').split('\n').indexOf('  publicly_accessible = true') + 1;
    assert.deepEqual(database.suggestedFixes, [
      { description: 'set publicly_accessible = false.', edits: [{ path: 'main.tf', startLine: line, startColumn: 25, endLine: line, endColumn: 29, newText: 'false' }], isBuiltIn: true },
    ]);
  });

  test('line inserts: file end without a newline, CRLF, deeper indentation, comments kept above their key', async () => {
    const table: [string, string, string][] = [
      ['Dockerfile', 'FROM node:20.12.2\r\nCMD ["node"]\r\n', 'FROM node:20.12.2\r\nUSER 10001\r\nCMD ["node"]\r\n'],
      [
        'pod.yaml',
        'apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: p\r\nspec:\r\n  containers:\r\n  - name: app\r\n    image: app:1.0.0\r\n',
        'apiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: p\r\nspec:\r\n  containers:\r\n  - name: app\r\n    image: app:1.0.0\r\n    securityContext:\r\n      runAsNonRoot: true\r\n',
      ],
      ['Dockerfile', 'FROM node:20.12.2\nRUN npm ci', 'FROM node:20.12.2\nRUN npm ci\nUSER 10001'],
      ['Dockerfile', 'FROM node:20.12.2\nCMD ["node"]\nUSER root\n', 'FROM node:20.12.2\nCMD ["node"]\nUSER root\nUSER 10001\n'],
      ['Dockerfile', 'FROM node:20.12.2\n  CMD ["node"]\n', 'FROM node:20.12.2\n  USER 10001\n  CMD ["node"]\n'],
      [
        'pod.yaml',
        'apiVersion: v1\nkind: Pod\nmetadata:\n    name: p\nspec:\n    containers:\n    -   name: app\n        image: app:1.0.0',
        'apiVersion: v1\nkind: Pod\nmetadata:\n    name: p\nspec:\n    containers:\n    -   name: app\n        image: app:1.0.0\n        securityContext:\n            runAsNonRoot: true',
      ],
      [
        'pod.yaml',
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: app:1.0.0\n    securityContext:\n      # keep caps minimal\n      capabilities:\n        drop: [ALL]\n',
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: app\n    image: app:1.0.0\n    securityContext:\n      runAsNonRoot: true\n      # keep caps minimal\n      capabilities:\n        drop: [ALL]\n',
      ],
    ];
    for (const [path, text, expected] of table) {
      const { findings } = await analyzeText(path, text);
      const rootFindings = findings.filter((finding) => finding.ruleId === 'iac-run-as-root' || finding.ruleId === 'iac-dockerfile-no-user');
      assert.equal(applyFixes(text, rootFindings), expected, text);
    }
  });
});
