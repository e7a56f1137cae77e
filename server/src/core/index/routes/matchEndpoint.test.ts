import { strict as assert } from 'node:assert';
import type { RouteFact } from '../../model/routeFact';
import { createEndpointMatcher, matchEndpoint, toPathToRegexp } from './matchEndpoint';

/** Routes named by id; `location.range.start.line` carries the id so results can be compared by id. */
const declared: [id: string, method: string, path: string, framework?: RouteFact['framework']][] = [
  ['search', 'GET', '/rest/products/search'],
  ['product', 'GET', '/rest/products/:id'],
  ['productPut', 'PUT', '/rest/products/:id'],
  ['productAll', 'ALL', '/rest/products/:id'],
  ['login', 'POST', '/rest/user/login'],
  ['user', 'GET', '/users/:id'],
  ['me', 'GET', '/users/me'],
  ['files', 'GET', '/files{/*path}'],
  ['docs', 'GET', '/docs/*splat'],
  ['legacy', 'GET', '/legacy/(.*)', 'koa'],
  ['old', 'GET', '/old/:id?'],
  ['order', 'GET', '/orders/:id(\\d+)', 'fastify'],
  ['nest', 'GET', '/api/users/:id', 'nestjs'],
  ['admin', 'ALL', '/admin{/*path}'],
  ['broken', 'GET', '/broken{/:x'],
  ['about', 'GET', '/:lang/about'],
  ['root', 'GET', '/'],
  ['ftp', 'ALL', '/ftp(?!/quarantine)/:file{/*path}'],
  ['quarantine', 'GET', '/ftp/quarantine/:file'],
];
const routes: RouteFact[] = declared.map(([, method, path, framework], line) => ({
  method,
  path,
  framework: framework ?? 'express',
  location: { path: 'src/app.ts', range: { start: { line, character: 0 }, end: { line, character: 1 } } },
}));
const idOf = (route: RouteFact): string => declared[route.location.range.start.line]![0];

suite('core/index/routes/matchEndpoint', () => {
  const table: [method: string, path: string, expected: string[]][] = [
    ['GET', '/rest/products/search', ['search', 'product', 'productAll']],
    ['get', '/rest/products/search?q=apple', ['search', 'product', 'productAll']],
    ['GET', 'https://shop.example.com/rest/products/search#top', ['search', 'product', 'productAll']],
    ['GET', '/REST/Products/Search', ['search', 'product', 'productAll']],
    ['PUT', '/rest/products/42', ['productPut', 'productAll']],
    ['DELETE', '/rest/products/42', ['productAll']],
    ['POST', '/rest/user/login/', ['login']],
    ['GET', '/users/123', ['user']],
    ['HEAD', '/users/123', ['user']],
    ['GET', '/users/me', ['me', 'user']],
    ['GET', '/files', ['files']],
    ['GET', '/files/a/b.txt', ['files']],
    ['GET', '/docs/guide/intro', ['docs']],
    ['GET', '/legacy/any/depth', ['legacy']],
    ['GET', '/old', ['old']],
    ['GET', '/old/5', ['old']],
    ['GET', '/orders/7', ['order']],
    ['GET', '/api/users/9', ['nest']],
    ['POST', '/admin/reports/1', ['admin']],
    ['GET', '/en/about', ['about']],
    ['GET', '/', ['root']],
    ['GET', '/ftp/acquisitions.md', ['ftp']],
    ['GET', '/ftp/quarantine/x.url', ['quarantine', 'ftp']],
    // Negative rows: nothing answers these.
    ['GET', '/users', []],
    ['OPTIONS', '/users/123', []],
    ['POST', '/users/123', []],
    ['GET', '/rest/products/search/extra', []],
    ['GET', '/docs', []],
    ['GET', '/broken', []],
    ['GET', '/nowhere', []],
  ];
  for (const [method, path, expected] of table) {
    test(`${method} ${path} → ${expected.join(', ') || 'nothing'}`, () => {
      assert.deepEqual(matchEndpoint(routes, { method, path }).map(idOf), expected);
    });
  }

  test('exact method beats ALL, and static segments beat parameters, optional parts and wildcards', () => {
    const ranked: RouteFact[] = [
      ['ALL', '/a/b'],
      ['GET', '/a/:x{/*rest}'],
      ['GET', '/a/*rest'],
      ['GET', '/a/:x'],
      ['GET', '/:y/b'],
      ['GET', '/a/b'],
    ].map(([method, path], line) => ({ method: method!, path: path!, framework: 'express', location: { path: 'x.ts', range: { start: { line, character: 0 }, end: { line, character: 0 } } } }));
    const order = matchEndpoint(ranked, { method: 'GET', path: '/a/b' }).map((route) => `${route.method} ${route.path}`);
    assert.deepEqual(order, ['GET /a/b', 'GET /a/:x', 'GET /a/:x{/*rest}', 'GET /a/*rest', 'GET /:y/b', 'ALL /a/b']);
  });

  test('a compiled matcher answers many endpoints', () => {
    const match = createEndpointMatcher(routes);
    assert.deepEqual(match({ method: 'GET', path: '/users/1' }).map(idOf), ['user']);
    assert.deepEqual(match({ method: 'POST', path: '/rest/user/login' }).map(idOf), ['login']);
  });

  test('older route syntax translates to path-to-regexp 8', () => {
    const table: [string, string][] = [
      ['/users/:id', '/users/:id'],
      ['/users/:id?', '/users{/:id}'],
      ['/users/:id(\\d+)', '/users/:id'],
      ['/files/:path*', '/files{/*path}'],
      ['/files/:path+', '/files/*path'],
      ['/legacy/(.*)', '/legacy/*wild0'],
      ['/x/(\\d+)', '/x/:param0'],
      ['/a/*', '/a/*wild0'],
      ['*', '*wild0'],
      ['/docs/*splat', '/docs/*splat'],
      ['/a{/:b}', '/a{/:b}'],
      ['/a{/:b}?', '/a{/:b}'],
      ['/time/::hour', '/time/\\:hour'],
      ['/a?b', '/a\\?b'],
      ['/ftp(?!/quarantine)/:file', '/ftp/:file'],
    ];
    for (const [legacy, modern] of table) {
      assert.equal(toPathToRegexp(legacy), modern, legacy);
    }
  });
});
