// `npm run demo`: installs if needed, builds, starts the bundled fixture backend on 127.0.0.1, scans the sample
// workspace with the CLI and prints the prioritized table. Extra arguments go to the CLI (e.g. -- --format json).
import { spawnSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const t0 = Date.now();
const sh = (command, args) => {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    process.exit(result.status ?? 1);
  }
};

if (!existsSync(join(root, 'node_modules', '.package-lock.json'))) {
  console.error('[demo] installing dependencies (npm ci)…');
  sh('npm', ['ci', '--no-audit', '--no-fund']);
}
console.error('[demo] building…');
sh('npx', ['tsc', '-b']);
sh('node', ['.config/bundle.mjs']);

const { startFixtureBackend, scenarioPath } = await import(pathToFileURL(join(root, 'out/test-fixtures/backend/fixtureBackend.js')).href);
const backend = await startFixtureBackend({ scenarioDir: scenarioPath('node-express') });
console.error(`[demo] fixture backend on ${backend.url}; scanning test-fixtures/workspaces/node-express\n`);
// The sample is ours: its .vscode/settings.json (aspm.repository) may configure the scan.
const cli = spawn(process.execPath, [join(root, 'server/dist/cli.js'), 'scan', join(root, 'test-fixtures/workspaces/node-express'), '--backend', backend.url, '--trust-workspace-settings', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, ASPM_TOKEN: 'fixture-token' },
});
cli.on('close', async (code) => {
  await backend.close();
  console.error(`\n[demo] done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  process.exit(code ?? 1);
});
