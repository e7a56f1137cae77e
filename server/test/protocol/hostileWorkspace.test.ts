import { strict as assert } from 'node:assert';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { CodeAction, Diagnostic, Hover } from 'vscode-languageserver-protocol';
import { copyWorkspace, LspTestClient } from './lspTestClient';

const fixtures = path.resolve(__dirname, '../../../../test-fixtures');
const LEGITIMATE = 'javascript.express.security.audit.xss.direct-response-write';
const HOSTILE = ['hostile.git-fsmonitor', 'hostile.vscode-settings', 'hostile.encoded-hook', 'hostile.unreported-file'];
const localSettings = { backend: { url: '' }, repository: '', diagnostics: { minPriority: 0, showUnreachable: true } };

/** Every diagnostic of the workspace files named, once each has the codes listed. */
async function diagnosticsWith(client: LspTestClient, workspace: ReturnType<typeof copyWorkspace>, expected: Record<string, string[]>): Promise<{ uri: string; diagnostic: Diagnostic }[]> {
  const all: { uri: string; diagnostic: Diagnostic }[] = [];
  for (const [file, codes] of Object.entries(expected)) {
    const uri = workspace.uriOf(file);
    const list = await client.waitForDiagnostics(uri, (current) => codes.every((code) => current.some((diagnostic) => diagnostic.code === code)), `${codes.join(', ')} on ${file}`);
    all.push(...list.map((diagnostic) => ({ uri, diagnostic })));
  }
  return all;
}

async function actionsOf(client: LspTestClient, uri: string, diagnostic: Diagnostic): Promise<CodeAction[]> {
  return client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
}

function editedUris(actions: CodeAction[]): string[] {
  return actions.flatMap((action) => Object.keys(action.edit?.changes ?? {}));
}

async function hoverText(client: LspTestClient, uri: string, diagnostic: Diagnostic): Promise<string> {
  const hover = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: diagnostic.range.start })) as Hover | null;
  return hover ? (hover.contents as { value: string }).value : '';
}

