/**
 * The posture view in a real extension host (issue 9 item 5), against the fixture backend (scenario `node-express`)
 * and a copy of test-fixtures/workspaces/node-express: findings grouped by package and by rule, the "group by file"
 * toggle, a filter, and the welcome view's context key when nothing is actionable. Its own run (exthost-posture):
 * it changes workspace settings.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AspmApi } from '../extension';
import type { PostureItem } from '../views/findingsTree';
import { activateAspm, EXTENSION_ID, waitFor } from './e2eSupport';

const JSONWEBTOKEN = 'GHSA-8cf7-32gw-wr33';

suite('ASPM posture view', () => {
  let api: AspmApi;

  suiteSetup(async () => {
    api = await activateAspm();
  });

  suiteTeardown(async () => {
    await vscode.workspace.getConfiguration('aspm').update('diagnostics.minPriority', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand('aspm.groupFindingsByRule');
    await vscode.commands.executeCommand('aspm.clearFindingsFilter');
    await vscode.commands.executeCommand('aspm.hideFilteredFindings');
  });

  const section = async (id: string): Promise<PostureItem | undefined> => (await api.tree.getChildren()).find((item) => item.node.id === id);
  const childrenOf = async (id: string): Promise<PostureItem[]> => {
    const parent = await section(id);
    return parent ? api.tree.getChildren(parent) : [];
  };

  test('dependencies are grouped by package version; the advisory row under it carries the finding', async () => {
    const jwt = await waitFor('the jsonwebtoken package row', async () => (await childrenOf('section:sca')).find((item) => String(item.label).startsWith('jsonwebtoken ')));
    assert.match(String(jwt.label), /^jsonwebtoken 8\.5\.1 · 1 advisory · (runtime-loaded|symbol-called|imported)$/);
    assert.equal(jwt.contextValue, 'group');
    assert.equal(jwt.collapsibleState, vscode.TreeItemCollapsibleState.Collapsed, 'children come on expand');
    const [advisory] = await api.tree.getChildren(jwt);
    assert.equal(advisory?.label, JSONWEBTOKEN, 'the advisory id first');
    assert.equal(advisory?.contextValue, 'finding.fixable.backend', 'triage, ticket and ignore menus apply');
    assert.equal(advisory?.command?.command, 'aspm.openFinding');
    const top = await api.tree.getChildren();
    assert.ok(top.length <= 15, `${top.length} top-level rows`);
    assert.match(String(top.find((item) => item.node.kind === 'summary')?.label), /^\d+ shown · \d+ filtered \(/);
  });

  test('code findings are grouped by rule with file:line rows, and by file after "Group by File"', async () => {
    const rule = await waitFor('the SQL injection rule row', async () => (await childrenOf('section:sast')).find((item) => /· \d+ in /.test(String(item.label))));
    const [site] = await api.tree.getChildren(rule);
    assert.match(String(site?.label), /^login\.ts:\d+$/);
    await vscode.commands.executeCommand('aspm.groupFindingsByFile');
    assert.equal(api.tree.options.groupBy, 'file');
    const file = await waitFor('a file row', async () => (await childrenOf('section:sast')).find((item) => item.node.kind === 'file'));
    assert.match(String(file.label), /^login\.ts · 1$/);
    const [line] = await api.tree.getChildren(file);
    assert.match(String(line?.label), /^L\d+ · /);
    await vscode.commands.executeCommand('aspm.groupFindingsByRule');
    assert.equal(api.tree.options.groupBy, 'rule');
  });

  test('a kind filter keeps one section; clearing it brings the others back', async () => {
    await vscode.commands.executeCommand('aspm.filterFindings', { kinds: ['sast'] });
    const sections = (await api.tree.getChildren()).filter((item) => item.node.kind === 'section').map((item) => item.node.id);
    assert.deepEqual(sections, ['section:sast']);
    await vscode.commands.executeCommand('aspm.clearFindingsFilter');
    const again = (await api.tree.getChildren()).filter((item) => item.node.kind === 'section').map((item) => item.node.id);
    assert.ok(again.includes('section:sca') && again.includes('section:sast'), again.join(', '));
  });

  test('nothing actionable: no rows and the welcome state; "Show All Findings" lists them', async () => {
    const welcome = (vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as { contributes: { viewsWelcome: { when: string; contents: string }[] } }).contributes.viewsWelcome;
    const entry = welcome.find((candidate) => candidate.when === 'aspm.posture.state == nothingActionable');
    assert.match(entry?.contents ?? '', /command:aspm\.showAllFindings/);
    await vscode.workspace.getConfiguration('aspm').update('diagnostics.minPriority', 100, vscode.ConfigurationTarget.Workspace);
    await waitFor('an empty posture view', async () => ((await api.tree.getChildren()).length === 0 ? true : undefined));
    assert.equal(api.tree.lastTopLevel?.state, 'nothingActionable');
    assert.equal(api.tree.contextState, 'nothingActionable', 'the context key the welcome view reads');
    await vscode.commands.executeCommand('aspm.showAllFindings');
    const rows = await api.tree.getChildren();
    assert.ok(rows.some((item) => item.node.kind === 'section'), rows.map((item) => item.label).join(' | '));
    assert.equal(api.tree.contextState, 'findings');
    await vscode.commands.executeCommand('aspm.hideFilteredFindings');
    await vscode.workspace.getConfiguration('aspm').update('diagnostics.minPriority', undefined, vscode.ConfigurationTarget.Workspace);
    await waitFor('rows again', async () => ((await api.tree.getChildren()).length > 0 ? true : undefined));
  });
});
