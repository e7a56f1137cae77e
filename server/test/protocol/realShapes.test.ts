import { strict as assert } from 'node:assert';
import type { Report } from '../../src/cli/report';
import { runCli } from './cliRunner';
import { copyWorkspace } from './lspTestClient';

/** The scan's problems (paths relative to the workspace), without the one every scan without a backend has. */
async function problemsOf(workspace: string): Promise<string[]> {
  const copy = copyWorkspace(workspace);
  try {
    const { code, stdout } = await runCli(['scan', copy.dir, '--format', 'json'], { ASPM_BACKEND_URL: '' });
    assert.equal(code, 0);
    return (JSON.parse(stdout) as Report).problems.filter((problem) => !problem.startsWith('no backend'));
  } finally {
    copy.dispose();
  }
}

/** Shapes of real public repositories that a scan must read without noise (the real-repository shakedown). */
suite('cli: real repository shapes', function () {
  this.timeout(60_000);

  test('a Helm chart is one note on its Chart.yaml, however many templates it has; a controller-gen CRD is no problem', async () => {
    assert.deepEqual(await problemsOf('k8s-manifests'), ['chart/Chart.yaml: Helm chart: its templates are not analysed, as they are not YAML until rendered (scan the output of `helm template` to check them) (line 2)']);
  });
});
