import { strict as assert } from 'node:assert';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { FixtureBackend } from '../../../test-fixtures/backend/fixtureBackend';
import { copyWorkspace, LspTestClient, messageOf } from './lspTestClient';
import { sampleSettings, startBackend } from './testBackend';

const fixtures = path.resolve(__dirname, '../../../../test-fixtures');

suite('protocol: local SARIF reports, merged with the backend and following edits', () => {
  let backend: FixtureBackend | undefined;
  let workspace: ReturnType<typeof copyWorkspace>;
  let client: LspTestClient | undefined;

  setup(() => {
    workspace = copyWorkspace('node-express');
  });

  teardown(async () => {
    await client?.stop();
    await backend?.close();
    workspace.dispose();
  });

  test('a SARIF file dropped into the workspace becomes diagnostics within a second, without a backend', async () => {
    client = await LspTestClient.start({ workspaceUri: workspace.uri, settings: { ...sampleSettings(''), repository: '' } });
    await client.waitFor('indexing', () => client!.statuses.some((status) => status.message !== 'ASPM: indexing…'));
    const report = path.join(workspace.dir, 'reports', 'semgrep.sarif');
    mkdirSync(path.dirname(report), { recursive: true });
    copyFileSync(path.join(fixtures, 'sarif', 'semgrep.sarif'), report);
    const started = Date.now();
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: workspace.uriOf('reports/semgrep.sarif'), type: 1 }] });
    const expected = JSON.parse(readFileSync(path.join(fixtures, 'sarif', 'semgrep.expected.json'), 'utf8')) as { findings: { path?: string; location?: { path: string }; startLine?: number; status?: string }[] };
    const target = expected.findings.find((finding) => finding.status !== 'accepted');
    const targetPath = (target as { path?: string }).path ?? target?.location?.path;
    assert.ok(targetPath, 'the fixture names an open finding with a path');
    const diagnostics = await client.waitForDiagnostics(workspace.uriOf(targetPath), (list) => list.length > 0, `a diagnostic on ${targetPath}`);
    const elapsed = Date.now() - started;
    assert.ok(elapsed < 1000, `within a second (took ${elapsed} ms)`);
    assert.ok(diagnostics.every((diagnostic) => diagnostic.source === 'ASPM'));
  });

  test('the same SAST finding from the backend and a local CodeQL report is published once, with both sources', async () => {
    backend = await startBackend('node-express');
    const report = path.join(workspace.dir, 'codeql.sarif');
    copyFileSync(path.join(fixtures, 'sarif', 'codeql.sarif'), report);
    client = await LspTestClient.start({ workspaceUri: workspace.uri, settings: sampleSettings(backend.url) });
    const login = workspace.uriOf('src/routes/login.ts');
    await client.waitForDiagnostics(workspace.uriOf('package.json'), (list) => list.some((diagnostic) => diagnostic.code === 'GHSA-p6mc-m468-83gw'), 'the backend findings');
    const diagnostics = await client.waitForDiagnostics(login, (list) => list.some((diagnostic) => diagnostic.code === 'js/sql-injection' && /internet-facing|priority (6|7|8|9)\d/.test(messageOf(diagnostic))));
    assert.equal(diagnostics.filter((diagnostic) => diagnostic.code === 'js/sql-injection' && diagnostic.range.start.line === 8).length, 1, `one SQL injection on line 9: ${diagnostics.map(messageOf).join(' | ')}`);
    const hover = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: login }, position: { line: 8, character: 30 } })) as { contents: { value: string } };
    assert.match(hover.contents.value, /Reported by backend:svc-node-shop, sarif:codeql\.sarif/);
    assert.match(hover.contents.value, /\| Exposure \| 15\/15 \|/, 'scored with the backend service\'s exposure');
  });

  test('a code finding follows edits of its file, and is marked possibly stale when its code is gone', async () => {
    backend = await startBackend('node-express');
    client = await LspTestClient.start({ workspaceUri: workspace.uri, settings: sampleSettings(backend.url) });
    const login = workspace.uriOf('src/routes/login.ts');
    await client.waitForDiagnostics(login, (list) => list.some((diagnostic) => diagnostic.code === 'js/sql-injection' && diagnostic.range.start.line === 8));
    const original = readFileSync(path.join(workspace.dir, 'src/routes/login.ts'), 'utf8');
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: login, languageId: 'typescript', version: 1, text: original } });
    const moved = `// a comment\n// another one\n${original}`;
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: login, version: 2 }, contentChanges: [{ text: moved }] });
    await client.waitForDiagnostics(login, (list) => list.some((diagnostic) => diagnostic.code === 'js/sql-injection' && diagnostic.range.start.line === 10), 'the finding two lines down');
    const fixed = moved.replace(/SELECT \* FROM Users WHERE email = '\$\{email\}' AND password = '\$\{password\}'/, 'SELECT * FROM Users WHERE email = ? AND password = ?');
    assert.notEqual(fixed, moved);
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: login, version: 3 }, contentChanges: [{ text: fixed }] });
    const stale = await client.waitForDiagnostics(login, (list) => list.some((diagnostic) => messageOf(diagnostic).startsWith('(possibly stale')), 'a possibly stale diagnostic');
    assert.ok(stale.length > 0);
    writeFileSync(path.join(workspace.dir, 'unused.txt'), '');
  });
});
