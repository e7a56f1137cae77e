import { strict as assert } from 'node:assert';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic, Hover } from 'vscode-languageserver-protocol';
import type { FixtureBackend } from '../../../test-fixtures/backend/fixtureBackend';
import { copyWorkspace, LspTestClient } from './lspTestClient';
import { lineOf, sampleSettings, startBackend } from './testBackend';

// Issue 13 §7–8: hostile or merely unusual files must cost one problem each, never the folder's analysis.

const hasCode = (code: string) => (list: Diagnostic[]): boolean => list.some((diagnostic) => diagnostic.code === code);

/** An `.aspm/ignore.yaml` whose aliases expand to 9^150 items (a billion laughs), ignoring the lodash finding. */
function aliasBomb(): string {
  return [
    'a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x"]',
    ...Array.from({ length: 149 }, (_, level) => `a${level + 1}: &a${level + 1} [${Array.from({ length: 9 }, () => `*a${level}`).join(', ')}]`),
    'ignore:',
    '  - id: GHSA-p6mc-m468-83gw',
    '    reason: the bomb must not hide this either',
  ].join('\n');
}

suite('protocol: hostile and huge files are one problem each, the rest is analysed and the server keeps answering', () => {
  let backend: FixtureBackend;
  let workspace: ReturnType<typeof copyWorkspace>;
  let client: LspTestClient;

  suiteSetup(async () => {
    backend = await startBackend('node-express');
    workspace = copyWorkspace('node-express');
    mkdirSync(path.join(workspace.dir, '.aspm'));
    writeFileSync(path.join(workspace.dir, '.aspm', 'ignore.yaml'), aliasBomb());
    mkdirSync(path.join(workspace.dir, 'tools', 'deep'), { recursive: true });
    writeFileSync(path.join(workspace.dir, 'tools', 'deep', 'package.json'), `{"name":"deep","x":${'['.repeat(50_000)}${']'.repeat(50_000)}}`);
    mkdirSync(path.join(workspace.dir, 'reports'));
    const result = JSON.stringify({ ruleId: 'js/sql-injection', message: { text: 'Query built from user input' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'src/routes/login.ts' }, region: { startLine: 12 } } }] });
    writeFileSync(path.join(workspace.dir, 'reports', 'huge.sarif'), `{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"CodeQL"}},"results":[${`${result},`.repeat(Math.ceil((65 * 1024 * 1024) / result.length))}${result}]}]}`);
    client = await LspTestClient.start({ workspaceUri: workspace.uri, settings: sampleSettings(backend.url) });
  });

  suiteTeardown(async () => {
    await client?.stop();
    await backend?.close();
    workspace?.dispose();
  });

  test('an alias-bomb ignore file and a manifest nested past the parser stack: one problem each, findings still published', async () => {
    await client.waitForDiagnostics(workspace.uriOf('package.json'), hasCode('GHSA-p6mc-m468-83gw'), 'the lodash finding, not hidden by the unreadable ignore file');
    const ignore = await client.waitForDiagnostics(workspace.uriOf('.aspm/ignore.yaml'), hasCode('unreadable-input'));
    assert.equal(ignore.length, 1);
    assert.match(String(ignore[0]!.message), /Excessive alias count/);
    const deep = await client.waitForDiagnostics(workspace.uriOf('tools/deep/package.json'), hasCode('unreadable-input'));
    assert.equal(deep.length, 1);
    assert.match(String(deep[0]!.message), /nested too deeply/);
    await client.waitForDiagnostics(workspace.uriOf('src/routes/login.ts'), hasCode('js/sql-injection'));
    assert.equal(client.exitCode, null, 'server still running');
  });

  // Issue 13 §8: a SARIF report over 64 MB was dropped with only a line on stderr.
  test('a SARIF report over 64 MB is a problem on the report, in the log and in the status', async () => {
    const report = await client.waitForDiagnostics(workspace.uriOf('reports/huge.sarif'), hasCode('unreadable-input'));
    assert.deepEqual(
      report.map((diagnostic) => diagnostic.message),
      ['ASPM cannot analyse this file: Not indexed: larger than 64 MB (65 MB)'],
    );
    assert.ok(client.logs.some((line) => line.includes('reports/huge.sarif') && line.includes('larger than 64 MB')));
    await client.waitFor('a status counting the files with problems', () => client.statuses.find((status) => /\d+ files have input problems/.test(status.detail ?? '')));
  });

  // Issue 13 §8: a 2.2 MB Kubernetes YAML opened in the editor blocked the server for more than 20 s.
  test('a 2.2 MB YAML opened and edited: a hover on another file answers while it is open, and the YAML says why it is not read', async () => {
    const manifestUri = workspace.uriOf('package.json');
    await client.waitForDiagnostics(manifestUri, hasCode('GHSA-p6mc-m468-83gw'));
    const deployment = readFileSync(path.resolve(__dirname, '../../../../test-fixtures/workspaces/k8s-manifests/deployment.yaml'), 'utf8');
    const documents: string[] = [];
    for (let copy = 0, length = 0; length < 2.2 * 1024 * 1024; copy++) {
      documents.push(deployment.replace(/name: (\S+)/g, `name: $1-${copy}`));
      length += documents.at(-1)!.length + 5;
    }
    const big = documents.join('\n---\n');
    const bigUri = workspace.uriOf('deploy/all.yaml');
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: bigUri, languageId: 'yaml', version: 1, text: big } });
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: bigUri, version: 2 }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# edited\n' }] });
    // Queued behind the open and the edit: before the fix this waited for both to be read (>20 s each).
    const line = lineOf(readFileSync(path.join(workspace.dir, 'package.json'), 'utf8'), '"lodash"');
    const hover: Hover | null = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: manifestUri }, position: { line, character: 6 } });
    assert.match((hover?.contents as { value: string } | undefined)?.value ?? '', /GHSA-p6mc-m468-83gw/);
    const refused = await client.waitForDiagnostics(bigUri, hasCode('unreadable-input'));
    assert.deepEqual(
      refused.map((diagnostic) => diagnostic.message),
      ['ASPM cannot analyse this file: Not indexed while open: larger than 2 MB; its facts are those of the last version read'],
    );
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: bigUri } });
  });
});
