/**
 * Extension-host suite `resilience`: node-express workspace, fixture backend scenario node-express started with a
 * control token (client/test/e2e/run-all.sh). Symbol-level reachability in the hover, then the backend failing under
 * the running extension through the fixture's control API: a 500 keeps the last good diagnostics (stale), and a
 * triage made while the backend is down is queued and reaches it once it is back.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { FindingsTreeResult, WriteOutcome } from '../../../shared/src/dto';
import type { AspmApi } from '../extension';
import { activateAspm, aspmHover, codeOf, findDiagnostic, findingCommand, FixtureControl, waitFor, workspaceFolder } from './e2eSupport';

const LODASH = 'GHSA-p6mc-m468-83gw';
const LODASH_ID = 'f-lodash-1';

suite('resilience: node-express against a backend that fails (control API)', () => {
  let api: AspmApi;
  let control: FixtureControl;
  let manifest: vscode.Uri;

  suiteSetup(async () => {
    manifest = vscode.Uri.joinPath(workspaceFolder().uri, 'package.json');
    control = FixtureControl.fromEnvironment();
    await control.clearFaults();
    api = await activateAspm();
  });

  // Each test starts and ends with a healthy backend, also when the previous one failed halfway.
  setup(async () => {
    await control.clearFaults();
  });

  suiteTeardown(async () => {
    await control?.clearFaults();
  });

  test('the lodash hover says the vulnerable zipObjectDeep is not called', async () => {
    const diagnostic = await waitFor('lodash diagnostic', () => findDiagnostic(manifest, LODASH));
    const hover = await aspmHover(manifest, diagnostic.range.start);
    const reachability = hover.split('\n').find((line) => line.startsWith('**Reachability:'));
    console.log(`[e2e] lodash hover: ${reachability}`);
    assert.match(reachability ?? '', /^\*\*Reachability: imported\*\* — application code imports lodash .*; the vulnerable zipObjectDeep is not called$/);
    assert.match(hover, /vulnerable function zipObjectDeep not called \(\d+ calls? on lodash checked\)/);
  });

  test('a 500 on listFindings keeps the last good diagnostics, and the posture says stale', async () => {
    await waitFor('lodash diagnostic', () => findDiagnostic(manifest, LODASH));
    const before = vscode.languages.getDiagnostics(manifest).map(codeOf).sort();
    assert.equal(await staleSince(), undefined, 'fresh before the fault');

    await control.fault('listFindings', 'status500');
    await vscode.commands.executeCommand('aspm.refreshFindings');
    const since = await waitFor('a stale posture (aspm/findingsTree staleSince)', staleSince);
    console.log(`[e2e] stale since ${since}; diagnostics kept: ${before.join(', ')}`);
    assert.deepEqual(vscode.languages.getDiagnostics(manifest).map(codeOf).sort(), before, 'the last good diagnostics stay');
    const service = await waitFor('the service row with the stale icon', async () => {
      const row = (await api.tree.getChildren()).find((item) => item.id === 'service');
      return row?.iconPath instanceof vscode.ThemeIcon && row.iconPath.id === 'history' ? row : undefined;
    });
    assert.match(String(service.description), /stale since/, `service row description: ${String(service.description)}`);
    // appendText turns spaces into &nbsp;.
    const tooltip = (service.tooltip instanceof vscode.MarkdownString ? service.tooltip.value : String(service.tooltip)).replace(/&nbsp;/g, ' ');
    assert.match(tooltip, /Stale: backend unreachable since/);

    await control.clearFaults();
    await vscode.commands.executeCommand('aspm.refreshFindings');
    await waitFor('a fresh posture after the backend recovered', async () => ((await staleSince()) === undefined ? true : undefined));
    assert.deepEqual(vscode.languages.getDiagnostics(manifest).map(codeOf).sort(), before);
  });

  test('a triage made while the backend is down is queued, then reaches the backend once it is back', async () => {
    // Issue 9: the one "Triage…" row; the decision is given as its quick pick would.
    const { command, args } = await findingCommand(manifest, LODASH, 'Triage…');
    assert.equal(command, 'aspm.triageFinding');
    assert.equal(args.findingId, LODASH_ID);
    const decision = { state: 'not_affected', justification: 'code_not_reachable', reason: 'e2e: zipObjectDeep is never called' } as const;

    await control.fault('*', 'down');
    const outcome = await vscode.commands.executeCommand<WriteOutcome | undefined>('aspm.triageFinding', { ...args, ...decision });
    assert.equal(outcome?.outcome, 'queued', `outcome: ${JSON.stringify(outcome)}`);
    await waitFor('the decision applied locally: lodash diagnostic gone', () => (findDiagnostic(manifest, LODASH) ? undefined : true));
    assert.deepEqual(await control.triage(), [], 'nothing reached the backend while it was down');
    const outbox = vscode.Uri.joinPath(api.globalStorageUri, 'outbox');
    assert.equal((await queuedFiles(outbox)).length, 1, 'the decision is persisted in the outbox, one file per decision');

    await control.clearFaults();
    const started = Date.now();
    await vscode.commands.executeCommand('aspm.refreshFindings');
    const [received] = await waitFor('the queued decision at the backend', async () => {
      const triage = await control.triage();
      return triage.length > 0 ? triage : undefined;
    });
    console.log(`[e2e] queued triage reached the backend ${Date.now() - started} ms after it came back`);
    assert.deepEqual(received, { findingId: LODASH_ID, body: decision });
    await waitFor('an empty outbox', async () => ((await queuedFiles(outbox)).length === 0 ? true : undefined));
    assert.equal((await control.triage()).length, 1, 'sent once');
  });

  // Runs after the test above: its decision was queued, then delivered by the refresh.
  test('after the queued decision is delivered, the finding stays triaged (no revert to the status before it)', async () => {
    assert.equal((await control.triage()).filter((entry) => entry.findingId === LODASH_ID).length, 1, 'the previous test delivered the decision');
    // The server's own view, not debounced like the diagnostics: is lodash still filtered as triaged?
    const tree = await api.client.sendRequest<FindingsTreeResult>('aspm/findingsTree', {});
    const surfaced = tree.groups.flatMap((group) => group.findings).find((finding) => finding.id === LODASH_ID);
    const filtered = tree.filteredFindings.find((finding) => finding.id === LODASH_ID);
    assert.equal(surfaced, undefined, `lodash is surfaced again after the refresh that delivered its triage: ${surfaced?.description}`);
    assert.match(filtered?.filteredReason ?? '', /triaged as not affected/);
    assert.equal(findDiagnostic(manifest, LODASH), undefined, 'no lodash diagnostic');
  });

  async function staleSince(): Promise<string | undefined> {
    const tree = await api.client.sendRequest<FindingsTreeResult>('aspm/findingsTree', {});
    return tree.staleSince;
  }
});

/** The queued decisions: one `*.json` file each in the storage's `outbox/` folder. */
async function queuedFiles(folder: vscode.Uri): Promise<string[]> {
  const entries = await vscode.workspace.fs.readDirectory(folder).then(
    (list) => list,
    () => [] as [string, vscode.FileType][],
  );
  return entries.map(([name]) => name).filter((name) => name.endsWith('.json'));
}
