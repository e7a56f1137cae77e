import { strict as assert } from 'node:assert';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Log } from 'sarif';
import { scenarioPath, type FixtureBackend } from '../../../test-fixtures/backend/fixtureBackend';
import type { Report } from '../../src/cli/report';
import { runCli } from './cliRunner';
import { copyWorkspace } from './lspTestClient';
import { startBackend } from './testBackend';

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
    const { code, stdout, stderr } = await runCli(['scan', workspace.dir, '--backend', backend.url, '--format', 'json', '--trust-workspace-settings']);
    assert.equal(code, 0);
    assert.doesNotMatch(stderr, /ignoring/, 'trusted: nothing ignored');
    const report = JSON.parse(stdout) as Report;
    assert.equal(report.repository, 'github.com/acme/node-shop', 'repository read from the folder\'s .vscode/settings.json (trusted)');
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
    const { code, stdout } = await runCli(['scan', workspace.dir, '--backend', backend.url, '--repository', 'github.com/acme/node-shop', '--format', 'sarif']);
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
    const { code, stdout } = await runCli(['scan', workspace.dir, '--backend', backend.url, '--repository', 'github.com/acme/node-shop']);
    assert.equal(code, 0);
    assert.match(stdout, /6 of 8 findings surfaced; 2 filtered/);
    assert.match(stdout, /GHSA-p6mc-m468-83gw\s+lodash@4\.17\.15\s+imported\s+package\.json:14/);
    assert.match(stdout, /reason: dev-only: not shipped to production/);
  });

  test('a backend that is down is a clear error and exit code 2', async () => {
    const probe = await startBackend('node-express');
    await probe.close();
    const { code, stderr } = await runCli(['scan', workspace.dir, '--backend', probe.url, '--repository', 'github.com/acme/node-shop', '--timeout', '2000']);
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

  // Issue 8: nested npm copies, packages loaded by configuration, lockfile v1, each with its own scenario.
  for (const [workspaceName, repository, total] of [
    ['npm-nested-copies', 'github.com/acme/billing', 29],
    ['node-sequelize-knex', 'github.com/acme/store-admin', 12],
    ['npm-lockfile-v1', 'github.com/acme/wiki-notes', 7],
  ] as const) {
    test(`JSON on ${workspaceName}: every finding as the scenario's expectations file says, no summary contradicted by its evidence`, async () => {
      const scenario = await startBackend(workspaceName);
      const copy = copyWorkspace(workspaceName);
      try {
        const { code, stdout } = await runCli(['scan', copy.dir, '--trust-workspace-settings', '--backend', scenario.url, '--format', 'json']);
        assert.equal(code, 0);
        const report = JSON.parse(stdout) as Report;
        assert.equal(report.repository, repository);
        assert.deepEqual(report.problems, []);
        assert.equal(report.summary.total, total);
        const expected = JSON.parse(readFileSync(path.join(scenarioPath(workspaceName), 'expected.json'), 'utf8')) as {
          findings: Record<string, { tier: string; surfaced: boolean; path: string; line: number; fix?: string; filter?: string; evidence: string[] }>;
        };
        for (const finding of report.findings) {
          const want = expected.findings[finding.id];
          assert.ok(want, `expectation for ${finding.id}`);
          const cited = finding.reachability.evidence.flatMap((evidence) => (evidence.path && !evidence.path.endsWith('package.json') ? [`${evidence.path}:${evidence.line}`] : [])).sort();
          const got = { tier: finding.reachability.tier, surfaced: finding.surfaced, path: finding.location?.path, line: finding.location?.line, fix: finding.fix?.title, filter: finding.filteredReason?.code, evidence: cited };
          assert.deepEqual(got, { fix: undefined, filter: undefined, ...want }, finding.id);
          // "not called" is only said where no cited call site calls a vulnerable function.
          if (/is not called/.test(finding.reachability.summary)) {
            assert.ok(!finding.reachability.evidence.some((evidence) => / calls .*\(vulnerable: /.test(evidence.message)), finding.id);
          }
        }
      } finally {
        await scenario.close();
        copy.dispose();
      }
    });
  }
});

// Regression tests for issue 13 §2: the CLI obeyed the scanned repository's .vscode/settings.json, so a pull request
// could switch off its own CI gate and make the scan read (and print) files outside the repository.
suite('cli: the scanned repository does not configure its own scan', () => {
  let backend: FixtureBackend;
  let workspace: ReturnType<typeof copyWorkspace>;
  let secret: string;
  const secretText = 'SECRET-CONTENT-do-not-print';
  const settingsFile = (): string => path.join(workspace.dir, '.vscode', 'settings.json');
  const writeSettings = (settings: Record<string, unknown>): void => writeFileSync(settingsFile(), JSON.stringify(settings, null, 2));

  suiteSetup(async () => {
    backend = await startBackend('node-express');
    workspace = copyWorkspace('node-express');
    // A folder beside the repository, as `../secret` from it: a valid OSV record for lodash and a file that is not JSON.
    secret = mkdtempSync(path.join(path.dirname(workspace.dir), 'aspm-secret-'));
    copyFileSync(path.resolve(__dirname, '../../../../test-fixtures/osv/records/npm/GHSA-p6mc-m468-83gw.json'), path.join(secret, 'lodash.json'));
    writeFileSync(path.join(secret, 'id_rsa.json'), `${secretText}\n-----BEGIN OPENSSH PRIVATE KEY-----\n`);
  });

  suiteTeardown(async () => {
    await backend.close();
    workspace.dispose();
    rmSync(secret, { recursive: true, force: true });
  });

  test('"aspm.diagnostics.minPriority": 100 in the repository does not turn --fail-on-surfaced into a pass', async () => {
    writeSettings({ 'aspm.repository': 'github.com/acme/node-shop', 'aspm.diagnostics.minPriority': 100 });
    const gate = await runCli(['scan', workspace.dir, '--backend', backend.url, '--repository', 'github.com/acme/node-shop', '--format', 'json', '--fail-on-surfaced']);
    assert.equal(gate.code, 1, `exit code 1: findings are surfaced; stderr: ${gate.stderr}`);
    assert.ok((JSON.parse(gate.stdout) as Report).summary.surfaced > 0);
    const warnings = gate.stderr.split('\n').filter((line) => line.includes('ignoring'));
    assert.equal(warnings.length, 1, `said once: ${gate.stderr}`);
    assert.match(warnings[0]!, /aspm\.repository, aspm\.diagnostics\.minPriority .*--trust-workspace-settings/);

    const trusted = await runCli(['scan', workspace.dir, '--backend', backend.url, '--format', 'json', '--fail-on-surfaced', '--trust-workspace-settings']);
    assert.equal(trusted.code, 0, 'trusted on purpose: the repository\'s threshold applies');
    assert.equal((JSON.parse(trusted.stdout) as Report).summary.surfaced, 0);
  });

  test('"aspm.osv.path": "../secret" is refused, even trusted, and nothing from it is read or printed', async function () {
    this.timeout(90_000); // four scans
    rmSync(path.join(workspace.dir, 'osv-link'), { force: true });
    symlinkSync(secret, path.join(workspace.dir, 'osv-link'));
    const runs: [string, string][] = [[`../${path.basename(secret)}`, 'json'], [`../${path.basename(secret)}`, 'table'], [secret, 'json'], ['osv-link', 'json']];
    for (const [osvPath, format] of runs) {
      writeSettings({ 'aspm.osv.path': osvPath });
      const { code, stdout, stderr } = await runCli(['scan', workspace.dir, '--format', format, '--trust-workspace-settings'], { ASPM_BACKEND_URL: '' });
      assert.equal(code, 0, stderr);
      assert.ok(!stdout.includes(secretText) && !stderr.includes(secretText), `${osvPath}: nothing of the secret file printed`);
      assert.ok(!stdout.includes('OPENSSH') && !stderr.includes('OPENSSH'));
      assert.match(stderr, /aspm\.osv\.path .* points outside the workspace folder \S+; it is not read/, `${osvPath}: ${stderr}`);
      if (format === 'json') {
        const report = JSON.parse(stdout) as Report;
        assert.equal(report.summary.total, 0, `${osvPath}: no advisory read from it`);
        assert.ok(report.problems.some((problem) => problem.includes('points outside the workspace folder')), `${osvPath}: a problem in the output`);
      }
    }
  });

  test('an OSV folder inside the repository is read; without trust the setting is ignored, said once', async () => {
    mkdirSync(path.join(workspace.dir, 'advisories'), { recursive: true });
    copyFileSync(path.join(secret, 'lodash.json'), path.join(workspace.dir, 'advisories', 'lodash.json'));
    writeSettings({ 'aspm.osv.path': 'advisories' });
    const trusted = await runCli(['scan', workspace.dir, '--format', 'json', '--trust-workspace-settings'], { ASPM_BACKEND_URL: '' });
    assert.deepEqual((JSON.parse(trusted.stdout) as Report).findings.map((finding) => finding.advisory), ['GHSA-p6mc-m468-83gw']);
    const untrusted = await runCli(['scan', workspace.dir, '--format', 'json'], { ASPM_BACKEND_URL: '' });
    assert.equal((JSON.parse(untrusted.stdout) as Report).summary.total, 0);
    assert.match(untrusted.stderr, /ignoring aspm\.osv\.path from the scanned folder's \.vscode\/settings\.json/);
    assert.equal(readFileSync(settingsFile(), 'utf8').includes('advisories'), true, 'the settings file is only read');
  });
});
