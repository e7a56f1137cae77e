import type { QueryMatch, SyntaxNode } from '../../model/syntax';
import type { JavaScriptGrammar } from '../imports/javascript';
import type { FileRoutes, RouterDeclaration } from '../../model/fileRoutes';
import { emptyFileRoutes } from './mergeFileRoutes';
import type { ModuleFacts } from './jsModules';
import { moduleBindingPatterns, moduleFactsFromMatches, relativeImports } from './jsModules';
import { callParts, childOfType, functionBody, namedChildren, objectProperty, rangeOf, stringValue, stringValues } from './jsSyntax';

export const nestModules = ['@nestjs/common', '@nestjs/core'];

/** Nest's method decorators → HTTP method. */
const methodDecorators = new Map([
  ['Get', 'GET'],
  ['Post', 'POST'],
  ['Put', 'PUT'],
  ['Patch', 'PATCH'],
  ['Delete', 'DELETE'],
  ['Options', 'OPTIONS'],
  ['Head', 'HEAD'],
  ['Search', 'SEARCH'],
  ['All', 'ALL'],
]);

/**
 * Query patterns for Nest decorators and `app.setGlobalPrefix()` (captures prefixed `nest.`, so they can share one
 * query with other frameworks). They compile against every JavaScript-family grammar.
 */
export const nestPatterns = `
(decorator (call_expression function: (identifier) @nest.name arguments: (arguments) @nest.args)) @nest.decorator
(call_expression function: (member_expression property: (property_identifier) @_nest.method) arguments: (arguments . (string) @nest.globalPrefix) (#eq? @_nest.method "setGlobalPrefix"))
`;

/** Query source for the Nest routes of a file (module bindings plus decorators). */
export function nestjsRouteQuery(grammar: JavaScriptGrammar): string {
  return moduleBindingPatterns(grammar) + nestPatterns;
}

/**
 * The Nest routing facts of one file, from the matches of {@link nestjsRouteQuery}: each `@Controller(path)` class
 * is a router whose prefix is the controller path; each `@Get(path)`… method is a route whose handler is the method
 * body. Decorators count only when imported from `@nestjs/common`.
 */
export function routesFromMatches(path: string, matches: readonly QueryMatch[]): FileRoutes {
  return nestRoutesFromMatches(path, matches, moduleFactsFromMatches(matches));
}

/** {@link routesFromMatches} with the module facts already read (they are shared by every framework of a file). */
export function nestRoutesFromMatches(path: string, matches: readonly QueryMatch[], facts: ModuleFacts): FileRoutes {
  const result: FileRoutes = { ...emptyFileRoutes(path), imports: relativeImports(facts), exports: facts.exports };
  if (!nestModules.some((module) => facts.loadedModules.has(module))) {
    return result;
  }
  const nestName = (identifier: SyntaxNode): string | undefined => {
    const binding = facts.imports.get(identifier.text);
    return binding?.specifier === '@nestjs/common' ? binding.imported : undefined;
  };
  const controllers = new Map<number, RouterDeclaration[]>();
  const methods: { decorator: SyntaxNode; method: string; args: SyntaxNode }[] = [];
  for (const match of matches) {
    const decorator = match.captures.find((capture) => capture.name === 'nest.decorator')?.node;
    const name = match.captures.find((capture) => capture.name === 'nest.name')?.node;
    const args = match.captures.find((capture) => capture.name === 'nest.args')?.node;
    const globalPrefix = stringValue(match.captures.find((capture) => capture.name === 'nest.globalPrefix')?.node);
    if (globalPrefix !== undefined) {
      (result.globalPrefixes ??= []).push({ framework: 'nestjs', prefix: globalPrefix });
    }
    const meaning = name ? nestName(name) : undefined;
    if (!decorator || !args || meaning === undefined) {
      continue;
    }
    if (meaning === 'Controller') {
      const declared = controllerOf(decorator, args);
      if (declared) {
        controllers.set(declared.classNode.startIndex, declared.routers);
        result.routers.push(...declared.routers);
      }
    } else if (methodDecorators.has(meaning)) {
      methods.push({ decorator, method: methodDecorators.get(meaning)!, args });
    }
  }
  for (const { decorator, method, args } of methods) {
    const target = decoratedMethod(decorator);
    const routers = target ? controllers.get(target.classNode.startIndex) : undefined;
    const paths = namedChildren(args).length === 0 ? [''] : stringValues(namedChildren(args)[0]);
    if (!target || !routers || !paths) {
      continue; // not in a controller, or a computed path
    }
    const body = functionBody(target.method);
    for (const router of routers) {
      for (const routePath of paths) {
        result.routes.push({ method, path: routePath, router: router.name, framework: 'nestjs', range: rangeOf(decorator), ...(body ? { handlerRange: rangeOf(body) } : {}) });
      }
    }
  }
  return result;
}

/** The class a `@Controller()` decorates and one router per controller path (`@Controller(['a', 'b'])` has two). */
function controllerOf(decorator: SyntaxNode, args: SyntaxNode): { classNode: SyntaxNode; routers: RouterDeclaration[] } | undefined {
  const owner = decorator.parent;
  const classNode = owner?.type === 'export_statement' ? childOfType(owner, 'class_declaration', 'class') : owner;
  const className = classNode ? childOfType(classNode, 'type_identifier', 'identifier')?.text : undefined;
  if (!classNode || className === undefined || (classNode.type !== 'class_declaration' && classNode.type !== 'class')) {
    return undefined;
  }
  const first = namedChildren(args)[0];
  const prefixes = first === undefined ? [''] : (stringValues(first) ?? stringValues(objectProperty(first, 'path')) ?? (callParts(first) ? undefined : ['']));
  if (!prefixes) {
    return undefined;
  }
  const routers = prefixes.map((prefix, index): RouterDeclaration => ({ name: index === 0 ? className : `${className}#${index + 1}`, framework: 'nestjs', kind: 'router', prefix, range: rangeOf(classNode) }));
  return { classNode, routers };
}

/**
 * The method a decorator applies to and its class. The typescript grammar puts method decorators before the
 * method in the class body; the javascript grammar puts them inside the method definition.
 */
function decoratedMethod(decorator: SyntaxNode): { method: SyntaxNode; classNode: SyntaxNode } | undefined {
  const parent = decorator.parent;
  let method: SyntaxNode | undefined;
  if (parent?.type === 'method_definition') {
    method = parent;
  } else if (parent?.type === 'class_body') {
    const siblings = namedChildren(parent);
    const index = siblings.findIndex((sibling) => sibling.startIndex === decorator.startIndex);
    method = index < 0 ? undefined : siblings.slice(index).find((sibling) => sibling.type === 'method_definition');
  }
  const body = method?.parent;
  const classNode = body?.type === 'class_body' ? body.parent : undefined;
  return method && classNode ? { method, classNode } : undefined;
}
