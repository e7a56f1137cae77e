import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CodeAction, TextEdit } from 'vscode-languageserver-protocol';
import type { FindingsTreeResult } from '../../../shared/src/dto';
import type { FixtureBackend } from '../../../test-fixtures/backend/fixtureBackend';
import { copyWorkspace, LspTestClient, messageOf } from './lspTestClient';
import { applyEdits, sampleSettings, startBackend } from './testBackend';


suite('protocol: a Python service, with symbol-level reachability', () => {
  let backend: FixtureBackend;
  let workspace: ReturnType<typeof copyWorkspace>;
  let client: LspTestClient;

  suiteSetup(async () => {
    backend = await startBackend('python-flask');
    workspace = copyWorkspace('python-flask');
    client = await LspTestClient.start({ workspaceUri: workspace.uri, settings: sampleSettings(backend.url, { repository: 'github.com/acme/python-flask' }) });
  });

  suiteTeardown(async () => {
    await client.stop();
    await backend.close();
    workspace.dispose();
  });

  test('PyYAML is symbol-called: the diagnostic is on its declaration and cites the yaml.load call in app.py', async () => {
    const candidates = ['pyproject.toml', 'requirements.txt'].map((file) => workspace.uriOf(file));
    const found = await client.waitFor('the PyYAML diagnostic', () => {
      for (const uri of candidates) {
        const hit = client.diagnostics.get(uri)?.find((diagnostic) => diagnostic.code === 'GHSA-8q59-q68h-6hv4');
        if (hit) {
          return hit;
        }
      }
      return undefined;
    });
    assert.match(messageOf(found), /symbol-called: application code calls the vulnerable load of pyyaml/);
    assert.ok(
      (found.relatedInformation ?? []).some((info) => info.location.uri === workspace.uriOf('app.py') && info.location.range.start.line === 13 && /calls yaml\.load\(\)/.test(info.message)),
      JSON.stringify(found.relatedInformation),
    );
  });

  test('the PyYAML quick fix raises the version where pyproject.toml writes it; applied, the finding waits for the lock', async () => {
    const pyproject = workspace.uriOf('pyproject.toml');
    const diagnostic = await client.waitFor('the PyYAML diagnostic on pyproject.toml', () => client.diagnostics.get(pyproject)?.find((item) => item.code === 'GHSA-8q59-q68h-6hv4'));
    const actions: CodeAction[] = await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: pyproject },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic], only: ['quickfix'] },
    });
    const fix = actions.find((action) => action.isPreferred);
    assert.equal(fix?.title, 'Upgrade pyyaml to ^5.4');
    assert.deepEqual(Object.keys(fix?.edit?.changes ?? {}), [pyproject], 'touches only the manifest');
    const text = readFileSync(fileURLToPath(pyproject), 'utf8');
    const fixed = applyEdits(text, fix!.edit!.changes![pyproject] as TextEdit[]);
    assert.match(fixed, /^PyYAML = "\^5\.4"$/m);
    assert.equal(fixed.replace('"^5.4"', '"^5.3"'), text, 'nothing else changes');
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: pyproject, languageId: 'toml', version: 1, text } });
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: pyproject, version: 2 }, contentChanges: [{ text: fixed }] });
    await client.waitForDiagnostics(pyproject, (list) => !list.some((item) => item.code === 'GHSA-8q59-q68h-6hv4'), 'the PyYAML diagnostic to leave pyproject.toml');
    const tree: FindingsTreeResult = await client.connection.sendRequest('aspm/findingsTree', {});
    const reason = tree.filteredFindings.find((finding) => finding.id === 'f-pyyaml-1')?.filteredReason ?? '';
    assert.match(reason, /fixed in the manifest \(5\.4\); run the project's lock tool \(poetry lock/);
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: pyproject } });
  });

  test('a package fixed in the workspace and a declared-only one are filtered with their reasons', async () => {
    await client.waitFor('the backend findings', () => client.statuses.some((status) => status.counts?.total === 3));
    const tree: FindingsTreeResult = await client.connection.sendRequest('aspm/findingsTree', {});
    const reasons = Object.fromEntries(tree.filteredFindings.map((finding) => [finding.id, finding.filteredReason]));
    assert.match(reasons['f-pyjwt-1'] ?? '', /outside the vulnerable range/);
    assert.match(reasons['f-requests-1'] ?? '', /declared only/);
  });
});
