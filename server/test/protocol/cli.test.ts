import { strict as assert } from 'node:assert';
import type { Log } from 'sarif';
import type { FixtureBackend } from '../../../test-fixtures/backend/fixtureBackend';
import type { Report } from '../../src/cli/report';
import { copyWorkspace } from './lspTestClient';
import { startBackend } from './testBackend';
import { runCli } from './cliRunner';

suite('cli: aspm scan on the same engine', () => {
  let backend: FixtureBackend;
  let workspace: ReturnType<typeof copyWorkspace>;

  suiteSetup(async () => {
    backend = await startBackend('node-express');
    workspace = copyWorkspace('node-express');
  });

  suiteTeardown(async () => {
    await backend.close();
    workspace.dispose();
  });

  test('JSON lists every finding with its reachability evidence, priority factors and surfaced flag', async () => {
    const { code, stdout } = await runCli(['scan', workspace.dir, '--backend', backend.url, '--format', 'json']);
    assert.equal(code, 0);
    const report = JSON.parse(stdout) as Report;
    assert.equal(report.repository, 'github.com/acme/node-shop', 'repository read from the folder\'s .vscode/settings.json');
    assert.deepEqual(report.summary, { total: 8, surfaced: 6, filtered: { declared: 1, 'dev-only': 1 } });
    const lodash = report.findings.find((finding) => finding.id === 'f-lodash-1')!;
    assert.deepEqual(lodash.package && { name: lodash.package.name, version: lodash.package.version, ecosystem: lodash.package.ecosystem }, { name: 'lodash', version: '4.17.15', ecosystem: 'npm' });
    assert.deepEqual(lodash.location, { path: 'package.json', line: 14 });
    assert.equal(lodash.reachability.tier, 'imported');
    assert.ok(lodash.reachability.evidence.some((evidence) => evidence.path === 'src/routes/products.ts' && evidence.line === 2));
    assert.equal(lodash.priority.factors.length, 4);
    assert.equal(lodash.priority.score, lodash.priority.factors.reduce((sum, factor) => sum + factor.points, 0));
    assert.equal(lodash.surfaced, true);
    const moment = report.findings.find((finding) => finding.id === 'f-moment-1')!;
    assert.equal(moment.surfaced, false);
    assert.equal(moment.filteredReason?.code, 'declared');
    for (const finding of report.findings) {
      for (const key of ['id', 'kind', 'title', 'severity', 'reachability', 'priority', 'surfaced'] as const) {
        assert.notEqual(finding[key], undefined, `${finding.id}.${key}`);
      }
    }
  });

  test('SARIF output is a 2.1.0 log whose results keep the surfaced/filtered verdict', async () => {
    const { code, stdout } = await runCli(['scan', workspace.dir, '--backend', backend.url, '--format', 'sarif']);
    assert.equal(code, 0);
    const log = JSON.parse(stdout) as Log;
    assert.equal(log.version, '2.1.0');
    const run = log.runs[0]!;
    assert.equal(run.tool.driver.name, 'aspm');
    const ruleIds = new Set(run.tool.driver.rules?.map((rule) => rule.id));
    assert.equal(run.results?.length, 8);
    for (const result of run.results ?? []) {
      assert.ok(result.ruleId && ruleIds.has(result.ruleId), `rule ${result.ruleId} declared`);
      assert.ok(['none', 'note', 'warning', 'error'].includes(result.level ?? ''), `level ${result.level}`);
      assert.ok(result.message.text);
      for (const location of result.locations ?? []) {
        assert.ok((location.physicalLocation?.region?.startLine ?? 0) >= 1, 'SARIF lines are 1-based');
      }
    }
    assert.equal(run.results?.filter((result) => result.level === 'none').length, 2, 'the two filtered findings');
  });

  test('the table names the surfaced findings with why, and the filtered ones with their reason', async () => {
    const { code, stdout } = await runCli(['scan', workspace.dir, '--backend', backend.url]);
    assert.equal(code, 0);
    assert.match(stdout, /6 of 8 findings surfaced; 2 filtered/);
    assert.match(stdout, /GHSA-p6mc-m468-83gw\s+lodash@4\.17\.15\s+imported\s+package\.json:14/);
    assert.match(stdout, /reason: dev-only: not shipped to production/);
  });

  test('a backend that is down is a clear error and exit code 2', async () => {
    const probe = await startBackend('node-express');
    await probe.close();
    const { code, stderr } = await runCli(['scan', workspace.dir, '--backend', probe.url, '--timeout', '2000']);
    assert.equal(code, 2);
    assert.match(stderr, /aspm: backend unreachable/);
  });

  test('without a backend it says so and still exits cleanly', async () => {
    const { code, stdout } = await runCli(['scan', workspace.dir, '--format', 'json'], { ASPM_BACKEND_URL: '' });
    assert.equal(code, 0);
    const report = JSON.parse(stdout) as Report;
    assert.equal(report.summary.total, 0);
    assert.ok(report.problems.some((problem) => problem.includes('no backend')));
  });
});
