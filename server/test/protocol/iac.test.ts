import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver-protocol';
import { copyWorkspace, LspTestClient } from './lspTestClient';
import { applyEdits, sampleSettings, startBackend } from './testBackend';

/** 0-based lines that carry an `# expect: <rule>` annotation's next line, per rule. */
function annotated(text: string): { rule: string; line: number }[] {
  return text.split('\n').flatMap((line, index) => {
    const match = /# expect: (\S+)/.exec(line);
    return match ? [{ rule: match[1]!, line: index + 1 }] : [];
  });
}

suite('protocol: infrastructure as code, with no backend at all', () => {
  let client: LspTestClient | undefined;
  let workspace: ReturnType<typeof copyWorkspace> | undefined;

  teardown(async () => {
    await client?.stop();
    workspace?.dispose();
  });

  for (const [fixture, file] of [
    ['terraform-aws', 'main.tf'],
    ['k8s-manifests', 'deployment.yaml'],
  ] as const) {
    test(`${fixture}: every annotated misconfiguration is a diagnostic on its line, with its rule id`, async () => {
      workspace = copyWorkspace(fixture);
      client = await LspTestClient.start({ workspaceUri: workspace.uri, settings: { backend: { url: '' }, diagnostics: { minPriority: 0 } } });
      const text = readFileSync(path.join(workspace.dir, file), 'utf8');
      const expected = annotated(text);
      assert.ok(expected.length >= 4);
      const uri = workspace.uriOf(file);
      const diagnostics = await client.waitForDiagnostics(uri, (list) => list.length >= expected.length);
      for (const { rule, line } of expected) {
        assert.ok(
          diagnostics.some((diagnostic: Diagnostic) => diagnostic.code === rule && diagnostic.range.start.line === line),
          `${rule} on line ${line + 1}; got ${diagnostics.map((diagnostic) => `${diagnostic.code}@${diagnostic.range.start.line + 1}`).join(', ')}`,
        );
      }
    });
  }

  test('the open security group is hardened by its quick fix, and the finding goes away', async () => {
    workspace = copyWorkspace('terraform-aws');
    client = await LspTestClient.start({ workspaceUri: workspace.uri, settings: { backend: { url: '' }, diagnostics: { minPriority: 0 } } });
    const uri = workspace.uriOf('main.tf');
    const text = readFileSync(path.join(workspace.dir, 'main.tf'), 'utf8');
    const diagnostics = await client.waitForDiagnostics(uri, (list) => list.some((diagnostic) => diagnostic.code === 'iac-open-ingress'));
    const open = diagnostics.find((diagnostic) => diagnostic.code === 'iac-open-ingress')!;
    const actions: CodeAction[] = await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: open.range, context: { diagnostics: [open] } });
    const fix = actions.find((action) => action.isPreferred);
    assert.ok(fix?.edit?.changes?.[uri], `a preferred fix among ${actions.map((action) => action.title).join(', ')}`);
    const fixed = applyEdits(text, fix.edit.changes[uri] as TextEdit[]);
    assert.match(fixed, /var\.allowed_cidr/);
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'terraform', version: 1, text } });
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: fixed }] });
    await client.waitForDiagnostics(uri, (list) => list.filter((diagnostic) => diagnostic.code === 'iac-open-ingress').length < diagnostics.filter((diagnostic) => diagnostic.code === 'iac-open-ingress').length, 'one open ingress fewer');
  });

  test('a backend IaC finding that names its resource by address lands on the resource block', async () => {
    const backend = await startBackend('terraform-aws');
    workspace = copyWorkspace('terraform-aws');
    try {
      client = await LspTestClient.start({ workspaceUri: workspace.uri, settings: sampleSettings(backend.url, { repository: 'github.com/acme/shop-infra', minPriority: 0 }) });
      const uri = workspace.uriOf('main.tf');
      const diagnostics = await client.waitForDiagnostics(uri, (list) => list.some((diagnostic) => diagnostic.code === 'CKV_AWS_24'));
      assert.equal(diagnostics.find((diagnostic) => diagnostic.code === 'CKV_AWS_24')?.range.start.line, 21, 'resource "aws_security_group" "ssh" on line 22');
    } finally {
      await backend.close();
    }
  });
});
