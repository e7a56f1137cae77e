/**
 * End-to-end tests inside a real extension host, against the fixture backend (scenario `node-express`) and a
 * temporary copy of test-fixtures/workspaces/node-express. The backend URL is a user setting written by the runner;
 * the token comes from ASPM_E2E_TOKEN. Every async expectation is polled (100 ms steps, 30 s cap).
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { WriteOutcome } from '../../../shared/src/dto';
import type { AspmApi } from '../extension';
import { validateExpiry, type FindingCommandArgs, type IgnoreOutcome } from '../triage';
import type { FindingsTreeProvider, PostureItem } from '../views/findingsTree';
import { filteredRows, postureRows } from './e2eSupport';

const EXTENSION_ID = 'aspm-oss.aspm-vscode';
const LODASH = 'GHSA-p6mc-m468-83gw';
const MOMENT_DECLARED_ONLY = 'GHSA-8hfj-j24r-96c4';
const NANOID_DEV_ONLY = 'GHSA-qrpm-p2h7-hrv2';
const JSONWEBTOKEN = 'GHSA-8cf7-32gw-wr33';
const SANITIZE_HTML = 'GHSA-mjxr-4v3x-q3m4';
const QS = 'GHSA-hrpp-h998-j3pp';
const LODASH_FIX = 'Upgrade lodash to ^4.17.19';
// Issue 9: one "Triage…" row per line (a quick pick asks which advisories and what to do), not five rows per advisory.
const OLD_FINDING_ACTIONS = ['Accept risk…', 'Mark not affected…', 'False positive…', 'Create ticket…', 'Ignore in this workspace…'];

suite('ASPM in a real extension host', () => {
  let api: AspmApi;
  let manifest: vscode.Uri;
  let folderUri: vscode.Uri;

  suiteSetup(async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'a workspace folder is open');
    folderUri = folder.uri;
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
      return (await findingRows(api.tree)).find((item) => mentions(item, JSONWEBTOKEN) || mentions(item, 'jsonwebtoken'));
    });
    assert.ok(finding.finding, 'the row carries its finding');
    // A fixable backend finding: the package.json menus match /^finding/ (ignore) and /\.backend/ (triage, ticket).
    assert.equal(finding.contextValue, 'finding.fixable.backend');
    assert.equal(finding.finding.actions.isBackendFinding, true);
    assert.equal(finding.command?.command, 'aspm.openFinding');
  });

  test('aspm.openFinding opens the finding location', async () => {
    const row = (await findingRows(api.tree)).find((item) => item.finding?.location);
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

  // The tests below run after the quick fix edited package.json: they look diagnostics and actions up afresh.
  test('a backend finding offers one Triage… row over its advisories', async () => {
    const titles = await waitFor('the Triage… action on jsonwebtoken', async () => {
      const found = (await codeActionsFor(JSONWEBTOKEN)).map((action) => action.title);
      return found.includes('Triage…') ? found : undefined;
    });
    console.log(`[e2e] jsonwebtoken actions: ${titles.join(' | ')}`);
    assert.ok(titles.length <= 8, `at most 8 rows: ${titles.join(' | ')}`);
    assert.ok(OLD_FINDING_ACTIONS.every((title) => !titles.includes(title)), `no per-decision rows: ${titles.join(' | ')}`);
    const triage = await findingCommand(JSONWEBTOKEN, 'Triage…');
    assert.equal(triage.command, 'aspm.triageFinding');
    assert.deepEqual(triage.args.advisories?.map((advisory) => [advisory.advisoryId, advisory.isBackendFinding]), [[JSONWEBTOKEN, true]]);
  });

  test('aspm.createTicket with a title creates a ticket and returns it', async () => {
    const { command, args } = await findingCommand(JSONWEBTOKEN, 'Triage…');
    assert.match(args.suggestedTicketTitle, /jsonwebtoken/);
    const outcome = await vscode.commands.executeCommand<WriteOutcome | undefined>(command, { ...args, action: 'ticket', ticketTitle: 'e2e: upgrade jsonwebtoken' });
    assert.equal(outcome?.outcome, 'sent', `outcome: ${JSON.stringify(outcome)}`);
    assert.match(outcome.ticket?.id ?? '', /^SEC-\d+$/);
    assert.match(outcome.ticket?.url ?? '', /^https:\/\//);
  });

  test('accepting the risk hides the jsonwebtoken diagnostic and files it under Filtered', async () => {
    const { command, args } = await findingCommand(JSONWEBTOKEN, 'Triage…');
    const outcome = await vscode.commands.executeCommand<WriteOutcome | undefined>(command, { ...args, action: 'accepted_risk', reason: 'e2e: accepted' });
    assert.equal(outcome?.outcome, 'sent', `outcome: ${JSON.stringify(outcome)}`);
    await waitFor('jsonwebtoken diagnostic to disappear', () => (findDiagnostic(manifest, JSONWEBTOKEN) ? undefined : true));
    const row = await waitFor('jsonwebtoken under Filtered in the posture tree', async () => {
      return (await filteredRows(api.tree)).find((item) => mentions(item, JSONWEBTOKEN) || mentions(item, 'jsonwebtoken'));
    });
    assert.match(row.finding?.filteredReason ?? '', /accepted/i, `filtered reason: ${row.finding?.filteredReason}`);
  });

  test('ignoring sanitize-html writes .aspm/ignore.yaml and hides the diagnostic', async () => {
    const { command, args } = await findingCommand(SANITIZE_HTML, 'Triage…');
    assert.equal(command, 'aspm.triageFinding');
    const outcome = await vscode.commands.executeCommand<WriteOutcome | undefined>(command, { ...args, action: 'ignore', reason: 'e2e: input is sanitized upstream' });
    assert.equal(outcome?.outcome, 'sent', `outcome: ${JSON.stringify(outcome)}`);
    const ignoreFile = vscode.Uri.joinPath(folderUri, '.aspm', 'ignore.yaml');
    const text = await waitFor('.aspm/ignore.yaml on disk', async () => {
      const content = await vscode.workspace.fs.readFile(ignoreFile).then((bytes) => Buffer.from(bytes).toString('utf8'), () => '');
      return content.includes(SANITIZE_HTML) ? content : undefined;
    });
    assert.match(text, /e2e: input is sanitized upstream/);
    await waitFor('sanitize-html diagnostic to disappear', () => (findDiagnostic(manifest, SANITIZE_HTML) ? undefined : true));
  });

  test('finding commands refuse a bad pre-filled expiry without asking anything', async () => {
    const { args } = await findingCommand(QS, 'Triage…');
    const outcome = await vscode.commands.executeCommand<IgnoreOutcome | undefined>('aspm.ignoreFinding', { ...args, reason: 'e2e', expires: '2001-01-01' });
    assert.equal(outcome?.outcome, 'failed');
    assert.match(outcome.message, /future/);
    assert.equal(validateExpiry('', new Date(2030, 0, 1)), undefined);
    assert.equal(validateExpiry('2030-01-02', new Date(2030, 0, 1)), undefined);
    assert.match(validateExpiry('2030-01-01', new Date(2030, 0, 1)) ?? '', /future/);
    assert.match(validateExpiry('2030-02-30', new Date(2030, 0, 1)) ?? '', /not a date/);
    assert.match(validateExpiry('31.01.2030', new Date(2030, 0, 1)) ?? '', /YYYY-MM-DD/);
  });

  test('the server gets a storage folder and keeps the last backend data there', async () => {
    const cacheDir = vscode.Uri.joinPath(api.globalStorageUri, 'backend-cache');
    const files = await waitFor('a backend cache file in the global storage', async () => {
      const entries = await vscode.workspace.fs.readDirectory(cacheDir).then(
        (list) => list,
        () => [],
      );
      return entries.length > 0 ? entries : undefined;
    });
    assert.ok(files.some(([name]) => name.endsWith('.json')), `files: ${files.map(([name]) => name).join(', ')}`);
  });

  async function codeActionsFor(code: string): Promise<vscode.CodeAction[]> {
    const diagnostic = await waitFor(`${code} diagnostic`, () => findDiagnostic(manifest, code));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      manifest,
      diagnostic.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    return actions ?? [];
  }

  /** The command of the code action titled `title` on the `code` diagnostic, polled (see the quick-fix test). */
  async function findingCommand(code: string, title: string): Promise<{ command: string; args: FindingCommandArgs }> {
    const action = await waitFor(`"${title}" on ${code}`, async () => (await codeActionsFor(code)).find((candidate) => candidate.title === title));
    const [args] = (action.command?.arguments ?? []) as FindingCommandArgs[];
    assert.ok(action.command && args, `"${title}" carries a command with arguments`);
    return { command: action.command.command, args };
  }
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

async function findingRows(tree: FindingsTreeProvider): Promise<PostureItem[]> {
  return (await postureRows(tree)).filter((item) => item.finding !== undefined);
}

function mentions(item: PostureItem, text: string): boolean {
  return [item.label, item.description, item.finding?.id, item.finding?.title, item.finding?.advisoryUrl].some(
    (value) => typeof value === 'string' && value.includes(text),
  );
}
