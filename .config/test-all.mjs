// `npm test`: builds, lints, then runs every suite (unit, protocol, real VS Code) and prints one summed
// `N passed, N failed` line at the end. ASPM_SKIP_E2E=1 skips the real-VS-Code suites (for quick local runs).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const totals = { passed: 0, failed: 0 };
const started = Date.now();

/** Runs a command with inherited output teed to us; resolves with its exit code and output. */
function run(command, args, env = {}) {
  return new Promise((resolvePromise) => {
    const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    for (const stream of [child.stdout, child.stderr]) {
      stream.on('data', (chunk) => {
        output += chunk;
        (stream === child.stdout ? process.stdout : process.stderr).write(chunk);
      });
    }
    child.on('close', (code) => resolvePromise({ code: code ?? 1, output }));
  });
}

async function step(name, command, args) {
  const t0 = Date.now();
  const { code } = await run(command, args);
  console.log(`[test] ${name}: ${code === 0 ? 'ok' : `FAILED (exit ${code})`} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  if (code !== 0) {
    totals.failed++;
    finish();
  }
}

async function suite(name, command, args, parse) {
  const t0 = Date.now();
  const { code, output } = await run(command, args);
  const counts = parse(output);
  if (code !== 0 && counts.failed === 0) {
    counts.failed = 1; // the runner died before reporting a failing test: count the suite itself as failed
  }
  totals.passed += counts.passed;
  totals.failed += counts.failed;
  console.log(`[test] ${name}: ${counts.passed} passed, ${counts.failed} failed in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

const mochaCounts = (output) => ({
  passed: Number(/(\d+) passing/.exec(output)?.[1] ?? 0),
  failed: Number(/(\d+) failing/.exec(output)?.[1] ?? 0),
});

const summedCounts = (output) => {
  const lines = [...output.matchAll(/^(\d+) passed, (\d+) failed\s*$/gm)];
  const last = lines.at(-1);
  return { passed: Number(last?.[1] ?? 0), failed: Number(last?.[2] ?? 0) };
};

function finish() {
  console.log(`[test] total time ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`${totals.passed} passed, ${totals.failed} failed`);
  process.exit(totals.failed > 0 || totals.passed === 0 ? 1 : 0);
}

await step('compile', 'npx', ['tsc', '-b']);
await step('lint', 'npx', ['eslint', '-c', '.config/eslint.config.mjs', '--max-warnings=0', '.']);
await step('bundle', 'node', ['.config/bundle.mjs']);
await suite('unit', 'npx', ['mocha', '--config', '.config/mocharc.unit.json'], mochaCounts);
await suite('protocol', 'npx', ['mocha', '--config', '.config/mocharc.protocol.json'], mochaCounts);
if (process.env.ASPM_SKIP_E2E === '1') {
  console.log('[test] real VS Code suites skipped (ASPM_SKIP_E2E=1)');
} else if (!existsSync(resolve(root, 'client/test/e2e/run-all.sh'))) {
  console.log('[test] real VS Code suites: no harness in this checkout (client/test/e2e/run-all.sh)');
} else {
  await suite('real VS Code (code-server)', 'bash', ['client/test/e2e/run-all.sh'], summedCounts);
}
finish();
