import { strict as assert } from 'node:assert';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CodeAction, Diagnostic, Hover, TextDocumentEdit, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import type { FindingsTreeResult } from '../../../shared/src/dto';
import type { Report } from '../../src/cli/report';
import { assertNoSecretMaterial, nodeSecretsMaterial } from '../../src/test/secretMaterial';
import { runCli } from './cliRunner';
import { copyWorkspace, LspTestClient, messageOf, workspaceOsvPath } from './lspTestClient';

const hasCode = (code: string) => (list: Diagnostic[]): boolean => list.some((diagnostic) => diagnostic.code === code);
/** The secrets of the node-secrets fixture: `file:line rule severity`, the same in the editor and the CLI. */
const expected = [
  'config/aws.ts:6 secretlint/aws/AWSSecretAccessKey high',
  'config/signing.pem:1 secretlint/privatekey/PrivateKey critical',
  'lib/insecurity.ts:5 secretlint/privatekey/PrivateKey critical',
  'src/notify.js:3 secretlint/github/GITHUB_TOKEN high',
  'src/notify.js:5 secretlint/slack/IncomingWebhook high',
];
const fixtures = path.resolve(__dirname, '../../../../test-fixtures');
const noBackend = { backend: { url: '', timeoutMs: 3000 }, repository: 'github.com/acme/node-secrets', diagnostics: { minPriority: 40, showUnreachable: false } };

