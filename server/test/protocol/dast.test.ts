import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import type { FindingsTreeResult } from '../../../shared/src/dto';
import type { FixtureBackend } from '../../../test-fixtures/backend/fixtureBackend';
import { copyWorkspace, LspTestClient, messageOf } from './lspTestClient';
import { sampleSettings, startBackend } from './testBackend';


suite('protocol: DAST findings land on their route handlers', () => {
  let backend: FixtureBackend;
  let workspace: ReturnType<typeof copyWorkspace>;
  let client: LspTestClient;

  suiteSetup(async () => {
    backend = await startBackend('node-express-dast');
    workspace = copyWorkspace('node-express');
    client = await LspTestClient.start({ workspaceUri: workspace.uri, settings: sampleSettings(backend.url) });
  });

  suiteTeardown(async () => {
    await client.stop();
    await backend.close();
    workspace.dispose();
  });

  test('a DAST finding on GET /rest/products/search lands on the Express route mounted under /rest/products', async () => {
    const products = workspace.uriOf('src/routes/products.ts');
    const [xss] = await client.waitForDiagnostics(products, (list) => list.some((diagnostic) => diagnostic.code === 'zap-40012'));
    assert.equal(xss?.range.start.line, 8, "productsRouter.get('/search', …) on line 9");
    assert.match(messageOf(xss!), /runtime-loaded: observed against the running service at GET \/rest\/products\/search/);
  });

  test('typing in the open router file moves the finding with its route, and renaming the route drops it', async () => {
    const products = workspace.uriOf('src/routes/products.ts');
    const text = readFileSync(fileURLToPath(products), 'utf8');
    const xssOn = (line: number) => (list: Diagnostic[]) => list.some((diagnostic) => diagnostic.code === 'zap-40012' && diagnostic.range.start.line === line);
    const change = async (version: number, start: [number, number], end: [number, number], newText: string): Promise<void> => {
      const range = { start: { line: start[0], character: start[1] }, end: { line: end[0], character: end[1] } };
      await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: products, version }, contentChanges: [{ range, text: newText }] });
    };
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: products, languageId: 'typescript', version: 1, text } });
    await client.waitForDiagnostics(products, xssOn(8), 'the XSS finding on its route, line 9');
    // A comment line above the route: the open document's facts move, nothing is re-read.
    await change(2, [7, 0], [7, 0], '// products\n');
    await client.waitForDiagnostics(products, xssOn(9), 'the XSS finding to move down with its route');
    // The route's path renamed: no route answers GET /rest/products/search any more.
    await change(3, [9, 21], [9, 27], 'find');
    await client.waitForDiagnostics(products, (list) => !list.some((diagnostic) => diagnostic.code === 'zap-40012'), 'the XSS finding to leave the renamed route');
    await change(4, [9, 21], [9, 25], 'search');
    await client.waitForDiagnostics(products, xssOn(9), 'the XSS finding back on the route');
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: products } });
    await client.waitForDiagnostics(products, xssOn(8), 'the XSS finding where the file on disk has it');
  });

  test('a DAST finding on a path no route declares is listed, not published at a wrong place', async () => {
    const tree: FindingsTreeResult = await client.connection.sendRequest('aspm/findingsTree', {});
    const missing = tree.filteredFindings.find((finding) => finding.id === 'f-dast-nomatch-1');
    assert.match(missing?.filteredReason ?? '', /not found in this workspace/);
  });
});
