import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { copyWorkspace, isDiagnosticOf, LspTestClient, messageOf, workspaceOsvPath } from './lspTestClient';


/** A server on a copy of a sample workspace, matched against the local OSV records only. */
function withWorkspace(name: string): { client: () => LspTestClient; workspace: () => ReturnType<typeof copyWorkspace> } {
  let workspace: ReturnType<typeof copyWorkspace>;
  let client: LspTestClient;
  suiteSetup(async () => {
    workspace = copyWorkspace(name, { withOsvRecords: true });
    client = await LspTestClient.start({ workspaceUri: workspace.uri, settings: { backend: { url: '' }, repository: '', osv: { path: workspaceOsvPath, url: '' } } });
  });
  suiteTeardown(async () => {
    await client.stop();
    workspace.dispose();
  });
  return { client: () => client, workspace: () => workspace };
}

/** The diagnostic of an advisory on a manifest, once it satisfies `accept`. */
function diagnosticOf(client: LspTestClient, manifest: string, code: string, accept: (diagnostic: Diagnostic) => boolean = () => true): Promise<Diagnostic> {
  return client.waitFor(`the ${code} diagnostic`, () => client.diagnostics.get(manifest)?.find((diagnostic) => isDiagnosticOf(diagnostic, code) && accept(diagnostic)));
}

/** The related information citing a 1-based line of a file, with its message. */
function citing(diagnostic: Diagnostic, uri: string, line: number): string | undefined {
  return diagnostic.relatedInformation?.find((info) => info.location.uri === uri && info.location.range.start.line === line - 1)?.message;
}

suite('protocol: Java methods called through values (issue 8)', () => {
  const { client, workspace } = withWorkspace('java-xstream');

  test('XStream.fromXML on a field, a var, a parameter: symbol-called, each call cited with its receiver\'s type', async () => {
    const diagnostic = await diagnosticOf(client(), workspace().uriOf('pom.xml'), 'GHSA-fixt-xstr-0001');
    assert.match(messageOf(diagnostic), /symbol-called: application code calls the vulnerable XStream\.fromXML of com\.thoughtworks\.xstream:xstream/);
    const importer = workspace().uriOf('src/main/java/com/acme/orders/OrderImporter.java');
    const feed = workspace().uriOf('src/main/java/com/acme/orders/LegacyFeed.java');
    assert.match(citing(diagnostic, importer, 20) ?? '', /calls xstream\.fromXML\(\) — xstream has type XStream \(line 11\)/, 'the field');
    assert.match(citing(diagnostic, feed, 12) ?? '', /calls permissive\.fromXML\(\) — permissive has type XStream \(line 10\)/, 'var');
    assert.match(citing(diagnostic, feed, 20) ?? '', /calls parser\.fromXML\(\) — parser has type XStream \(line 19\)/, 'the parameter');
  });
});

suite('protocol: JavaScript and TypeScript calls through values (issue 8)', () => {
  const { client, workspace } = withWorkspace('node-values');

  test('Sanitizer.clean on a class field and an annotated parameter, js-yaml load through another name: symbol-called', async () => {
    const manifest = workspace().uriOf('package.json');
    const sanitizer = await diagnosticOf(client(), manifest, 'GHSA-fixt-sani-0003');
    assert.match(messageOf(sanitizer), /symbol-called: application code calls the vulnerable Sanitizer\.clean of @acme-fixtures\/sanitizer/);
    const render = workspace().uriOf('src/render.ts');
    assert.match(citing(sanitizer, render, 8) ?? '', /calls this\.sanitizer\.clean\(\) — this\.sanitizer has type Sanitizer \(line 5\)/);
    assert.match(citing(sanitizer, render, 13) ?? '', /calls sanitizer\.clean\(\) — sanitizer has type Sanitizer/);
    const yaml = await diagnosticOf(client(), manifest, 'GHSA-fixt-yaml-0002');
    assert.match(citing(yaml, workspace().uriOf('src/settings.js'), 9) ?? '', /calls parse\(\) — parse is yaml\.load \(line 5\)/);
  });

  test('an edit that stops calling clean turns the verdict to "not called", the calls checked cited', async () => {
    const uri = workspace().uriOf('src/render.ts');
    const text = readFileSync(path.join(workspace().dir, 'src', 'render.ts'), 'utf8');
    const edited = text.replaceAll('.clean(', '.escape(');
    assert.notEqual(edited, text);
    await client().connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version: 1, text } });
    await client().connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: edited }] });
    const diagnostic = await diagnosticOf(client(), workspace().uriOf('package.json'), 'GHSA-fixt-sani-0003', (item) => messageOf(item).includes('imported'));
    assert.match(messageOf(diagnostic), /the vulnerable Sanitizer\.clean is not called/);
    assert.match(citing(diagnostic, uri, 8) ?? '', /calls this\.sanitizer\.escape\(\) — this\.sanitizer has type Sanitizer \(line 5\): not a listed vulnerable function/);
    await client().connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  });
});

suite('protocol: Python calls through aliases and instances (issue 8)', () => {
  const { client, workspace } = withWorkspace('python-aliases');

  test('yaml.load through an alias of the module and a renamed import, SandboxedEnvironment.from_string on self.env', async () => {
    const manifest = workspace().uriOf('requirements.txt');
    const yaml = await diagnosticOf(client(), manifest, 'GHSA-fixt-pyym-0004');
    assert.match(messageOf(yaml), /symbol-called: application code calls the vulnerable load of pyyaml/);
    assert.match(citing(yaml, workspace().uriOf('settings.py'), 10) ?? '', /calls parser\.load\(\) — parser is yml \(line 4\)/);
    assert.match(citing(yaml, workspace().uriOf('legacy.py'), 6) ?? '', /calls parse_yaml\(\) — parse_yaml is load of yaml \(line 2\)/);
    const jinja = await diagnosticOf(client(), manifest, 'GHSA-fixt-jnja-0005');
    assert.match(citing(jinja, workspace().uriOf('reports.py'), 10) ?? '', /calls self\.env\.from_string\(\) — self\.env has type SandboxedEnvironment \(line 7\)/);
  });
});
