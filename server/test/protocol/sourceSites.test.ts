import { strict as assert } from 'node:assert';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic, Hover } from 'vscode-languageserver-protocol';
import { DiagnosticSeverity } from 'vscode-languageserver-protocol';
import type { Report } from '../../src/cli/report';
import { runCli } from './cliRunner';
import { copyWorkspace, LspTestClient, workspaceOsvPath, writeTemplateAdvisory } from './lspTestClient';
import { lineOf, sampleSettings, startBackend } from './testBackend';

const fixtures = path.resolve(__dirname, '../../../../test-fixtures');
const isSite = (diagnostic: Diagnostic): boolean => diagnostic.code === 'vulnerable-function-call' || diagnostic.code === 'vulnerable-package-import';

/**
 * Issue 9 item 3: the lines of source that reach a shown vulnerable package carry a diagnostic of their own, linked
 * both ways with the manifest finding, as `aspm.diagnostics.sourceSites` asks.
 */
suite('protocol: findings where the code is (issue 9)', function () {
  this.timeout(60_000);

  test('Information at the call of a vulnerable function (one per site for two advisories), Hint at a bare import with `imports`, nothing with `off`', async () => {
    const workspace = copyWorkspace('node-express', { withOsvRecords: true });
    // Two advisories of lodash 4.17.15 that both name template(): one diagnostic at the call, naming both.
    for (const id of ['GHSA-fixt-tmpl-0004', 'GHSA-fixt-tmpl-0005']) {
      writeTemplateAdvisory(workspace.dir, id);
    }
    // A file that only imports lodash and calls nothing vulnerable.
    writeFileSync(path.join(workspace.dir, 'src', 'ids.ts'), "import _ from 'lodash';\n\nexport const uniqueIds = (ids: number[]): number[] => _.uniq(ids);\n");
    const settings = (sourceSites?: string): Record<string, unknown> => ({
      backend: { url: '' },
      repository: '',
      osv: { path: workspaceOsvPath, url: '' },
      diagnostics: { minPriority: 0, ...(sourceSites ? { sourceSites } : {}) },
    });
    const client = await LspTestClient.start({ workspaceUri: workspace.uri, settings: settings() });
    try {
      const products = workspace.uriOf('src/routes/products.ts');
      const ids = workspace.uriOf('src/ids.ts');
      const manifest = workspace.uriOf('package.json');
      const productsText = readFileSync(path.join(workspace.dir, 'src', 'routes', 'products.ts'), 'utf8');
      const callLine = lineOf(productsText, '_.template(');

      // Default `calls`: the call site only.
      const atCall = (await client.waitForDiagnostics(products, (list) => list.some(isSite), 'a source-site diagnostic in products.ts')).filter(isSite);
      const lodashSites = atCall.filter((diagnostic) => String(diagnostic.message).startsWith('lodash '));
      assert.equal(lodashSites.length, 1, `one diagnostic per site per package version: ${JSON.stringify(atCall.map((diagnostic) => diagnostic.message))}`);
      const call = lodashSites[0]!;
      assert.equal(call.range.start.line, callLine);
      assert.equal(call.severity, DiagnosticSeverity.Information);
      assert.equal(call.code, 'vulnerable-function-call');
      assert.match(String(call.message), /^lodash 4\.17\.15: template is vulnerable \(GHSA-fixt-tmpl-000[45], \+1 more\) — called here$/);
      assert.equal((call.data as { findingIds: string[] }).findingIds.length, 2, 'the site carries both findings');
      const backToManifest = call.relatedInformation?.find((info) => info.location.uri === manifest);
      assert.ok(backToManifest, 'links back to the manifest finding');
      const manifestText = readFileSync(path.join(workspace.dir, 'package.json'), 'utf8');
      assert.equal(backToManifest.location.range.start.line, lineOf(manifestText, '"lodash"'));
      assert.equal(client.diagnostics.get(ids)?.some(isSite) ?? false, false, 'a bare import is not marked by default: the advisories name functions, and none is called there');

      // …and the manifest finding links to the call site.
      const manifestDiagnostics = await client.waitForDiagnostics(manifest, (list) => list.some((diagnostic) => /GHSA-fixt-tmpl-000[45]/.test(String(diagnostic.code)) || /GHSA-fixt-tmpl-000[45]/.test(String(diagnostic.message))));
      const lodashFinding = manifestDiagnostics.find((diagnostic) => /GHSA-fixt-tmpl-000[45]/.test(`${String(diagnostic.code)} ${diagnostic.message}`))!;
      assert.ok(
        lodashFinding.relatedInformation?.some((info) => info.location.uri === products && info.location.range.start.line === callLine),
        `the manifest diagnostic links to the call: ${JSON.stringify(lodashFinding.relatedInformation)}`,
      );

      // `imports`: the bare import is a Hint, linked to the manifest.
      await client.changeSettings(settings('imports'));
      const idsSites = (await client.waitForDiagnostics(ids, (list) => list.some(isSite), 'a Hint at the import of src/ids.ts')).filter(isSite);
      assert.equal(idsSites.length, 1);
      assert.equal(idsSites[0]!.severity, DiagnosticSeverity.Hint);
      assert.equal(idsSites[0]!.code, 'vulnerable-package-import');
      assert.equal(idsSites[0]!.range.start.line, 0);
      assert.match(String(idsSites[0]!.message), /^lodash 4\.17\.15: \d+ advisories \(.+\) — imported here$/);
      assert.ok(idsSites[0]!.relatedInformation?.some((info) => info.location.uri === manifest));

      // `off`: no source site anywhere; the manifest finding stays.
      await client.changeSettings(settings('off'));
      await client.waitForDiagnostics(ids, (list) => !list.some(isSite), 'no source site in src/ids.ts');
      await client.waitForDiagnostics(products, (list) => !list.some(isSite), 'no source site in products.ts');
      assert.ok(client.diagnostics.get(manifest)?.some((diagnostic) => /GHSA-fixt-tmpl/.test(`${String(diagnostic.code)} ${diagnostic.message}`)));
    } finally {
      await client.stop();
      workspace.dispose();
    }
  });
});

