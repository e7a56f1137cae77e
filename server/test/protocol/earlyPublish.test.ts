import { strict as assert } from 'node:assert';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import type { FixtureBackend } from '../../../test-fixtures/backend/fixtureBackend';
import { copyWorkspace, LspTestClient, messageOf } from './lspTestClient';
import { lineOf, sampleSettings, startBackend } from './testBackend';

/** RequestCancelled (LSP): what a request answers when its `$/cancelRequest` was seen. */
const requestCancelled = -32800;

const lodashAdvisory = 'GHSA-p6mc-m468-83gw';
const momentAdvisory = 'GHSA-8hfj-j24r-96c4';

/**
 * Issue 10 item 5: on a large workspace, manifest-level findings are published as soon as the manifests are read and
 * the backend answers, with their reachability said as `indexing`; the final verdict follows when the sources are read.
 */
suite('protocol: first diagnostics do not wait for the whole workspace', () => {
  let backend: FixtureBackend;
  let workspace: ReturnType<typeof copyWorkspace>;
  let client: LspTestClient;
  let manifestUri: string;
  let manifestText: string;

  suiteSetup(async function () {
    this.timeout(120_000);
    backend = await startBackend('node-express');
    workspace = copyWorkspace('node-express');
    // 2,000 source files that import nothing vulnerable: enough that the sources take a while to read.
    const generated = path.join(workspace.dir, 'src', 'generated');
    mkdirSync(generated, { recursive: true });
    for (let i = 0; i < 2000; i++) {
      writeFileSync(path.join(generated, `module${i}.ts`), `import { helper${i % 10} } from './module${(i + 1) % 2000}';\nexport function helper${i}(value: number): number {\n  return value * ${i};\n}\n`);
    }
    manifestUri = workspace.uriOf('package.json');
    manifestText = readFileSync(path.join(workspace.dir, 'package.json'), 'utf8');
    client = await LspTestClient.start({ workspaceUri: workspace.uri, settings: sampleSettings(backend.url) });
  });

  suiteTeardown(async () => {
    await client?.stop();
    await backend?.close();
    workspace?.dispose();
  });

  test('the first publication carries the manifest findings as "indexing"; a later one the final verdicts', async function () {
    this.timeout(180_000);
    const first = await client.waitFor('a first manifest publication with findings', () => client.publications.find((params) => params.uri === manifestUri && params.diagnostics.length > 0), 60_000);
    const lodash = first.diagnostics.find((diagnostic) => diagnostic.code === lodashAdvisory);
    assert.ok(lodash, `lodash among ${first.diagnostics.map((diagnostic) => diagnostic.code).join(', ')}`);
    assert.equal(lodash.range.start.line, lineOf(manifestText, '"lodash"'));
    assert.match(messageOf(lodash), /indexing: lodash: source files are still being indexed/);
    // Never filtered while indexing: moment (declared only, filtered in the end) shows too.
    assert.ok(first.diagnostics.some((diagnostic) => diagnostic.code === momentAdvisory), 'moment is shown while indexing');
    // The hover explains the state (sent at once: 2,000 files take far longer to read than one request).
    const hover = await client.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri: manifestUri }, position: { line: lodash.range.start.line, character: lodash.range.start.character + 1 } });
    const hoverText = (hover?.contents as MarkupContent | undefined)?.value ?? '';
    assert.match(hoverText, /Reachability: indexing/);
    assert.match(hoverText, /source files are still being indexed/);

    const isFinal = (list: Diagnostic[] | undefined): boolean => list?.some((diagnostic) => diagnostic.code === lodashAdvisory && /· imported/.test(messageOf(diagnostic))) === true;
    const final = await client.waitFor('the final verdicts', () => (isFinal(client.diagnostics.get(manifestUri)) ? client.diagnostics.get(manifestUri) : undefined), 110_000);
    assert.ok(!final.some((diagnostic) => /indexing/.test(messageOf(diagnostic))), 'no verdict is left indexing');
    assert.equal(final.find((diagnostic) => diagnostic.code === momentAdvisory), undefined, 'moment is filtered once the sources say it is declared only');
    assert.ok(client.publications.indexOf(client.publications.find((params) => params.uri === manifestUri && params.diagnostics === final)!) > client.publications.indexOf(first));
  });
});

suite('protocol: a cancelled request answers RequestCancelled', () => {
  let backend: FixtureBackend;
  let workspace: ReturnType<typeof copyWorkspace>;
  let client: LspTestClient;

  suiteSetup(async function () {
    this.timeout(120_000);
    backend = await startBackend('node-express');
    workspace = copyWorkspace('node-express');
    client = await LspTestClient.start({ workspaceUri: workspace.uri, settings: sampleSettings(backend.url) });
    const manifest = workspace.uriOf('package.json');
    await client.waitFor('the manifest diagnostics', () => client.diagnostics.get(manifest)?.some((diagnostic) => diagnostic.code === lodashAdvisory && /· imported/.test(messageOf(diagnostic))), 100_000);
  });

  suiteTeardown(async () => {
    await client?.stop();
    await backend?.close();
    workspace?.dispose();
  });

  /** The server's answer to a request sent with {@link LspTestClient.writeRaw}, read from the wire. */
  const answerTo = (id: string): { result?: true; error?: { code: number } } | undefined => {
    const wire = client.wire.join('');
    const error = new RegExp(`"id":"${id}","error":\\{"code":(-?\\d+)`).exec(wire);
    if (error) {
      return { error: { code: Number(error[1]) } };
    }
    return wire.includes(`"id":"${id}","result"`) ? { result: true } : undefined;
  };

  test('a hover and its $/cancelRequest sent back to back answer -32800, every time', async () => {
    const line = lineOf(readFileSync(path.join(workspace.dir, 'package.json'), 'utf8'), '"lodash"');
    const params = { textDocument: { uri: workspace.uriOf('package.json') }, position: { line, character: 6 } };
    // The same hover, not cancelled, has an answer: the cancellation is what makes the difference.
    const answered = await client.connection.sendRequest<Hover | null>('textDocument/hover', params);
    assert.match((answered?.contents as MarkupContent | undefined)?.value ?? '', /lodash/);
    for (let attempt = 0; attempt < 20; attempt++) {
      const id = `cancelled-hover-${attempt}`;
      client.writeRaw([
        { id, method: 'textDocument/hover', params },
        { method: '$/cancelRequest', params: { id } },
      ]);
      const answer = await client.waitFor(`the answer to ${id}`, () => answerTo(id));
      assert.deepEqual(answer.error?.code, requestCancelled, `attempt ${attempt}: ${JSON.stringify(answer).slice(0, 200)}`);
      assert.equal(answer.result, undefined);
    }
  });
});