// Issue 9 item 7: with no backend, a private key committed in source (juice-shop's lib/insecurity.ts) is flagged.
suite('protocol: built-in secret detection with no backend', () => {
  const material = nodeSecretsMaterial();
  let workspace: ReturnType<typeof copyWorkspace>;
  let client: LspTestClient | undefined;

  setup(() => {
    workspace = copyWorkspace('node-secrets');
  });

  teardown(async () => {
    await client?.stop();
    workspace.dispose();
  });

  test('a private key in a .ts file is a secret diagnostic on its line; message, hover, actions, tree and log never quote it', async () => {
    client = await LspTestClient.start({ workspaceUri: workspace.uri, settings: noBackend });
    const uri = workspace.uriOf('lib/insecurity.ts');
    const diagnostics = await client.waitForDiagnostics(uri, hasCode('secretlint/privatekey/PrivateKey'), 'the private key diagnostic');
    const key = diagnostics.find((diagnostic) => diagnostic.code === 'secretlint/privatekey/PrivateKey')!;
    assert.equal(key.range.start.line, 4, 'on the line of the key');
    assert.equal(key.source, 'ASPM');
    assert.equal(key.codeDescription?.href, 'https://github.com/secretlint/secretlint/blob/master/packages/%40secretlint/secretlint-rule-privatekey/README.md#PrivateKey');
    assert.match(messageOf(key), /Private key/);
    assertNoSecretMaterial(JSON.stringify(diagnostics), material, 'the diagnostics');

    const hover: Hover | null = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 4, character: 30 } });
    const hoverText = JSON.stringify(hover);
    assert.match(hoverText, /Private key/, 'the hover explains the finding');
    // Issue 9: a committed private key scored 54 (medium); it needs no exploit and no code path, so it is high.
    assert.match(hoverText, /committed key needs no exploit/, 'the exploitability factor explains itself');
    assert.match(hoverText, /committed to the repository: usable by whoever can read it/, 'the reachability factor explains itself');
    assertNoSecretMaterial(hoverText, material, 'the hover');

    const actions: CodeAction[] = await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: key.range, context: { diagnostics: [key], only: ['quickfix'] } });
    assert.ok(actions.some((action) => action.title === 'Ignore in this workspace…'), actions.map((action) => action.title).join(' | '));
    assert.ok(actions.every((action) => action.edit === undefined), 'no automatic edit of a secret');
    assertNoSecretMaterial(JSON.stringify(actions), material, 'the code actions');

    const published: string[] = [];
    for (const line of expected) {
      const [file, code] = line.split(/:\d+ | /) as [string, string];
      const list = await client.waitForDiagnostics(workspace.uriOf(file), hasCode(code), `${code} on ${file}`);
      assertNoSecretMaterial(JSON.stringify(list), material, `the diagnostics of ${file}`);
      for (const diagnostic of list.filter((candidate) => candidate.code === code)) {
        published.push(`${file}:${diagnostic.range.start.line + 1} ${code}`);
      }
    }
    assert.deepEqual([...new Set(published)].sort(), expected.map((line) => line.replace(/ \S+$/, '')), 'the same secrets as aspm scan');
    const tree: FindingsTreeResult = await client.connection.sendRequest('aspm/findingsTree', {});
    assert.match(JSON.stringify(tree), /Private key/);
    assertNoSecretMaterial(JSON.stringify(tree), material, 'the posture tree');
    assertNoSecretMaterial(client.logs.join('\n'), material, 'the log');
    assertNoSecretMaterial(client.wire.join(''), material, 'everything on the wire (a trace)');
    assertNoSecretMaterial(client.stderr.join(''), material, 'the server\'s stderr');
  });

  test('local SARIF, OSV records, the built-in IaC rules and secret detection all publish with no backend', async () => {
    const local = copyWorkspace('node-express', { withOsvRecords: true });
    try {
      copyFileSync(path.join(fixtures, 'sarif', 'semgrep.sarif'), path.join(local.dir, 'semgrep.sarif'));
      writeFileSync(path.join(local.dir, 'Dockerfile'), 'FROM node:20\nCOPY . .\nCMD ["node", "src/server.js"]\n');
      copyFileSync(path.join(fixtures, 'workspaces', 'node-secrets', 'src', 'notify.js'), path.join(local.dir, 'src', 'notify.js'));
      client = await LspTestClient.start({ workspaceUri: local.uri, settings: { backend: { url: '' }, repository: '', osv: { path: workspaceOsvPath, url: '' }, diagnostics: { minPriority: 0 } } });
      const fromSarif = await client.waitForDiagnostics(local.uriOf('src/routes/login.ts'), (list) => list.length > 0, 'the SARIF findings');
      assert.ok(fromSarif.every((diagnostic) => diagnostic.source === 'ASPM'));
      await client.waitForDiagnostics(local.uriOf('package.json'), (list) => list.some((diagnostic) => /^(GHSA|CVE)-/.test(String(diagnostic.code))), 'the OSV advisories');
      await client.waitForDiagnostics(local.uriOf('Dockerfile'), (list) => list.some((diagnostic) => String(diagnostic.code).startsWith('iac-')), 'the built-in IaC rules');
      await client.waitForDiagnostics(local.uriOf('src/notify.js'), hasCode('secretlint/github/GITHUB_TOKEN'), 'the secret');
    } finally {
      await client?.stop();
      client = undefined;
      local.dispose();
    }
  });

  test('an open document is rescanned as it is typed: secrets follow the edit, a new one appears', async () => {
    client = await LspTestClient.start({ workspaceUri: workspace.uri, settings: noBackend });
    const uri = workspace.uriOf('src/notify.js');
    await client.waitForDiagnostics(uri, hasCode('secretlint/github/GITHUB_TOKEN'));
    const original = readFileSync(path.join(workspace.dir, 'src/notify.js'), 'utf8');
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'javascript', version: 1, text: original } });
    const moved = `// one\n// two\n${original}`;
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: moved }] });
    await client.waitForDiagnostics(uri, (list) => list.some((diagnostic) => diagnostic.code === 'secretlint/github/GITHUB_TOKEN' && diagnostic.range.start.line === 4), 'the token two lines down');
    const added = `${moved}const aws_secret_access_key = 'fakeASPMtestSecretKey0000000000000000000';\n`;
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ text: added }] });
    const list = await client.waitForDiagnostics(uri, hasCode('secretlint/aws/AWSSecretAccessKey'), 'the typed secret');
    assertNoSecretMaterial(JSON.stringify(list), material, 'the diagnostics');
    assertNoSecretMaterial(client.logs.join('\n'), material, 'the log');
  });

  test('a secret ignored in .aspm/ignore.yaml stays ignored', async () => {
    client = await LspTestClient.start({ workspaceUri: workspace.uri, settings: noBackend });
    const uri = workspace.uriOf('src/notify.js');
    const diagnostics = await client.waitForDiagnostics(uri, hasCode('secretlint/github/GITHUB_TOKEN'));
    const token = diagnostics.find((diagnostic) => diagnostic.code === 'secretlint/github/GITHUB_TOKEN')!;
    const { findingId } = token.data as { findingId: string };
    const edit: WorkspaceEdit = await client.connection.sendRequest('aspm/ignoreFinding', { folderUri: workspace.uri, findingId, reason: 'revoked test token' });
    const change = edit.documentChanges?.find((candidate): candidate is TextDocumentEdit => 'textDocument' in candidate);
    assert.ok(change, 'creates .aspm/ignore.yaml');
    const text = (change.edits[0] as TextEdit).newText;
    assert.match(text, /rule: secretlint\/github\/GITHUB_TOKEN/);
    assert.match(text, /path: src\/notify\.js/);
    assertNoSecretMaterial(text, material, 'the ignore entry');
    const file = fileURLToPath(change.textDocument.uri);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: change.textDocument.uri, type: 1 }] });
    await client.waitForDiagnostics(uri, (list) => !hasCode('secretlint/github/GITHUB_TOKEN')(list) && hasCode('secretlint/slack/IncomingWebhook')(list), 'the ignored token to disappear');
    // Edited and rescanned, it stays ignored.
    const original = readFileSync(path.join(workspace.dir, 'src/notify.js'), 'utf8');
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'javascript', version: 1, text: original } });
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: `\n${original}` }] });
    const after = await client.waitForDiagnostics(uri, (list) => list.some((diagnostic) => diagnostic.code === 'secretlint/slack/IncomingWebhook' && diagnostic.range.start.line === 5), 'the rescan');
    assert.ok(!hasCode('secretlint/github/GITHUB_TOKEN')(after), 'still ignored');
    const tree: FindingsTreeResult = await client.connection.sendRequest('aspm/findingsTree', {});
    assert.match(tree.filteredFindings.find((finding) => finding.id === findingId)?.filteredReason ?? '', /ignored in \.aspm\/ignore\.yaml/);
  });
});

