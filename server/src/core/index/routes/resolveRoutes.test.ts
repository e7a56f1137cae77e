import { strict as assert } from 'node:assert';
import { assertAnnotatedRoutes, describeRoutes, fixtureSources, resolveFixture } from '../../../test/routeFixtures';
import type { Range } from '../../model/location';
import type { FileRoutes, RouterMount, RouterReference } from '../../model/fileRoutes';
import { emptyFileRoutes } from './mergeFileRoutes';
import { resolveRoutes, resolveSpecifier } from './resolveRoutes';
import { joinRoutePath, normalizeRequestPath } from './routePath';

const at = (line: number): Range => ({ start: { line, character: 0 }, end: { line, character: 1 } });
const mount = (parent: string, prefix: string, child: RouterReference): RouterMount => ({ parent, prefix, child, range: at(0) });

/** A file whose routes hang on `router` (GET `paths`), with extra facts merged in. */
function file(path: string, facts: Partial<FileRoutes> = {}, paths: string[] = []): FileRoutes {
  return { ...emptyFileRoutes(path), routes: paths.map((routePath, line) => ({ method: 'GET', path: routePath, router: 'router', framework: 'express', range: at(line) })), ...facts };
}

function resolved(...files: FileRoutes[]): string[] {
  return describeRoutes(resolveRoutes(new Map(files.map((item) => [item.path, item]))));
}

async function resolveSources(sources: Record<string, string>): Promise<string[]> {
  return describeRoutes(await resolveFixture(new Map(Object.entries(sources))));
}

