import { fileLocalRoutes } from '../../core/index/routes/resolveRoutes';
import { strict as assert } from 'node:assert';
import { resolveRoutes } from '../../core/index/routes/resolveRoutes';
import { matchEndpoint } from '../../core/index/routes/matchEndpoint';
import { describeRoutes, fixtureSources, routeTestHost } from '../../test/routeFixtures';
import { indexFileRoutes, routesIndexer } from './routesIndexer';

suite('host/indexers/routesIndexer', () => {
  test('handles JavaScript-family sources except tests and declaration files', async () => {
    const indexer = routesIndexer(await routeTestHost());
    const table: [string, boolean][] = [
      ['src/app.ts', true],
      ['src/app.js', true],
      ['src/App.tsx', true],
      ['src/app.mjs', true],
      ['src/types.d.ts', false],
      ['test/app.test.ts', false],
      ['src/app.spec.js', false],
      ['src/app.py', false],
      ['package.json', false],
    ];
    for (const [path, handles] of table) {
      assert.equal(indexer.handles(path), handles, path);
    }
  });

  test('per-file routes carry only the prefixes the file makes known', async () => {
    const indexer = routesIndexer(await routeTestHost());
    const sources = fixtureSources('workspaces', 'node-express');
    const products = await indexer.index('src/routes/products.ts', sources.get('src/routes/products.ts')!);
    const local = fileLocalRoutes(products.routeFile!);
    assert.deepEqual(describeRoutes(local), ['GET /search', 'PUT /:id']);
    assert.deepEqual(local[0]?.location, { path: 'src/routes/products.ts', range: { start: { line: 8, character: 0 }, end: { line: 11, character: 2 } } });
    const server = await indexer.index('src/server.ts', sources.get('src/server.ts')!);
    assert.deepEqual(fileLocalRoutes(server.routeFile!), [], 'a file that only mounts has no routes of its own');
    assert.ok((server.routeFile?.mounts.length ?? 0) > 0, 'but its mounts are kept for joining');
    assert.deepEqual(await indexer.index('src/db.ts', sources.get('src/db.ts')!), {});
  });

  test('the query compiles and runs for every JavaScript-family grammar', async () => {
    const host = await routeTestHost();
    const code = "import express from 'express';\nconst app = express();\napp.get('/x', (req, res) => res.end());";
    for (const path of ['a.js', 'a.ts', 'a.tsx', 'a.cjs', 'a.mts']) {
      const file = await indexFileRoutes(host, path, code);
      assert.deepEqual(file?.routes.map((route) => `${route.method} ${route.path}`), ['GET /x'], path);
    }
  });

  test('files that cannot declare or pass on a router yield no routing facts', async () => {
    const host = await routeTestHost();
    const table: [string, string, boolean][] = [
      ['src/util.ts', "import _ from 'lodash';\nexport const x = _.get(o, '/a');", false],
      ['src/handlers.ts', "import type { Request } from 'express';\nexport function handle(req: Request) { return req.get('host'); }", false],
      ['src/routes/index.ts', "export { users } from './users';", true],
      ['src/routes/index.js', "module.exports = require('./users');", true],
      ['src/app.ts', "import express from 'express';\nconst app = express();\napp.use('/api', api);", true],
      ['src/routes/tasks.ts', "import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';\nconst plugin: FastifyPluginAsyncTypebox = async (f) => {\n  f.get('/', async () => 1);\n};\nexport default plugin;", true],
    ];
    for (const [path, text, hasFacts] of table) {
      assert.equal((await indexFileRoutes(host, path, text)) !== undefined, hasFacts, path);
    }
  });

  test('several frameworks in one file are all read', async () => {
    const code = [
      "import express from 'express';",
      "import Router from '@koa/router';",
      "import { Controller, Get } from '@nestjs/common';",
      'const app = express();',
      "app.get('/e', h);",
      "const k = new Router({ prefix: '/k' });",
      "k.get('/r', h);",
      "@Controller('n')",
      'class N {',
      "  @Get('m') m() {}",
      '}',
    ].join('\n');
    const file = await indexFileRoutes(await routeTestHost(), 'src/mixed.ts', code);
    assert.deepEqual(
      file?.routes.map((route) => `${route.framework} ${route.method} ${route.path}`),
      ['express GET /e', 'koa GET /r', 'nestjs GET m'],
    );
  });

  test('wiring: FileRoutes of the sample workspace, joined by resolveRoutes, locate DAST endpoints', async () => {
    const host = await routeTestHost();
    const files = new Map();
    for (const [path, text] of fixtureSources('workspaces', 'node-express')) {
      const file = await indexFileRoutes(host, path, text);
      if (file) {
        files.set(path, file);
      }
    }
    assert.deepEqual([...files.keys()].sort(), ['src/routes/login.ts', 'src/routes/products.ts', 'src/server.ts']);
    const routes = resolveRoutes(files, { knownPaths: new Set(fixtureSources('workspaces', 'node-express').keys()) });
    const [search] = matchEndpoint(routes, { method: 'GET', path: '/rest/products/search?q=%27' });
    assert.equal(search?.path, '/rest/products/search');
    assert.equal(search?.location.path, 'src/routes/products.ts');
    assert.deepEqual(search?.handlerRange, { start: { line: 8, character: 53 }, end: { line: 11, character: 1 } });
    const [login] = matchEndpoint(routes, { method: 'post', path: '/rest/user/login' });
    assert.equal(login?.location.path, 'src/routes/login.ts');
    assert.equal(login?.handlerRange?.start.line, 5);
    assert.deepEqual(matchEndpoint(routes, { method: 'PUT', path: '/rest/products/7' }).map((route) => route.path), ['/rest/products/:id']);
    assert.deepEqual(matchEndpoint(routes, { method: 'GET', path: '/rest/basket/1' }), []);
  });
});
