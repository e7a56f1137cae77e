import type { QueryMatch } from '../../model/syntax';
import type { JavaScriptGrammar } from '../imports/javascript';
import { expressDialect } from './express';
import { fastifyDialect } from './fastify';
import type { FileRoutes } from '../../model/fileRoutes';
import { mergeFileRoutes } from './mergeFileRoutes';
import { isRelativeSpecifier, moduleBindingPatterns, moduleFactsFromMatches, relativeImports, type ModuleFacts, type ModuleImport } from './jsModules';
import { dialectRoutesFromMatches, routerCallPatterns } from './jsRouters';
import { koaDialect } from './koa';
import { nestModules, nestPatterns, nestRoutesFromMatches } from './nestjs';
import { stringValue } from './jsSyntax';

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
  return fileRoutesFromFacts(path, matches, moduleFactsFromMatches(matches));
}

/**
 * What a file's routing facts depend on among its module bindings, besides which routing frameworks it loads: the
 * names the reader looked up (router factories, receivers, mounted, installed and middleware names, decorators)
 * and the names bound to relative modules (listed in the facts). See {@link isImportEditUnrouted}.
 */
export interface RoutingDependencies {
  lookedUp: ReadonlySet<string>;
  relativeLocals: ReadonlySet<string>;
}

/** {@link fileRoutesFromMatches}, with what the facts depend on among the file's module bindings. */
export function readFileRoutes(path: string, matches: readonly QueryMatch[]): { routes: FileRoutes; dependencies: RoutingDependencies } {
  const facts = moduleFactsFromMatches(matches);
  const lookedUp = new Set<string>();
  const routes = fileRoutesFromFacts(path, matches, { ...facts, imports: new LookupRecordingMap(facts.imports, lookedUp) });
  // Every relative binding, also one a later binding of its name hides: removing that one would bring it back.
  const relativeLocals = new Set<string>();
  for (const match of matches) {
    const specifier = stringValue(match.captures.find((item) => item.name === 'mod.source')?.node);
    if (specifier !== undefined && isRelativeSpecifier(specifier)) {
      moduleFactsFromMatches([match]).imports.forEach((_binding, local) => relativeLocals.add(local));
    }
  }
  return { routes, dependencies: { lookedUp, relativeLocals } };
}

/** What the module bindings among some matches bind and load: local names and specifiers. */
export interface ModuleBindings {
  locals: string[];
  specifiers: string[];
}

export function moduleBindingsOf(matches: readonly QueryMatch[]): ModuleBindings {
  const facts = moduleFactsFromMatches(matches);
  return { locals: [...facts.imports.keys()], specifiers: [...facts.loadedModules] };
}

/**
 * Whether replacing import statements by others (`statements`: the module bindings of both) cannot change the
 * routing facts read with `dependencies`. The reader sees module bindings through the routing frameworks a file
 * loads, the names it looks up, and the relative bindings it lists; the statements must load no routing framework
 * and no relative module, and bind no name of the other two.
 */
export function isImportEditUnrouted(dependencies: RoutingDependencies, statements: readonly ModuleBindings[]): boolean {
  return statements.every(
    ({ locals, specifiers }) =>
      specifiers.every((specifier) => !isRelativeSpecifier(specifier) && !routingModules.has(specifier)) &&
      locals.every((local) => !dependencies.lookedUp.has(local) && !dependencies.relativeLocals.has(local)),
  );
}

const routingModules = new Set([...dialects.flatMap((dialect) => dialect.modules), ...nestModules]);

function fileRoutesFromFacts(path: string, matches: readonly QueryMatch[], facts: ModuleFacts): FileRoutes {
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

/**
 * Module bindings that note every name looked up in them. The reader reads them otherwise only to list the relative
 * ones (`relativeImports`), which {@link RoutingDependencies.relativeLocals} covers.
 */
class LookupRecordingMap extends Map<string, ModuleImport> {
  constructor(
    bindings: ReadonlyMap<string, ModuleImport>,
    private readonly lookedUp: Set<string>,
  ) {
    super(bindings);
  }

  override get(local: string): ModuleImport | undefined {
    this.lookedUp.add(local);
    return super.get(local);
  }

  override has(local: string): boolean {
    this.lookedUp.add(local);
    return super.has(local);
  }
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
