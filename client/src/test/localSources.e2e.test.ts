/**
 * Extension-host suite `localSources`: a copy of the node-express workspace with no backend (no `aspm.backend.url`)
 * and `aspm.osv.path` pointing at test-fixtures/osv/records in its .vscode/settings.json (run-all.sh). Files written
 * into the workspace while VS Code runs reach the server through VS Code's own file watcher: a SARIF report becomes
 * diagnostics, and a Kubernetes Service of type LoadBalancer makes the service internet-facing in the hover.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateAspm, aspmHover, backendUrl, findDiagnostic, priorityOf, readRepositoryFile, tableRow, waitFor, workspaceFolder, writeWorkspaceFile } from './e2eSupport';

const LODASH = 'GHSA-p6mc-m468-83gw';
const SEMGREP_SQLI = 'javascript.express.security.injection.tainted-sql-string.tainted-sql-string';


suite('localSources: no backend, local OSV records, files dropped into the workspace', () => {
  let manifest: vscode.Uri;

  suiteSetup(async () => {
    assert.equal(backendUrl(), '', 'this suite runs without a backend');
    manifest = vscode.Uri.joinPath(workspaceFolder().uri, 'package.json');
    await activateAspm();
    // The OSV advisory on lodash proves the workspace is indexed and the local advisories are loaded.
    await waitFor('the lodash advisory from the local OSV records', () => findDiagnostic(manifest, LODASH));
  });

  test('a SARIF report dropped into the workspace becomes diagnostics (latency logged)', async () => {
    const login = vscode.Uri.joinPath(workspaceFolder().uri, 'src', 'routes', 'login.ts');
    assert.equal(findDiagnostic(login, SEMGREP_SQLI), undefined, 'no SAST finding before the report');
    const report = await readRepositoryFile('test-fixtures/sarif/semgrep.sarif');
    const started = Date.now();
    await writeWorkspaceFile('reports/semgrep.sarif', report);
    const written = Date.now();
    const diagnostic = await waitFor('the Semgrep SQL injection on src/routes/login.ts', () => findDiagnostic(login, SEMGREP_SQLI), { timeoutMs: 10_000, stepMs: 20 });
    const latency = Date.now() - started;
    console.log(`[e2e] SARIF drop → diagnostic: ${latency} ms (write ${written - started} ms); the protocol test asserts < 1000 ms without VS Code's watcher`);
    assert.equal(diagnostic.range.start.line, 8, 'line 9 of login.ts');
    assert.equal(diagnostic.source, 'ASPM');
    assert.match(diagnostic.message, /SQL/);
  });

  test('a Kubernetes LoadBalancer Service raises the lodash priority and the hover names the IaC line', async () => {
    const lodash = await waitFor('lodash diagnostic', () => findDiagnostic(manifest, LODASH));
    const baseline = priorityOf(lodash);
    const before = await aspmHover(manifest, lodash.range.start);
    assert.match(tableRow(before, 'Exposure') ?? '', /\| 0\/15 \| no exposure data for this service \|/);

    const started = Date.now();
    // The same manifest as server/test/protocol/iacExposure.test.ts: the Service's `type: LoadBalancer` is line 19.
    await writeWorkspaceFile('deploy/k8s.yaml', await readRepositoryFile('test-fixtures/iac/node-shop-k8s.yaml'));
    const after = await waitFor('a higher lodash priority after deploy/k8s.yaml', () => {
      const diagnostic = findDiagnostic(manifest, LODASH);
      return diagnostic && priorityOf(diagnostic) > baseline ? diagnostic : undefined;
    }, { stepMs: 20 });
    console.log(`[e2e] lodash priority ${baseline} → ${priorityOf(after)} ${Date.now() - started} ms after deploy/k8s.yaml was written`);
    const hover = await aspmHover(manifest, after.range.start);
    const exposure = tableRow(hover, 'Exposure');
    console.log(`[e2e] exposure row: ${exposure}`);
    assert.match(exposure ?? '', /^\| Exposure \| 6\/15 \| internet-facing per its IaC \(deploy\/k8s\.yaml:19: /);
  });
});
