import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { FindingsTreeResult } from '../../../shared/src/dto';
import type { Report } from '../../src/cli/report';
import { copyWorkspace, isDiagnosticOf, LspTestClient, workspaceOsvPath } from './lspTestClient';

// Issue 10: the walker honours .gitignore and .aspmignore; aspm.index.includeIgnored brings ignored folders back.

const osvRecords = path.resolve(__dirname, '../../../../test-fixtures/osv/records');
const cliBundle = path.resolve(__dirname, '../../../../server/dist/cli.js');
const rootAdvisory = 'GHSA-p6mc-m468-83gw'; // lodash 4.17.15 of the sample's own manifest, in the OSV fixture records
// PyYAML 5.3.1 (OSV fixture record PYSEC-2021-142, shown by its GHSA alias); nothing else in the sample is Python.
const serviceAdvisory = 'GHSA-8q59-q68h-6hv4';

/** A small Python service that pins and imports the vulnerable PyYAML: its own finding, on its own manifest. */
function writeService(root: string, dir: string): void {
  const full = path.join(root, dir);
  mkdirSync(full, { recursive: true });
  writeFileSync(path.join(full, 'requirements.txt'), 'PyYAML==5.3.1\n');
  writeFileSync(path.join(full, 'app.py'), 'import yaml\n\nconfig = yaml.load(open("config.yml"))\n');
}

const localSettings = { backend: { url: '' }, repository: '', osv: { path: workspaceOsvPath, url: '' }, diagnostics: { minPriority: 0, showUnreachable: true } };

/** Every finding location the posture tree knows, surfaced or filtered. */
async function treeLocations(client: LspTestClient): Promise<string[]> {
  const tree: FindingsTreeResult = await client.connection.sendRequest('aspm/findingsTree', {});
  return [...tree.groups.flatMap((group) => group.findings), ...tree.filteredFindings].flatMap((finding) => (finding.location ? [finding.location.uri] : []));
}

suite('protocol: ignored folders (.gitignore, .aspmignore, aspm.index.includeIgnored)', () => {
  test('a manifest in a gitignored folder is not analysed; with aspm.index.includeIgnored it is', async () => {
    const workspace = copyWorkspace('node-express', { withOsvRecords: true });
    writeService(workspace.dir, 'generated/service');
    writeFileSync(path.join(workspace.dir, '.gitignore'), 'node_modules/\ngenerated/\n');
    const client = await LspTestClient.start({ workspaceUri: workspace.uri, settings: localSettings });
    try {
      const root = workspace.uriOf('package.json');
      const ignored = workspace.uriOf('generated/service/requirements.txt');
      // The root manifest's finding comes from the same listing and analysis the ignored manifest would be in.
      await client.waitForDiagnostics(root, (list) => list.some((diagnostic) => isDiagnosticOf(diagnostic, rootAdvisory)));
      assert.ok(!(await treeLocations(client)).includes(ignored), 'no finding in the ignored folder');
      assert.equal(client.diagnostics.get(ignored), undefined);

      await client.changeSettings({ ...localSettings, index: { includeIgnored: ['generated'] } });
      const diagnostics = await client.waitForDiagnostics(ignored, (list) => list.some((diagnostic) => isDiagnosticOf(diagnostic, serviceAdvisory)), 'the ignored service analysed once included');
      assert.equal(diagnostics.find((diagnostic) => isDiagnosticOf(diagnostic, serviceAdvisory))?.range.start.line, 0, 'on the PyYAML requirement');
    } finally {
      await client.stop();
      workspace.dispose();
    }
  });

  test('.aspmignore hides a folder git keeps; editing it re-lists the folder', async () => {
    const workspace = copyWorkspace('node-express', { withOsvRecords: true });
    writeService(workspace.dir, 'tools/legacy');
    writeFileSync(path.join(workspace.dir, '.aspmignore'), '# not for the security index\ntools/legacy/\n');
    const client = await LspTestClient.start({ workspaceUri: workspace.uri, settings: localSettings });
    try {
      const hidden = workspace.uriOf('tools/legacy/requirements.txt');
      await client.waitForDiagnostics(workspace.uriOf('package.json'), (list) => list.some((diagnostic) => isDiagnosticOf(diagnostic, rootAdvisory)));
      assert.ok(!(await treeLocations(client)).includes(hidden));

      writeFileSync(path.join(workspace.dir, '.aspmignore'), '# nothing ignored any more\n');
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: workspace.uriOf('.aspmignore'), type: 2 }] });
      await client.waitForDiagnostics(hidden, (list) => list.some((diagnostic) => isDiagnosticOf(diagnostic, serviceAdvisory)), 'the folder analysed once .aspmignore no longer names it');
    } finally {
      await client.stop();
      workspace.dispose();
    }
  });

  test('the CLI skips the same folders and reads aspm.index.includeIgnored (or --include-ignored)', async () => {
    const workspace = copyWorkspace('node-express', { withOsvRecords: true });
    writeService(workspace.dir, 'generated/service');
    writeFileSync(path.join(workspace.dir, '.gitignore'), 'generated/\n');
    const findingPaths = async (args: string[]): Promise<string[]> => {
      const { stdout } = await new Promise<{ stdout: string }>((resolve, reject) =>
        execFile(process.execPath, [cliBundle, 'scan', workspace.dir, '--trust-workspace-settings', '--osv', osvRecords, '--format', 'json', ...args], { env: { ...process.env, ASPM_BACKEND_URL: '' } }, (error, out) =>
          error ? reject(error) : resolve({ stdout: out }),
        ),
      );
      return (JSON.parse(stdout) as Report).findings.flatMap((finding) => (finding.location && [rootAdvisory, serviceAdvisory].includes(finding.advisory) ? [`${finding.location.path} ${finding.advisory}`] : []));
    };
    try {
      const rootOnly = [`package.json ${rootAdvisory}`];
      const both = [`generated/service/requirements.txt ${serviceAdvisory}`, `package.json ${rootAdvisory}`];
      assert.deepEqual(await findingPaths([]), rootOnly);
      assert.deepEqual((await findingPaths(['--include-ignored', 'generated'])).sort(), both);
      const settingsFile = path.join(workspace.dir, '.vscode', 'settings.json');
      const settings = JSON.parse(readFileSync(settingsFile, 'utf8')) as Record<string, unknown>;
      writeFileSync(settingsFile, JSON.stringify({ ...settings, 'aspm.index.includeIgnored': ['generated/**'] }));
      assert.deepEqual((await findingPaths([])).sort(), both);
    } finally {
      workspace.dispose();
    }
  });
});
