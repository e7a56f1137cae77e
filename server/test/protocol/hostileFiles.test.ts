import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import type { FixtureBackend } from '../../../test-fixtures/backend/fixtureBackend';
import { copyWorkspace, LspTestClient } from './lspTestClient';
import { sampleSettings, startBackend } from './testBackend';

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

suite('protocol: hostile files are one problem each, the rest is analysed', () => {
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
});
