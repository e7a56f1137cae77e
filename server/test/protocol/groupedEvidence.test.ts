import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { copyWorkspace, LspTestClient, messageOf, workspaceOsvPath, writeTemplateAdvisory } from './lspTestClient';
import { lineOf } from './testBackend';

/**
 * Two advisories of one package version that name different functions (lodash 4.17.15: `baseSet` in the sample's OSV
 * records, `template` here): the call of `_.template()` is vulnerable for one and "not a listed vulnerable function"
 * for the other. The group's one list of evidence, in the diagnostic and its hover, cites that line as the vulnerable
 * call only.
 */
suite('protocol: the evidence of a package group does not contradict itself', function () {
  this.timeout(60_000);

  test('a call that one advisory lists is not also noted as not listed by the other', async () => {
    const workspace = copyWorkspace('node-express', { withOsvRecords: true });
    writeTemplateAdvisory(workspace.dir);
    const client = await LspTestClient.start({ workspaceUri: workspace.uri, settings: { backend: { url: '' }, repository: '', osv: { path: workspaceOsvPath, url: '' }, diagnostics: { minPriority: 0 } } });
    try {
      const manifest = workspace.uriOf('package.json');
      const products = workspace.uriOf('src/routes/products.ts');
      const callLine = lineOf(readFileSync(path.join(workspace.dir, 'src', 'routes', 'products.ts'), 'utf8'), '_.template(');
      const isLodashGroup = (message: string): boolean => /^lodash 4\.17\.15: 2 advisories/.test(message);
      const diagnostics = await client.waitForDiagnostics(manifest, (list) => list.some((diagnostic) => isLodashGroup(messageOf(diagnostic))), 'the lodash group on package.json');
      const lodash = diagnostics.find((diagnostic) => isLodashGroup(messageOf(diagnostic)))!;
      assert.match(messageOf(lodash), /symbol-called/);
      const atCall = (lodash.relatedInformation ?? []).filter((info) => info.location.uri === products && info.location.range.start.line === callLine).map((info) => info.message);
      assert.ok(atCall.some((message) => /calls _\.template\(\) \(vulnerable: template\)/.test(message)), `the call is cited as vulnerable: ${JSON.stringify(atCall)}`);
      assert.deepEqual(atCall.filter((message) => /not a listed vulnerable function/.test(message)), [], 'and not also as not listed');
      assert.ok(
        (lodash.relatedInformation ?? []).some((info) => /calls _\.merge\(\): not a listed vulnerable function/.test(info.message)),
        'a call no advisory lists keeps its note',
      );

      const manifestText = readFileSync(path.join(workspace.dir, 'package.json'), 'utf8');
      const hover = await client.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri: manifest }, position: { line: lineOf(manifestText, '"lodash"'), character: 6 } });
      const value = (hover?.contents as MarkupContent | undefined)?.value ?? '';
      // Markdown escapes the underscore.
      assert.match(value, /calls \\?_\.template\(\) \(vulnerable: template\)/);
      assert.doesNotMatch(value, /calls \\?_\.template\(\): not a listed vulnerable function/);
    } finally {
      await client.stop();
      workspace.dispose();
    }
  });
});
