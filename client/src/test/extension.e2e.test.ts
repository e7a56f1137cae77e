/**
 * End-to-end tests inside a real extension host, against the fixture backend (scenario `node-express`) and a
 * temporary copy of test-fixtures/workspaces/node-express. The backend URL is a user setting written by the runner;
 * the token comes from ASPM_E2E_TOKEN. Every async expectation is polled (100 ms steps, 30 s cap).
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AspmApi } from '../extension';
import type { PostureItem } from '../views/findingsTree';

const EXTENSION_ID = 'aspm-oss.aspm-vscode';
const LODASH = 'GHSA-p6mc-m468-83gw';
const MOMENT_DECLARED_ONLY = 'GHSA-8hfj-j24r-96c4';
const NANOID_DEV_ONLY = 'GHSA-qrpm-p2h7-hrv2';
const JSONWEBTOKEN = 'GHSA-8cf7-32gw-wr33';
const LODASH_FIX = 'Upgrade lodash to ^4.17.19';

suite('ASPM in a real extension host', () => {
  let api: AspmApi;
  let manifest: vscode.Uri;

  suiteSetup(async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'a workspace folder is open');
    manifest = vscode.Uri.joinPath(folder.uri, 'package.json');
    const extension = vscode.extensions.getExtension<AspmApi>(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed`);
    api = await extension.activate();
    await vscode.commands.executeCommand('aspm.signIn', process.env.ASPM_E2E_TOKEN ?? 'fixture-token');
  });

  test('publishes the lodash advisory on the "lodash" line of package.json', async () => {
    const line = await lineOf(manifest, '"lodash"');
    const started = Date.now();
    const diagnostic = await waitFor('lodash diagnostic', () => findDiagnostic(manifest, LODASH));
    console.log(`[e2e] lodash diagnostic after ${Date.now() - started} ms`);
    assert.equal(diagnostic.range.start.line, line);
    assert.equal(diagnostic.source, 'ASPM');
    const related = diagnostic.relatedInformation ?? [];
    assert.ok(
      related.some((info) => info.location.uri.path.endsWith('/src/routes/products.ts')),
      `relatedInformation points at src/routes/products.ts; got ${related.map((r) => r.location.uri.path).join(', ')}`,
    );
  });

  test('does not publish the declared-only moment and dev-only nanoid findings', async () => {
    await waitFor('lodash diagnostic', () => findDiagnostic(manifest, LODASH));
    const published = vscode.languages.getDiagnostics().flatMap(([, diagnostics]) => diagnostics.map(codeOf));
    assert.ok(!published.includes(MOMENT_DECLARED_ONLY), `moment is declared only; published: ${published.join(', ')}`);
    assert.ok(!published.includes(NANOID_DEV_ONLY), `nanoid is dev-only; published: ${published.join(', ')}`);
  });

  test('the posture tree shows the service and the jsonwebtoken finding', async () => {
    const finding = await waitFor('posture tree with node-shop and jsonwebtoken', async () => {
      const roots = await api.tree.getChildren();
      if (!roots.some((item) => item.label === 'node-shop')) {
        return undefined;
      }
      return findingRows(roots).find((item) => mentions(item, JSONWEBTOKEN) || mentions(item, 'jsonwebtoken'));
    });
    assert.ok(finding.finding, 'the row carries its finding');
    assert.match(finding.contextValue ?? '', /^finding(\.fixable)?$/);
    assert.equal(finding.command?.command, 'aspm.openFinding');
  });

  test('aspm.openFinding opens the finding location', async () => {
    const roots = await api.tree.getChildren();
    const row = findingRows(roots).find((item) => item.finding?.location);
    assert.ok(row?.finding?.location, 'a finding row with a location');
    await vscode.commands.executeCommand('aspm.openFinding', row.finding.location);
    const editor = await waitFor('editor on the finding', () => {
      const active = vscode.window.activeTextEditor;
      return active?.document.uri.toString() === vscode.Uri.parse(row.finding?.location?.uri ?? '').toString() ? active : undefined;
    });
    assert.equal(editor.selection.start.line, row.finding.location.range.start.line);
  });

  test('the preferred quick fix upgrades lodash and the diagnostic disappears', async () => {
    const diagnostic = await waitFor('lodash diagnostic', () => findDiagnostic(manifest, LODASH));
    // Polled: the first code-action request can come back empty while the document is still syncing.
    const fix = await waitFor(`"${LODASH_FIX}" code action`, async () => {
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        manifest,
        diagnostic.range,
        vscode.CodeActionKind.QuickFix.value,
      );
      return (actions ?? []).find((action) => action.title === LODASH_FIX);
    });
    assert.equal(fix.isPreferred, true, 'the upgrade is the preferred fix');
    assert.ok(fix.edit, 'the fix carries a workspace edit');
    assert.ok(await vscode.workspace.applyEdit(fix.edit), 'edit applied');
    if (fix.command) {
      const args: unknown[] = fix.command.arguments ?? [];
      await vscode.commands.executeCommand(fix.command.command, ...args);
    }
    const document = await vscode.workspace.openTextDocument(manifest);
    assert.match(document.getText(), /"lodash": "\^4\.17\.19"/);
    assert.ok(await document.save(), 'package.json saved');
    await waitFor('lodash diagnostic to disappear', () => (findDiagnostic(manifest, LODASH) ? undefined : true));
  });
});

/** Polls `probe` every 100 ms until it returns something other than undefined/false; fails after 30 s. */
async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after 30 s waiting for ${what}; diagnostics now: ${describeDiagnostics()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function codeOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return String(typeof code === 'object' ? code.value : code);
}

function findDiagnostic(uri: vscode.Uri, code: string): vscode.Diagnostic | undefined {
  return vscode.languages.getDiagnostics(uri).find((d) => codeOf(d) === code);
}

function describeDiagnostics(): string {
  const all = vscode.languages.getDiagnostics().flatMap(([uri, ds]) => ds.map((d) => `${uri.path.split('/').pop()}:${d.range.start.line + 1} ${codeOf(d)}`));
  return all.length > 0 ? all.sort().join('; ') : '(none)';
}

async function lineOf(uri: vscode.Uri, needle: string): Promise<number> {
  const document = await vscode.workspace.openTextDocument(uri);
  const line = document.getText().split(/\r?\n/).findIndex((text) => text.includes(needle));
  assert.ok(line >= 0, `${needle} occurs in ${uri.path}`);
  return line;
}

function findingRows(roots: PostureItem[]): PostureItem[] {
  return roots.flatMap((item) => [item, ...item.children]).filter((item) => item.finding !== undefined);
}

function mentions(item: PostureItem, text: string): boolean {
  return [item.label, item.description, item.finding?.id, item.finding?.title, item.finding?.advisoryUrl].some(
    (value) => typeof value === 'string' && value.includes(text),
  );
}
