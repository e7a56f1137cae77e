import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { FixtureBackend } from '../../../test-fixtures/backend/fixtureBackend';
import type { Report } from '../../src/cli/report';
import { readFixture } from '../../src/test/fixtures';
import { writeStoredZip } from '../../src/test/zipFile';
import { copyWorkspace } from './lspTestClient';
import { startBackend } from './testBackend';

const cliBundle = path.resolve(__dirname, '../../../../server/dist/cli.js');
const fixturesRoot = path.resolve(__dirname, '../../../../test-fixtures');

/** One run of a scenario's `expected.json`: a workspace, what is installed next to it, and the verdicts. */
interface ExpectedRun {
  workspace: string;
  /** A folder of `test-fixtures/virtualenvs/` copied to the workspace's `.venv`. */
  virtualenv?: string;
  /** Jars of a local Maven repository (`MAVEN_REPO`): path → class files. Present and empty: an empty repository. */
  mavenRepo?: Record<string, string[]>;
  summary: Report['summary'];
  findings: Record<string, { tier: string; surfaced: boolean; line?: number; filter?: string; fix?: string; summary: string }>;
}

function runCli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cliBundle, ...args], { env: { ...process.env, ASPM_TOKEN: 'fixture-token', ...env }, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/**
 * Issue #8: verdicts that the code cannot contradict. `aspm scan --format json` on workspaces shaped like real
 * repositories (a flat requirements.txt with and without its virtualenv, a Go module with `// indirect` modules, a
 * dep project, a Maven project whose imports do not look like their group ids): every finding's tier, surfaced flag,
 * line, fix and summary as the scenario's `expected.json` says.
 */
for (const scenario of ['python-django', 'go-graphs', 'java-graphs']) {
  const { runs } = JSON.parse(readFixture('backend', 'scenarios', scenario, 'expected.json')) as { runs: ExpectedRun[] };
  suite(`cli: verdicts of scenario ${scenario}`, () => {
    let backend: FixtureBackend;

    suiteSetup(async () => {
      backend = await startBackend(scenario);
    });

    suiteTeardown(async () => {
      await backend.close();
    });

    for (const run of runs) {
      const setup = run.virtualenv ? ` with the virtualenv ${run.virtualenv}` : run.mavenRepo && Object.keys(run.mavenRepo).length > 0 ? ' with a local Maven repository' : '';
      test(`${run.workspace}${setup}`, async () => {
        const workspace = copyWorkspace(run.workspace);
        const home = mkdtempSync(path.join(tmpdir(), 'aspm-home-'));
        try {
          if (run.virtualenv) {
            cpSync(path.join(fixturesRoot, 'virtualenvs', run.virtualenv), path.join(workspace.dir, '.venv'), { recursive: true });
          }
          for (const [jar, classes] of Object.entries(run.mavenRepo ?? {})) {
            mkdirSync(path.dirname(path.join(home, 'repository', jar)), { recursive: true });
            writeStoredZip(path.join(home, 'repository', jar), Object.fromEntries(classes.map((name) => [name, 'cafebabe'])));
          }
          // A home of its own: the machine's ~/.m2 and ~/.gradle must not decide the verdicts.
          const { code, stdout, stderr } = await runCli(['scan', workspace.dir, '--trust-workspace-settings', '--backend', backend.url, '--format', 'json'], { HOME: home, MAVEN_REPO: path.join(home, 'repository') });
          assert.equal(code, 0, stderr);
          const report = JSON.parse(stdout) as Report;
          assert.deepEqual(Object.keys(Object.fromEntries(report.findings.map((finding) => [finding.id, true]))).sort(), Object.keys(run.findings).sort());
          for (const finding of report.findings) {
            const want = run.findings[finding.id]!;
            const got = { tier: finding.reachability.tier, surfaced: finding.surfaced, line: finding.location?.line, filter: finding.filteredReason?.code, fix: finding.fix?.title, summary: finding.reachability.summary };
            assert.deepEqual(got, { ...want, line: want.line, filter: want.filter, fix: want.fix }, finding.id);
            for (const evidence of finding.reachability.evidence) {
              assert.ok(evidence.path === undefined || !path.isAbsolute(evidence.path), `${finding.id}: evidence cites workspace paths`);
            }
          }
          assert.deepEqual(report.summary, run.summary);
          // The rule: an unknown verdict is never filtered as declared-only or dev-only.
          for (const finding of report.findings.filter((item) => item.reachability.tier === 'unknown')) {
            assert.ok(!['declared', 'dev-only'].includes(finding.filteredReason?.code ?? ''), `${finding.id} is unknown, so not filtered for its tier`);
          }
        } finally {
          workspace.dispose();
          rmSync(home, { recursive: true, force: true });
        }
      });
    }
  });
}
