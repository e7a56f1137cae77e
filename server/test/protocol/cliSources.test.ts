import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { startPlatformServer, type PlatformKind, type PlatformServer } from '../../../test-fixtures/platforms/platformServer';
import type { Report, ReportFinding } from '../../src/cli/report';
import { copyWorkspace } from './lspTestClient';
import { startBackend } from './testBackend';

/** `aspm scan` of the bundled CLI with only the environment given (no token leaks in from the test's own). */
function scan(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const cli = path.resolve(__dirname, '../../../../server/dist/cli.js');
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, 'scan', '--trust-workspace-settings', ...args], { env: { PATH: process.env.PATH ?? '', ...env }, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const tokenVariables: Record<PlatformKind, string> = { defectdojo: 'DEFECTDOJO_TOKEN', 'dependency-track': 'DEPENDENCY_TRACK_API_KEY', github: 'GITHUB_TOKEN' };

/** A finding's verdict by advisory and package (or rule and line), to compare runs against different sources. */
function verdicts(report: Report): Map<string, string> {
  const key = (finding: ReportFinding): string => (finding.package ? `${finding.package.name.toLowerCase()}#${finding.advisory}` : `${finding.advisory}@${finding.location?.path}:${finding.location?.line}`);
  return new Map(report.findings.map((finding) => [key(finding), finding.surfaced ? 'surfaced' : `filtered:${finding.filteredReason?.code}`]));
}

suite('cli: aspm scan --source KIND=URL against DefectDojo, Dependency-Track and GitHub', () => {
  let workspace: ReturnType<typeof copyWorkspace>;
  const servers: PlatformServer[] = [];
  let reference: Map<string, string>;

  suiteSetup(async () => {
    workspace = copyWorkspace('node-express');
    const backend = await startBackend('node-express');
    try {
      const run = await scan([workspace.dir, '--backend', backend.url, '--format', 'json'], { ASPM_TOKEN: 'fixture-token' });
      assert.equal(run.code, 0, run.stderr);
      reference = verdicts(JSON.parse(run.stdout) as Report);
    } finally {
      await backend.close();
    }
  });

  suiteTeardown(async () => {
    await Promise.all(servers.map((server) => server.close()));
    workspace.dispose();
  });

  const start = async (kind: PlatformKind): Promise<PlatformServer> => {
    const server = await startPlatformServer({ kind, scenario: 'node-express' });
    servers.push(server);
    return server;
  };

  for (const kind of ['defectdojo', 'dependency-track', 'github'] as const) {
    test(`${kind}: the same verdicts as the ASPM backend, and each finding names its ${kind} id and page`, async () => {
      const server = await start(kind);
      const run = await scan([workspace.dir, '--source', `${kind}=${server.url}`, '--format', 'json'], { [tokenVariables[kind]]: server.token });
      assert.equal(run.code, 0, run.stderr);
      const report = JSON.parse(run.stdout) as Report;
      const got = verdicts(report);
      for (const [key, verdict] of reference) {
        if (kind === 'dependency-track' && !key.includes('#')) {
          continue; // no SAST in Dependency-Track
        }
        assert.equal(got.get(key), verdict, `${kind}: ${key}`);
      }
      for (const finding of report.findings) {
        assert.equal(finding.sources.length, 1, finding.id);
        assert.equal(finding.sources[0]!.kind, kind);
        assert.equal(finding.sources[0]!.source, `${kind}:${server.url}`);
        assert.ok(finding.sources[0]!.id !== '');
      }
      const lodash = report.findings.find((finding) => finding.package?.name === 'lodash')!;
      const expectedId = { defectdojo: '1201', 'dependency-track': undefined, github: 'dependabot/1' }[kind];
      if (expectedId) {
        assert.equal(lodash.sources[0]!.id, expectedId);
      }
      assert.ok(server.requests.every((request) => request.headers.authorization !== server.token && request.headers['x-api-key'] !== server.token));
    });
  }

  test('two sources at once: Dependency-Track and GitHub report the same advisories, each listed once with both sources', async () => {
    const track = await start('dependency-track');
    const hub = await start('github');
    const run = await scan([workspace.dir, '--source', `dependency-track=${track.url}`, '--source', `github=${hub.url}`, '--format', 'json'], {
      DEPENDENCY_TRACK_API_KEY: track.token,
      GITHUB_TOKEN: hub.token,
    });
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout) as Report;
    assert.equal(report.summary.total, 9, '7 advisories from both, the CodeQL alert and the secret from GitHub');
    const moment = report.findings.find((finding) => finding.package?.name === 'moment')!;
    assert.deepEqual(
      moment.sources.map((source) => [source.kind, source.id, source.url]),
      [
        ['dependency-track', moment.sources[0]!.id, undefined],
        ['github', 'dependabot/4', 'https://github.com/acme/node-shop/security/dependabot/4'],
      ],
    );
    assert.match(moment.sources[0]!.id, /^[0-9a-f-]{36}:[0-9a-f-]{36}:[0-9a-f-]{36}$/, 'Dependency-Track\'s own project:component:vulnerability');
    assert.deepEqual(moment.package && [moment.package.version, moment.surfaced, moment.filteredReason?.code], ['2.29.1', false, 'declared']);
  });

  test('--project names the DefectDojo product; a missing token and a bad --source are clear errors (exit 2)', async () => {
    const dojo = await start('defectdojo');
    const admin = await scan([workspace.dir, '--source', `defectdojo=${dojo.url}`, '--project', 'node-shop-admin', '--format', 'json'], { DEFECTDOJO_TOKEN: dojo.token });
    assert.equal(admin.code, 0, admin.stderr);
    assert.deepEqual((JSON.parse(admin.stdout) as Report).services.map((service) => service.name), ['node-shop-admin']);

    const hub = await start('github');
    const unauthorized = await scan([workspace.dir, '--source', `github=${hub.url}`]);
    assert.equal(unauthorized.code, 2);
    assert.match(unauthorized.stderr, /^aspm: GET \/repos\/acme\/node-shop\/dependabot\/alerts answered HTTP 401$/m);

    const both = await scan([workspace.dir, '--source', `github=${hub.url}`, '--source', `defectdojo=${dojo.url}`], { DEFECTDOJO_TOKEN: 'revoked' });
    assert.equal(both.code, 2);
    assert.match(both.stderr, /^aspm: GitHub \(http:\/\/127\.0\.0\.1:\d+\): GET \/repos\/acme\/node-shop\/dependabot\/alerts answered HTTP 401$/m);
    assert.match(both.stderr, /^aspm: DefectDojo \(http:\/\/127\.0\.0\.1:\d+\): GET \/api\/v2\/products\/ answered HTTP 401$/m);

    const bad = await scan([workspace.dir, '--source', 'jira=https://jira.example.com']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--source jira=https:\/\/jira\.example\.com: unknown kind "jira"; kinds: aspm, defectdojo, dependency-track, github/);
  });
});
