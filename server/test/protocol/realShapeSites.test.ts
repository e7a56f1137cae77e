import { strict as assert } from 'node:assert';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import type { FixtureBackend } from '../../../test-fixtures/backend/fixtureBackend';
import { copyWorkspace, LspTestClient } from './lspTestClient';
import { startBackend } from './testBackend';

const sourceSiteCodes = ['vulnerable-function-call', 'vulnerable-package-import'];
const isSite = (diagnostic: Diagnostic): boolean => sourceSiteCodes.includes(String(diagnostic.code));
const isSourceFile = (uri: string): boolean => /\.(py|js|mjs|cjs|ts|tsx|jsx|go|java)$/.test(uri);

/**
 * Issue 9 "Done when": source-site diagnostics at the call and import lines that the manifest findings cite as
 * evidence, measured on the real-shaped fixtures (juice-shop- and pygoat-like): every cited source line carries a
 * source-site diagnostic that links back to the manifest line, and the manifest diagnostic links to it.
 */
suite('protocol: every cited import or call site carries a source-site diagnostic (issue 9, real-shaped fixtures)', function () {
  this.timeout(120_000);
  const cases = [
    { workspace: 'npm-juice', scenario: 'npm-juice', repository: 'github.com/acme/juice-like', manifest: 'package.json' },
    { workspace: 'python-django', scenario: 'python-django', repository: 'github.com/acme/python-django', manifest: 'requirements.txt' },
  ];
  for (const { workspace: name, scenario, repository, manifest } of cases) {
    test(`${name}: each source line a manifest diagnostic cites has its own diagnostic, linked both ways`, async () => {
      const backend: FixtureBackend = await startBackend(scenario);
      const workspace = copyWorkspace(name);
      const client = await LspTestClient.start({
        workspaceUri: workspace.uri,
        settings: { backend: { url: backend.url, timeoutMs: 3000 }, repository, diagnostics: { minPriority: 0, showUnreachable: true, sourceSites: 'imports' } },
      });
      try {
        const manifestUri = workspace.uriOf(manifest);
        const findings = await client.waitForDiagnostics(manifestUri, (list) => list.some((diagnostic) => (diagnostic.relatedInformation ?? []).some((info) => isSourceFile(info.location.uri))), 'manifest diagnostics citing source lines');
        const cited = new Map<string, Diagnostic>();
        for (const diagnostic of findings) {
          for (const info of diagnostic.relatedInformation ?? []) {
            if (isSourceFile(info.location.uri)) {
              cited.set(`${info.location.uri}#${info.location.range.start.line}`, diagnostic);
            }
          }
        }
        assert.ok(cited.size > 0);
        for (const [key, finding] of cited) {
          const [uri, line] = key.split('#') as [string, string];
          const sites = await client.waitForDiagnostics(uri, (list) => list.some((diagnostic) => isSite(diagnostic) && diagnostic.range.start.line === Number(line)), `a source-site diagnostic at ${key}`);
          const site = sites.find((diagnostic) => isSite(diagnostic) && diagnostic.range.start.line === Number(line))!;
          assert.ok(
            site.relatedInformation?.some((info) => info.location.uri === manifestUri && info.location.range.start.line === finding.range.start.line),
            `${key} links back to ${manifest}:${finding.range.start.line + 1}: ${JSON.stringify(site.relatedInformation)}`,
          );
        }
        // And no site that no manifest finding cites.
        for (const [uri, list] of client.diagnostics) {
          for (const site of list.filter(isSite)) {
            assert.ok(cited.has(`${uri}#${site.range.start.line}`), `an uncited site: ${uri}:${site.range.start.line + 1} ${String(site.message)}`);
          }
        }
      } finally {
        await client.stop();
        await backend.close();
        workspace.dispose();
      }
    });
  }
});
