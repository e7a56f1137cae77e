/**
 * Runs the extension-host suite in a desktop VS Code downloaded by @vscode/test-electron (where that download is
 * possible; this repository's CI uses code-server instead: client/test/e2e/run-all.sh). Starts the fixture backend,
 * copies the node-express workspace to a temp folder and points the user settings at the backend.
 * Usage: npm run compile && node out/client/src/test/runTest.js [vscodeVersion]
 */
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

type FixtureBackendModule = {
  startFixtureBackend(options: { scenarioDir: string; token?: string }): Promise<{ url: string; close(): Promise<void> }>;
  scenarioPath(name: string): string;
};

const TOKEN = 'fixture-token';

async function main(): Promise<void> {
  const repoRoot = path.resolve(__dirname, '../../../..'); // out/client/src/test → repository root
  // Loaded at runtime: the client project must not import other projects (test-fixtures is compiled on its own).
  const fixtures = createRequire(__filename)(path.join(repoRoot, 'out/test-fixtures/backend/fixtureBackend.js')) as FixtureBackendModule;
  const backend = await fixtures.startFixtureBackend({ scenarioDir: fixtures.scenarioPath('node-express'), token: TOKEN });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'aspm-e2e-'));
  try {
    const workspace = path.join(tmp, 'node-express');
    fs.cpSync(path.join(repoRoot, 'test-fixtures/workspaces/node-express'), workspace, { recursive: true });
    const userData = path.join(tmp, 'user-data');
    fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
    // aspm.backend.url is machine-scoped: it must be a user setting, a workspace setting would be ignored.
    fs.writeFileSync(
      path.join(userData, 'User', 'settings.json'),
      JSON.stringify({ 'aspm.backend.url': backend.url, 'workbench.startupEditor': 'none', 'chat.disableAIFeatures': true }),
    );
    await runTests({
      version: process.argv[2] ?? 'stable',
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: path.resolve(__dirname, 'index.js'),
      extensionTestsEnv: { ASPM_E2E_TOKEN: TOKEN, E2E_RESULTS_FILE: path.join(repoRoot, '.e2e/exthost-results.json') },
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', `--user-data-dir=${userData}`],
    });
  } finally {
    await backend.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error('Extension-host tests failed:', error);
  process.exit(1);
});
