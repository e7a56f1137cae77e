import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { copyWorkspace, LspTestClient, workspaceOsvPath, writeTemplateAdvisory } from './lspTestClient';
import { applyEdits, lineOf } from './testBackend';

type Range = { start: { line: number; character: number }; end: { line: number; character: number } };
/** Where an edit goes: a range, or one found in the file's text as the earlier edits left it. */
type Edit = { file: string; range: Range | ((text: string) => Range); newText: string; what: string };

const at = (line: number, character = 0): Range => ({ start: { line, character }, end: { line, character } });
const lines = (from: number, to: number): Range => ({ start: { line: from, character: 0 }, end: { line: to, character: 0 } });

/** A workspace where lodash, express and sanitize-html are imported and called from several files. */
function prepareWorkspace(): ReturnType<typeof copyWorkspace> {
  const workspace = copyWorkspace('node-express', { withOsvRecords: true });
  // An advisory of lodash 4.17.15 naming template(), which products.ts calls.
  writeTemplateAdvisory(workspace.dir, 'GHSA-fixt-tmpl-0005');
  writeFileSync(path.join(workspace.dir, 'src', 'ids.ts'), "import _ from 'lodash';\n\nexport const uniqueIds = (ids: number[]): number[] => _.uniq(ids);\n");
  writeFileSync(path.join(workspace.dir, 'src', 'render.ts'), "import { template } from 'lodash';\n\nexport function render(text: string): string {\n  return template(text)({});\n}\n");
  return workspace;
}

const settings = { backend: { url: '' }, repository: '', osv: { path: workspaceOsvPath, url: '' }, diagnostics: { minPriority: 0, sourceSites: 'imports' } };

/** Starts a server on the workspace and waits until its first publications are over. */
async function startSettled(workspace: ReturnType<typeof copyWorkspace>): Promise<{ client: LspTestClient; settled(): Promise<void> }> {
  const client = await LspTestClient.start({ workspaceUri: workspace.uri, settings });
  let lastPublished = Date.now();
  const set = client.diagnostics.set.bind(client.diagnostics);
  client.diagnostics.set = (uri, list) => {
    lastPublished = Date.now();
    return set(uri, list);
  };
  // Publications are debounced (50 ms), follow-up work publishes again, and an edit that changes no diagnostic
  // publishes nothing: a second without any, counted from the call, means the server is done.
  const settled = (): Promise<void> => {
    const since = Date.now();
    return client.waitFor('a second without publications', () => Date.now() - Math.max(lastPublished, since) >= 1000, 30_000).then(() => undefined);
  };
  await client.waitFor('the first diagnostics', () => [...client.diagnostics.values()].some((list) => list.length > 0), 30_000);
  await settled();
  return { client, settled };
}

/** Every file's diagnostics as the client holds them (files without any left out), the folder's URI left out. */
function held(client: LspTestClient, workspace: ReturnType<typeof copyWorkspace>): Map<string, string> {
  const folder = workspace.uri.replace(/\/$/, '');
  return new Map(
    [...client.diagnostics]
      .filter(([, list]) => list.length > 0)
      .map(([uri, list]): [string, string] => [uri.replace(`${folder}/`, ''), JSON.stringify(list).replaceAll(folder, '<folder>')])
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  );
}

/**
 * Issue 10: an edit re-analyses only what it touched (each package's reachability is kept while the files it read
 * stay the same). Whatever the edits, the diagnostics must be those a fresh server gives for the same texts.
 */