suite('cli: source sites read aspm.diagnostics.sourceSites as the editor does (issue 9)', function () {
  this.timeout(120_000);

  test('`aspm scan --format json` lists the call by default, the imports with `imports`, nothing with `off`', async () => {
    const workspace = copyWorkspace('node-express', { withOsvRecords: true });
    try {
      writeTemplateAdvisory(workspace.dir, 'GHSA-fixt-tmpl-0004', { cve: 'CVE-2021-23337' });
      const scan = async (sourceSites?: string): Promise<Report> => {
        mkdirSync(path.join(workspace.dir, '.vscode'), { recursive: true });
        writeFileSync(path.join(workspace.dir, '.vscode', 'settings.json'), JSON.stringify(sourceSites ? { 'aspm.diagnostics.sourceSites': sourceSites } : {}));
        const { stdout, stderr } = await runCli(['scan', workspace.dir, '--osv', path.join(workspace.dir, workspaceOsvPath), '--format', 'json', '--min-priority', '0', '--trust-workspace-settings']);
        assert.ok(stdout, stderr);
        return JSON.parse(stdout) as Report;
      };
      const lodash = (report: Report): string[] => (report.sourceSites ?? []).filter((site) => site.package === 'lodash').map((site) => `${site.kind} ${site.path}:${site.line}`);
      const callLine = lineOf(readFileSync(path.join(workspace.dir, 'src', 'routes', 'products.ts'), 'utf8'), '_.template(') + 1;
      assert.deepEqual(lodash(await scan()), [`call src/routes/products.ts:${callLine}`]);
      assert.ok(lodash(await scan('imports')).includes('import src/routes/products.ts:2'));
      assert.deepEqual(lodash(await scan('off')), []);
    } finally {
      workspace.dispose();
    }
  });
});

/**
 * Issue 9 item 4: the service's runtime exposure (internet-facing, production, PII) counts for the image it deploys,
 * not for a smoke-test Dockerfile in the same repository.
 */
suite('protocol: runtime exposure per asset (issue 9)', function () {
  this.timeout(60_000);

  test('the deployed Dockerfile gets the service exposure, named with the IaC that deploys it; test/smoke/Dockerfile gets none, and says why', async () => {
    const backend = await startBackend('node-express');
    const workspace = copyWorkspace('node-express');
    const dockerfile = 'FROM node:20.12.2\nUSER root\nCMD ["node", "server.js"]\n';
    writeFileSync(path.join(workspace.dir, 'Dockerfile'), dockerfile);
    mkdirSync(path.join(workspace.dir, 'test', 'smoke'), { recursive: true });
    writeFileSync(path.join(workspace.dir, 'test', 'smoke', 'Dockerfile'), dockerfile);
    mkdirSync(path.join(workspace.dir, 'deploy', 'k8s'), { recursive: true });
    writeFileSync(path.join(workspace.dir, 'deploy', 'k8s', 'shop.yaml'), readFileSync(path.join(fixtures, 'iac', 'node-shop-k8s.yaml'), 'utf8'));
    const client = await LspTestClient.start({ workspaceUri: workspace.uri, settings: sampleSettings(backend.url, { minPriority: 0 }) });
    try {
      // The backend's findings are in, so its exposure data is too.
      await client.waitForDiagnostics(workspace.uriOf('package.json'), (list) => list.length >= 5, 'the backend findings');
      // The score of the published diagnostic, once it is the one the hover computes now (the backend's data is in).
      const noUser = async (relative: string): Promise<{ score: number; exposure: string }> => {
        const uri = workspace.uriOf(relative);
        for (let attempt = 0; ; attempt++) {
          const [diagnostic] = (await client.waitForDiagnostics(uri, (list) => list.some((candidate) => candidate.code === 'iac-dockerfile-no-user'))).filter((candidate) => candidate.code === 'iac-dockerfile-no-user');
          const hover: Hover = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: diagnostic!.range.start });
          const text = (hover.contents as { value: string }).value;
          const score = Number(/priority (\d+)/.exec(String(diagnostic!.message))?.[1]);
          if (score === Number(/Priority \*\*(\d+)\//.exec(text)?.[1]) || attempt === 100) {
            return { score, exposure: /^\| Exposure \| (.*)$/m.exec(text)?.[1] ?? '' };
          }
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      };
      const deployed = await noUser('Dockerfile');
      const smoke = await noUser('test/smoke/Dockerfile');
      assert.match(deployed.exposure, /^15\/15 \| internet-facing \(runtime: service node-shop, deployed by deploy\/k8s\/shop\.yaml\); in production \(prod-eu\); handles pii/);
      assert.match(smoke.exposure, /^0\/15 \| test\/smoke\/Dockerfile is test code, which service node-shop does not deploy: the service's exposure \(internet-facing; in production/);
      assert.equal(deployed.score - smoke.score, 15, 'the same finding, without the exposure points');
    } finally {
      await client.stop();
      workspace.dispose();
      await backend.close();
    }
  });
});
