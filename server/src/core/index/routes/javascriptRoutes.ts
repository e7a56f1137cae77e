import type { QueryMatch } from '../../model/syntax';
import type { JavaScriptGrammar } from '../imports/javascript';
import { expressDialect } from './express';
import { fastifyDialect } from './fastify';
import type { FileRoutes } from '../../model/fileRoutes';
import { mergeFileRoutes } from './mergeFileRoutes';
import { moduleBindingPatterns, moduleFactsFromMatches, relativeImports } from './jsModules';
import { dialectRoutesFromMatches, routerCallPatterns } from './jsRouters';
import { koaDialect } from './koa';
import { nestPatterns, nestRoutesFromMatches } from './nestjs';

/** Method-call frameworks in the order they claim routes declared on function parameters. */
const dialects = [expressDialect, koaDialect, fastifyDialect];

/**
 * One query for every JavaScript-family routing framework (module bindings, routing calls, Nest decorators), so a
 * file is parsed and matched once. Interpret its matches with {@link fileRoutesFromMatches}.
 */
export function javascriptRouteQuery(grammar: JavaScriptGrammar): string {
  return moduleBindingPatterns(grammar) + routerCallPatterns(grammar) + nestPatterns;
}

/**
 * The routing facts of one file from the matches of {@link javascriptRouteQuery}: every framework the file
 * imports reads them, and their facts are merged. Routes on a function parameter (plugins, installers) go to the
 * first imported of Express, Koa, Fastify.
 */
export function fileRoutesFromMatches(path: string, matches: readonly QueryMatch[]): FileRoutes {
  const facts = moduleFactsFromMatches(matches);
  const parts: FileRoutes[] = [{ path, routers: [], routes: [], mounts: [], imports: relativeImports(facts), exports: facts.exports }];
  let isParameterClaimed = false;
  for (const dialect of dialects) {
    if (dialect.modules.some((module) => facts.loadedModules.has(module))) {
      parts.push(dialectRoutesFromMatches(path, matches, facts, dialect, { claimsParameterRouters: !isParameterClaimed }));
      isParameterClaimed = true;
    }
  }
  parts.push(nestRoutesFromMatches(path, matches, facts));
  return mergeFileRoutes(path, parts);
}

const frameworkMention = /['"](?:express|koa|@koa\/router|koa-router|fastify|fastify-plugin|@fastify\/type-provider-[\w-]+|fastify-type-provider-zod|@nestjs\/(?:common|core))['"]/;
const relativeReexport = /\bexport\b[^;]*?\bfrom\s*['"]\.|module\.exports\s*=\s*require\(\s*['"]\./;

/**
 * Cheap test on the text before parsing: only files that name a routing framework's module can declare routes,
 * and only files that re-export relative modules can pass a router on. Everything else can skip the parse.
 */
export function mayDeclareRoutes(text: string): boolean {
  return frameworkMention.test(text) || relativeReexport.test(text);
}
