/**
 * Extension-host suite `dast`: node-express workspace, fixture backend scenario node-express-dast (run-all.sh). A
 * DAST finding reported against a URL lands on the Express route handler that serves it.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AspmApi } from '../extension';
import { activateAspm, aspmHover, filteredRows, findDiagnostic, waitFor, workspaceFolder } from './e2eSupport';

suite('dast: a DAST finding lands on its Express route handler', () => {
  let api: AspmApi;

  suiteSetup(async () => {
    api = await activateAspm();
  });

  test('zap-40012 on GET /rest/products/search is published on productsRouter.get(\'/search\', …)', async () => {
    const products = vscode.Uri.joinPath(workspaceFolder().uri, 'src', 'routes', 'products.ts');
    const started = Date.now();
    const xss = await waitFor('the zap-40012 diagnostic on src/routes/products.ts', () => findDiagnostic(products, 'zap-40012'));
    console.log(`[e2e] zap-40012 after ${Date.now() - started} ms: line ${xss.range.start.line + 1}: ${xss.message}`);
    assert.equal(xss.range.start.line, 8, "productsRouter.get('/search', …) is on line 9");
    assert.equal(xss.source, 'ASPM');
    assert.match(xss.message, /runtime-loaded: observed against the running service at GET \/rest\/products\/search/);
    const document = await vscode.workspace.openTextDocument(products);
    assert.match(document.lineAt(8).text, /productsRouter\.get\('\/search'/);
    const hover = await aspmHover(products, xss.range.start);
    assert.match(hover, /\*\*Reachability: runtime-loaded\*\*/);
  });

  test('a DAST finding on a path no route declares is listed under Filtered, not published at a wrong place', async () => {
    const row = await waitFor('f-dast-nomatch-1 under Filtered in the posture tree', async () => {
      return (await filteredRows(api.tree)).find((item) => item.finding?.id === 'f-dast-nomatch-1');
    });
    assert.match(row.finding?.filteredReason ?? '', /not found in this workspace/);
    const published = vscode.languages.getDiagnostics().flatMap(([, diagnostics]) => diagnostics.filter((d) => String(typeof d.code === 'object' ? d.code.value : d.code) === 'zap-10021'));
    assert.deepEqual(published, [], 'zap-10021 is not published anywhere');
  });
});
