import { strict as assert } from 'node:assert';
import { javascriptGrammarFor } from '../imports/javascript';
import { assertAnnotatedRoutes, describeRoutes, fixtureSources, moduleFileRoutes } from '../../../test/routeFixtures';
import { expressRouteQuery, routesFromMatches } from './express';
import { fileLocalRoutes } from './resolveRoutes';

const express = { query: expressRouteQuery, routesFromMatches };

async function localRoutes(code: string, file = 'src/app.ts'): Promise<string[]> {
  return describeRoutes(fileLocalRoutes(await moduleFileRoutes(file, code, express)));
}

suite('core/index/routes/express', () => {
  test('each file of the express-app fixture declares its annotated routes (file-local prefixes)', async () => {
    const sources = fixtureSources('routes', 'express-app');
    assert.ok(sources.size >= 8, 'the fixture is found');
    for (const [file, text] of sources) {
      if (javascriptGrammarFor(file)) {
        assertAnnotatedRoutes(text, file, fileLocalRoutes(await moduleFileRoutes(file, text, express)), 'local');
      }
    }
  });

  const table: { name: string; code: string; file?: string; expected: string[] }[] = [
    { name: 'app from require', file: 'src/app.js', code: "const app = require('express')();\napp.get('/a', (req, res) => res.end());", expected: ['GET /a'] },
    { name: 'router from require', file: 'src/r.js', code: "const router = require('express').Router();\nrouter.post('/b', h);\nfunction h(req, res) {}", expected: ['POST /b'] },
    { name: 'named Router import with a route chain', code: "import { Router } from 'express';\nconst r = Router();\nr.route('/c').get(h).delete(h);", expected: ['DELETE /c', 'GET /c'] },
    { name: 'every method name', code: "import express from 'express';\nconst app = express();\nfor (const m of []) {}\napp.put('/p', h); app.patch('/p', h); app.options('/p', h); app.head('/p', h); app.all('/p', h);", expected: ['ALL /p', 'HEAD /p', 'OPTIONS /p', 'PATCH /p', 'PUT /p'] },
    { name: 'array of paths', code: "import express from 'express';\nconst app = express();\napp.get(['/d', '/e'], h);", expected: ['GET /d', 'GET /e'] },
    { name: 'template literal without substitutions', code: "import express from 'express';\nconst app = express();\napp.get(`/f`, h);", expected: ['GET /f'] },
    { name: 'escapes in a path keep the escaped character', code: "import express from 'express';\nconst app = express();\napp.get('/it\\'s/a\\/b', h);", expected: ["GET /it's/a/b"] },
    { name: 'computed, template and regex paths are skipped', code: "import express from 'express';\nconst app = express();\napp.get(base + '/x', h);\napp.get(`${base}/y`, h);\napp.get(/z/, h);", expected: [] },
    { name: 'a file that does not import express', code: "import axios from 'axios';\nconst app = makeApp();\napp.get('/x', h);\naxios.get('/users', { timeout: 1 });", expected: [] },
    { name: 'settings getters and calls without handlers', code: "import express from 'express';\nconst app = express();\napp.get('env');\napp.get('/only-a-path');", expected: [] },
    { name: 'a local mount prefixes the router', code: "import express from 'express';\nconst app = express();\nconst r = express.Router();\nr.get('/g', h);\napp.use('/api', r);", expected: ['GET /api/g'] },
    { name: 'a router mounted twice', code: "import express from 'express';\nconst app = express();\nconst r = express.Router();\nr.get('/g', h);\napp.use('/v1', r);\napp.use('/v2', r);", expected: ['GET /v1/g', 'GET /v2/g'] },
    { name: 'use with a handler answers every subpath', code: "import express from 'express';\nconst app = express();\napp.use('/files', (req, res) => res.end());\napp.use((req, res, next) => next());", expected: ['ALL /files{/*path}'] },
    { name: 'routes on the parameter of an exported installer', code: "import type { Express } from 'express';\nexport default (app: Express) => {\n  app.get('/h', (req, res) => res.end());\n};", expected: ['GET /h'] },
    { name: 'router factories keep their scope', code: "import { Router } from 'express';\nconst app = Router();\nfunction make() {\n  const router = Router();\n  router.get('/in', h);\n  return router;\n}\nconst router = Router();\nrouter.get('/out', h);\napp.use('/made', make());", expected: ['GET /made/in', 'GET /out'] },
    { name: 'Express 5 path syntax is kept as declared', code: "import express from 'express';\nconst app = express();\napp.get('/files{/:name}', h);\napp.get('/*splat', h);", expected: ['GET /*splat', 'GET /files{/:name}'] },
    { name: 'requests inside handlers are not routes', code: "import express from 'express';\nconst app = express();\napp.get('/a', (req, res) => {\n  res.json({ host: req.get('host'), other: client.get('/b', opts) });\n});", expected: ['GET /a'] },
    { name: 'this.router is not followed', code: "import { Router } from 'express';\nclass Api {\n  router = Router();\n  init() {\n    this.router.get('/x', h);\n  }\n}", expected: [] },
  ];
  for (const row of table) {
    test(`routes: ${row.name}`, async () => {
      assert.deepEqual(await localRoutes(row.code, row.file), row.expected);
    });
  }

  test('handler ranges cover the handler body: inline, by name, and wrapped', async () => {
    const code = [
      "import express from 'express';",
      'const app = express();',
      'app.get(\'/inline\', auth, (req, res) => {',
      '  res.end();',
      '});',
      "app.get('/named', named);",
      "app.get('/wrapped', wrap(async (req, res) => { res.end(); }));",
      "app.get('/unknown', makeHandler());",
      'function named(req, res) {',
      '  res.end();',
      '}',
    ].join('\n');
    const routes = fileLocalRoutes(await moduleFileRoutes('src/app.ts', code, express));
    const byPath = new Map(routes.map((route) => [route.path, route.handlerRange]));
    assert.deepEqual(byPath.get('/inline'), { start: { line: 2, character: 39 }, end: { line: 4, character: 1 } });
    assert.deepEqual(byPath.get('/named'), { start: { line: 8, character: 25 }, end: { line: 10, character: 1 } });
    assert.deepEqual(byPath.get('/wrapped'), { start: { line: 6, character: 45 }, end: { line: 6, character: 59 } });
    assert.equal(byPath.get('/unknown'), undefined);
    assert.deepEqual(routes.find((route) => route.path === '/inline')?.location.range.start, { line: 2, character: 0 });
  });

  test('mounts, relative imports and exports are recorded for cross-file resolution', async () => {
    const [file, text] = [...fixtureSources('routes', 'express-app')].find(([path]) => path === 'src/routes/index.ts')!;
    const routes = await moduleFileRoutes(file, text, express);
    assert.deepEqual(
      routes.mounts.map((mount) => [mount.parent, mount.prefix, mount.child]),
      [
        ['api', '/users', { kind: 'local', name: 'usersRouter' }],
        ['api', '/orders', { kind: 'module', specifier: './orders', exportName: 'router' }],
        ['api', '/v2', { kind: 'local', name: 'createV2Router' }],
        ['api', '', { kind: 'local', name: 'registerStatus' }],
      ],
    );
    assert.deepEqual(routes.imports, [
      { local: 'usersRouter', specifier: './users', imported: 'default' },
      { local: 'orders', specifier: './orders', imported: '*' },
      { local: 'registerStatus', specifier: './status', imported: 'registerStatus' },
    ]);
    assert.deepEqual(routes.exports, [{ exported: 'default', local: 'api' }]);
    assert.deepEqual(
      routes.routers.map((router) => [router.name, router.kind]),
      [
        ['api', 'router'],
        ['createV2Router', 'router'],
      ],
    );
  });

  test('CommonJS exports: module.exports objects, exports.x and re-exported requires', async () => {
    const code = [
      "const express = require('express');",
      'const a = express.Router();',
      'const b = express.Router();',
      'module.exports = { a, renamed: b };',
      'exports.c = a;',
      "module.exports.d = require('./d');",
    ].join('\n');
    const routes = await moduleFileRoutes('src/x.js', code, express);
    assert.deepEqual(routes.exports, [
      { exported: 'a', local: 'a' },
      { exported: 'renamed', local: 'b' },
      { exported: 'c', local: 'a' },
      { exported: 'd', from: { specifier: './d', imported: 'default' } },
    ]);
  });
});
