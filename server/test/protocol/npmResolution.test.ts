import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import type { FindingsTreeResult } from '../../../shared/src/dto';
import type { FixtureBackend } from '../../../test-fixtures/backend/fixtureBackend';
import { copyWorkspace, isDiagnosticOf, LspTestClient, messageOf } from './lspTestClient';
import { lineOf, sampleSettings, startBackend } from './testBackend';

// Issue 8: npm imports resolve to the copy Node loads, packages loaded by configuration count, lockfile v1 is read.


/** The evidence a diagnostic cites, as `path:line` (1-based), sorted. */
function citedLines(diagnostic: Diagnostic | undefined, workspace: ReturnType<typeof copyWorkspace>): string[] {
  const root = `${workspace.uri}/`;
  return (diagnostic?.relatedInformation ?? []).map((info) => `${info.location.uri.slice(root.length)}:${info.location.range.start.line + 1}`).sort();
}

interface Started {
  backend: FixtureBackend;
  workspace: ReturnType<typeof copyWorkspace>;
  client: LspTestClient;
  tree: FindingsTreeResult;
}

async function start(name: string, repository: string, total: number): Promise<Started> {
  const backend = await startBackend(name);
  const workspace = copyWorkspace(name);
  const client = await LspTestClient.start({ workspaceUri: workspace.uri, settings: sampleSettings(backend.url, { repository }) });
  await client.waitFor(`${total} findings analysed`, () => client.statuses.some((status) => status.counts?.total === total));
  const tree: FindingsTreeResult = await client.connection.sendRequest('aspm/findingsTree', {});
  return { backend, workspace, client, tree };
}

async function stop(started: Started | undefined): Promise<void> {
  await started?.client.stop();
  await started?.backend.close();
  started?.workspace.dispose();
}

