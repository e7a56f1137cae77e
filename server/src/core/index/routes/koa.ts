import type { QueryMatch } from '../../model/syntax';
import type { JavaScriptGrammar } from '../imports/javascript';
import type { FileRoutes } from '../../model/fileRoutes';
import { moduleBindingPatterns, moduleFactsFromMatches } from './jsModules';
import type { RouterDialect } from './jsRouters';
import { dialectRoutesFromMatches, routerCallPatterns } from './jsRouters';

const routerModules = ['@koa/router', 'koa-router'];

/**
 * Koa with @koa/router or koa-router: `new Router({ prefix })`, `router.prefix('/x')`, `router.get('/x', h)` and
 * named routes `router.get('name', '/x', h)`, nested routers `router.use('/x', sub.routes())`, and
 * `app.use(router.routes())` on a `new Koa()` app. A Koa app itself has no route methods.
 */
export const koaDialect: RouterDialect = {
  framework: 'koa',
  modules: ['koa', ...routerModules],
  factoryKind: (module) => (module === 'koa' ? 'app' : routerModules.includes(module) ? 'router' : undefined),
  methods: new Map([
    ['get', 'GET'],
    ['post', 'POST'],
    ['put', 'PUT'],
    ['patch', 'PATCH'],
    ['delete', 'DELETE'],
    ['del', 'DELETE'],
    ['options', 'OPTIONS'],
    ['head', 'HEAD'],
    ['all', 'ALL'],
  ]),
  hasRouterPrefix: true,
  hasNamedRoutes: true,
};

/** Query source for the Koa routes of a file (module bindings plus routing calls). */
export function koaRouteQuery(grammar: JavaScriptGrammar): string {
  return moduleBindingPatterns(grammar) + routerCallPatterns(grammar);
}

/** The Koa routing facts of one file, from the matches of {@link koaRouteQuery}; empty unless it imports Koa or a Koa router. */
export function routesFromMatches(path: string, matches: readonly QueryMatch[]): FileRoutes {
  return dialectRoutesFromMatches(path, matches, moduleFactsFromMatches(matches), koaDialect, { claimsParameterRouters: true });
}
