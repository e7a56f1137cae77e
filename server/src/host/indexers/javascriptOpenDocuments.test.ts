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

type Indexer = ReturnType<typeof javascriptIndexer>;

/**
 * Indexes an edited open document and checks its facts against a fresh index of the text (settling them first when
 * the edit left them unsettled). Tells whether the edit left routing settled and whether the text routes.
 */
async function editAndCompare(indexer: Indexer, fresh: Indexer, path: string, text: string, where: string): Promise<{ isSettled: boolean; isRouted: boolean }> {
  const open = await indexer.indexOpen!(path, text);
  const facts = open.isSettled ? open.facts : ((await indexer.settleOpen!(path, text)) ?? open.facts);
  const expected = comparable(await fresh.index(path, text));
  assert.deepEqual(comparable(facts), expected, where);
  return { isSettled: open.isSettled, isRouted: expected.routeFile !== null };
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
    const typesAndSwitch = "\ninterface A {\n  a: number;\n}\nenum E {\n  A,\n}\nswitch (x) {\n  case 1:\n    f();\n  case 2:\n  default:\n}\n";
    const cases: [string, string, boolean][] = [
      ['a comment line in a handler body', `${text.slice(0, inBody)}  // note\n${text.slice(inBody)}`, true],
      ['a blank line in a handler body', `${text.slice(0, inBody)}\n${text.slice(inBody)}`, true],
      ['the comment line removed again', text, true],
      ['a comment line inside an argument list', `${text.slice(0, inArguments)}\n// note\n${text.slice(inArguments)}`, false],
      ['back again', text, false],
      ['a template literal opened', `${text.slice(0, inBody)}${inTemplate}${text.slice(inBody)}`, false],
      ['a comment-like line added inside the template', `${text.slice(0, inBody)}${inTemplate}// not a comment\n${text.slice(inBody)}`, false],
      ['back again', text, false],
      ['an interface, an enum and a switch added at the end', `${text}${typesAndSwitch}`, false],
      ...['interface A {', 'enum E {', '  case 1:', '  case 2:', 'switch (x) {'].map((before): [string, string, boolean] => {
        const at = text.length + typesAndSwitch.indexOf('\n', typesAndSwitch.indexOf(before)) + 1;
        const edited = `${text}${typesAndSwitch}`;
        return [`a comment line after ${before}`, `${edited.slice(0, at)}  // note\n${edited.slice(at)}`, true];
      }),
    ];
    await indexer.indexOpen!(path, text);
    for (const [what, edited, isSettled] of cases) {
      assert.equal((await editAndCompare(indexer, fresh, path, edited, what)).isSettled, isSettled, what);
    }
    indexer.release!(path);
  });

  // Issue 10: typing a variable's name re-read routing from the whole tree after every keystroke (~10 ms for a
  // 2,000-line file). In a file without routing facts a declarator's name cannot give it any, unless it binds a module.
  test('renaming a variable in a file without routing facts leaves routing settled; a rename that may route does not', async () => {
    const indexer = javascriptIndexer(await sharedTreeSitterHost(), 'renames:');
    const fresh = javascriptIndexer(await sharedTreeSitterHost());
    const path = 'src/service.ts';
    const unrouted =
      "import express from 'express';\nimport _ from 'lodash';\nconst total = _.sum([1, 2]);\nfunction handle(req) {\n  const local = _.get(req, 'a');\n  const owners = await Promise.all(req.items.map(async (item) => item.owner));\n  return local;\n}\n";
    const bindsExpress = "const ex = require('express');\nconst app = expres();\napp.get('/a', (req, res) => res.send('a'));\n";
    const cases: [string, string, boolean][] = [
      ['opened', unrouted, true],
      ['a character typed into a top-level variable name', unrouted.replace('const total', 'const totalx'), true],
      ['and deleted again', unrouted, true],
      ['a character typed into a variable whose value passes a callback on', unrouted.replace('const owners', 'const ownersx'), true],
      ['and deleted again', unrouted, true],
      ['a character typed into a variable name in a function', unrouted.replace('const local', 'const localx'), true],
      ['typed into the value instead', unrouted.replace('_.sum([1, 2])', '_.sum([1, 2, 3])'), false],
      ['back', unrouted, false],
      ['a file whose module binding is not called', bindsExpress, false],
      ['the binding renamed so the app is created by express', bindsExpress.replace('const ex =', 'const expres ='), false],
    ];
    for (const [what, edited, isSettled] of cases) {
      assert.equal((await editAndCompare(indexer, fresh, path, edited, what)).isSettled, isSettled, what);
    }
    assert.ok(comparable(await fresh.index(path, bindsExpress.replace('const ex =', 'const expres ='))).routeFile, 'the renamed binding routes');
    indexer.release!(path);
  });

  for (const [what, source] of [
    [
      'a file without routing facts, some of which make it route',
      [
        "import express from 'express';",
        "import _ from 'lodash';",
        "const e = require('express');",
        'const ap = expres();',
        'const rout = e.Router();',
        'const total = _.sum([1, 2]);',
        "app.get('/a', (req, res) => res.send('a'));",
        "router.get('/b', (req, res) => res.send('b'));",
        'function setup(x) {',
        "  const local = _.get(x, 'a');",
        '  return local;',
        '}',
        '',
      ],
    ],
    [
      'a routing file: routers, handlers and wrapped handlers by name, block-scoped routers of one name, a returned router',
      [
        "import express from 'express';",
        "import _ from 'lodash';",
        'const app = express();',
        'const router = express.Router();',
        'const total = _.sum([1, 2]);',
        "const handler = (req, res) => res.send('h');",
        "const wrapped = wrap((req, res) => res.send('w'));",
        "const guarded = (withAuth(async (req, res) => res.send('g')) as Handler);",
        'const owners = await Promise.all(items.map(async (item) => item.owner));',
        "app.get('/a', handler);",
        "router.get('/b', wrapped);",
        "app.get('/g', guarded);",
        "app.get('/o', owners);",
        "app.use('/r', router);",
        "rout.get('/c', (req, res) => res.send(total));",
        "{ const r = express.Router(); r.get('/d', (req, res) => res.send('d')); app.use(r); }",
        "{ const r = express.Router(); rr.get('/e', (req, res) => res.send('e')); app.use(r); }",
        'function make() { const inner = express.Router(); const count = _.size(inner); inner.get(\'/f\', (req, res) => res.send(count)); return inner; }',
        "app.use('/m', make());",
        'export const exported = _.size([1]);',
        'export function outer() { const kept = _.sum([1]); return kept; }',
        "export { total as sum, router as api };",
        'module.exports = { app, total };',
        '',
      ],
    ],
  ] as const) {
    test(`random renames of variables (${what}): the facts of a fresh index after each`, async () => {
      const indexer = javascriptIndexer(await sharedTreeSitterHost(), 'random-renames:');
      const fresh = javascriptIndexer(await sharedTreeSitterHost());
      const path = 'src/maybe.ts';
      let text = source.join('\n');
      const random = prng(20261205);
      let settled = 0;
      let unsettled = 0;
      let routed = 0;
      await indexer.indexOpen!(path, text);
      await indexer.settleOpen!(path, text);
      for (let step = 0; step < 150; step++) {
        const names = [...text.matchAll(/const (\w+) =/g)].map((found) => ({ start: found.index + 'const '.length, end: found.index + 'const '.length + found[1]!.length }));
        const name = names[Math.floor(random() * names.length)]!;
        const at = name.start + Math.floor(random() * (name.end - name.start + 1));
        const before = text;
        text = random() < 0.4 && name.end - name.start > 1 && at < name.end ? text.slice(0, at) + text.slice(at + 1) : text.slice(0, at) + 'xsrepout'[Math.floor(random() * 8)] + text.slice(at);
        // Half the renames are undone (as the bench types and deletes), so that names that route keep being renamed.
        for (const edited of random() < 0.5 ? [text] : [text, before]) {
          text = edited;
          const { isSettled, isRouted } = await editAndCompare(indexer, fresh, path, text, `after rename ${step + 1}:\n${text}`);
          settled += isSettled ? 1 : 0;
          unsettled += isSettled ? 0 : 1;
          routed += isRouted ? 1 : 0;
        }
      }
      assert.ok(settled > 0 && unsettled > 0 && routed > 0, `${settled} renames left routing settled, ${unsettled} did not; ${routed} routed`);
      indexer.release!(path);
    });
  }

  // Issue 10: an import typed into a 2,000-line routing file re-read its routing from the whole tree (~9 ms).
  test('an import of a package function no routing statement names leaves routing settled; one that may route does not', async () => {
    const indexer = javascriptIndexer(await sharedTreeSitterHost(), 'imports:');
    const fresh = javascriptIndexer(await sharedTreeSitterHost());
    const path = 'src/app.ts';
    const routing = "import express from 'express';\nimport _ from 'lodash';\nconst app = express();\napp.get('/a', (req, res) => res.send(_.sum([1])));\napp.use('/r', users);\n";
    const withImport = (line: string): string => routing.replace("import _ from 'lodash';\n", `import _ from 'lodash';\n${line}\n`);
    const cases: [string, string, boolean][] = [
      ['opened', routing, true],
      ['an import of a package function', withImport("import { zipObjectDeep } from 'lodash';"), true],
      ['removed again', routing, true],
      ['a side-effect import', withImport("import 'reflect-metadata';"), true],
      ['changed to import a name a mount reads', withImport("import users from 'lodash';"), false],
      ['removed', routing, false],
      ['an import of express', withImport("import { Router } from 'express';"), false],
      ['removed', routing, false],
      ['an import of a relative module', withImport("import helpers from './helpers';"), false],
      ['removed', routing, false],
      ['a relative router under the mounted name', withImport("import users from './users';"), false],
    ];
    for (const [what, edited, isSettled] of cases) {
      assert.equal((await editAndCompare(indexer, fresh, path, edited, what)).isSettled, isSettled, what);
    }
    indexer.release!(path);
  });

  for (const [what, source] of [
    [
      'a routing file',
      [
        "import express from 'express';",
        "import _ from 'lodash';",
        "import users from './users';",
        'const app = express();',
        'const router = express.Router();',
        "const handler = (req, res) => res.send('h');",
        "app.get('/a', handler);",
        "router.get('/b', wrap((req, res) => res.send('b')));",
        "rout.get('/c', (req, res) => res.send(_.sum([1])));",
        "app.use('/r', router);",
        "app.use('/u', users);",
        "app.use('/m', make());",
        'install(app);',
        'export default app;',
        '',
      ],
    ],
    [
      'a file that imports no routing framework, with a plugin any framework import would read',
      ["import _ from 'lodash';", 'const app = make();', "app.get('/a', (req, res) => res.send('a'));", "export function plugin(server) { server.get('/p', (req, res) => res.send('p')); }", "export * from './routes';", ''],
    ],
  ] as const) {
    test(`random import edits (${what}): the facts of a fresh index after each`, async () => {
      const imports = [
        "import express from 'express';",
        "import { Router } from 'express';",
        "import type { Request } from 'express';",
        "import Koa from 'koa';",
        "import { Controller } from '@nestjs/common';",
        "import users from './users';",
        "import { users as rout } from './routes';",
        "import _ from './underscore';",
        "import { zipObjectDeep } from 'lodash';",
        "import * as _ from 'lodash';",
        "import users from 'lodash';",
        "import rout from 'router-lib';",
        "import { make, wrap } from 'helpers';",
        "import install from 'installer';",
        "import handler from 'lodash';",
        "import app from 'lodash';",
        "import express from 'lodash';",
        "import 'reflect-metadata';",
        "import 'fastify';",
        "import yaml = require('js-yaml');",
        "import router = require('./router');",
      ];
      const indexer = javascriptIndexer(await sharedTreeSitterHost(), 'random-imports:');
      const fresh = javascriptIndexer(await sharedTreeSitterHost());
      const path = 'src/app.ts';
      let text = source.join('\n');
      const random = prng(20261206);
      const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
      let settled = 0;
      let unsettled = 0;
      let routed = 0;
      await indexer.indexOpen!(path, text);
      for (let step = 0; step < 200; step++) {
        // Line starts of top-level statements, and the import lines among them.
        const starts = [...text.matchAll(/^(?=[a-z])/gm)].map((found) => found.index);
        const importLines = [...text.matchAll(/^import .*\n/gm)].map((found) => ({ start: found.index, end: found.index + found[0].length }));
        const choice = random();
        if (choice < 0.4 || importLines.length === 0) {
          const at = pick(starts);
          text = `${text.slice(0, at)}${pick(imports)}\n${text.slice(at)}`;
        } else if (choice < 0.7) {
          const line = pick(importLines);
          text = text.slice(0, line.start) + text.slice(line.end);
        } else if (choice < 0.9) {
          const line = pick(importLines);
          text = `${text.slice(0, line.start)}${pick(imports)}\n${text.slice(line.end)}`;
        } else {
          // A character typed into the specifier or the names of an import.
          const line = pick(importLines);
          const at = line.start + 'import '.length + Math.floor(random() * (line.end - line.start - 'import '.length - 3));
          text = text.slice(0, at) + pick(['s', 'x', '/', '.']) + text.slice(at);
        }
        const { isSettled, isRouted } = await editAndCompare(indexer, fresh, path, text, `after import edit ${step + 1}:\n${text}`);
        settled += isSettled ? 1 : 0;
        unsettled += isSettled ? 0 : 1;
        routed += isRouted ? 1 : 0;
      }
      assert.ok(settled > 20 && unsettled > 20 && routed > 0, `${settled} import edits left routing settled, ${unsettled} did not; ${routed} routed`);
      indexer.release!(path);
    });
  }

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
