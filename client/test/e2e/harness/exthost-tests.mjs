// Runs the mocha suite INSIDE code-server's Node extension host, like `code --extensionDevelopmentPath=...
// --extensionTestsPath=...` on desktop. The web workbench reads both paths from the `payload` query parameter (only
// when code-server runs with `--vscode-option enable-smoke-test-driver`), runs the test module in the extension host
// that owns the extension, then calls window.codeAutomationExit(code), which is exposed here.
// Usage: node exthost-tests.mjs <baseUrl> <workspaceFolder> <extensionDevelopmentPath> <extensionTestsPath.js>
//                               [timeoutSec] [screenshotOnFailure.png]
import { chromium } from 'playwright-core';
import { format } from 'node:util';

const [baseUrl, folder, devPath, testsPath, timeoutSec = '300', failShot = 'exthost-failure.png'] = process.argv.slice(2);
const t0 = Date.now();
const log = (...a) => console.log(`[exthost +${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);
const authority = new URL(baseUrl).host; // code-server's remote authority = host:port of the page
const remote = (p) => `vscode-remote://${authority}${p}`;
const payload = [['extensionDevelopmentPath', remote(devPath)], ['extensionTestsPath', remote(testsPath)]];
const url = `${baseUrl}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
});
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
let exitCode = 1;
try {
  const done = new Promise((resolve) => { void page.exposeFunction('codeAutomationExit', (code) => resolve(code)); });
  // The workbench forwards console output (also the extension host's, so mocha's reporter) to codeAutomationLog.
  const noise = /^(Resolving connection token|Resolved connection token|Creating a socket|Updating additional builtin|\[(reconnection-grace-time|AgentHost|ChatModelSelection|AccountPolicyGate|Service Worker))/;
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const line = format(...args);
    if (process.env.E2E_VERBOSE) {
      console.log(`[${type}]`, line);
    } else if ((type === 'log' || type === 'info') && !noise.test(line)) {
      console.log(line);
    }
  });
  log('opening', url);
  await page.goto(url);
  let handle;
  const timer = new Promise((_, reject) => {
    handle = setTimeout(() => reject(new Error(`no codeAutomationExit within ${timeoutSec}s`)), Number(timeoutSec) * 1000);
  });
  try {
    exitCode = await Promise.race([done, timer]);
  } finally {
    clearTimeout(handle);
  }
  log('extension tests finished, exit code', exitCode);
} catch (e) {
  log('ERROR', e.message);
} finally {
  if (exitCode !== 0) {
    await page.screenshot({ path: failShot }).catch(() => {});
    log('screenshot:', failShot);
  }
  await browser.close();
  process.exitCode = exitCode === 0 ? 0 : 1;
}
