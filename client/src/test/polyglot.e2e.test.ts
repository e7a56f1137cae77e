/**
 * Extension-host suite `polyglot`: python-flask workspace, fixture backend scenario python-flask (run-all.sh).
 * Symbol-level reachability in a Python service: PyYAML's vulnerable `load` is called from app.py.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateAspm, aspmHover, findDiagnostic, waitFor, workspaceFolder } from './e2eSupport';

const PYYAML = 'GHSA-8q59-q68h-6hv4';

suite('polyglot: a Python service with symbol-level reachability', () => {
  suiteSetup(async () => {
    await activateAspm();
  });

  test('the PyYAML hover says symbol-called and cites the yaml.load call in app.py', async () => {
    const folder = workspaceFolder().uri;
    const candidates = ['pyproject.toml', 'requirements.txt'].map((file) => vscode.Uri.joinPath(folder, file));
    const { uri, diagnostic } = await waitFor('the PyYAML diagnostic', () => {
      for (const candidate of candidates) {
        const found = findDiagnostic(candidate, PYYAML);
        if (found) {
          return { uri: candidate, diagnostic: found };
        }
      }
      return undefined;
    });
    console.log(`[e2e] PyYAML on ${vscode.workspace.asRelativePath(uri)}:${diagnostic.range.start.line + 1}: ${diagnostic.message}`);
    assert.match(diagnostic.message, /symbol-called: application code calls the vulnerable load of pyyaml/);
    const appPy = vscode.Uri.joinPath(folder, 'app.py');
    assert.ok(
      (diagnostic.relatedInformation ?? []).some((info) => info.location.uri.toString() === appPy.toString() && info.location.range.start.line === 13 && /calls yaml\.load\(\)/.test(info.message)),
      `related information cites app.py:14: ${JSON.stringify(diagnostic.relatedInformation?.map((info) => [info.location.uri.path, info.location.range.start.line, info.message]))}`,
    );

    const hover = await aspmHover(uri, diagnostic.range.start);
    const reachability = hover.split('\n').find((line) => line.startsWith('**Reachability:'));
    console.log(`[e2e] PyYAML hover: ${reachability}`);
    assert.match(reachability ?? '', /^\*\*Reachability: symbol-called\*\* — application code calls the vulnerable load of pyyaml/);
    const evidence = hover.split('\n').find((line) => /calls yaml\.load\(\)/.test(line));
    assert.ok(evidence, `the hover cites the call: ${hover}`);
    assert.match(evidence, /\]\([^)]*\/app\.py#L14\)$/, 'linked to app.py line 14');
    const document = await vscode.workspace.openTextDocument(appPy);
    assert.match(document.lineAt(13).text, /yaml\.load\(/);
  });

  test('the PyYAML quick fix raises the version in pyproject.toml, and the diagnostic leaves it', async () => {
    const pyproject = vscode.Uri.joinPath(workspaceFolder().uri, 'pyproject.toml');
    const diagnostic = await waitFor('the PyYAML diagnostic on pyproject.toml', () => findDiagnostic(pyproject, PYYAML));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(pyproject));
    // Polled: the first code-action request can come back empty while the document is still syncing.
    const fix = await waitFor('"Upgrade pyyaml to ^5.4" code action', async () => {
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', pyproject, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
      return (actions ?? []).find((action) => action.title === 'Upgrade pyyaml to ^5.4');
    });
    assert.equal(fix.isPreferred, true, 'the upgrade is the preferred fix');
    assert.ok(fix.edit && (await vscode.workspace.applyEdit(fix.edit)), 'edit applied');
    const document = await vscode.workspace.openTextDocument(pyproject);
    assert.match(document.getText(), /^PyYAML = "\^5\.4"$/m);
    // The lock still holds 5.3.1: the finding waits for `poetry lock` instead of being shown as vulnerable.
    await waitFor('the PyYAML diagnostic to leave pyproject.toml', () => (findDiagnostic(pyproject, PYYAML) ? undefined : true));
  });
});
