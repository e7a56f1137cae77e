import { strict as assert } from 'node:assert';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import type { FindingsTreeResult } from '../../../shared/src/dto';
import type { FixtureBackend } from '../../../test-fixtures/backend/fixtureBackend';
import { copyWorkspace, LspTestClient } from './lspTestClient';
import { sampleSettings, startBackend } from './testBackend';

const messageOf = (diagnostic: Diagnostic): string => (typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value);

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

  test('a DAST finding on a path no route declares is listed, not published at a wrong place', async () => {
    const tree: FindingsTreeResult = await client.connection.sendRequest('aspm/findingsTree', {});
    const missing = tree.filteredFindings.find((finding) => finding.id === 'f-dast-nomatch-1');
    assert.match(missing?.filteredReason ?? '', /not found in this workspace/);
  });
});
