/**
 * Extension-host suite `localSources`: a copy of the node-express workspace with no backend (no `aspm.backend.url`)
 * and `aspm.osv.path` pointing at a copy of test-fixtures/osv/records inside it, in its .vscode/settings.json
 * (run-all.sh). Files written into the workspace while VS Code runs reach the server through VS Code's own file
 * watcher: a SARIF report becomes diagnostics, and a Kubernetes Service of type LoadBalancer makes the service
 * internet-facing in the hover. Hostile reports: a fix writing .git/config is not in the quick-fix list, and markup
 * in rule ids, tool names and messages renders as text.
 */
import * as assert from 'node:assert/strict';
import { marked } from 'marked';
import * as vscode from 'vscode';
import type { AspmApi } from '../extension';
import { activateAspm, aspmHover, backendUrl, findDiagnostic, postureRows, priorityOf, readRepositoryFile, tableRow, waitFor, workspaceFolder, writeWorkspaceFile } from './e2eSupport';

const LODASH = 'GHSA-p6mc-m468-83gw';
const SEMGREP_SQLI = 'javascript.express.security.injection.tainted-sql-string.tainted-sql-string';


suite('localSources: no backend, local OSV records, files dropped into the workspace', () => {
  let manifest: vscode.Uri;
  let api: AspmApi;

  suiteSetup(async () => {
    assert.equal(backendUrl(), '', 'this suite runs without a backend');
    manifest = vscode.Uri.joinPath(workspaceFolder().uri, 'package.json');
    api = await activateAspm();
    // The OSV advisory on lodash proves the workspace is indexed and the local advisories are loaded.
    await waitFor('the lodash advisory from the local OSV records', () => findDiagnostic(manifest, LODASH));
  });

  test('a SARIF report dropped into the workspace becomes diagnostics (latency logged)', async () => {
    const login = vscode.Uri.joinPath(workspaceFolder().uri, 'src', 'routes', 'login.ts');
    assert.equal(findDiagnostic(login, SEMGREP_SQLI), undefined, 'no SAST finding before the report');
    const report = await readRepositoryFile('test-fixtures/sarif/semgrep.sarif');
    const started = Date.now();
    await writeWorkspaceFile('reports/semgrep.sarif', report);
    const written = Date.now();
    const diagnostic = await waitFor('the Semgrep SQL injection on src/routes/login.ts', () => findDiagnostic(login, SEMGREP_SQLI), { timeoutMs: 10_000, stepMs: 20 });
    const latency = Date.now() - started;
    console.log(`[e2e] SARIF drop → diagnostic: ${latency} ms (write ${written - started} ms); the protocol test asserts < 1000 ms without VS Code's watcher`);
    assert.equal(diagnostic.range.start.line, 8, 'line 9 of login.ts');
    assert.equal(diagnostic.source, 'ASPM');
    assert.match(diagnostic.message, /SQL/);
  });

  test('a Kubernetes LoadBalancer Service raises the lodash priority and the hover names the IaC line', async () => {
    const lodash = await waitFor('lodash diagnostic', () => findDiagnostic(manifest, LODASH));
    const baseline = priorityOf(lodash);
    const before = await aspmHover(manifest, lodash.range.start);
    assert.match(tableRow(before, 'Exposure') ?? '', /\| 0\/15 \| no exposure data for this service \|/);

    const started = Date.now();
    // The same manifest as server/test/protocol/iacExposure.test.ts: the Service's `type: LoadBalancer` is line 19.
    await writeWorkspaceFile('deploy/k8s.yaml', await readRepositoryFile('test-fixtures/iac/node-shop-k8s.yaml'));
    const after = await waitFor('a higher lodash priority after deploy/k8s.yaml', () => {
      const diagnostic = findDiagnostic(manifest, LODASH);
      return diagnostic && priorityOf(diagnostic) > baseline ? diagnostic : undefined;
    }, { stepMs: 20 });
    console.log(`[e2e] lodash priority ${baseline} → ${priorityOf(after)} ${Date.now() - started} ms after deploy/k8s.yaml was written`);
    const hover = await aspmHover(manifest, after.range.start);
    const exposure = tableRow(hover, 'Exposure');
    console.log(`[e2e] exposure row: ${exposure}`);
    assert.match(exposure ?? '', /^\| Exposure \| 6\/15 \| internet-facing per its IaC \(deploy\/k8s\.yaml:19: /);
  });

  // Regression test for issue 13 §1: a SARIF report in the repository offered, as the preferred fix, an edit of
  // .git/config setting core.fsmonitor (a command git runs) and one of .vscode/settings.json.
  test('a report\'s fix writing .git/config is not in the quick-fix list; its legitimate two-file fix is, not preferred', async () => {
    await writeWorkspaceFile('.git/config', '[core]\n\trepositoryformatversion = 0\n');
    await writeWorkspaceFile('reports/hostile-fixes.sarif', await readRepositoryFile('test-fixtures/sarif/hostile-fixes.sarif'));
    const products = vscode.Uri.joinPath(workspaceFolder().uri, 'src', 'routes', 'products.ts');
    await vscode.workspace.openTextDocument(products);
    // Every quick fix VS Code lists on the finding's range (other reports' findings there, such as semgrep.sarif's
    // above, bring their own): polled until the provider answered for it (its ignore action is always there).
    const quickFixes = async (code: string): Promise<vscode.CodeAction[]> =>
      waitFor(`the code actions of ${code}`, async () => {
        const diagnostic = findDiagnostic(products, code);
        const actions = diagnostic && (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', products, diagnostic.range, vscode.CodeActionKind.QuickFix.value));
        return actions?.some((action) => action.title === 'Ignore in this workspace…') ? actions : undefined;
      });
    const editedFiles = (actions: vscode.CodeAction[]): string[] => actions.flatMap((action) => action.edit?.entries().map(([uri]) => vscode.workspace.asRelativePath(uri)) ?? []);
    const hostile = await quickFixes('hostile.git-fsmonitor');
    console.log(`[e2e] quick fixes on the .git/config finding's range: ${hostile.map((action) => action.title).join(' | ')}`);
    assert.ok(!hostile.some((action) => action.title.startsWith('Escape the template')), 'the .git/config fix is not listed');
    assert.deepEqual(editedFiles(hostile).filter((file) => /(^|\/)\.(git|vscode)(\/|$)/i.test(file)), [], 'nothing listed edits .git or .vscode');
    const legitimate = (await quickFixes('javascript.express.security.audit.xss.direct-response-write')).find((action) => action.edit !== undefined);
    assert.equal(legitimate?.title, 'Sanitize the product before sending it (src/routes/products.ts, src/routes/login.ts)');
    assert.notEqual(legitimate.isPreferred, true, 'a two-file fix is not preferred');
    const edited = legitimate.edit!.entries().map(([uri]) => vscode.workspace.asRelativePath(uri)).sort();
    assert.deepEqual(edited, ['src/routes/login.ts', 'src/routes/products.ts']);
  });

  // Regression test for issue 13 §4: rule ids, tool names and messages went into hovers and tooltips unescaped.
  test('markup in a report\'s rule id, tool name and message renders as text in the hover and the tree tooltip', async () => {
    await writeWorkspaceFile('reports/hostile-markup.sarif', await readRepositoryFile('test-fixtures/sarif/hostile-markup.sarif'));
    const products = vscode.Uri.joinPath(workspaceFolder().uri, 'src', 'routes', 'products.ts');
    const code = 'markup.rule](command:aspm.signIn)[y';
    const diagnostic = await waitFor('the finding of the markup report', () => findDiagnostic(products, code));
    const hover = await aspmHover(products, diagnostic.range.start);
    assertRendersSafely(hover, 'hover');
    assert.match(renderedText(hover), /Unsafe merge \[Sign in again\]\(command:aspm\.signIn\) <img src=x onerror=alert\(1\)>/, 'the title reads as written');
    assert.match(renderedText(hover), /Scanner\]\(command:aspm\.signOut\)\[x/, 'the tool name too');
    const row = await waitFor('the finding in the posture tree', async () => {
      return (await postureRows(api.tree)).find((item) => item.finding?.title.startsWith('Unsafe merge'));
    });
    const tooltip = row.tooltip;
    assert.ok(tooltip instanceof vscode.MarkdownString, 'a markdown tooltip');
    assert.ok(!tooltip.isTrusted, 'not trusted: command links would not run anyway');
    assertRendersSafely(tooltip.value, 'tree tooltip');
    assert.equal(row.finding?.advisoryUrl, undefined, 'a help URI with spaces and a command is no advisory link');
  });
});

/** Renders like VS Code's markdown (marked, GitHub-flavoured): no image, HTML or heading; links only to the web or workspace files. */
function assertRendersSafely(markdown: string, what: string): void {
  const html = marked.parse(markdown, { async: false, gfm: true });
  const hrefs = [...html.matchAll(/<a href="([^"]*)"/g)].map((match) => match[1]!);
  assert.ok(!/<(img|script|iframe|h\d)\b/i.test(html), `${what}: no image, HTML or heading\n${html}`);
  for (const href of hrefs) {
    assert.match(href, /^(https?:\/\/|file:\/\/\/)/, `${what}: a link to ${href}`);
  }
  assert.ok(!/(?<!\\)\]\(command:/.test(markdown), `${what}: no unescaped command link in ${markdown}`);
}

function renderedText(markdown: string): string {
  return marked
    .parse(markdown, { async: false, gfm: true })
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");
}
