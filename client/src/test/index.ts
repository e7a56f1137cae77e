/**
 * Entry point named by `extensionTestsPath`: runs the selected `*.e2e.test.js` files next to this file with mocha
 * (tdd) inside the extension host, writes a results JSON (E2E_RESULTS_FILE, default
 * `<repo>/.e2e/exthost-results.json`) and prints `N passed, N failed`. Rejects when a test failed, which makes the
 * host exit with code 1.
 *
 * Each suite file needs its own workspace, settings and backend scenario (see client/test/e2e/run-all.sh), so one
 * extension host runs the suites named in ASPM_E2E_SUITE: comma-separated file names without `.e2e.test.js`, in
 * that order, e.g. `resilience` or `dast,extension`. Unset: `extension` (node-express workspace, scenario
 * node-express). An unknown name fails the run rather than passing with nothing run.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

type TestResult = { title: string; state: 'passed' | 'failed'; durationMs?: number; error?: string };

const SUITE_SUFFIX = '.e2e.test.js';
const DEFAULT_SUITE = 'extension';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: 'spec' });
  if (process.env.E2E_GREP) {
    mocha.grep(process.env.E2E_GREP);
  }
  const available = fs.readdirSync(__dirname).filter((f) => f.endsWith(SUITE_SUFFIX)).map((f) => f.slice(0, -SUITE_SUFFIX.length));
  const selected = (process.env.ASPM_E2E_SUITE ?? DEFAULT_SUITE).split(',').map((name) => name.trim()).filter((name) => name !== '');
  const unknown = selected.filter((name) => !available.includes(name));
  if (selected.length === 0 || unknown.length > 0) {
    return Promise.reject(new Error(`ASPM_E2E_SUITE=${process.env.ASPM_E2E_SUITE ?? ''}: unknown or no suite ${unknown.join(', ')}; available: ${available.sort().join(', ')}`));
  }
  console.log(`[e2e] suites: ${selected.join(', ')}`);
  for (const name of selected) {
    mocha.addFile(path.join(__dirname, name + SUITE_SUFFIX));
  }
  const resultsFile = process.env.E2E_RESULTS_FILE ?? path.resolve(__dirname, '../../../../.e2e/exthost-results.json');
  return new Promise((resolve, reject) => {
    const results: TestResult[] = [];
    const runner = mocha.run((failures) => {
      const passed = results.filter((r) => r.state === 'passed').length;
      const summary = `${passed} passed, ${failures} failed`;
      fs.mkdirSync(path.dirname(resultsFile), { recursive: true });
      fs.writeFileSync(resultsFile, JSON.stringify({ passed, failed: failures, summary, results }, null, 2));
      console.log(summary);
      if (failures > 0) {
        reject(new Error(`${failures} extension-host tests failed`));
      } else {
        resolve();
      }
    });
    runner.on('pass', (test) => results.push({ title: test.fullTitle(), state: 'passed', durationMs: test.duration }));
    runner.on('fail', (test, error: unknown) =>
      results.push({
        title: test.fullTitle(),
        state: 'failed',
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      }),
    );
  });
}
