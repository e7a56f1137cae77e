import { strict as assert } from 'node:assert';
import { Language, Parser } from 'web-tree-sitter';
import { javascriptGrammarFor } from '../../core/index/imports/javascript';
import type { FileFacts } from '../../core/model/fileFacts';
import { readFixture } from '../../test/fixtures';
import { sharedTreeSitterHost } from '../../test/languageHost';
import { grammarWasm, type TreeSitterHost } from '../treeSitterHost';
import { wasmLocator } from '../wasmLocator';
import { javascriptIndexer } from './javascriptIndexer';

/** Sources with imports, calls through bindings and routing facts of every framework. */
const sources: [string, string][] = [
  ['src/sample.ts', readFixture('imports', 'sample.ts')],
  ['src/sample.js', readFixture('imports', 'sample.js')],
  ['src/Component.tsx', readFixture('imports', 'Component.tsx')],
  ['src/app.ts', readFixture('routes', 'express-app', 'src', 'app.ts')],
  ['src/routes/orders.js', readFixture('routes', 'express-app', 'src', 'routes', 'orders.js')],
  ['src/routes/users.ts', readFixture('routes', 'express-app', 'src', 'routes', 'users.ts')],
  ['src/fastify.ts', readFixture('routes', 'fastify.ts')],
  ['src/koa.ts', readFixture('routes', 'koa.ts')],
  ['src/users.controller.ts', readFixture('routes', 'nest', 'users.controller.ts')],
  ['src/server.ts', readFixture('workspaces', 'node-express', 'src', 'server.ts')],
];

/** Text snippets an edit may insert: typing, imports, calls of bindings, routes, broken syntax, non-ASCII. */
const insertions = [
  'x',
  'e',
  '\n',
  '// a comment\n',
  "import { zipObjectDeep } from 'lodash';\n",
  "const yaml = require('js-yaml');\n",
  '_.template(input);\n',
  "router.get('/extra/:id', (req, res) => res.send(req.params.id));\n",
  "app.use('/v2', router);\n",
  '{',
  '}',
  "'",
  '(',
  '/*',
  'é😀',
  'export function handler(req, res) { return res.json({}); }\n',
];

/** A small seeded PRNG (mulberry32), so a failure replays the same edits. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * One random edit: insert a snippet anywhere or at a line start (where statements begin), delete a short run,
 * delete a whole line, or paste a slice of the text.
 */
function randomEdit(text: string, random: () => number): string {
  let at = Math.floor(random() * (text.length + 1));
  const kind = random();
  if (kind < 0.15) {
    at = text.lastIndexOf('\n', at - 1) + 1;
  }
  if (kind < 0.45) {
    return text.slice(0, at) + insertions[Math.floor(random() * insertions.length)]! + text.slice(at);
  }
  if (kind < 0.7) {
    return text.slice(0, at) + text.slice(at + 1 + Math.floor(random() * 12));
  }
  if (kind < 0.85) {
    const lineStart = text.lastIndexOf('\n', at - 1) + 1;
    const lineEnd = text.indexOf('\n', at);
    return text.slice(0, lineStart) + (lineEnd === -1 ? '' : text.slice(lineEnd + 1));
  }
  const from = Math.floor(random() * text.length);
  return text.slice(0, at) + text.slice(from, from + Math.floor(random() * 200)) + text.slice(at);
}

interface Comparable {
  imports: unknown;
  calls: unknown;
  routeFile: unknown;
}

/** The facts as plain JSON (absent and undefined parts made explicit), for deep comparison. */
function comparable(facts: FileFacts): Comparable {
  return JSON.parse(JSON.stringify({ imports: facts.imports ?? [], calls: facts.calls ?? [], routeFile: facts.routeFile ?? null })) as Comparable;
}

/**
 * Whether the tree kept for an open document is the tree a fresh parse gives. Tree-sitter's error recovery depends on
 * the parse history, so inside broken code an incremental tree may group the ERROR nodes differently.
 */
async function isKeptTreeFresh(host: TreeSitterHost, path: string, text: string): Promise<boolean> {
  const grammar = javascriptGrammarFor(path)!;
  let language = languages.get(grammar);
  if (!language) {
    language = Language.load(wasmLocator(__dirname)(grammarWasm[grammar]));
    languages.set(grammar, language);
  }
  freshParser.setLanguage(await language);
  const fresh = freshParser.parse(text)!;
  try {
    return await host.withOpenDocument(path, grammar, text, (kept) => kept.changed.length === 0 && kept.root.toString() === fresh.rootNode.toString());
  } finally {
    fresh.delete();
  }
}

const languages = new Map<string, Promise<Language>>();
let freshParser: Parser;

