import type { QueryMatch } from '../../model/syntax';
import type { JavaScriptGrammar } from '../imports/javascript';
import type { FileRoutes } from '../../model/fileRoutes';
import { moduleBindingPatterns, moduleFactsFromMatches } from './jsModules';
import type { RouterDialect } from './jsRouters';
import { dialectRoutesFromMatches, routerCallPatterns } from './jsRouters';

/**
 * Fastify: `Fastify()` apps, `fastify.get/post(...)` shorthands (with or without an options object),
 * `fastify.route({ method, url, handler })`, and plugins: functions whose instance parameter routes are declared on,
 * mounted with `register(plugin, { prefix })`. Files that only import `fastify-plugin`, a type provider
 * (`FastifyPluginAsyncTypebox`) or `import type` from fastify count as Fastify files, because plugin files often
 * import nothing else.
 */
export const fastifyDialect: RouterDialect = {
  framework: 'fastify',
  modules: ['fastify', 'fastify-plugin', '@fastify/type-provider-typebox', '@fastify/type-provider-json-schema-to-ts', '@fastify/type-provider-zod', 'fastify-type-provider-zod'],
  factoryKind: (module, name) => (module === 'fastify' && ['default', 'fastify', 'Fastify'].includes(name) ? 'app' : undefined),
  methods: new Map([
    ['get', 'GET'],
    ['post', 'POST'],
    ['put', 'PUT'],
    ['patch', 'PATCH'],
    ['delete', 'DELETE'],
    ['options', 'OPTIONS'],
    ['head', 'HEAD'],
    ['all', 'ALL'],
  ]),
  hasPlugins: true,
};

/** Query source for the Fastify routes of a file (module bindings plus routing calls). */
export function fastifyRouteQuery(grammar: JavaScriptGrammar): string {
  return moduleBindingPatterns(grammar) + routerCallPatterns(grammar);
}

/** The Fastify routing facts of one file, from the matches of {@link fastifyRouteQuery}; empty unless it imports Fastify. */
export function routesFromMatches(path: string, matches: readonly QueryMatch[]): FileRoutes {
  return dialectRoutesFromMatches(path, matches, moduleFactsFromMatches(matches), fastifyDialect, { claimsParameterRouters: true });
}
