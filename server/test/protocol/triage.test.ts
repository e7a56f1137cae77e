import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CodeAction, Diagnostic, TextDocumentEdit, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import type { FindingsTreeResult, WriteOutcome } from '../../../shared/src/dto';
import type { FixtureBackend } from '../../../test-fixtures/backend/fixtureBackend';
import { copyWorkspace, LspTestClient } from './lspTestClient';
import { sampleSettings, startBackend } from './testBackend';

const has = (code: string) => (list: Diagnostic[]): boolean => list.some((diagnostic) => diagnostic.code === code);
const hasNot = (code: string) => (list: Diagnostic[]): boolean => !has(code)(list);

suite('protocol: triage, tickets and local ignores from the editor', () => {
  let backend: FixtureBackend | undefined;
  let workspace: ReturnType<typeof copyWorkspace>;
  let storage: string;
  let client: LspTestClient | undefined;

  setup(async () => {
    backend = await startBackend('node-express');
    workspace = copyWorkspace('node-express');
    storage = mkdtempSync(path.join(tmpdir(), 'aspm-storage-'));
  });

  teardown(async () => {
    await client?.stop();
    await backend?.close();
    workspace.dispose();
    rmSync(storage, { recursive: true, force: true });
  });

  /** The queued decisions on disk: one `*.json` file each in the storage's `outbox/` folder. */
  const queuedFiles = (): string[] => (existsSync(path.join(storage, 'outbox')) ? readdirSync(path.join(storage, 'outbox')).filter((name) => name.endsWith('.json')) : []);

  const start = async (): Promise<LspTestClient> => {
    client = await LspTestClient.start({ workspaceUri: workspace.uri, settings: sampleSettings(backend!.url), storagePath: storage });
    return client;
  };

  // Issue 9: triage is one "Triage…" row (the client asks which advisories and what to do), not five rows per advisory.
  test('quick fixes offer one Triage… row over the advisories; accepting a risk reaches the backend and hides the finding', async () => {
    const lsp = await start();
    const manifest = workspace.uriOf('package.json');
    const [jwt] = (await lsp.waitForDiagnostics(manifest, has('GHSA-8cf7-32gw-wr33'))).filter((diagnostic) => diagnostic.code === 'GHSA-8cf7-32gw-wr33');
    const actions: CodeAction[] = await lsp.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: manifest }, range: jwt!.range, context: { diagnostics: [jwt] } });
    const titles = actions.map((action) => action.title);
    assert.equal(titles.filter((title) => title === 'Triage…').length, 1, titles.join(', '));
    for (const title of ['Accept risk…', 'Mark not affected…', 'False positive…', 'Create ticket…', 'Ignore in this workspace…']) {
      assert.ok(!titles.includes(title), `no separate ${title} row: ${titles.join(', ')}`);
    }
    const triage = actions.find((action) => action.title === 'Triage…')!;
    assert.equal(triage.command?.command, 'aspm.triageFinding');
    const args = triage.command!.arguments![0] as { folderUri: string; advisories: { findingId: string; advisoryId: string; severity: string; isBackendFinding: boolean }[] };
    assert.deepEqual(args.advisories.map((advisory) => [advisory.findingId, advisory.advisoryId, advisory.severity, advisory.isBackendFinding]), [['f-jwt-1', 'GHSA-8cf7-32gw-wr33', 'high', true]]);
    const outcome: WriteOutcome = await lsp.connection.sendRequest('aspm/triage', { folderUri: args.folderUri, findingId: args.advisories[0]!.findingId, state: 'accepted_risk', reason: 'replaced by the auth gateway next sprint', expiresAt: '2027-01-31T00:00:00Z' });
    assert.equal(outcome.outcome, 'sent', outcome.message);
    assert.deepEqual(backend!.triage.map((entry) => [entry.findingId, (entry.body as { state: string }).state]), [['f-jwt-1', 'accepted_risk']]);
    await lsp.waitForDiagnostics(manifest, hasNot('GHSA-8cf7-32gw-wr33'), 'the accepted finding to disappear');
    const tree: FindingsTreeResult = await lsp.connection.sendRequest('aspm/findingsTree', {});
    assert.match(tree.filteredFindings.find((finding) => finding.id === 'f-jwt-1')?.filteredReason ?? '', /accepted/);
  });

  test('a decision made offline is queued, survives, and reaches the backend once it is back', async () => {
    const lsp = await start();
    const manifest = workspace.uriOf('package.json');
    await lsp.waitForDiagnostics(manifest, has('GHSA-p6mc-m468-83gw'));
    const port = backend!.port;
    await backend!.close();
    backend = undefined;
    const outcome: WriteOutcome = await lsp.connection.sendRequest('aspm/triage', { folderUri: workspace.uri, findingId: 'f-lodash-1', state: 'not_affected', justification: 'code_not_reachable', reason: 'zipObjectDeep is never called' });
    assert.equal(outcome.outcome, 'queued', outcome.message);
    await lsp.waitForDiagnostics(manifest, hasNot('GHSA-p6mc-m468-83gw'), 'the decision applied locally at once');
    assert.equal(queuedFiles().length, 1, 'persisted in the extension storage, one file per decision');

    backend = await startBackend('node-express', port);
    await lsp.connection.sendRequest('aspm/refresh');
    await lsp.waitFor('the queued decision to reach the backend', () => backend!.triage.length > 0);
    assert.deepEqual(backend.triage[0]?.body, { state: 'not_affected', justification: 'code_not_reachable', reason: 'zipObjectDeep is never called' });
    assert.deepEqual(queuedFiles(), [], 'delivered: its file is gone');
    // The pull that preceded the delivery must not bring the finding back.
    const tree: FindingsTreeResult = await lsp.connection.sendRequest('aspm/findingsTree', {});
    assert.ok(tree.filteredFindings.some((finding) => finding.id === 'f-lodash-1'), 'still triaged after the refresh that delivered it');
    await lsp.connection.sendRequest('aspm/refresh');
    const again: FindingsTreeResult = await lsp.connection.sendRequest('aspm/findingsTree', {});
    assert.match(again.filteredFindings.find((finding) => finding.id === 'f-lodash-1')?.filteredReason ?? '', /triaged/);
    assert.ok(!has('GHSA-p6mc-m468-83gw')(lsp.diagnostics.get(manifest) ?? []));
  });

  test('tickets are created with the finding explained; offline they are queued', async () => {
    const lsp = await start();
    await lsp.waitForDiagnostics(workspace.uriOf('package.json'), has('GHSA-hrpp-h998-j3pp'));
    const created: WriteOutcome = await lsp.connection.sendRequest('aspm/createTicket', { folderUri: workspace.uri, findingIds: ['f-qs-1'], title: 'Override qs to 6.7.3 in node-shop' });
    assert.equal(created.outcome, 'sent', created.message);
    assert.match(created.ticket?.id ?? '', /^SEC-\d+$/);
    const body = (backend!.tickets[0] as { body: string; findingIds: string[] });
    assert.deepEqual(body.findingIds, ['f-qs-1']);
    assert.match(body.body, /Reachability: imported/);

    const port = backend!.port;
    await backend!.close();
    backend = undefined;
    const queued: WriteOutcome = await lsp.connection.sendRequest('aspm/createTicket', { folderUri: workspace.uri, findingIds: ['f-jwt-1'], title: 'Upgrade jsonwebtoken' });
    assert.equal(queued.outcome, 'queued', queued.message);
    backend = await startBackend('node-express', port);
    await lsp.connection.sendRequest('aspm/refresh');
    await lsp.waitFor('the queued ticket to be created', () => backend!.tickets.length > 0);
    assert.equal((backend.tickets[0] as { title: string }).title, 'Upgrade jsonwebtoken');
  });

  test('the last good findings survive a restart while the backend is down', async () => {
    const first = await start();
    await first.waitForDiagnostics(workspace.uriOf('package.json'), has('GHSA-p6mc-m468-83gw'));
    const cacheDir = path.join(storage, 'backend-cache');
    await first.waitFor('the snapshot to be saved', () => existsSync(cacheDir) && readdirSync(cacheDir).some((file) => file.endsWith('.json')));
    await first.stop();
    const port = backend!.port;
    await backend!.close();
    backend = undefined;
    client = await LspTestClient.start({ workspaceUri: workspace.uri, settings: sampleSettings(`http://127.0.0.1:${port}`), storagePath: storage });
    await client.waitForDiagnostics(workspace.uriOf('package.json'), has('GHSA-p6mc-m468-83gw'), 'diagnostics from the cache');
    const stale = await client.waitFor('a stale status', () => client!.statuses.find((status) => status.message === 'ASPM: stale'));
    assert.ok(stale.staleSince);
  });

  test('ignoring a finding writes .aspm/ignore.yaml, and the finding disappears once the file is saved', async () => {
    const lsp = await start();
    const manifest = workspace.uriOf('package.json');
    await lsp.waitForDiagnostics(manifest, has('GHSA-mjxr-4v3x-q3m4'));
    const edit: WorkspaceEdit = await lsp.connection.sendRequest('aspm/ignoreFinding', { folderUri: workspace.uri, findingId: 'f-sanitize-1', reason: 'input is sanitized again downstream', expires: '2027-03-01' });
    const change = edit.documentChanges?.find((candidate): candidate is TextDocumentEdit => 'textDocument' in candidate);
    assert.ok(change, 'creates the file');
    const file = fileURLToPath(change.textDocument.uri);
    assert.equal(file, path.join(workspace.dir, '.aspm', 'ignore.yaml'));
    const text = (change.edits[0] as TextEdit).newText;
    assert.match(text, /id: GHSA-mjxr-4v3x-q3m4/);
    assert.match(text, /expires: 2027-03-01/);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    await lsp.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: change.textDocument.uri, type: 1 }] });
    await lsp.waitForDiagnostics(manifest, hasNot('GHSA-mjxr-4v3x-q3m4'), 'the ignored finding to disappear');
    const tree: FindingsTreeResult = await lsp.connection.sendRequest('aspm/findingsTree', {});
    assert.match(tree.filteredFindings.find((finding) => finding.id === 'f-sanitize-1')?.filteredReason ?? '', /ignored in \.aspm\/ignore\.yaml:\d+ until 2027-03-01/);
  });
});
