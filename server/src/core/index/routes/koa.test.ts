import { strict as assert } from 'node:assert';
import { assertAnnotatedRoutes, describeRoutes, moduleFileRoutes } from '../../../test/routeFixtures';
import { readFixture } from '../../../test/fixtures';
import { koaRouteQuery, routesFromMatches } from './koa';
import { fileLocalRoutes } from './resolveRoutes';

const koa = { query: koaRouteQuery, routesFromMatches };

async function localRoutes(code: string, file = 'src/app.ts'): Promise<string[]> {
  return describeRoutes(fileLocalRoutes(await moduleFileRoutes(file, code, koa)));
}

suite('core/index/routes/koa', () => {
  test('the koa.ts fixture declares its annotated routes', async () => {
    const text = readFixture('routes', 'koa.ts');
    const routes = fileLocalRoutes(await moduleFileRoutes('koa.ts', text, koa));
    assert.ok(routes.length >= 5, 'routes are found');
    assertAnnotatedRoutes(text, 'koa.ts', routes, 'local');
  });

  const table: { name: string; code: string; file?: string; expected: string[] }[] = [
    { name: 'koa-router from require', file: 'src/r.js', code: "const Router = require('koa-router');\nconst r = new Router();\nr.get('/a', async (ctx) => {});", expected: ['GET /a'] },
    { name: 'koa-router called without new, with a prefix option', file: 'src/r.js', code: "const Router = require('koa-router');\nconst r = Router({ prefix: '/p' });\nr.get('/a', h);", expected: ['GET /p/a'] },
    { name: 'router.prefix() after construction', code: "import Router from '@koa/router';\nconst r = new Router();\nr.prefix('/q');\nr.put('/a', h);", expected: ['PUT /q/a'] },
    { name: 'named routes and del', code: "import Router from '@koa/router';\nconst r = new Router();\nr.get('show', '/s/:id', h);\nr.del('/s/:id', h);", expected: ['DELETE /s/:id', 'GET /s/:id'] },
    { name: 'nested routers through routes() and middleware()', code: "import Router from '@koa/router';\nconst outer = new Router({ prefix: '/o' });\nconst a = new Router();\nconst b = new Router();\na.get('/a', h);\nb.get('/b', h);\nouter.use('/x', a.routes());\nouter.use(b.middleware());", expected: ['GET /o/b', 'GET /o/x/a'] },
    { name: 'a file that imports koa only as a type is still Koa', code: "import type { Context } from 'koa';\nexport default function install(router: any) {\n  router.get('/t', (ctx: Context) => {});\n}", expected: ['GET /t'] },
    { name: 'ctx.get in handlers is not a route', code: "import Router from '@koa/router';\nconst r = new Router();\nr.get('/a', (ctx) => { ctx.get('X-Id'); });", expected: ['GET /a'] },
    { name: 'express calls in a Koa-only file are not read as Express', code: "import Router from '@koa/router';\nconst app = express();\napp.get('/x', h);", expected: [] },
  ];
  for (const row of table) {
    test(`routes: ${row.name}`, async () => {
      assert.deepEqual(await localRoutes(row.code, row.file), row.expected);
    });
  }

  test('the router prefix is a router fact, not part of the route path', async () => {
    const routes = await moduleFileRoutes('src/r.ts', "import Router from '@koa/router';\nconst r = new Router({ prefix: '/api' });\nr.get('/a', h);", koa);
    assert.deepEqual(routes.routers.map((router) => [router.name, router.prefix]), [['r', '/api']]);
    assert.deepEqual(routes.routes.map((route) => route.path), ['/a']);
  });
});