suite('host/indexers/javascriptOpenDocuments', () => {
  test('after any sequence of edits, an open document has exactly the facts of a fresh index of its text', async function () {
    this.timeout(60_000);
    const host = await sharedTreeSitterHost();
    freshParser ??= new Parser();
    const open = javascriptIndexer(host);
    const fresh = javascriptIndexer(host);
    const random = prng(20261127);
    let edits = 0;
    let unsettled = 0;
    let regrouped = 0;
    for (const [path, source] of sources) {
      let text = source;
      assert.deepEqual(comparable((await open.indexOpen!(path, text)).facts), comparable(await fresh.index(path, text)), `${path} as opened`);
      for (let step = 0; step < 60; step++) {
        text = randomEdit(text, random);
        edits++;
        const { facts, isSettled } = await open.indexOpen!(path, text);
        if (!(await isKeptTreeFresh(host, path, text))) {
          regrouped++; // the facts follow the kept tree, which is equally valid; compared once the code is whole again
          continue;
        }
        const expected = comparable(await fresh.index(path, text));
        const where = `${path} after edit ${step + 1}:\n${text}`;
        const actual = comparable(facts);
        assert.deepEqual(actual.imports, expected.imports, `imports of ${where}`);
        assert.deepEqual(actual.calls, expected.calls, `calls of ${where}`);
        if (isSettled) {
          assert.deepEqual(actual.routeFile, expected.routeFile, `routes of ${where}`);
        } else {
          unsettled++;
          const settled = await open.settleOpen!(path, text);
          assert.ok(settled, 'an unsettled document settles');
          assert.deepEqual(comparable(settled), expected, `settled facts of ${where}`);
          assert.equal(await open.settleOpen!(path, text), undefined, 'settling twice has nothing left to do');
        }
      }
      const whole = await open.indexOpen!(path, source);
      assert.deepEqual(comparable((await open.settleOpen!(path, source)) ?? whole.facts), comparable(await fresh.index(path, source)), `${path} back to its original text`);
      open.release!(path);
    }
    assert.ok(edits >= 600 && unsettled > 0 && regrouped < edits / 4, `${edits} edits, ${unsettled} left routing unsettled, ${regrouped} regrouped broken code`);
  });

  test('a comment typed between statements re-reads nothing: every fact just moves down', async () => {
    const host = await sharedTreeSitterHost();
    const indexer = javascriptIndexer(host);
    const path = 'src/server.ts';
    const text = readFixture('workspaces', 'node-express', 'src', 'server.ts');
    const before = (await indexer.indexOpen!(path, text)).facts;
    const firstLineBreak = text.indexOf('\n') + 1;
    const after = await indexer.indexOpen!(path, `${text.slice(0, firstLineBreak)}// note\n${text.slice(firstLineBreak)}`);
    assert.equal(after.isSettled, true, 'a comment cannot change routing');
    const moved = (facts: FileFacts): number[] => (facts.imports ?? []).map((fact) => fact.range.start.line);
    assert.deepEqual(
      moved(after.facts),
      moved(before).map((line) => (line >= 1 ? line + 1 : line)),
    );
    assert.ok((before.imports?.length ?? 0) > 0);
    indexer.release!(path);
  });

  test('a line inserted right before a statement moves the facts that start the statement', async () => {
    const indexer = javascriptIndexer(await sharedTreeSitterHost());
    await indexer.indexOpen!('src/a.ts', "import _ from 'lodash';\n_.template(x);\n");
    const { facts } = await indexer.indexOpen!('src/a.ts', "import _ from 'lodash';\n\n_.template(x);\n");
    assert.deepEqual(facts.calls?.map((call) => call.range), [{ start: { line: 2, character: 0 }, end: { line: 2, character: 10 } }]);
    indexer.release!('src/a.ts');
  });

  test('a closed document is read whole when it is opened again, and other documents keep their trees', async () => {
    const host = await sharedTreeSitterHost();
    const indexer = javascriptIndexer(host);
    const [[pathA, textA], [pathB, textB]] = [sources[0]!, sources[3]!];
    await indexer.indexOpen!(pathA, textA);
    await indexer.indexOpen!(pathB, textB);
    indexer.release!(pathA);
    const reopened = await indexer.indexOpen!(pathA, `${textA}\n`);
    assert.deepEqual(comparable(reopened.facts), comparable(await indexer.index(pathA, `${textA}\n`)));
    const edited = await indexer.indexOpen!(pathB, `// top\n${textB}`);
    assert.deepEqual(comparable(edited.facts).imports, comparable(await indexer.index(pathB, `// top\n${textB}`)).imports);
    indexer.release!(pathA);
    indexer.release!(pathB);
  });
});
