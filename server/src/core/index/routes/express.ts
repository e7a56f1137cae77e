import type { QueryMatch } from '../../model/syntax';
import type { JavaScriptGrammar } from '../imports/javascript';
import type { FileRoutes } from '../../model/fileRoutes';
import { moduleBindingPatterns, moduleFactsFromMatches } from './jsModules';
import type { RouterDialect } from './jsRouters';
import { dialectRoutesFromMatches, routerCallPatterns } from './jsRouters';

/**
 * Express 4/5: `express()` apps and `express.Router()`/`Router()` routers, `app.get/post/put/patch/delete/all(path,
 * ...handlers)`, `router.route('/x').get(h).post(h)`, `use(path, router)` mounts, and `use(path, handler)`, which
 * answers every path below `path`.
 */
export const expressDialect: RouterDialect = {
  framework: 'express',
  modules: ['express'],
  factoryKind: (module, name) => (module !== 'express' ? undefined : name === 'default' ? 'app' : name === 'Router' ? 'router' : undefined),
  methods: new Map([
    ['get', 'GET'],
    ['post', 'POST'],
    ['put', 'PUT'],
    ['patch', 'PATCH'],
    ['delete', 'DELETE'],
    ['options', 'OPTIONS'],
    ['head', 'HEAD'],
    ['search', 'SEARCH'],
    ['all', 'ALL'],
  ]),
  hasRouteChains: true,
  isUseARoute: true,
};

/** Query source for the Express routes of a file (module bindings plus routing calls). */
export function expressRouteQuery(grammar: JavaScriptGrammar): string {
  return moduleBindingPatterns(grammar) + routerCallPatterns(grammar);
}

/** The Express routing facts of one file, from the matches of {@link expressRouteQuery}; empty unless it imports express. */
export function routesFromMatches(path: string, matches: readonly QueryMatch[]): FileRoutes {
  return dialectRoutesFromMatches(path, matches, moduleFactsFromMatches(matches), expressDialect, { claimsParameterRouters: true });
}