suite('protocol: diagnostics after a sequence of edits (issue 10)', function () {
  this.timeout(180_000);

  test('imports added and removed, calls moved and comments inserted leave the diagnostics a fresh server publishes for the final texts', async () => {
    const edited = prepareWorkspace();
    const fresh = prepareWorkspace();
    const files = ['src/routes/products.ts', 'src/ids.ts', 'src/render.ts'];
    const texts = new Map(files.map((file) => [file, readFileSync(path.join(edited.dir, file), 'utf8')]));
    const products = texts.get('src/routes/products.ts')!;
    const templateCall = lineOf(products, '_.template(');
    // The last two move calls only (no import moves): a package decided on stale calls would show there.
    const edits: Edit[] = [
      { file: 'src/routes/products.ts', range: at(0), newText: '// a comment on top moves every call down\n', what: 'comment inserted above the imports' },
      { file: 'src/ids.ts', range: at(0), newText: "import { zipObjectDeep } from 'lodash';\n", what: 'import added' },
      { file: 'src/routes/products.ts', range: lines(templateCall + 1, templateCall + 3), newText: '', what: 'call and its use removed' },
      { file: 'src/ids.ts', range: lines(1, 2), newText: '', what: 'the lodash default import removed' },
      { file: 'src/render.ts', range: lines(0, 1), newText: "import { template, merge } from 'lodash';\n", what: 'import changed' },
      { file: 'src/ids.ts', range: at(0), newText: "import _ from 'lodash';\n", what: 'the lodash default import added back' },
      { file: 'src/routes/products.ts', range: lines(0, 1), newText: '', what: 'the top comment removed' },
      { file: 'src/routes/products.ts', range: at(templateCall + 3), newText: "  const query = _.template('<%= q %>')({ q: String(req.query.q ?? '') });\n  res.json({ query: sanitizeHtml(query), base: path.basename(req.path) });\n", what: 'call moved into another handler' },
      { file: 'src/render.ts', range: at(3), newText: '  // a comment between the import and the call\n', what: 'comment inserted above a call' },
      // Comment lines in a handler body leave routing settled, moved with the edit (issue 10): so must the calls below.
      { file: 'src/routes/products.ts', range: (text) => at(lineOf(text, 'productsRouter.put(') + 1), newText: '  // a note in a handler\n\n', what: 'comment line in a handler body' },
      { file: 'src/routes/products.ts', range: (text) => lines(lineOf(text, 'productsRouter.get(') + 1, lineOf(text, 'productsRouter.get(') + 1), newText: '  // another note\n', what: 'comment line in another handler' },
    ];
    const session = await startSettled(edited);
    const versions = new Map(files.map((file) => [file, 1]));
    try {
      for (const file of files) {
        await session.client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: edited.uriOf(file), languageId: 'typescript', version: 1, text: texts.get(file) } });
      }
      await session.settled();
      const before = held(session.client, edited);
      assert.ok([...before.keys()].some((file) => file.startsWith('src/')), `source files have diagnostics before the edits: ${[...before.keys()].join(', ')}`);
      for (const edit of edits) {
        const version = versions.get(edit.file)! + 1;
        versions.set(edit.file, version);
        const range = typeof edit.range === 'function' ? edit.range(texts.get(edit.file)!) : edit.range;
        texts.set(edit.file, applyEdits(texts.get(edit.file)!, [{ range, newText: edit.newText }]));
        await session.client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: edited.uriOf(edit.file), version }, contentChanges: [{ range, text: edit.newText }] });
        await session.settled();
      }
      const afterEdits = held(session.client, edited);
      assert.notDeepEqual(afterEdits, before, 'the edits changed some diagnostics (else the comparison proves little)');

      for (const [file, text] of texts) {
        writeFileSync(path.join(fresh.dir, file), text);
      }
      const reference = await startSettled(fresh);
      try {
        for (const [file, text] of texts) {
          await reference.client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: fresh.uriOf(file), languageId: 'typescript', version: 1, text } });
        }
        await reference.settled();
        assert.deepEqual(afterEdits, held(reference.client, fresh), 'the edited server publishes what a fresh server publishes for the final texts');
      } finally {
        await reference.client.stop();
      }
    } finally {
      await session.client.stop();
      edited.dispose();
      fresh.dispose();
    }
  });
});
