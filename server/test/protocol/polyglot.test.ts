import { strict as assert } from 'node:assert';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import type { FindingsTreeResult } from '../../../shared/src/dto';
import type { FixtureBackend } from '../../../test-fixtures/backend/fixtureBackend';
import { copyWorkspace, LspTestClient } from './lspTestClient';
import { sampleSettings, startBackend } from './testBackend';

const messageOf = (diagnostic: Diagnostic): string => (typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value);

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

  test('a package fixed in the workspace and a declared-only one are filtered with their reasons', async () => {
    await client.waitFor('the backend findings', () => client.statuses.some((status) => status.counts?.total === 3));
    const tree: FindingsTreeResult = await client.connection.sendRequest('aspm/findingsTree', {});
    const reasons = Object.fromEntries(tree.filteredFindings.map((finding) => [finding.id, finding.filteredReason]));
    assert.match(reasons['f-pyjwt-1'] ?? '', /outside the vulnerable range/);
    assert.match(reasons['f-requests-1'] ?? '', /declared only/);
  });
});