suite('protocol: each copy of an npm package is decided by its own importers', () => {
  let it: Started;
  let manifestUri: string;
  let manifestText: string;

  suiteSetup(async () => {
    it = await start('npm-nested-copies', 'github.com/acme/billing', 29);
    manifestUri = it.workspace.uriOf('package.json');
    manifestText = readFileSync(path.join(it.workspace.dir, 'package.json'), 'utf8');
  });

  suiteTeardown(() => stop(it));

  const diagnosticOn = async (uri: string, code: string, version: string): Promise<Diagnostic> =>
    it.client.waitFor(`${code} on ${version}`, () => it.client.diagnostics.get(uri)?.find((diagnostic) => isDiagnosticOf(diagnostic, code) && messageOf(diagnostic).split(':')[0]!.includes(` ${version}`)));

  test('underscore under the dev-only jsdoc is filtered as dev-only; the app\'s own copy is symbol-called by its _.template call', async () => {
    const nested = it.tree.filteredFindings.find((finding) => finding.id === 'f-underscore-1.8.3-cf4h');
    assert.match(nested?.filteredReason ?? '', /dev-only/);
    const own = await diagnosticOn(manifestUri, 'GHSA-cf4h-3jhx-xvhq', '1.12.0');
    assert.equal(own.range.start.line, lineOf(manifestText, '"underscore"'));
    assert.match(messageOf(own), /symbol-called: application code calls the vulnerable template of underscore/);
    // packages/shared calls _.template too, but on its own nested copy (1.13.8), which no finding names.
    assert.deepEqual(citedLines(own, it.workspace), ['package.json:21', 'src/invoices.js:4', 'src/invoices.js:9']);
  });

  test('jsonwebtoken@0.1.0 under express-jwt is imported only through express-jwt; the app\'s jwt.verify counts for 0.4.0 alone', async () => {
    const nested = await diagnosticOn(manifestUri, 'GHSA-c7hr-j4mj-j2w6', '0.1.0');
    assert.equal(nested.range.start.line, lineOf(manifestText, '"express-jwt"'));
    assert.match(messageOf(nested), /imported: application code imports express-jwt, which depends on jsonwebtoken/);
    assert.deepEqual(citedLines(nested, it.workspace), ['package.json:18', 'src/server.js:5']);
    const top = await diagnosticOn(manifestUri, 'GHSA-c7hr-j4mj-j2w6', '0.4.0');
    assert.equal(top.range.start.line, lineOf(manifestText, '"jsonwebtoken"'));
    assert.match(messageOf(top), /symbol-called/);
    assert.deepEqual(citedLines(top, it.workspace), ['package.json:19', 'src/auth.js:11', 'src/auth.js:3', 'test/auth.test.js:4']);
  });

  // Issue 9: the eight advisories are one diagnostic of lodash 4.17.4; each advisory's own verdict is in the hover.
  test('the workspace package\'s own lodash@4.17.4 carries its eight advisories on its manifest, with its own sites and calls', async () => {
    const workerUri = it.workspace.uriOf('packages/worker/package.json');
    const worker = await it.client.waitForDiagnostics(workerUri, (list) => list.length === 1, 'one lodash diagnostic on the worker manifest');
    const [lodash] = worker;
    assert.match(messageOf(lodash!), /^lodash 4\.17\.4: 8 advisories \(1 critical, 3 high, 4 medium\)/);
    assert.ok(citedLines(lodash, it.workspace).every((line) => line.startsWith('packages/worker/')), citedLines(lodash, it.workspace).join(', '));
    assert.match(messageOf(lodash!), /symbol-called: application code calls the vulnerable merge of lodash/);
    // The app calls omit() on its own copy: symbol-called there, not on the worker's.
    const hover: Hover = await it.client.connection.sendRequest('textDocument/hover', { textDocument: { uri: workerUri }, position: lodash!.range.start });
    assert.match((hover.contents as MarkupContent).value, /\*\*Reachability: imported\*\* \([^)]*GHSA-xxjr-mmjv-4gpg[^)]*\) — .*the vulnerable unset and omit are not called/);
    // The worker's `#utils/*` subpath import (package.json `imports`) loads the worker's copy: its site is this copy's evidence.
    assert.ok(citedLines(lodash, it.workspace).includes('packages/worker/src/schedule.js:3'), citedLines(lodash, it.workspace).join(', '));
    assert.match((hover.contents as MarkupContent).value, /packages\/worker\/src\/schedule\.js:3 imports lodash \(through \\?#utils\/keyBy\)/);
    const omitApp = await diagnosticOn(manifestUri, 'GHSA-xxjr-mmjv-4gpg', '4.17.15');
    assert.match(messageOf(omitApp), /symbol-called/);
    // The diagnostic of the app's lodash 4.17.15 cites its four advisories' evidence: the app's own files only.
    const cited = citedLines(omitApp, it.workspace);
    for (const line of ['package.json:20', 'src/invoices.js:17', 'src/invoices.js:5', 'src/invoices.js:6']) {
      assert.ok(cited.includes(line), `${line} in ${cited.join(', ')}`);
    }
    assert.ok(cited.every((line) => !line.startsWith('packages/')), cited.join(', '));
  });

  test('the tree counts every copy\'s findings: 26 surfaced, 3 dev-only', () => {
    assert.equal(it.tree.summary.total, 29);
    assert.equal(it.tree.summary.surfaced, 26);
    assert.deepEqual(it.tree.summary.filtered, { 'dev-only': 3 });
    assert.deepEqual(it.tree.filteredFindings.map((finding) => finding.id).sort(), ['f-minimist-0.0.8-vh95', 'f-minimist-0.0.8-xvch', 'f-underscore-1.8.3-cf4h']);
  });
});

