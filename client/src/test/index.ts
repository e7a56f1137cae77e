/**
 * Entry point named by `extensionTestsPath`: runs every `*.e2e.test.js` next to this file with mocha (tdd) inside
 * the extension host, writes a results JSON (E2E_RESULTS_FILE, default `<repo>/.e2e/exthost-results.json`) and
 * prints `N passed, N failed`. Rejects when a test failed, which makes the host exit with code 1.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

type TestResult = { title: string; state: 'passed' | 'failed'; durationMs?: number; error?: string };

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: 'spec' });
  if (process.env.E2E_GREP) {
    mocha.grep(process.env.E2E_GREP);
  }
  for (const file of fs.readdirSync(__dirname).filter((f) => f.endsWith('.e2e.test.js')).sort()) {
    mocha.addFile(path.join(__dirname, file));
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
