import { strict as assert } from 'node:assert';
import type { Log } from 'sarif';
import type { FixtureBackend } from '../../../test-fixtures/backend/fixtureBackend';
import type { Report } from '../../src/cli/report';
import { runCli } from './cliRunner';
import { featureBranchWorkspace, git } from './gitHistory';
import { startBackend } from './testBackend';

suite('cli: --since REF reports what the branch introduces (git history built in a temp folder)', () => {
  let backend: FixtureBackend;
  let workspace: ReturnType<typeof featureBranchWorkspace>;

  suiteSetup(async () => {
    backend = await startBackend('node-express');
    workspace = featureBranchWorkspace();
  });

  suiteTeardown(async () => {
    await backend.close();
    workspace.dispose();
  });

  test('JSON: each finding compared with the merge-base; only the new ones are surfaced; dependency and IaC changes listed', async () => {
    const { code, stdout, stderr } = await runCli(['scan', workspace.dir, '--trust-workspace-settings', '--backend', backend.url, '--since', 'main', '--format', 'json']);
    assert.equal(code, 0, stderr);
    const report = JSON.parse(stdout) as Report;
    const mergeBase = git(workspace.dir, 'merge-base', 'main', 'feature').trim();
    assert.equal(report.baseline?.commit, mergeBase, 'the merge-base, not the tip of main');
    const states = Object.fromEntries(report.findings.map((finding) => [finding.id, finding.baselineState]));
    assert.deepEqual(states, {
      'f-jwt-1': 'unchanged',
      'f-sast-1': 'new', // its line was rewritten (uncommitted)
      'f-lodash-1': 'new', // the branch moved lodash from the fixed 4.17.21 to the vulnerable 4.17.15
      'f-qs-1': 'unchanged',
      'f-moment-1': 'unchanged',
      'f-sanitize-1': 'absent', // the branch upgraded sanitize-html to the fixed 2.3.1
      'f-express-1': 'unchanged',
      'f-nanoid-1': 'unchanged',
      'iac-unpinned-image:docker-compose.yml:docker-compose.yml#cache:image': 'new', // the cache service is new
    });
    assert.deepEqual(report.findings.filter((finding) => finding.surfaced).map((finding) => finding.id).sort(), ['f-lodash-1', 'f-sast-1', 'iac-unpinned-image:docker-compose.yml:docker-compose.yml#cache:image']);
    assert.equal(report.findings.find((finding) => finding.id === 'f-jwt-1')?.filteredReason?.code, 'unchanged');
    assert.deepEqual(
      report.baseline?.dependencies.map((dependency) => `${dependency.change} ${dependency.name}@${dependency.version} ${dependency.before?.join(',')}`),
      ['changed lodash@4.17.15 4.17.21', 'changed sanitize-html@2.3.1 2.3.0'],
    );
    assert.deepEqual(report.baseline?.iacResources.map((resource) => resource.address), ['docker-compose.yml#cache']);
  });

  test('SARIF: every result carries its baselineState; the old ones are level none', async () => {
    const { code, stdout } = await runCli(['scan', workspace.dir, '--trust-workspace-settings', '--backend', backend.url, '--since', 'main', '--format', 'sarif']);
    assert.equal(code, 0);
    const results = (JSON.parse(stdout) as Log).runs[0]!.results!;
    const byId = new Map(results.map((result) => [result.partialFingerprints!.aspmFindingId, result]));
    assert.equal(byId.get('f-lodash-1')?.baselineState, 'new');
    assert.equal(byId.get('f-sanitize-1')?.baselineState, 'absent');
    assert.equal(byId.get('f-jwt-1')?.baselineState, 'unchanged');
    assert.equal(byId.get('f-jwt-1')?.level, 'none');
    assert.ok(results.every((result) => ['new', 'unchanged', 'updated', 'absent'].includes(result.baselineState ?? '')));
  });

  test('the gate counts only what the branch introduces', async () => {
    assert.equal((await runCli(['scan', workspace.dir, '--trust-workspace-settings', '--backend', backend.url, '--since', 'main', '--fail-on', 'surfaced'])).code, 1);
    const stash = git(workspace.dir, 'stash', '--include-untracked');
    try {
      assert.match(stash, /Saved working directory/);
      // Against its own tip, a branch with a clean tree introduces nothing.
      const { code, stdout } = await runCli(['scan', workspace.dir, '--trust-workspace-settings', '--backend', backend.url, '--since', 'HEAD', '--fail-on', 'surfaced', '--format', 'json']);
      assert.equal(code, 0);
      assert.equal((JSON.parse(stdout) as Report).summary.surfaced, 0);
    } finally {
      git(workspace.dir, 'stash', 'pop');
    }
  });

  test('an unknown revision is a clear error', async () => {
    const { code, stderr } = await runCli(['scan', workspace.dir, '--since', 'no-such-branch'], { ASPM_BACKEND_URL: '' });
    assert.equal(code, 2);
    assert.match(stderr, /aspm: git does not know the revision no-such-branch/);
  });
});
