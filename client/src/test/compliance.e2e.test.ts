/**
 * Extension-host suite `compliance`: node-express-deploy workspace, fixture backend scenario node-express
 * (run-all.sh). "ASPM: Export SBOM…" and "ASPM: Export Evidence Report…" write what the server builds; the commands
 * take `{ format, target }` so that no dialog is needed here (people get a quick pick and a save dialog).
 */
import * as assert from 'node:assert/strict';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExportOutcome } from '../exports';
import type { AssetItem } from '../views/inventoryTree';
import { activateAspm, findDiagnostic, waitFor, workspaceFolder } from './e2eSupport';

/** Every row below `items`, depth first. */
async function flatten(provider: { getChildren(item?: AssetItem): Promise<AssetItem[]> }, items?: AssetItem[]): Promise<AssetItem[]> {
  const rows = items ?? (await provider.getChildren());
  const all: AssetItem[] = [];
  for (const row of rows) {
    all.push(row, ...(await flatten(provider, await provider.getChildren(row))));
  }
  return all;
}

suite('compliance: SBOM and evidence report exports from the editor', () => {
  let api: Awaited<ReturnType<typeof activateAspm>>;
  suiteSetup(async () => {
    api = await activateAspm();
    const manifest = vscode.Uri.joinPath(workspaceFolder().uri, 'package.json');
    await waitFor('the jsonwebtoken diagnostic (the backend data is in)', () => findDiagnostic(manifest, 'GHSA-8cf7-32gw-wr33'));
  });

  test('both commands are in the command palette', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('aspm.exportSbom'));
    assert.ok(commands.includes('aspm.exportEvidenceReport'));
  });

  test('Export SBOM writes a CycloneDX 1.6 BOM whose VEX says what the diagnostics say', async () => {
    const target = path.join(os.tmpdir(), `aspm-e2e-${process.pid}.cdx.json`);
    const outcome = await vscode.commands.executeCommand<ExportOutcome>('aspm.exportSbom', { format: 'cyclonedx', target });
    assert.equal(outcome.outcome, 'written', outcome.message);
    const bom = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.file(target)))) as {
      bomFormat: string;
      specVersion: string;
      serialNumber: string;
      components: { purl?: string }[];
      vulnerabilities: { id: string; analysis: { state: string; justification?: string } }[];
    };
    assert.equal(bom.bomFormat, 'CycloneDX');
    assert.equal(bom.specVersion, '1.6');
    assert.match(bom.serialNumber, /^urn:uuid:/);
    assert.ok(bom.components.some((component) => component.purl === 'pkg:npm/lodash@4.17.15'));
    const analysis = (id: string) => bom.vulnerabilities.find((vulnerability) => vulnerability.id === id)?.analysis;
    assert.equal(analysis('GHSA-8cf7-32gw-wr33')?.state, 'exploitable', 'jsonwebtoken is loaded at runtime');
    assert.equal(analysis('GHSA-qrpm-p2h7-hrv2')?.state, 'not_affected', 'nanoid is dev-only');
    assert.equal(analysis('GHSA-qrpm-p2h7-hrv2')?.justification, 'code_not_present');
    await vscode.workspace.fs.delete(vscode.Uri.file(target));
  });

  test('Export Evidence Report writes the HTML page with the controls and the framework mapping', async () => {
    const target = path.join(os.tmpdir(), `aspm-e2e-${process.pid}.html`);
    const outcome = await vscode.commands.executeCommand<ExportOutcome>('aspm.exportEvidenceReport', { format: 'html', target });
    assert.equal(outcome.outcome, 'written', outcome.message);
    const html = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.file(target)));
    assert.match(html, /^<!DOCTYPE html>/);
    for (const expected of ['<strong>CC7.1</strong>', '<strong>A.8.8</strong>', 'banned-packages', 'Runtime exposure of node-shop']) {
      assert.ok(html.includes(expected), expected);
    }
    await vscode.workspace.fs.delete(vscode.Uri.file(target));
  });

  test('the Inventory view lists the dependencies by ecosystem and role, and a package opens its manifest line', async () => {
    const roots = await api.inventory.getChildren();
    const dependencies = roots.find((item) => item.label === 'Dependencies');
    assert.ok(dependencies, roots.map((item) => item.label).join(', '));
    const npm = (await api.inventory.getChildren(dependencies)).find((item) => item.label === 'npm');
    assert.ok(npm, 'an npm ecosystem node');
    const roles = await api.inventory.getChildren(npm);
    assert.deepEqual(roles.map((item) => item.label), ['Direct', 'Transitive', 'Dev']);
    const direct = await api.inventory.getChildren(roles[0]);
    assert.equal(roles[0]!.description, String(direct.length), 'the role says how many packages it holds');
    const lodash = direct.find((item) => item.label === 'lodash@4.17.15');
    assert.ok(lodash?.command, direct.map((item) => item.label).join(', '));
    const manifest = (await vscode.workspace.fs.readFile(vscode.Uri.joinPath(workspaceFolder().uri, 'package.json'))).toString();
    const expectedLine = manifest.split('\n').findIndex((line) => line.includes('"lodash"'));
    await vscode.commands.executeCommand(lodash.command.command, ...(lodash.command.arguments ?? []));
    const editor = await waitFor('the manifest open', () => (vscode.window.activeTextEditor?.document.uri.path.endsWith('/package.json') ? vscode.window.activeTextEditor : undefined));
    assert.equal(editor.selection.start.line, expectedLine, 'at the lodash line');
    const all = await flatten(api.inventory);
    assert.ok(all.some((item) => typeof item.label === 'string' && item.label.startsWith('node:')), 'container images are listed');
  });

  test('the Controls view shows a failing control of .aspm/policy.yaml as failing, opening its policy line', async () => {
    const all = await flatten(api.controls);
    const banned = all.find((item) => item.label === 'No deprecated or compromised packages');
    assert.ok(banned, all.map((item) => item.label).join(', '));
    assert.equal(banned.contextValue, 'control.fail');
    assert.match(String(banned.description), /^fail · /);
    assert.ok((await api.controls.getChildren(banned)).some((item) => String(item.label).startsWith('moment@')), 'its evidence names moment');
    assert.ok(all.some((item) => item.contextValue === 'control.pass'), 'passing controls are listed too');
    await vscode.commands.executeCommand(banned.command!.command, ...(banned.command!.arguments ?? []));
    const editor = await waitFor('the policy file open', () => (vscode.window.activeTextEditor?.document.uri.path.endsWith('/.aspm/policy.yaml') ? vscode.window.activeTextEditor : undefined));
    assert.match(editor.document.lineAt(editor.selection.start.line).text, /id: banned-packages/);
  });
});