// Regression tests for issue 13 §1 and §2: a SARIF report shipped in the repository offered (and preferred) fixes
// writing .git/config (core.fsmonitor runs a command at the next git call) and .vscode/settings.json, also in
// untrusted workspaces; a trusted workspace's aspm.osv.path could read outside the folder.
suite('protocol: what a hostile repository cannot make the editor do', () => {
  let workspace: ReturnType<typeof copyWorkspace>;
  let client: LspTestClient | undefined;
  let outside: string | undefined;

  setup(() => {
    workspace = copyWorkspace('node-express');
    mkdirSync(path.join(workspace.dir, '.git'), { recursive: true });
    writeFileSync(path.join(workspace.dir, '.git', 'config'), '[core]\n\trepositoryformatversion = 0\n');
    mkdirSync(path.join(workspace.dir, 'reports'), { recursive: true });
    copyFileSync(path.join(fixtures, 'sarif', 'hostile-fixes.sarif'), path.join(workspace.dir, 'reports', 'hostile-fixes.sarif'));
  });

  teardown(async () => {
    await client?.stop();
    client = undefined;
    workspace.dispose();
    if (outside) {
      rmSync(outside, { recursive: true, force: true });
      outside = undefined;
    }
  });

  test('a report\'s fixes for .git/config and .vscode/settings.json are not offered; the legitimate two-file fix is, not preferred, with its files', async () => {
    client = await LspTestClient.start({ workspaceUri: workspace.uri, settings: localSettings });
    const found = await diagnosticsWith(client, workspace, {
      'src/routes/products.ts': ['hostile.git-fsmonitor', 'hostile.encoded-hook', LEGITIMATE],
      'src/routes/login.ts': ['hostile.vscode-settings', 'hostile.unreported-file'],
    });
    for (const { uri, diagnostic } of found.filter((entry) => HOSTILE.includes(String(entry.diagnostic.code)))) {
      const actions = await actionsOf(client, uri, diagnostic);
      assert.deepEqual(editedUris(actions), [], `${diagnostic.code}: no edit offered; got ${actions.map((action) => action.title).join(' | ')}`);
      assert.ok(actions.some((action) => action.title === 'Ignore in this workspace…'), `${diagnostic.code}: the other actions stay`);
    }
    const legitimate = found.find((entry) => entry.diagnostic.code === LEGITIMATE)!;
    const actions = await actionsOf(client, legitimate.uri, legitimate.diagnostic);
    const fix = actions.find((action) => action.edit);
    assert.equal(fix?.title, 'Sanitize the product before sending it (src/routes/products.ts, src/routes/login.ts)');
    assert.equal(fix.isPreferred, false, 'a fix editing two files is never preferred');
    assert.deepEqual(Object.keys(fix.edit?.changes ?? {}).sort(), [workspace.uriOf('src/routes/login.ts'), workspace.uriOf('src/routes/products.ts')].sort());

    const gitFix = found.find((entry) => entry.diagnostic.code === 'hostile.git-fsmonitor')!;
    assert.match(await hoverText(client, gitFix.uri, gitFix.diagnostic), /The fix the report suggests is not offered: "\.git\/config" is inside \.git/);
    const vscodeFix = found.find((entry) => entry.diagnostic.code === 'hostile.vscode-settings')!;
    assert.match(await hoverText(client, vscodeFix.uri, vscodeFix.diagnostic), /not offered: "\.vscode\/settings\.json" is inside \.vscode/);
  });

  test('a fix that reaches .git or outside the folder through a symlink is refused by the server, though the path looks harmless', async () => {
    outside = mkdtempSync(path.join(tmpdir(), 'aspm-outside-'));
    symlinkSync(path.join(workspace.dir, '.git'), path.join(workspace.dir, 'linked'));
    symlinkSync(outside, path.join(workspace.dir, 'elsewhere'));
    const result = (ruleId: string, uri: string, line: number, fixUris: string[]): unknown => ({
      ruleId,
      message: { text: `${ruleId} finding` },
      locations: [{ physicalLocation: { artifactLocation: { uri }, region: { startLine: line } } }],
      fixes: [{ description: { text: 'Apply the fix' }, artifactChanges: fixUris.map((target) => ({ artifactLocation: { uri: target }, replacements: [{ deletedRegion: { startLine: 1 }, insertedContent: { text: 'x' } }] })) }],
    });
    const report = {
      version: '2.1.0',
      runs: [
        {
          tool: { driver: { name: 'Semgrep OSS' } },
          results: [
            result('via-git-link', 'src/routes/products.ts', 10, ['linked/config']),
            result('via-outside-link', 'src/routes/products.ts', 15, ['elsewhere/notes.txt']),
            result('control', 'src/routes/login.ts', 9, ['src/routes/login.ts', 'src/routes/products.ts']),
            // The files the fixes name are "reported" by the same run, so only the symlinks can stop them.
            result('reported', 'linked/config', 1, []),
            result('reported', 'elsewhere/notes.txt', 1, []),
          ],
        },
      ],
    };
    writeFileSync(path.join(workspace.dir, 'reports', 'hostile-fixes.sarif'), JSON.stringify(report));
    client = await LspTestClient.start({ workspaceUri: workspace.uri, settings: localSettings });
    const found = await diagnosticsWith(client, workspace, { 'src/routes/products.ts': ['via-git-link', 'via-outside-link'], 'src/routes/login.ts': ['control'] });
    for (const code of ['via-git-link', 'via-outside-link']) {
      const { uri, diagnostic } = found.find((entry) => entry.diagnostic.code === code)!;
      assert.deepEqual(editedUris(await actionsOf(client, uri, diagnostic)), [], `${code}: refused`);
    }
    const control = found.find((entry) => entry.diagnostic.code === 'control')!;
    assert.equal(editedUris(await actionsOf(client, control.uri, control.diagnostic)).length, 2, 'the same shape without a symlink is offered');
    assert.equal(readFileSync(path.join(workspace.dir, '.git', 'config'), 'utf8'), '[core]\n\trepositoryformatversion = 0\n');
  });

  test('in an untrusted workspace no scanner fix is offered, and the hover says why; built-in fixes stay', async () => {
    copyFileSync(path.join(fixtures, 'iac', 'Dockerfile'), path.join(workspace.dir, 'Dockerfile'));
    client = await LspTestClient.start({ workspaceUri: workspace.uri, settings: localSettings, isTrusted: false });
    const found = await diagnosticsWith(client, workspace, { 'src/routes/products.ts': [LEGITIMATE], Dockerfile: ['iac-dockerfile-no-user'] });
    const legitimate = found.find((entry) => entry.diagnostic.code === LEGITIMATE)!;
    assert.deepEqual(editedUris(await actionsOf(client, legitimate.uri, legitimate.diagnostic)), []);
    assert.match(await hoverText(client, legitimate.uri, legitimate.diagnostic), /not offered: scanner and backend fixes are not offered in an untrusted workspace/);
    const builtIn = found.find((entry) => entry.diagnostic.code === 'iac-dockerfile-no-user')!;
    const builtInFix = (await actionsOf(client, builtIn.uri, builtIn.diagnostic)).find((action) => action.edit);
    assert.ok(builtInFix?.isPreferred, 'the built-in USER fix is offered and preferred');
    assert.deepEqual(Object.keys(builtInFix.edit?.changes ?? {}), [workspace.uriOf('Dockerfile')]);
  });

  test('"aspm.osv.path" outside the folder is refused with a log line, even in a trusted workspace; escaping report globs are named', async () => {
    outside = mkdtempSync(path.join(path.dirname(workspace.dir), 'aspm-secret-'));
    copyFileSync(path.join(fixtures, 'osv', 'records', 'npm', 'GHSA-p6mc-m468-83gw.json'), path.join(outside, 'lodash.json'));
    symlinkSync(outside, path.join(workspace.dir, 'osv-link'));
    for (const osvPath of [`../${path.basename(outside)}`, 'osv-link']) {
      client = await LspTestClient.start({ workspaceUri: workspace.uri, settings: { ...localSettings, osv: { path: osvPath }, sarif: { paths: ['reports/*.sarif', '../elsewhere/*.sarif'] } } });
      await client.waitFor(`the refusal of ${osvPath}`, () => client!.logs.find((line) => line.includes(`aspm.osv.path ${JSON.stringify(osvPath)} points outside the workspace folder`)));
      await client.waitFor('the escaping glob named', () => client!.logs.find((line) => line.includes('aspm.sarif.paths "../elsewhere/*.sarif" points outside the workspace folder')));
      await diagnosticsWith(client, workspace, { 'src/routes/products.ts': [LEGITIMATE] });
      const manifest = client.diagnostics.get(workspace.uriOf('package.json')) ?? [];
      assert.ok(!manifest.some((diagnostic) => diagnostic.code === 'GHSA-p6mc-m468-83gw'), `${osvPath}: no advisory read from outside`);
      await client.stop();
      client = undefined;
    }
  });
});
