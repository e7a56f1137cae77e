/**
 * Extension-host suite `goReachability`: a copy of the go-fiber workspace with no backend and `aspm.osv.path`
 * pointing at test-fixtures/osv/records (run-all.sh). Issue 8: the vulnerable `App.Get` is called through a struct
 * field (`s.app.Get(…)` in routes.go, which does not import fiber), and x/crypto is imported only for md4.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateAspm, aspmHover, backendUrl, findDiagnostic, waitFor, workspaceFolder } from './e2eSupport';

const ROUTE_REGISTRATION = 'GO-2099-0101';
const MD4 = 'GO-2099-0204';
const TERRAPIN = 'GHSA-45x7-px36-x8w8';

suite('goReachability: a Go fiber service, reachability through values and per package', () => {
  let goMod: vscode.Uri;

  suiteSetup(async () => {
    assert.equal(backendUrl(), '', 'this suite runs without a backend');
    goMod = vscode.Uri.joinPath(workspaceFolder().uri, 'go.mod');
    await activateAspm();
  });

  test('the hover says symbol-called and cites the s.app.Get line of routes.go', async () => {
    const diagnostic = await waitFor('the fiber route-registration diagnostic on go.mod', () => findDiagnostic(goMod, ROUTE_REGISTRATION));
    console.log(`[e2e] ${ROUTE_REGISTRATION} on go.mod:${diagnostic.range.start.line + 1}: ${diagnostic.message}`);
    const hover = await aspmHover(goMod, diagnostic.range.start);
    const reachability = hover.split('\n').find((line) => line.startsWith('**Reachability:'));
    console.log(`[e2e] hover: ${reachability}`);
    assert.match(reachability ?? '', /^\*\*Reachability: symbol-called\*\* — application code calls the vulnerable App\.Get, App\.Post, App\.Delete of github\.com\/gofiber\/fiber\/v2/);
    const evidence = hover.split('\n').find((line) => /calls s\.app\.Get\(\)/.test(line));
    assert.ok(evidence, `the hover cites the call: ${hover}`);
    assert.match(evidence, /s\.app is field app of Server \(server\.go:9\), of type fiber\.App \(vulnerable: App\.Get\)/);
    assert.match(evidence, /\]\([^)]*\/routes\.go#L6\)$/, 'linked to routes.go line 6');
    const routes = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(workspaceFolder().uri, 'routes.go'));
    assert.match(routes.lineAt(5).text, /s\.app\.Get\(/, 'the cited line is the call');
  });

  test('the hover cites the app.Get line of an app := fiber.New() value (its type known from fiber.New\'s signature)', async () => {
    const diagnostic = await waitFor('the fiber route-registration diagnostic on go.mod', () => findDiagnostic(goMod, ROUTE_REGISTRATION));
    const hover = await aspmHover(goMod, diagnostic.range.start);
    assert.match(hover.split('\n').find((line) => line.startsWith('**Reachability:')) ?? '', /^\*\*Reachability: symbol-called\*\*/);
    const evidence = hover.split('\n').find((line) => /calls app\.Get\(\)/.test(line));
    console.log(`[e2e] hover evidence: ${evidence}`);
    assert.ok(evidence, `the hover cites the call: ${hover}`);
    assert.match(evidence, /app is what fiber\.New\(\) returns \(line 7\); fiber\.New\(\) returns \\?\*fiber\.App \(vulnerable: App\.Get\)/, 'the * may be escaped for Markdown');
    assert.match(evidence, /\]\([^)]*\/health\.go#L8\)$/, 'linked to health.go line 8');
    const health = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(workspaceFolder().uri, 'health.go'));
    assert.match(health.lineAt(7).text, /app\.Get\(/, 'the cited line is the call');
  });

  test('x/crypto: the md4 advisory is shown, the ssh one (not imported by the code, unknown) ranks below the threshold', async () => {
    const md4 = await waitFor('the md4 diagnostic on go.mod', () => findDiagnostic(goMod, MD4));
    assert.match(md4.message, /symbol-called: application code calls the vulnerable New, digest\.Write of golang\.org\/x\/crypto/);
    // ssh is not imported by the code, but fiber (also required) may import it: unknown, below the default threshold.
    assert.equal(findDiagnostic(goMod, TERRAPIN), undefined, 'the x/crypto/ssh advisory (unknown, priority below 40) is filtered');
  });
});
