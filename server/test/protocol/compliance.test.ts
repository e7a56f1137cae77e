import { strict as assert } from 'node:assert';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { FixtureBackend } from '../../../test-fixtures/backend/fixtureBackend';
import type { Report } from '../../src/cli/report';
import { cycloneDxErrors, openVexErrors } from '../../src/test/exportSchemas';
import { fixturePath, readFixture } from '../../src/test/fixtures';
import { runCli } from './cliRunner';
import { git } from './gitHistory';
import { copyWorkspace } from './lspTestClient';
import { startBackend } from './testBackend';

const goldenPath = fixturePath('workspaces', 'node-express-deploy', 'node-express-deploy.cdx.json');

/** The parts of a BOM that differ on every run (serial number, timestamp) replaced by fixed values, after checking them. */
function normalizedBom(text: string): Record<string, unknown> {
  const bom = JSON.parse(text) as { serialNumber: string; metadata: { timestamp: string } };
  assert.match(bom.serialNumber, /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.ok(Math.abs(Date.parse(bom.metadata.timestamp) - Date.now()) < 10 * 60_000, 'timestamped now');
  return { ...bom, serialNumber: 'urn:uuid:00000000-0000-4000-8000-000000000000', metadata: { ...bom.metadata, timestamp: '2026-01-01T00:00:00.000Z' } };
}

/** `# expect-control: <id> pass|fail|not-applicable` annotations of a policy file. */
function expectedControls(text: string): Map<string, string> {
  return new Map([...text.matchAll(/# expect-control: (\S+) (\S+)/g)].map((match) => [match[1]!, match[2]!]));
}

suite('cli: SBOM, VEX, controls, gates and the evidence report (node-express-deploy + node-express backend)', () => {
  let backend: FixtureBackend;
  let workspace: ReturnType<typeof copyWorkspace>;

  suiteSetup(async () => {
    backend = await startBackend('node-express');
    workspace = copyWorkspace('node-express-deploy');
  });

  suiteTeardown(async () => {
    await backend.close();
    workspace.dispose();
  });

  test('--format cyclonedx: a valid CycloneDX 1.6 BOM equal to the golden one (serial number and time aside)', async () => {
    const { code, stdout, stderr } = await runCli(['scan', workspace.dir, '--trust-workspace-settings', '--backend', backend.url, '--format', 'cyclonedx']);
    assert.equal(code, 0, stderr);
    const bom = normalizedBom(stdout);
    assert.equal(await cycloneDxErrors(bom), undefined);
    if (process.env.ASPM_UPDATE_GOLDEN === '1') {
      writeFileSync(goldenPath, `${JSON.stringify(bom, null, 2)}\n`);
    }
    assert.deepEqual(bom, JSON.parse(readFileSync(goldenPath, 'utf8')), 'golden BOM (regenerate with ASPM_UPDATE_GOLDEN=1 after checking the difference)');
    const vulnerabilities = bom.vulnerabilities as { id: string; analysis: { state: string; justification?: string; detail: string } }[];
    const state = (id: string): string => {
      const analysis = vulnerabilities.find((vulnerability) => vulnerability.id === id)!.analysis;
      return `${analysis.state}${analysis.justification ? `/${analysis.justification}` : ''}`;
    };
    assert.equal(state('GHSA-8cf7-32gw-wr33'), 'exploitable', 'jsonwebtoken is loaded at runtime');
    assert.equal(state('GHSA-p6mc-m468-83gw'), 'not_affected/code_not_reachable', 'lodash is imported, its vulnerable zipObjectDeep never called');
    assert.equal(state('GHSA-8hfj-j24r-96c4'), 'not_affected/code_not_reachable', 'moment is declared, never imported');
    assert.equal(state('GHSA-qrpm-p2h7-hrv2'), 'not_affected/code_not_present', 'nanoid is dev-only');
    assert.equal(state('GHSA-hrpp-h998-j3pp'), 'in_triage', 'qs is imported through express');
    const service = (bom.services as Record<string, unknown>[])[0]!;
    assert.deepEqual(service.endpoints, ['/rest/products/:id', '/rest/products/search', '/rest/user/login']);
    assert.equal(service.authenticated, false, 'runtime data shows public unauthenticated endpoints');
    assert.equal(service['x-trust-boundary'], true);
    assert.deepEqual(service.data, [{ flow: 'bi-directional', classification: 'pii' }, { flow: 'bi-directional', classification: 'credentials' }]);
  });

  test('--format openvex: the same statements as OpenVEX 0.2.0, valid against its schema', async () => {
    const [openvex, cyclonedx] = await Promise.all([
      runCli(['scan', workspace.dir, '--trust-workspace-settings', '--backend', backend.url, '--format', 'openvex']),
      runCli(['scan', workspace.dir, '--trust-workspace-settings', '--backend', backend.url, '--format', 'cyclonedx']),
    ]);
    assert.equal(openvex.code, 0, openvex.stderr);
    const document = JSON.parse(openvex.stdout) as { statements: { vulnerability: { name: string }; status: string; justification?: string }[] };
    assert.equal(openVexErrors(document), undefined);
    const bom = JSON.parse(cyclonedx.stdout) as { vulnerabilities: { id: string; analysis: { state: string } }[] };
    const mapped: Record<string, string> = { exploitable: 'affected', in_triage: 'under_investigation', not_affected: 'not_affected', resolved: 'fixed' };
    assert.deepEqual(
      document.statements.map((statement) => `${statement.vulnerability.name} ${statement.status}`).sort(),
      bom.vulnerabilities.map((vulnerability) => `${vulnerability.id} ${mapped[vulnerability.analysis.state]}`).sort(),
    );
    assert.equal(document.statements.find((statement) => statement.vulnerability.name === 'GHSA-qrpm-p2h7-hrv2')?.justification, 'component_not_present');
  });

  test('OpenVEX with nothing to state is a clear error, not an invalid document', async () => {
    const terraform = copyWorkspace('terraform-aws');
    try {
      const { code, stdout, stderr } = await runCli(['scan', terraform.dir, '--format', 'openvex'], { ASPM_BACKEND_URL: '' });
      assert.equal(code, 2);
      assert.equal(stdout, '');
      assert.match(stderr, /aspm: no vulnerability of an installed package to state: OpenVEX needs at least one statement/);
    } finally {
      terraform.dispose();
    }
  });

  test('controls come out as .aspm/policy.yaml says, with the organisation policy next to them', async () => {
    const { code, stdout } = await runCli(['scan', workspace.dir, '--trust-workspace-settings', '--backend', backend.url, '--format', 'json']);
    assert.equal(code, 0, 'no gate: exit 0 even with failing controls');
    const report = JSON.parse(stdout) as Report;
    const expected = expectedControls(readFixture('workspaces', 'node-express-deploy', '.aspm', 'policy.yaml'));
    assert.equal(expected.size, 8);
    const results = report.controls![0]!.results;
    for (const [id, status] of expected) {
      const result = results.find((candidate) => candidate.id === id);
      assert.equal(result?.status, status, `${id}: ${result?.summary}`);
    }
    assert.deepEqual(results.filter((result) => result.origin.kind === 'organisation').map((result) => result.id), ['no-reachable-critical-prod', 'no-reachable-critical-prod-sla']);
    const banned = results.find((result) => result.id === 'banned-packages')!;
    assert.deepEqual(banned.evidence.map((evidence) => `${evidence.location?.path}:${(evidence.location?.range.start.line ?? -1) + 1}`), ['package.json:15', 'package.json:14'], 'moment, then lodash, at their declarations');
  });

  test('--fail-on policy|surfaced|none and the --fail-on-surfaced alias set the exit code', async () => {
    const policy = await runCli(['scan', workspace.dir, '--trust-workspace-settings', '--backend', backend.url, '--fail-on', 'policy']);
    assert.equal(policy.code, 1);
    assert.match(policy.stderr, /aspm: --fail-on policy: 6 controls fail: no-reachable-critical-prod-sla \(node-shop\)/);
    assert.equal((await runCli(['scan', workspace.dir, '--trust-workspace-settings', '--backend', backend.url, '--fail-on', 'surfaced'])).code, 1);
    assert.equal((await runCli(['scan', workspace.dir, '--trust-workspace-settings', '--backend', backend.url, '--fail-on-surfaced'])).code, 1);
    assert.equal((await runCli(['scan', workspace.dir, '--trust-workspace-settings', '--backend', backend.url, '--fail-on', 'none'])).code, 0);
    const bad = await runCli(['scan', workspace.dir, '--fail-on', 'sometimes']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /unknown --fail-on sometimes \(policy, surfaced or none\)/);
  });

  test('a policy whose controls all pass lets the policy gate through', async () => {
    const passing = copyWorkspace('node-express-deploy');
    try {
      writeFileSync(
        path.join(passing.dir, '.aspm', 'policy.yaml'),
        'version: 1\ncontrols:\n  - id: no-compromised-packages\n    rule: banned-packages\n    packages: [{ name: event-stream, range: "3.3.6" }]\n  - id: base-images-pinned\n    rule: pinned-images\n    roles: [base]\n',
      );
      const { code, stdout } = await runCli(['scan', passing.dir, '--fail-on', 'policy', '--format', 'json'], { ASPM_BACKEND_URL: '' });
      assert.equal(code, 0);
      assert.deepEqual((JSON.parse(stdout) as Report).controls![0]!.results.map((result) => `${result.id} ${result.status}`), ['no-compromised-packages pass', 'base-images-pinned pass']);
    } finally {
      passing.dispose();
    }
  });

  test('a monorepo scanned in a subfolder without a backend applies the subfolder\'s .aspm/policy.yaml', async () => {
    const mono = copyWorkspace('node-express-deploy');
    try {
      // The fixture moved to services/api of a git repository: the scanned folder is below the git root.
      const api = path.join(mono.dir, 'services', 'api');
      mkdirSync(path.dirname(api), { recursive: true });
      const files = readdirSync(mono.dir).filter((name) => name !== 'services');
      mkdirSync(api);
      for (const name of files) {
        renameSync(path.join(mono.dir, name), path.join(api, name));
      }
      git(mono.dir, 'init', '-q', '-b', 'main');
      git(mono.dir, 'add', '-A');
      git(mono.dir, 'commit', '-q', '-m', 'monorepo');
      const expected = expectedControls(readFileSync(path.join(api, '.aspm', 'policy.yaml'), 'utf8'));
      const { code, stdout, stderr } = await runCli(['scan', api, '--fail-on', 'policy', '--format', 'json'], { ASPM_BACKEND_URL: '' });
      const results = (JSON.parse(stdout) as Report).controls!.flatMap((service) => service.results);
      assert.equal(results.length, expected.size, 'every control of the policy file is evaluated');
      const byId = new Map(results.map((result) => [result.id, result.status]));
      assert.equal(byId.get('banned-packages'), 'fail');
      assert.equal(byId.get('runtime-images-pinned'), 'fail');
      assert.equal(code, 1, stderr);
      assert.match(stderr, /aspm: --fail-on policy: \d+ controls? fail/);
    } finally {
      mono.dispose();
    }
  });

  test('without a git remote the BOM is named after package.json; problems go to stderr; an unreadable --osv folder is an error; a relative --osv is read from the current directory', async () => {
    const local = copyWorkspace('node-express-deploy');
    try {
      const named = await runCli(['scan', local.dir, '--format', 'cyclonedx'], { ASPM_BACKEND_URL: '' });
      assert.equal(named.code, 0, named.stderr);
      assert.equal((JSON.parse(named.stdout) as { metadata: { component: { name: string } } }).metadata.component.name, 'node-shop');
      assert.match(named.stderr, /no backend: pass --source/, 'the problems the BOM has no room for are on stderr');
      const missing = await runCli(['scan', local.dir, '--format', 'cyclonedx', '--osv', path.join(local.dir, 'no-such-folder')], { ASPM_BACKEND_URL: '' });
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /aspm: OSV folder .*no-such-folder: cannot read folder: ENOENT/);
      // Relative to the current directory (the scanned folder's parent here), not to the scanned folder.
      const osv = path.join(local.dir, 'advisories');
      cpSync(fixturePath('osv', 'records'), osv, { recursive: true });
      const relative = await runCli(['scan', path.basename(local.dir), '--format', 'openvex', '--osv', path.join(path.basename(local.dir), 'advisories')], { ASPM_BACKEND_URL: '' }, path.dirname(local.dir));
      assert.equal(relative.code, 0, relative.stderr);
      assert.ok((JSON.parse(relative.stdout) as { statements: unknown[] }).statements.length > 0, 'the advisories were read');
      const vex = JSON.parse(relative.stdout) as { '@id': string };
      assert.match(vex['@id'], /node-shop/);
    } finally {
      local.dispose();
    }
  });

  test('a broken policy file is one problem; its valid controls still apply and the scan goes on', async () => {
    const broken = copyWorkspace('node-express-deploy');
    try {
      writeFileSync(path.join(broken.dir, '.aspm', 'policy.yaml'), 'version: 1\ncontrols:\n  - id: pins\n    rule: pinned-images\n  - id: typo\n    rule: max-severty\n');
      const { code, stdout } = await runCli(['scan', broken.dir, '--format', 'json'], { ASPM_BACKEND_URL: '' });
      assert.equal(code, 0);
      const report = JSON.parse(stdout) as Report;
      const problems = report.problems.filter((problem) => problem.startsWith('.aspm/policy.yaml'));
      assert.equal(problems.length, 1, problems.join('\n'));
      assert.match(problems[0]!, /line 5: control 2 \("typo"\): rule: .*\(the valid control still applies\)/);
      assert.deepEqual(report.controls![0]!.results.map((result) => result.id), ['pins']);
    } finally {
      broken.dispose();
    }
  });

  test('aspm report --format html --out FILE writes one self-contained page; --format md prints Markdown', async () => {
    const out = path.join(workspace.dir, '..', `${path.basename(workspace.dir)}-report.html`);
    const html = await runCli(['report', workspace.dir, '--trust-workspace-settings', '--backend', backend.url, '--format', 'html', '--out', out]);
    assert.equal(html.code, 0, html.stderr);
    assert.ok(existsSync(out));
    const page = readFileSync(out, 'utf8');
    assert.match(page, /^<!DOCTYPE html>/);
    assert.doesNotMatch(page, /<script|<link\b|\b(src|href)=["']?https?:/i, 'no script, no external asset');
    for (const expected of ['CC7.1', 'CC8.1', 'A.8.8', 'A.8.28', 'A.8.9', 'banned-packages', 'ASPM backend', 'Runtime exposure of node-shop', '<svg']) {
      assert.ok(page.includes(expected), expected);
    }
    const markdown = await runCli(['report', workspace.dir, '--trust-workspace-settings', '--backend', backend.url, '--format', 'md']);
    assert.equal(markdown.code, 0);
    assert.match(markdown.stdout, /^# Security evidence report: github\.com\/acme\/node-shop/);
    assert.match(markdown.stdout, /\| \*\*fail\*\* \| No deprecated or compromised packages \(banned-packages\) \|/);
    assert.equal((await runCli(['report', workspace.dir, '--format', 'pdf'])).code, 2);
  });
});
