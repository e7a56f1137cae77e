/**
 * DefectDojo and GitHub as sources of one workspace, in a real VS Code (run `exthost-platforms`): both fixture
 * platforms (test-fixtures/platforms, scenario node-express) on 127.0.0.1 are `aspm.sources`, no ASPM backend.
 * One merged finding for the advisory both hold, triage written to both in their own vocabulary (read from the writes
 * each fixture recorded), the posture view's "Sources" row, and signing out of one source.
 *
 * Signing in: "ASPM: Sign In" with a token argument signs in to the first configured source (the route tests and
 * automation have). GitHub's interactive route, VS Code's `github`/`github-enterprise` account, asks the user to
 * consent in a modal dialog the extension host cannot answer, so GitHub gets its token the same way as DefectDojo:
 * the sources are reordered so that GitHub is first, and signed in with the fixture's token.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { WriteOutcome } from '../../../shared/src/dto';
import type { AspmApi } from '../extension';
import type { PostureItem } from '../views/findingsTree';
import { activateAspm, aspmHover, findDiagnostic, findingCommand, waitFor, workspaceFolder } from './e2eSupport';

type Platform = { kind: 'defectdojo' | 'github'; url: string; token: string; writes: string };
type Write = { method: string; path: string; body?: Record<string, unknown> };

const LODASH = 'GHSA-p6mc-m468-83gw';

function platforms(): { dojo: Platform; hub: Platform } {
  const list = JSON.parse(process.env.ASPM_E2E_PLATFORMS ?? '[]') as Platform[];
  const dojo = list.find((platform) => platform.kind === 'defectdojo');
  const hub = list.find((platform) => platform.kind === 'github');
  assert.ok(dojo && hub, `ASPM_E2E_PLATFORMS names a DefectDojo and a GitHub fixture: ${process.env.ASPM_E2E_PLATFORMS ?? '(unset)'}`);
  return { dojo, hub };
}

/** The writes a fixture platform received so far (main.js --writes appends one JSON line each, every 200 ms). */
function writesOf(platform: Platform): Write[] {
  const text = fs.existsSync(platform.writes) ? fs.readFileSync(platform.writes, 'utf8') : '';
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Write);
}

async function setSources(order: Platform[]): Promise<void> {
  await vscode.workspace.getConfiguration('aspm').update('sources', order.map((platform) => ({ kind: platform.kind, url: platform.url })), vscode.ConfigurationTarget.Global);
}