suite('core/index/routes/resolveRoutes', () => {
  test('node-express sample: routes land on their handlers under the mount prefixes of server.ts', async () => {
    const routes = await resolveFixture(fixtureSources('workspaces', 'node-express'));
    const described = routes.map((route) => ({
      route: `${route.method} ${route.path}`,
      at: `${route.location.path}:${route.location.range.start.line + 1}`,
      handler: route.handlerRange && [route.handlerRange.start.line + 1, route.handlerRange.end.line + 1],
      framework: route.framework,
    }));
    assert.deepEqual(described, [
      { route: 'POST /rest/user/login', at: 'src/routes/login.ts:6', handler: [6, 11], framework: 'express' },
      { route: 'GET /rest/products/search', at: 'src/routes/products.ts:9', handler: [9, 12], framework: 'express' },
      { route: 'PUT /rest/products/:id', at: 'src/routes/products.ts:14', handler: [14, 17], framework: 'express' },
    ]);
  });

  test('every annotated route of test-fixtures/routes resolves across files', async () => {
    const sources = fixtureSources('routes');
    const routes = await resolveFixture(sources);
    assert.ok(routes.length >= 30, `routes are found (${routes.length})`);
    for (const [path, text] of sources) {
      assertAnnotatedRoutes(text, path, routes, 'resolved');
    }
  });

  test('re-exports, index files, export * and ESM .js specifiers are followed', () => {
    const app = file('src/app.ts', {
      routers: [{ name: 'app', framework: 'express', kind: 'app', range: at(0) }],
      mounts: [
        mount('app', '/a', { kind: 'local', name: 'a' }),
        mount('app', '/b', { kind: 'module', specifier: './routes/b.js', exportName: 'default' }),
        mount('app', '/c', { kind: 'local', name: 'c' }),
      ],
      imports: [
        { local: 'a', specifier: './routes', imported: 'aRouter' },
        { local: 'c', specifier: './routes', imported: 'cRouter' },
      ],
    });
    const index = file('src/routes/index.ts', {
      exports: [
        { exported: 'aRouter', from: { specifier: './a', imported: 'router' } },
        { exported: '*', from: { specifier: './c', imported: '*' } },
      ],
    });
    const a = file('src/routes/a.ts', { exports: [{ exported: 'router', local: 'router' }] }, ['/x']);
    const b = file('src/routes/b.ts', { exports: [{ exported: 'default', local: 'router' }] }, ['/y']);
    const c = file('src/routes/c/index.ts', { exports: [{ exported: 'cRouter', local: 'router' }] }, ['/z']);
    assert.deepEqual(resolved(app, index, a, b, c), ['GET /a/x', 'GET /b/y', 'GET /c/z']);
  });

  test('an import that does not resolve leaves the route with its own prefix', () => {
    const app = file('src/app.ts', { mounts: [mount('app', '/a', { kind: 'module', specifier: './missing', exportName: 'default' })] });
    const alias = file('src/b.ts', { mounts: [mount('app', '/b', { kind: 'local', name: 'r' })], imports: [{ local: 'r', specifier: '@/routes/r', imported: 'default' }] });
    const routes = file('src/routes/r.ts', { exports: [{ exported: 'default', local: 'router' }] }, ['/x']);
    assert.deepEqual(resolved(app, alias, routes), ['GET /x']);
  });

  test('mount cycles end, and routers only a cycle reaches are still emitted', () => {
    const one = file('src/one.ts', {
      mounts: [mount('router', '/two', { kind: 'module', specifier: './two', exportName: 'default' })],
      exports: [{ exported: 'default', local: 'router' }],
    }, ['/1']);
    const two = file('src/two.ts', {
      mounts: [mount('router', '/one', { kind: 'module', specifier: './one', exportName: 'default' })],
      exports: [{ exported: 'default', local: 'router' }],
    }, ['/2']);
    assert.deepEqual(resolved(one, two), ['GET /1', 'GET /two/2']);
  });

  test('use(path, x) is a catch-all route when x is known not to be a router', () => {
    const handlerMount = (line: number, child: RouterReference): RouterMount => ({ ...mount('app', '/files', child), range: at(line), handlerFramework: 'express' });
    const app = file('src/app.ts', {
      mounts: [
        handlerMount(1, { kind: 'local', name: 'serve' }),
        handlerMount(2, { kind: 'local', name: 'fromHandlers' }),
        handlerMount(3, { kind: 'local', name: 'fromRouters' }),
        handlerMount(4, { kind: 'module', specifier: './unknown', exportName: 'default' }),
        mount('app', '/plain', { kind: 'local', name: 'serve' }),
      ],
      imports: [
        { local: 'fromHandlers', specifier: './handlers', imported: 'h' },
        { local: 'fromRouters', specifier: './routers', imported: 'default' },
      ],
    });
    const routers = file('src/routers.ts', { exports: [{ exported: 'default', local: 'router' }] }, ['/r']);
    const files = new Map([app, routers].map((item) => [item.path, item]));
    const withKnownHandlers = resolveRoutes(files, { knownPaths: new Set(['src/app.ts', 'src/routers.ts', 'src/handlers.ts']) });
    assert.deepEqual(describeRoutes(withKnownHandlers), ['ALL /files{/*path}', 'ALL /files{/*path}', 'GET /files/r']);
    assert.deepEqual(withKnownHandlers.filter((route) => route.method === 'ALL').map((route) => route.location), [
      { path: 'src/app.ts', range: at(1) },
      { path: 'src/app.ts', range: at(2) },
    ]);
    assert.deepEqual(describeRoutes(resolveRoutes(files)), ['ALL /files{/*path}', 'GET /files/r'], 'an import of an unknown file may be a router');
  });

  test('a re-export cycle does not loop', () => {
    const a = file('src/a.ts', { exports: [{ exported: 'x', from: { specifier: './b', imported: 'x' } }], mounts: [mount('app', '/p', { kind: 'module', specifier: './b', exportName: 'x' })] });
    const b = file('src/b.ts', { exports: [{ exported: 'x', from: { specifier: './a', imported: 'x' } }] }, ['/r']);
    assert.deepEqual(resolved(a, b), ['GET /r']);
  });

  test('router prefixes nest under mount prefixes, and global prefixes apply below their folder only', () => {
    const app = file('svc/app.ts', {
      routers: [{ name: 'router', framework: 'koa', kind: 'router', prefix: '/own', range: at(0) }],
      mounts: [mount('app', '/mount', { kind: 'local', name: 'router' })],
    }, ['/x']);
    const main = file('nest/src/main.ts', { globalPrefixes: [{ framework: 'nestjs', prefix: 'api' }] });
    const controller: FileRoutes = {
      ...emptyFileRoutes('nest/src/users/users.controller.ts'),
      routers: [{ name: 'UsersController', framework: 'nestjs', kind: 'router', prefix: 'users', range: at(0) }],
      routes: [{ method: 'GET', path: ':id', router: 'UsersController', framework: 'nestjs', range: at(3) }],
    };
    const outside: FileRoutes = { ...controller, path: 'other/users.controller.ts' };
    assert.deepEqual(resolved(app, main, controller, outside), ['GET /api/users/:id', 'GET /mount/own/x', 'GET /users/:id']);
  });

  test('cross-file Fastify plugins and Koa routers resolve from source', async () => {
    const fastify = await resolveSources({
      'src/app.ts': "import Fastify from 'fastify';\nimport users from './routes/users';\nconst app = Fastify();\napp.register(users, { prefix: '/users' });\napp.register(import('./routes/items'), { prefix: '/items' });",
      'src/routes/users.ts': "import type { FastifyInstance } from 'fastify';\nexport default async function (app: FastifyInstance) {\n  app.get('/:id', async () => 1);\n}",
      'src/routes/items.js': "const fp = require('fastify-plugin');\nmodule.exports = fp(async (f) => {\n  f.post('/', async () => 1);\n});",
    });
    assert.deepEqual(fastify, ['GET /users/:id', 'POST /items']);
    const koa = await resolveSources({
      'src/app.ts': "import Koa from 'koa';\nimport Router from '@koa/router';\nimport { users } from './users';\nconst app = new Koa();\nconst api = new Router({ prefix: '/api' });\napi.use('/users', users.routes());\napp.use(api.routes());",
      'src/users.ts': "import Router from '@koa/router';\nexport const users = new Router();\nusers.get('/:id', async (ctx) => {});",
    });
    assert.deepEqual(koa, ['GET /api/users/:id']);
  });

  test('specifiers resolve against known paths', () => {
    const known = new Set(['src/a.ts', 'src/b/index.js', 'src/c.tsx', 'src/d.mts', 'lib/e.js', 'src/f.ts', 'src/f/index.ts']);
    const table: [string, string, string | undefined][] = [
      ['src/app.ts', './a', 'src/a.ts'],
      ['src/app.ts', './a.js', 'src/a.ts'],
      ['src/app.ts', './b', 'src/b/index.js'],
      ['src/app.ts', './c', 'src/c.tsx'],
      ['src/app.ts', './d.mjs', 'src/d.mts'],
      ['src/x/app.ts', '../../lib/e', 'lib/e.js'],
      ['src/app.ts', './f', 'src/f.ts'],
      ['src/app.ts', '../../outside', undefined],
      ['src/app.ts', './missing', undefined],
      ['app.ts', './src/a', 'src/a.ts'],
    ];
    for (const [from, specifier, expected] of table) {
      assert.equal(resolveSpecifier(from, specifier, known), expected, `${from} + ${specifier}`);
    }
  });

  test('route paths join like nested routers', () => {
    const table: [string[], string][] = [
      [['/rest/products', '/search'], '/rest/products/search'],
      [['users', ':id'], '/users/:id'],
      [['/api/', '/'], '/api'],
      [['', ''], '/'],
      [['/', '/x/'], '/x'],
      [['/a', '{/:opt}'], '/a{/:opt}'],
      [['/a//', '//b'], '/a/b'],
      [['/v1', '*'], '/v1/*'],
    ];
    for (const [parts, expected] of table) {
      assert.equal(joinRoutePath(...parts), expected, parts.join(' + '));
    }
  });

  test('request targets normalize to their path', () => {
    const table: [string, string][] = [
      ['/users/123', '/users/123'],
      ['/users/123/', '/users/123'],
      ['/rest/products/search?q=apple', '/rest/products/search'],
      ['https://shop.example.com:8443/rest/user/login#x', '/rest/user/login'],
      ['http://host', '/'],
      ['users', '/users'],
      ['', '/'],
    ];
    for (const [target, expected] of table) {
      assert.equal(normalizeRequestPath(target), expected, target);
    }
  });
});
