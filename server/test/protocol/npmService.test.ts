import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { CodeAction, Diagnostic, Hover, MarkupContent, TextEdit } from 'vscode-languageserver-protocol';
import type { FindingsTreeResult } from '../../../shared/src/dto';
import type { FixtureBackend } from '../../../test-fixtures/backend/fixtureBackend';
import { copyWorkspace, LspTestClient, messageOf } from './lspTestClient';
import { applyEdits, lineOf, sampleSettings, startBackend } from './testBackend';

suite('protocol: npm service findings become reachable, prioritized diagnostics', () => {
  let backend: FixtureBackend;
  let workspace: ReturnType<typeof copyWorkspace>;
  let client: LspTestClient;
  let manifestUri: string;
  let manifestText: string;
  let diagnostics: Diagnostic[];

  suiteSetup(async () => {
    backend = await startBackend('node-express');
    workspace = copyWorkspace('node-express');
    manifestUri = workspace.uriOf('package.json');
    manifestText = readFileSync(path.join(workspace.dir, 'package.json'), 'utf8');
    client = await LspTestClient.start({ workspaceUri: workspace.uri, settings: sampleSettings(backend.url) });
    diagnostics = await client.waitForDiagnostics(manifestUri, (list) => list.length >= 5, 'the manifest diagnostics');
  });

  suiteTeardown(async () => {
    await client?.stop();
    await backend?.close();
    workspace?.dispose();
  });

  const byCode = (code: string): Diagnostic | undefined => diagnostics.find((diagnostic) => diagnostic.code === code);

  test('a reachable direct dependency is a diagnostic on its exact manifest line, with evidence and a link', () => {
    const lodash = byCode('GHSA-p6mc-m468-83gw');
    assert.ok(lodash, `lodash diagnostic among ${diagnostics.map((d) => d.code).join(', ')}`);
    assert.equal(lodash.range.start.line, lineOf(manifestText, '"lodash"'));
    assert.equal(lodash.source, 'ASPM');
    assert.equal(lodash.severity, 1);
    assert.equal(lodash.codeDescription?.href, 'https://github.com/advisories/GHSA-p6mc-m468-83gw');
    assert.match(messageOf(lodash), /priority \d+ \((critical|high)\) · imported/);
    const related = lodash.relatedInformation ?? [];
    assert.ok(
      related.some((info) => info.location.uri === workspace.uriOf('src/routes/products.ts') && info.location.range.start.line === 1),
      `import site src/routes/products.ts:2 in ${JSON.stringify(related)}`,
    );
  });

  test('a transitive package lands on the direct dependency that pulls it in', () => {
    const qs = byCode('GHSA-hrpp-h998-j3pp');
    assert.ok(qs);
    assert.equal(qs.range.start.line, lineOf(manifestText, '"express"'));
    assert.match(messageOf(qs), /^qs 6\.7\.0 via express: /);
  });

  test('a package observed loaded at runtime ranks highest', () => {
    const jwt = byCode('GHSA-8cf7-32gw-wr33');
    assert.ok(jwt);
    assert.match(messageOf(jwt), /runtime-loaded/);
    const scores = diagnostics.map((diagnostic) => Number(/priority (\d+)/.exec(messageOf(diagnostic))?.[1]));
    assert.equal(Math.max(...scores), Number(/priority (\d+)/.exec(messageOf(jwt))?.[1]));
  });

  test('declared-only and dev-only findings are filtered, and the status says how many', async () => {
    assert.equal(byCode('GHSA-8hfj-j24r-96c4'), undefined, 'moment is declared but never imported');
    assert.equal(byCode('GHSA-qrpm-p2h7-hrv2'), undefined, 'nanoid only comes with mocha (dev)');
    const status = await client.waitFor('a counted status', () => client.statuses.findLast((candidate) => candidate.counts?.total === 8));
    assert.equal(status.health, 'ok');
    assert.deepEqual(status.counts, { total: 8, surfaced: 6, filtered: 2 });
  });

  test('a SAST finding is published on its code line', async () => {
    const loginUri = workspace.uriOf('src/routes/login.ts');
    const [sast] = await client.waitForDiagnostics(loginUri, (list) => list.length > 0);
    assert.equal(sast?.code, 'js/sql-injection');
    assert.equal(sast?.range.start.line, 8);
  });

  test('the quick fix upgrades the direct dependency to the lowest fixed version, keeping the caret', async () => {
    const lodash = byCode('GHSA-p6mc-m468-83gw')!;
    const actions: CodeAction[] = await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: manifestUri },
      range: lodash.range,
      context: { diagnostics: [lodash], only: ['quickfix'] },
    });
    const fix = actions.find((action) => action.isPreferred);
    assert.equal(fix?.title, 'Upgrade lodash to ^4.17.19');
    const edits = fix?.edit?.changes?.[manifestUri] as TextEdit[];
    assert.ok(edits?.length, 'edits on package.json');
    assert.deepEqual(Object.keys(fix!.edit!.changes!), [manifestUri], 'touches only the manifest');
    const fixed = JSON.parse(applyEdits(manifestText, edits)) as { dependencies: Record<string, string> };
    assert.equal(fixed.dependencies.lodash, '^4.17.19');
    assert.equal(fixed.dependencies.express, '4.17.1', 'other dependencies untouched');
    assert.ok(actions.some((action) => action.command?.command === 'aspm.openAdvisory'));
  });

  test('a transitive package is fixed with an npm override of the lowest fixed version above the installed one', async () => {
    const qs = byCode('GHSA-hrpp-h998-j3pp')!;
    const actions: CodeAction[] = await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: manifestUri },
      range: qs.range,
      context: { diagnostics: [qs] },
    });
    const fix = actions.find((action) => action.isPreferred);
    assert.match(fix?.title ?? '', /^Override qs to 6\.7\.3/);
    const fixed = JSON.parse(applyEdits(manifestText, fix!.edit!.changes![manifestUri] as TextEdit[])) as { overrides: Record<string, string> };
    assert.deepEqual(fixed.overrides, { express: { qs: '6.7.3' } });
  });

  test('hover explains the score factors and the reachability evidence', async () => {
    const lodash = byCode('GHSA-p6mc-m468-83gw')!;
    const hover: Hover = await client.connection.sendRequest('textDocument/hover', {
      textDocument: { uri: manifestUri },
      position: { line: lodash.range.start.line, character: 6 },
    });
    const value = (hover.contents as MarkupContent).value;
    assert.match(value, /Priority \*\*\d+\/100/);
    for (const factor of ['Severity', 'Exploitability', 'Reachability', 'Exposure']) {
      assert.ok(value.includes(`| ${factor} |`), `factor ${factor} in hover`);
    }
    assert.match(value, /internet-facing/);
    assert.match(value, /src\/routes\/products\.ts:2 imports lodash/);
    assert.match(value, /Upgrade lodash to \^4\.17\.19/);
    assert.match(value, /\*\*Policy:\*\* violates “No reachable critical vulnerability in production”|\*\*Policy:\*\* within policy; fix by 2026-10-14 — \*\*overdue\*\*/);
  });

  test('the organisation\'s policies and SLAs are checked: a reachable finding past its SLA says so', () => {
    const lodash = byCode('GHSA-p6mc-m468-83gw')!;
    assert.match(messageOf(lodash), /SLA overdue since 2026-10-14/, 'high severity, 30 days from first seen 2026-09-14');
    const moment = byCode('GHSA-8hfj-j24r-96c4');
    assert.equal(moment, undefined);
  });

  test('the posture tree shows the service, its exposure and findings grouped by priority', async () => {
    const tree: FindingsTreeResult = await client.connection.sendRequest('aspm/findingsTree', { activeUri: workspace.uriOf('src/server.ts') });
    assert.equal(tree.service?.name, 'node-shop');
    assert.ok(tree.service?.badges.includes('internet-facing'));
    assert.ok(tree.service?.badges.includes('production'));
    assert.equal(tree.summary.total, 8);
    assert.equal(tree.summary.surfaced, 6);
    assert.deepEqual(tree.summary.filtered, { declared: 1, 'dev-only': 1 });
    const shown = tree.groups.flatMap((group) => group.findings.map((finding) => finding.id));
    assert.ok(shown.includes('f-jwt-1') && shown.includes('f-lodash-1'));
    assert.equal(tree.groups[0]?.findings[0]?.id, 'f-jwt-1', 'highest priority first');
    const moment = tree.filteredFindings.find((finding) => finding.id === 'f-moment-1');
    assert.match(moment?.filteredReason ?? '', /declared only/);
  });

  test('editing the manifest to a fixed range clears the diagnostic before npm install, and says why', async () => {
    const edited = manifestText.replace('"lodash": "^4.17.15"', '"lodash": "^4.17.19"');
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: manifestUri, languageId: 'json', version: 1, text: manifestText } });
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: manifestUri, version: 2 }, contentChanges: [{ text: edited }] });
    await client.waitForDiagnostics(manifestUri, (list) => !list.some((diagnostic) => diagnostic.code === 'GHSA-p6mc-m468-83gw'), 'the lodash diagnostic to go');
    const tree: FindingsTreeResult = await client.connection.sendRequest('aspm/findingsTree', {});
    const lodash = tree.filteredFindings.find((finding) => finding.id === 'f-lodash-1');
    assert.match(lodash?.filteredReason ?? '', /run npm install/);
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: manifestUri } });
    await client.waitForDiagnostics(manifestUri, (list) => list.some((diagnostic) => diagnostic.code === 'GHSA-p6mc-m468-83gw'), 'the lodash diagnostic to return from disk');
  });

  test('raising the minimum priority in the settings re-publishes fewer diagnostics without re-indexing', async () => {
    const indexedBefore = client.logs.filter((line) => line.startsWith('Indexed ')).length;
    await client.changeSettings(sampleSettings(backend.url, { minPriority: 75 }));
    const fewer = await client.waitForDiagnostics(manifestUri, (list) => list.length > 0 && list.length < diagnostics.length, 'fewer diagnostics');
    assert.ok(fewer.every((diagnostic) => Number(/priority (\d+)/.exec(messageOf(diagnostic))?.[1]) >= 75));
    assert.equal(client.logs.filter((line) => line.startsWith('Indexed ')).length, indexedBefore, 'no re-index for a filter change');
    await client.changeSettings(sampleSettings(backend.url));
    await client.waitForDiagnostics(manifestUri, (list) => list.length === diagnostics.length, 'the default filter again');
  });
});