suite('platforms: DefectDojo and GitHub as sources of one workspace', () => {
  const { dojo, hub } = platforms();
  let api: AspmApi;
  const manifest = (): vscode.Uri => vscode.Uri.joinPath(workspaceFolder().uri, 'package.json');
  const sourceRows = async (): Promise<PostureItem[]> => {
    const sources = (await api.tree.getChildren()).find((item) => item.node.kind === 'sources');
    return sources ? api.tree.getChildren(sources) : [];
  };
  const rowOf = (rows: PostureItem[], kindLabel: string): PostureItem | undefined => rows.find((row) => String(row.label).startsWith(`${kindLabel} · `));

  suiteSetup(async () => {
    api = await activateAspm();
  });

  test('each source signs in with its own token; the posture view lists both sources as fresh', async () => {
    await setSources([dojo, hub]);
    await vscode.commands.executeCommand('aspm.signIn', dojo.token);
    await setSources([hub, dojo]);
    await vscode.commands.executeCommand('aspm.signIn', hub.token);
    const rows = await waitFor('the Sources row with both sources pulled', async () => {
      const found = await sourceRows();
      return found.length === 2 && found.every((row) => /pulled \d{4}-\d\d-\d\d \d\d:\d\d UTC/.test(String(row.description))) ? found : undefined;
    }, { timeoutMs: 60_000 });
    const hostOf = (platform: Platform): string => platform.url.replace(/^http:\/\//, '');
    assert.deepEqual(rows.map((row) => String(row.label)).sort(), [`DefectDojo · ${hostOf(dojo)}`, `GitHub · ${hostOf(hub)}`]);
    assert.ok(rows.every((row) => row.contextValue === 'source' && !/failing|no token/.test(String(row.description))), rows.map((row) => row.description).join(' | '));
    assert.match(String(rowOf(rows, 'DefectDojo')?.description), /· 8 findings$/, 'the product\'s 8 active, non-duplicate findings');
    assert.match((rowOf(rows, 'GitHub')?.tooltip as vscode.MarkdownString).value, /Last good pull: \d{4}-/);
  });

  test('the advisory both platforms hold is one diagnostic reported by both', async () => {
    const diagnostic = await waitFor('the lodash diagnostic', () => findDiagnostic(manifest(), LODASH));
    assert.equal(vscode.languages.getDiagnostics(manifest()).filter((candidate) => candidate === diagnostic || String(typeof candidate.code === 'object' ? candidate.code.value : candidate.code) === LODASH).length, 1, 'one diagnostic');
    await vscode.workspace.openTextDocument(manifest());
    const hover = await aspmHover(manifest(), diagnostic.range.start);
    assert.match(hover, /_Reported by [^_]*defectdojo:node-shop/, hover);
    assert.match(hover, /_Reported by [^_]*github:acme\/node-shop/, hover);
  });

  test('triage from VS Code is written to both platforms, each in its own vocabulary', async () => {
    const { command, args } = await findingCommand(manifest(), LODASH, 'Triage…');
    const before = { dojo: writesOf(dojo).length, hub: writesOf(hub).length };
    const outcome = await vscode.commands.executeCommand<WriteOutcome | undefined>(command, { ...args, action: 'false_positive', reason: 'e2e: zipObjectDeep never gets user input' });
    assert.equal(outcome?.outcome, 'sent', `outcome: ${JSON.stringify(outcome)}`);
    assert.match(outcome.message, /DefectDojo \(http:\/\/127\.0\.0\.1:\d+\): marked false positive/, outcome.message);
    assert.match(outcome.message, /GitHub \(http:\/\/127\.0\.0\.1:\d+\): /, outcome.message);
    const toDojo = await waitFor('DefectDojo to record the write', () => {
      const writes = writesOf(dojo).slice(before.dojo);
      return writes.some((write) => write.method === 'POST') ? writes : undefined;
    });
    assert.deepEqual(toDojo[0], { method: 'PATCH', path: '/api/v2/findings/1201/', body: { active: false, verified: false, false_p: true } });
    const note = toDojo.find((write) => write.path === '/api/v2/findings/1201/notes/');
    assert.match(String(note?.body?.entry), /Reason: e2e: zipObjectDeep never gets user input/, JSON.stringify(note));
    const toHub = await waitFor('GitHub to record the dismissal', () => {
      const writes = writesOf(hub).slice(before.hub);
      return writes.length > 0 ? writes : undefined;
    });
    assert.equal(toHub.length, 1, JSON.stringify(toHub));
    assert.equal(toHub[0]!.method, 'PATCH');
    assert.equal(toHub[0]!.path, '/repos/acme/node-shop/dependabot/alerts/1');
    assert.equal(toHub[0]!.body?.state, 'dismissed');
    assert.equal(toHub[0]!.body?.dismissed_reason, 'inaccurate', 'GitHub\'s word for a false positive');
    await waitFor('the dismissed finding to leave the diagnostics', () => (findDiagnostic(manifest(), LODASH) ? undefined : true));
  });

  test('signing out of GitHub clears its findings; DefectDojo\'s stay', async () => {
    const JSONWEBTOKEN = 'GHSA-8cf7-32gw-wr33';
    const login = vscode.Uri.joinPath(workspaceFolder().uri, 'src', 'routes', 'login.ts');
    const diagnostic = await waitFor('the jsonwebtoken diagnostic', () => findDiagnostic(manifest(), JSONWEBTOKEN));
    assert.match(await aspmHover(manifest(), diagnostic.range.start), /_Reported by [^_]*github:acme\/node-shop/);
    // Held by GitHub alone: its secret scanning alert on login.ts:10 (the secret itself is never requested).
    const secret = await waitFor('GitHub\'s secret scanning alert on login.ts', () => findDiagnostic(login, 'password'));
    assert.equal(secret.range.start.line, 9);
    // Both are signed in: "ASPM: Sign Out" asks which (GitHub, DefectDojo, All sources); GitHub is the first row.
    const signedOut = vscode.commands.executeCommand('aspm.signOut');
    let done = false;
    void signedOut.then(() => (done = true));
    await waitFor('the Sign Out quick pick to be answered', async () => {
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      return done;
    }, { stepMs: 300 });
    const rows = await waitFor('GitHub without a token in the Sources row', async () => {
      const found = await sourceRows();
      return /no token/.test(String(rowOf(found, 'GitHub')?.description)) ? found : undefined;
    });
    assert.doesNotMatch(String(rowOf(rows, 'DefectDojo')?.description), /no token|failing/);
    const hover = await waitFor('the jsonwebtoken hover without GitHub', async () => {
      const current = findDiagnostic(manifest(), JSONWEBTOKEN);
      const text = current ? await aspmHover(manifest(), current.range.start) : '';
      return /_Reported by [^_]*defectdojo:node-shop/.test(text) && !/github:acme/.test(text) ? text : undefined;
    });
    assert.doesNotMatch(hover, /github:/, 'GitHub\'s copy is gone');
    await waitFor('GitHub\'s secret scanning alert to leave the diagnostics', () => (findDiagnostic(login, 'password') ? undefined : true));
  });
});
