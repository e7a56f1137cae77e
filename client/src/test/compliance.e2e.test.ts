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
import { activateAspm, findDiagnostic, waitFor, workspaceFolder } from './e2eSupport';

suite('compliance: SBOM and evidence report exports from the editor', () => {
  suiteSetup(async () => {
    await activateAspm();
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
});