suite('cli: aspm scan finds the secrets with no backend, the same as the editor, and never prints them', () => {
  const material = nodeSecretsMaterial();
  let workspace: ReturnType<typeof copyWorkspace>;

  suiteSetup(() => {
    workspace = copyWorkspace('node-secrets');
  });

  suiteTeardown(() => {
    workspace.dispose();
  });

  test('JSON lists every secret as a surfaced secret finding, without the secret', async () => {
    const { code, stdout, stderr } = await runCli(['scan', workspace.dir, '--format', 'json'], { ASPM_BACKEND_URL: '' });
    assert.equal(code, 0, stderr);
    const report = JSON.parse(stdout) as Report;
    const secrets = report.findings.filter((finding) => finding.kind === 'secret');
    assert.deepEqual(secrets.map((finding) => `${finding.location?.path}:${finding.location?.line} ${finding.advisory} ${finding.severity}`).sort(), expected);
    assert.ok(secrets.every((finding) => finding.surfaced), 'surfaced with the default minimum priority');
    // Issue 9: private and cloud keys are high with no exposure data (a private key scored 54, medium, before).
    assert.deepEqual(
      secrets.filter((finding) => /PrivateKey|AWSSecretAccessKey/.test(finding.advisory ?? '')).map((finding) => finding.priority.band),
      ['high', 'high', 'high'],
    );
    assertNoSecretMaterial(stdout, material, 'the JSON output');
    assertNoSecretMaterial(stderr, material, 'stderr');
  });

  for (const args of [['scan', '--format', 'table'], ['scan', '--format', 'sarif'], ['scan', '--format', 'cyclonedx'], ['report', '--format', 'md'], ['report', '--format', 'html']]) {
    test(`${args.join(' ')} names the secrets and never prints them`, async () => {
      const { code, stdout, stderr } = await runCli([args[0]!, workspace.dir, ...args.slice(1)], { ASPM_BACKEND_URL: '' });
      assert.equal(code, 0, stderr);
      if (['table', 'sarif', 'md', 'html'].includes(args[2]!)) {
        assert.match(stdout, /secretlint\/privatekey\/PrivateKey/);
      }
      assertNoSecretMaterial(stdout, material, `${args.join(' ')} output`);
      assertNoSecretMaterial(stderr, material, 'stderr');
    });
  }
});
