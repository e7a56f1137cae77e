import { strict as assert } from 'node:assert';
import { assertAnnotatedRoutes, describeRoutes, moduleFileRoutes } from '../../../test/routeFixtures';
import { readFixture } from '../../../test/fixtures';
import { defaultExportKey } from './jsModules';
import { fastifyRouteQuery, routesFromMatches } from './fastify';
import { fileLocalRoutes } from './resolveRoutes';

const fastify = { query: fastifyRouteQuery, routesFromMatches };

async function localRoutes(code: string, file = 'src/app.ts'): Promise<string[]> {
  return describeRoutes(fileLocalRoutes(await moduleFileRoutes(file, code, fastify)));
}

suite('core/index/routes/fastify', () => {
  test('the fastify.ts fixture declares its annotated routes', async () => {
    const text = readFixture('routes', 'fastify.ts');
    const routes = fileLocalRoutes(await moduleFileRoutes('fastify.ts', text, fastify));
    assert.ok(routes.length >= 8, 'routes are found');
    assertAnnotatedRoutes(text, 'fastify.ts', routes, 'local');
  });

  const table: { name: string; code: string; file?: string; expected: string[] }[] = [
    { name: 'route() with a single method', code: "import fastify from 'fastify';\nconst app = fastify();\napp.route({ method: 'POST', url: '/a', handler: h });", expected: ['POST /a'] },
    { name: 'route() with path and a handler method', code: "import Fastify from 'fastify';\nconst app = Fastify();\napp.route({ method: 'get', path: '/b', handler(req, reply) { reply.send(); } });", expected: ['GET /b'] },
    { name: 'shorthand with the handler in the options', code: "import Fastify from 'fastify';\nconst app = Fastify();\napp.get('/c', { handler: async () => 1 });", expected: ['GET /c'] },
    { name: 'named import and await', code: "import { fastify } from 'fastify';\nconst app = await fastify();\napp.delete('/d', h);", expected: ['DELETE /d'] },
    { name: 'plugin wrapped with fastify-plugin', code: "import fp from 'fastify-plugin';\nexport default fp(async (app) => {\n  app.get('/e', async () => 1);\n});", expected: ['GET /e'] },
    { name: 'CommonJS plugin', file: 'src/p.js', code: "const fp = require('fastify-plugin');\nmodule.exports = fp(async function (fastify, opts) {\n  fastify.put('/f', async () => 1);\n});", expected: ['PUT /f'] },
    { name: 'a plugin typed by a type provider, exported by name', code: "import { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';\nconst plugin: FastifyPluginAsyncTypebox = async (fastify) => {\n  fastify.get(\n    '/:id',\n    { schema: {} },\n    async function (request) {\n      return request.params;\n    },\n  );\n};\nexport default plugin;", expected: ['GET /:id'] },
    { name: 'nested register prefixes add up', code: "import Fastify from 'fastify';\nconst app = Fastify();\nasync function inner(i) { i.get('/g', h); }\nasync function outer(o) { o.register(inner, { prefix: '/in' }); }\napp.register(outer, { prefix: '/out' });", expected: ['GET /out/in/g'] },
    { name: 'route() without a literal url is skipped', code: "import Fastify from 'fastify';\nconst app = Fastify();\napp.route({ method: 'GET', url: base + '/x', handler: h });\napp.route(options);", expected: [] },
  ];
  for (const row of table) {
    test(`routes: ${row.name}`, async () => {
      assert.deepEqual(await localRoutes(row.code, row.file), row.expected);
    });
  }

  test('a default-exported plugin is a router under the default export key', async () => {
    const routes = await moduleFileRoutes('src/users.ts', "import type { FastifyInstance } from 'fastify';\nexport default async function (app: FastifyInstance) {\n  app.get('/u', h);\n}", fastify);
    assert.deepEqual(routes.routers.map((router) => [router.name, router.kind]), [[defaultExportKey, 'plugin']]);
    assert.deepEqual(routes.exports, [{ exported: 'default', local: defaultExportKey }]);
    assert.deepEqual(routes.routes.map((route) => route.router), [defaultExportKey]);
  });

  test('register() of a required or imported module records a module mount', async () => {
    const code = "import Fastify from 'fastify';\nconst app = Fastify();\napp.register(import('./routes/users'), { prefix: '/users' });\napp.register(require('./routes/items'));\napp.register(require('@fastify/cors'));";
    const routes = await moduleFileRoutes('src/app.ts', code, fastify);
    assert.deepEqual(
      routes.mounts.map((mount) => [mount.parent, mount.prefix, mount.child]),
      [
        ['app', '/users', { kind: 'module', specifier: './routes/users', exportName: 'default' }],
        ['app', '', { kind: 'module', specifier: './routes/items', exportName: 'default' }],
      ],
    );
  });
});
