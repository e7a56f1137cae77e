import { strict as assert } from 'node:assert';
import { javascriptGrammarFor } from '../../core/index/imports/javascript';
import type { FileFacts } from '../../core/model/fileFacts';
import { isKeptTreeFresh, prng, randomEdit } from '../../test/editReplay';
import { readFixture } from '../../test/fixtures';
import { sharedTreeSitterHost } from '../../test/languageHost';
import { javascriptIndexer } from './javascriptIndexer';

/** Sources with imports, calls through bindings, routing facts of every framework and configured loaders. */
const sources: [string, string][] = [
  ['src/sample.ts', readFixture('imports', 'sample.ts')],
  ['src/values.ts', readFixture('imports', 'values.ts')],
  ['src/sample.js', readFixture('imports', 'sample.js')],
  ['src/Component.tsx', readFixture('imports', 'Component.tsx')],
  ['src/app.ts', readFixture('routes', 'express-app', 'src', 'app.ts')],
  ['src/routes/orders.js', readFixture('routes', 'express-app', 'src', 'routes', 'orders.js')],
  ['src/routes/users.ts', readFixture('routes', 'express-app', 'src', 'routes', 'users.ts')],
  ['src/fastify.ts', readFixture('routes', 'fastify.ts')],
  ['src/koa.ts', readFixture('routes', 'koa.ts')],
  ['src/users.controller.ts', readFixture('routes', 'nest', 'users.controller.ts')],
  ['src/server.ts', readFixture('workspaces', 'node-express', 'src', 'server.ts')],
  ['src/db.js', readFixture('workspaces', 'node-sequelize-knex', 'src', 'db.js')],
  ['src/app.js', readFixture('workspaces', 'node-sequelize-knex', 'src', 'app.js')],
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
  'const s = new Sanitizer(); s.clean(x);\n',
  'function f(s: Sanitizer) { return s.clean(); }\n',
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

interface Comparable {
  imports: unknown;
  calls: unknown;
  routeFile: unknown;
}

/** The facts as plain JSON (absent and undefined parts made explicit), for deep comparison. */
function comparable(facts: FileFacts): Comparable {
  return JSON.parse(JSON.stringify({ imports: facts.imports ?? [], calls: facts.calls ?? [], routeFile: facts.routeFile ?? null })) as Comparable;
}

suite('host/indexers/javascriptOpenDocuments', () => {
  test('after any sequence of edits, an open document has exactly the facts of a fresh index of its text', async function () {
    this.timeout(60_000);
    const host = await sharedTreeSitterHost();
    const open = javascriptIndexer(host, 'replay-js:');
    const fresh = javascriptIndexer(host);
    const random = prng(20261127);
    let edits = 0;
    let unsettled = 0;
    let regrouped = 0;
    for (const [path, source] of sources) {
      let text = source;
      assert.deepEqual(comparable((await open.indexOpen!(path, text)).facts), comparable(await fresh.index(path, text)), `${path} as opened`);
      for (let step = 0; step < 60; step++) {
        text = randomEdit(text, random, insertions);
        edits++;
        const { facts, isSettled } = await open.indexOpen!(path, text);
        if (!(await isKeptTreeFresh(host, `replay-js:${path}`, javascriptGrammarFor(path)!, text))) {
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

  // Issue 10: routing was read again from the whole tree after every keystroke in a function body, ~13 ms for a
  // 2,000-line file. A comment line added or removed between statements moves routing facts and changes nothing else.
  test('comment lines added to or removed from a function body leave routing settled, moved with them', async () => {
    const indexer = javascriptIndexer(await sharedTreeSitterHost(), 'comment-lines:');
    const fresh = javascriptIndexer(await sharedTreeSitterHost());
    const path = 'src/routes/users.ts';
    const text = readFixture('routes', 'express-app', 'src', 'routes', 'users.ts');
    const inBody = text.indexOf('\n', text.indexOf('async function listUsers')) + 1;
    const inArguments = text.indexOf("'/:id'");
    const inTemplate = "const page = `\n";
    const cases: [string, string, boolean][] = [
      ['a comment line in a handler body', `${text.slice(0, inBody)}  // note\n${text.slice(inBody)}`, true],
      ['a blank line in a handler body', `${text.slice(0, inBody)}\n${text.slice(inBody)}`, true],
      ['the comment line removed again', text, true],
      ['a comment line inside an argument list', `${text.slice(0, inArguments)}\n// note\n${text.slice(inArguments)}`, false],
      ['back again', text, false],
      ['a template literal opened', `${text.slice(0, inBody)}${inTemplate}${text.slice(inBody)}`, false],
      ['a comment-like line added inside the template', `${text.slice(0, inBody)}${inTemplate}// not a comment\n${text.slice(inBody)}`, false],
    ];
    await indexer.indexOpen!(path, text);
    for (const [what, edited, isSettled] of cases) {
      const open = await indexer.indexOpen!(path, edited);
      assert.equal(open.isSettled, isSettled, what);
      const facts = open.isSettled ? open.facts : ((await indexer.settleOpen!(path, edited)) ?? open.facts);
      assert.deepEqual(comparable(facts), comparable(await fresh.index(path, edited)), what);
    }
    indexer.release!(path);
  });

  test('a line inserted right before a statement moves the facts that start the statement', async () => {
    const indexer = javascriptIndexer(await sharedTreeSitterHost());
    await indexer.indexOpen!('src/a.ts', "import _ from 'lodash';\n_.template(x);\n");
    const { facts } = await indexer.indexOpen!('src/a.ts', "import _ from 'lodash';\n\n_.template(x);\n");
    assert.deepEqual(facts.calls?.map((call) => call.range), [{ start: { line: 2, character: 0 }, end: { line: 2, character: 10 } }]);
    indexer.release!('src/a.ts');
  });

  test('two folders with a document of the same path each keep their own tree and facts', async () => {
    const host = await sharedTreeSitterHost();
    const [first, second] = [javascriptIndexer(host), javascriptIndexer(host)];
    const path = 'src/index.ts';
    // The other folder's document is what this one becomes: a shared tree would make the edit look like no change.
    const textA = "import _ from 'lodash';\n_.template(a);\n";
    const textB = `// a\n${textA}`;
    await first.indexOpen!(path, textA);
    await second.indexOpen!(path, textB);
    const editedA = `// a\n${textA}`;
    const { facts } = await first.indexOpen!(path, editedA);
    assert.deepEqual(comparable(facts), comparable(await first.index(path, editedA)));
    assert.deepEqual(
      facts.calls?.map((call) => `${call.object}.${call.name}@${call.range.start.line}`),
      ['_.template@2'],
    );
    first.release!(path);
    second.release!(path);
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
