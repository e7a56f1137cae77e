import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { copyWorkspace, LspTestClient, workspaceOsvPath, writeTemplateAdvisory } from './lspTestClient';
import { lineOf } from './testBackend';

/**
 * Issue 13 item 10: with many findings, every edit re-sent every file's diagnostics. An edit now re-sends the edited
 * file and the files whose diagnostics it changed, and nothing the client holds goes stale.
 */
suite('protocol: publishing after an edit (issue 13)', function () {
  this.timeout(90_000);

  test('an edit that moves a call re-sends the edited file and the manifest that links to the call, no other file; undoing it restores every diagnostic', async () => {
    const workspace = copyWorkspace('node-express', { withOsvRecords: true });
    // An advisory of lodash 4.17.15 naming template(), which products.ts calls.
    writeTemplateAdvisory(workspace.dir, 'GHSA-fixt-tmpl-0004');
    // A file that imports lodash: with `imports`, a Hint of its own, which an edit of another file leaves alone.
    writeFileSync(path.join(workspace.dir, 'src', 'ids.ts'), "import _ from 'lodash';\n\nexport const uniqueIds = (ids: number[]): number[] => _.uniq(ids);\n");
    const settings = { backend: { url: '' }, repository: '', osv: { path: workspaceOsvPath, url: '' }, diagnostics: { minPriority: 0, sourceSites: 'imports' } };
    const client = await LspTestClient.start({ workspaceUri: workspace.uri, settings });
    const published: string[] = [];
    const set = client.diagnostics.set.bind(client.diagnostics);
    client.diagnostics.set = (uri, list) => {
      published.push(uri);
      return set(uri, list);
    };
    try {
      const products = workspace.uriOf('src/routes/products.ts');
      const manifest = workspace.uriOf('package.json');
      const text = readFileSync(path.join(workspace.dir, 'src', 'routes', 'products.ts'), 'utf8');
      const callLine = lineOf(text, '_.template(');
      const isCallSite = (line: number) => (list: Diagnostic[]): boolean => list.some((diagnostic) => diagnostic.code === 'vulnerable-function-call' && diagnostic.range.start.line === line);
      await client.waitForDiagnostics(products, isCallSite(callLine), 'the lodash call site in products.ts');
      await client.waitFor('the import site in src/ids.ts', () => (client.diagnostics.get(workspace.uriOf('src/ids.ts'))?.length ?? 0) > 0);
      await new Promise((resolve) => setTimeout(resolve, 1500)); // whatever the first pull scheduled is out
      const before = new Map([...client.diagnostics].map(([uri, list]) => [uri, JSON.stringify(list)]));
      assert.ok([...client.diagnostics.values()].filter((list) => list.length > 0).length >= 3, `several files have diagnostics: ${[...client.diagnostics.keys()].join(', ')}`);

      await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: products, languageId: 'typescript', version: 1, text } });
      await client.waitFor('the publication of the opened file', () => published.includes(products));
      await new Promise((resolve) => setTimeout(resolve, 1000));
      published.length = 0;
      // A line on top moves every call of the file down.
      await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: products, version: 2 }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '\n' }] });
      await client.waitForDiagnostics(products, isCallSite(callLine + 1), 'the call site one line down');
      const linksTo = (line: number) => (list: Diagnostic[]): boolean => list.some((diagnostic) => diagnostic.relatedInformation?.some((info) => info.location.uri === products && info.location.range.start.line === line) ?? false);
      await client.waitForDiagnostics(manifest, linksTo(callLine + 1), 'the manifest finding linking to the moved call');
      await new Promise((resolve) => setTimeout(resolve, 1000));
      assert.deepEqual([...new Set(published)].sort(), [manifest, products].sort(), 'only the edited file and the manifest whose links moved are sent again');

      published.length = 0;
      await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: products, version: 3 }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }, text: '' }] });
      await client.waitForDiagnostics(manifest, linksTo(callLine), 'the manifest finding linking to the call again');
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const after = new Map([...client.diagnostics].map(([uri, list]) => [uri, JSON.stringify(list)]));
      assert.deepEqual(after, before, 'after the undo, every file shows what it showed before the edit');
    } finally {
      await client.stop();
      workspace.dispose();
    }
  });
});
