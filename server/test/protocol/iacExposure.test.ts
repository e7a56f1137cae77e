import { strict as assert } from 'node:assert';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Hover } from 'vscode-languageserver-protocol';
import { copyWorkspace, LspTestClient, workspaceOsvPath } from './lspTestClient';


/** A Deployment of the sample's image and its LoadBalancer Service (`type: LoadBalancer` on line 19). */
const deployment = readFileSync(path.resolve(__dirname, '../../../../test-fixtures/iac/node-shop-k8s.yaml'), 'utf8');

suite('protocol: IaC makes a service internet-facing when no runtime data says so', () => {
  test('an OSV finding of a service exposed by its own Kubernetes Service ranks higher, and the hover names the IaC line', async () => {
    const workspace = copyWorkspace('node-express', { withOsvRecords: true });
    const client = await LspTestClient.start({
      workspaceUri: workspace.uri,
      settings: { backend: { url: '' }, repository: '', osv: { path: workspaceOsvPath, url: '' } },
    });
    try {
      const manifest = workspace.uriOf('package.json');
      const [before] = (await client.waitForDiagnostics(manifest, (list) => list.some((diagnostic) => diagnostic.code === 'GHSA-p6mc-m468-83gw'))).filter((diagnostic) => diagnostic.code === 'GHSA-p6mc-m468-83gw');
      const scoreOf = (message: unknown): number => Number(/priority (\d+)/.exec(String(message))?.[1]);
      const baseline = scoreOf(before!.message);

      mkdirSync(path.join(workspace.dir, 'deploy'));
      writeFileSync(path.join(workspace.dir, 'deploy', 'k8s.yaml'), deployment);
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: workspace.uriOf('deploy/k8s.yaml'), type: 1 }] });
      const [after] = (await client.waitForDiagnostics(manifest, (list) => list.some((diagnostic) => diagnostic.code === 'GHSA-p6mc-m468-83gw' && scoreOf(diagnostic.message) > baseline), 'a higher priority')).filter(
        (diagnostic) => diagnostic.code === 'GHSA-p6mc-m468-83gw',
      );
      assert.equal(scoreOf(after!.message) - baseline, 6, 'the internet-facing points');
      const hover: Hover = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: manifest }, position: after!.range.start });
      assert.match((hover.contents as { value: string }).value, /internet-facing per its IaC \(deploy\/k8s\.yaml:19: /);
    } finally {
      await client.stop();
      workspace.dispose();
    }
  });
});
