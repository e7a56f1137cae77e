import { strict as assert } from 'node:assert';
import { resolveRoutes } from '../core/index/routes/resolveRoutes';
import type { FileRoutes } from '../core/model/fileRoutes';
import { lineRange, type Range } from '../core/model/location';
import { RouteIndex } from './routeIndex';

/** `app.ts` mounts the users router of `routes/users.ts` under `/api/users`; the router has two routes. */
function app(): FileRoutes {
  return {
    path: 'src/app.ts',
    routers: [{ name: 'app', framework: 'express', kind: 'app', range: lineRange(2, 0, 20) }],
    routes: [{ method: 'GET', path: '/health', router: 'app', framework: 'express', range: lineRange(4, 0, 30), handlerRange: lineRange(4, 20, 28) }],
    mounts: [{ parent: 'app', prefix: '/api/users', child: { kind: 'local', name: 'users' }, range: lineRange(5, 0, 30) }],
    imports: [{ local: 'users', specifier: './routes/users', imported: 'default' }],
    exports: [],
  };
}

function users(line = 3, path = '/:id'): FileRoutes {
  return {
    path: 'src/routes/users.ts',
    routers: [{ name: 'router', framework: 'express', kind: 'router', range: lineRange(line - 2, 0, 30) }],
    routes: [
      { method: 'GET', path: '/', router: 'router', framework: 'express', range: lineRange(line, 0, 40), handlerRange: lineRange(line, 25, 38) },
      { method: 'GET', path, router: 'router', framework: 'express', range: lineRange(line + 1, 0, 40), handlerRange: lineRange(line + 3, 2, 1) },
    ],
    mounts: [],
    imports: [],
    exports: [{ exported: 'default', local: 'router' }],
  };
}

const paths = new Set(['src/app.ts', 'src/routes/users.ts']);

function resolvedFresh(files: FileRoutes[]): unknown {
  return resolveRoutes(new Map(files.map((file) => [file.path, file])), { knownPaths: paths });
}

suite('engine/routeIndex', () => {
  // Issue 10: resolving every file's routes again on each keystroke that moves a route was linear in the workspace.
  test('routes that only moved in their file keep the other files’ routes and equal a fresh resolution', () => {
    const index = new RouteIndex();
    index.update('src/app.ts', app());
    index.update('src/routes/users.ts', users());
    const first = index.routes(paths, 1);
    assert.deepEqual(first, resolvedFresh([app(), users()]));
    assert.equal(index.routes(paths, 1), first, 'nothing changed: the same list');
    assert.equal(first.length, 3);

    index.update('src/routes/users.ts', users(4)); // a line typed above the router
    const moved = index.routes(paths, 1);
    assert.deepEqual(moved, resolvedFresh([app(), users(4)]));
    const health = (routes: readonly { path: string }[]): unknown => routes.find((route) => route.path === '/health');
    assert.equal(health(moved), health(first), 'the routes of other files were kept, not resolved again');

    index.update('src/routes/users.ts', users(4, '/:userId')); // the route itself changed
    assert.deepEqual(index.routes(paths, 1), resolvedFresh([app(), users(4, '/:userId')]));

    index.update('src/routes/users.ts', users(2, '/:userId'));
    index.update('src/routes/users.ts', users(6, '/:userId')); // moved twice before anyone asked
    assert.deepEqual(index.routes(paths, 1), resolvedFresh([app(), users(6, '/:userId')]));

    const collapsed = users(6, '/:userId');
    const same: Range = collapsed.routes[0]!.range;
    collapsed.routes[1]!.range = { start: same.start, end: same.end }; // two routes at one place: told apart no more
    index.update('src/routes/users.ts', collapsed);
    assert.deepEqual(index.routes(paths, 1), resolvedFresh([app(), collapsed]));

    // A router made in an anonymous function is keyed by the function's offset, which a line typed above moves.
    const anonymous = (line: number, offset: number, mounted = offset): FileRoutes => {
      const file = users(line, '/:userId');
      file.routers[0]!.name = `router@*fn@${offset}*`;
      file.routes.forEach((route) => (route.router = `router@*fn@${offset}*`));
      file.exports = [{ exported: 'default', local: `router@*fn@${mounted}*` }];
      return file;
    };
    index.update('src/routes/users.ts', anonymous(6, 120));
    const keyed = index.routes(paths, 1);
    assert.deepEqual(keyed, resolvedFresh([app(), anonymous(6, 120)]));
    index.update('src/routes/users.ts', anonymous(7, 131));
    const movedKeys = index.routes(paths, 1);
    assert.deepEqual(movedKeys, resolvedFresh([app(), anonymous(7, 131)]));
    assert.equal(health(movedKeys), health(keyed), 'keys that moved together are moves too');
    index.update('src/routes/users.ts', anonymous(7, 131, 5)); // the export now names another function
    assert.deepEqual(index.routes(paths, 1), resolvedFresh([app(), anonymous(7, 131, 5)]));

    index.update('src/routes/users.ts', undefined);
    assert.deepEqual(index.routes(paths, 2), resolvedFresh([app()]), 'a file without routes any more');
  });
});