suite('protocol: drivers and view engines loaded by configuration', () => {
  let it: Started;
  let manifestUri: string;
  let manifestText: string;

  suiteSetup(async () => {
    it = await start('node-sequelize-knex', 'github.com/acme/store-admin', 12);
    manifestUri = it.workspace.uriOf('package.json');
    manifestText = readFileSync(path.join(it.workspace.dir, 'package.json'), 'utf8');
  });

  suiteTeardown(() => stop(it));

  test('mysql2 is imported by the line that configures Sequelize, ejs by the view engine setting, sqlite3 (and its tar) by the knexfile', async () => {
    // Issue 9: twelve advisories on six package versions (ejs ×2, mysql2 ×4, sequelize ×3), one diagnostic each.
    const diagnostics = await it.client.waitForDiagnostics(manifestUri, (list) => list.length === 6, 'all twelve findings surfaced, on six package versions');
    const byCode = (code: string): Diagnostic => diagnostics.find((diagnostic) => isDiagnosticOf(diagnostic, code))!;
    const mysql2 = byCode('GHSA-4rch-2fh8-94vw');
    assert.equal(mysql2.range.start.line, lineOf(manifestText, '"mysql2"'));
    assert.match(messageOf(mysql2), /imported: src\/db\.js:12 configures Sequelize with dialect 'mysql', which loads mysql2/);
    assert.deepEqual(citedLines(mysql2, it.workspace), ['package.json:18', 'src/db.js:12']);
    assert.match(messageOf(byCode('GHSA-phwq-j96m-2c2q')), /imported: src\/app\.js:12 sets the Express view engine to 'ejs', which loads ejs/);
    assert.match(messageOf(byCode('GHSA-jqv5-7xpx-qj74')), /imported: knexfile\.js:7 configures knex with client 'sqlite3', which loads sqlite3/);
    const tar = byCode('GHSA-f5x3-32g6-xq36');
    assert.equal(tar.range.start.line, lineOf(manifestText, '"sqlite3"'));
    assert.match(messageOf(tar), /knexfile\.js:7 configures knex with client 'sqlite3', which loads sqlite3, which depends on tar/);
  });

  test('configuring another dialect moves the verdict at once: mysql2 is then declared only, and filtered', async () => {
    const dbUri = it.workspace.uriOf('src/db.js');
    const text = readFileSync(path.join(it.workspace.dir, 'src/db.js'), 'utf8');
    await it.client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: dbUri, languageId: 'javascript', version: 1, text } });
    await it.client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: dbUri, version: 2 }, contentChanges: [{ text: text.replace("dialect: 'mysql'", "dialect: 'mariadb'") }] });
    await it.client.waitForDiagnostics(manifestUri, (list) => !list.some((diagnostic) => isDiagnosticOf(diagnostic, 'GHSA-4rch-2fh8-94vw')), 'the mysql2 diagnostics to go');
    const tree: FindingsTreeResult = await it.client.connection.sendRequest('aspm/findingsTree', {});
    assert.match(tree.filteredFindings.find((finding) => finding.id === 'f-mysql2-4rch')?.filteredReason ?? '', /declared only/);
    await it.client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: dbUri } });
    await it.client.waitForDiagnostics(manifestUri, (list) => list.some((diagnostic) => isDiagnosticOf(diagnostic, 'GHSA-4rch-2fh8-94vw')), 'the mysql2 diagnostics back from the disk');
  });
});

suite('protocol: an npm 6 project (lockfile v1)', () => {
  let it: Started;

  suiteSetup(async () => {
    it = await start('npm-lockfile-v1', 'github.com/acme/wiki-notes', 7);
  });

  suiteTeardown(() => stop(it));

  test('the lockfile is read, not refused: transitive dev-only packages are known and filtered, imported ones surfaced', async () => {
    const lockUri = it.workspace.uriOf('package-lock.json');
    assert.deepEqual(it.client.diagnostics.get(lockUri) ?? [], [], 'no problem on package-lock.json');
    assert.deepEqual(it.tree.summary.filtered, { 'dev-only': 2 });
    assert.match(it.tree.filteredFindings.find((finding) => finding.id === 'f-minimist-xvch')?.filteredReason ?? '', /dev-only/);
    const jwt = await it.client.waitFor('the jsonwebtoken diagnostic', () => it.client.diagnostics.get(it.workspace.uriOf('package.json'))?.find((diagnostic) => isDiagnosticOf(diagnostic, 'GHSA-qwph-4952-7xr6')));
    assert.match(messageOf(jwt), /symbol-called/);
    assert.deepEqual(citedLines(jwt, it.workspace), ['package.json:13', 'src/routes/pages.js:13', 'src/routes/pages.js:6']);
  });
});
