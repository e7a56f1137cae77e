import { strict as assert } from 'node:assert';
import { routeTestHost } from '../../../test/routeFixtures';
import { fileRoutesFromMatches, isImportEditUnrouted, javascriptRouteQuery, readFileRoutes, type RoutingDependencies } from './javascriptRoutes';

async function read(code: string): Promise<{ routes: unknown; plain: unknown; dependencies: RoutingDependencies }> {
  return (await routeTestHost()).withMatches('typescript', code, [javascriptRouteQuery('typescript')], ([matches]) => ({
    ...readFileRoutes('src/app.ts', matches ?? []),
    plain: fileRoutesFromMatches('src/app.ts', matches ?? []),
  }));
}

suite('core/index/routes/javascriptRoutes', () => {
  test('the reader tells the module bindings its facts depend on: names it looked up and every relative binding', async () => {
    const code = [
      "import express from 'express';",
      "import _ from 'lodash';",
      "import { zipObjectDeep } from 'lodash';",
      "import hidden from './hidden';",
      "import hidden from 'pkg';",
      "import users from './users';",
      'const app = express();',
      "app.get('/a', (req, res) => res.send(_.sum([1])));",
      "app.use('/u', users);",
      "app.use('/m', make());",
      '',
    ].join('\n');
    const { routes, plain, dependencies } = await read(code);
    assert.deepEqual(routes, plain, 'the same facts as without the dependencies');
    for (const name of ['express', 'users', 'make']) {
      assert.ok(dependencies.lookedUp.has(name), `${name} is looked up`);
    }
    assert.ok(!dependencies.lookedUp.has('zipObjectDeep') && !dependencies.lookedUp.has('_'), 'names no routing statement reads are not');
    assert.deepEqual([...dependencies.relativeLocals].sort(), ['hidden', 'users'], 'a relative binding hidden by a later one counts');
  });

  test('an import edit is unrouted only when it loads no routing framework or relative module and binds no name the facts depend on', () => {
    const dependencies: RoutingDependencies = { lookedUp: new Set(['express', 'users']), relativeLocals: new Set(['hidden']) };
    const cases: [string, { locals: string[]; specifiers: string[] }, boolean][] = [
      ['a package function', { locals: ['zipObjectDeep'], specifiers: ['lodash'] }, true],
      ['a side-effect import', { locals: [], specifiers: ['reflect-metadata'] }, true],
      ['a looked-up name', { locals: ['users'], specifiers: ['lodash'] }, false],
      ['a name a relative module binds', { locals: ['hidden'], specifiers: ['pkg'] }, false],
      ['a relative module', { locals: ['other'], specifiers: ['./other'] }, false],
      ['a type of a routing framework', { locals: ['Request'], specifiers: ['express'] }, false],
      ['a Koa router', { locals: ['Router'], specifiers: ['@koa/router'] }, false],
      ['Nest', { locals: ['Get'], specifiers: ['@nestjs/common'] }, false],
    ];
    for (const [what, bindings, expected] of cases) {
      assert.equal(isImportEditUnrouted(dependencies, [{ locals: ['unrelated'], specifiers: ['pkg'] }, bindings]), expected, what);
    }
  });
});
