import type { Range } from '../../model/location';
import type { QueryMatch, SyntaxNode } from '../../model/syntax';
import type { JavaScriptGrammar } from '../imports/javascript';
import type { DeclaredRoute, FileRoutes, RouterDeclaration, RouterMount, RouterReference } from '../../model/fileRoutes';
import { emptyFileRoutes } from './mergeFileRoutes';
import type { ModuleFacts } from './jsModules';
import { calleeOrigin, functionKey, isRelativeSpecifier, relativeImports, requiredSpecifier } from './jsModules';
import {
  callParts,
  contains,
  enclosingFunctions,
  functionBody,
  functionReturns,
  isFunction,
  memberParts,
  namedChildren,
  objectProperty,
  parameterNames,
  programOf,
  rangeBetween,
  rangeOf,
  stringValue,
  stringValues,
  topLevelFunction,
  unwrapExpression,
} from './jsSyntax';
import type { RouteFramework } from '../../model/routeFact';

/**
 * How one method-call routing framework (Express, Koa, Fastify) spells apps, routers, routes and mounts. The
 * shared interpreter below reads every such framework through this description.
 */
export interface RouterDialect {
  framework: RouteFramework;
  /** Importing any of these makes the framework considered for the file. */
  modules: readonly string[];
  /** What calling (or `new`-ing) export `name` of `module` creates, if it creates a router at all. */
  factoryKind(module: string, name: string): 'app' | 'router' | undefined;
  /** Route method names → HTTP method (`del` → `DELETE`, `all` → `ALL`). */
  methods: ReadonlyMap<string, string>;
  /** Express: `router.route('/x').get(h).post(h)`. */
  hasRouteChains?: boolean;
  /** Express: `use('/x', handler)` answers every path below `/x`. */
  isUseARoute?: boolean;
  /** Koa: `new Router({ prefix })` and `router.prefix('/x')`. */
  hasRouterPrefix?: boolean;
  /** Koa: the first string argument may be a route name (`router.get('user', '/users/:id', h)`). */
  hasNamedRoutes?: boolean;
  /** Fastify: `fastify.route({ method, url, handler })` and `register(plugin, { prefix })`. */
  hasPlugins?: boolean;
}

const callMethods = ['get', 'post', 'put', 'patch', 'delete', 'del', 'options', 'head', 'all', 'search', 'use', 'route', 'register', 'prefix'];

/**
 * Query patterns for method-call routing (captures prefixed `rt.`): variable declarations that may create routers,
 * calls of routing methods, and calls passing an identifier (route installers such as `routes(app)`).
 */
export function routerCallPatterns(grammar: JavaScriptGrammar): string {
  const values = grammar === 'javascript' ? '(call_expression) (new_expression) (await_expression) (parenthesized_expression)' : '(call_expression) (new_expression) (await_expression) (parenthesized_expression) (as_expression) (non_null_expression)';
  return `
(variable_declarator name: (identifier) @rt.name value: [${values}] @rt.value) @rt.declarator
(call_expression function: (member_expression property: (property_identifier) @rt.method) arguments: (arguments) @rt.args (#any-of? @rt.method ${callMethods.map((name) => `"${name}"`).join(' ')})) @rt.call
(call_expression function: [(identifier) (call_expression)] @rt.callee arguments: (arguments (identifier))) @rt.install
`;
}

interface DeclaredRouter {
  declaration: RouterDeclaration;
  /** Local name of the variable. */
  variable: string;
  /** The function or program the variable lives in. */
  scope: SyntaxNode;
}

/** Reads routes, routers and mounts of one dialect from matches of {@link routerCallPatterns}. */
export function dialectRoutesFromMatches(path: string, matches: readonly QueryMatch[], facts: ModuleFacts, dialect: RouterDialect, options: { claimsParameterRouters: boolean }): FileRoutes {
  const result: FileRoutes = { ...emptyFileRoutes(path), imports: relativeImports(facts), exports: facts.exports };
  if (!dialect.modules.some((module) => facts.loadedModules.has(module))) {
    return result;
  }
  const reader = new DialectReader(result, facts, dialect, options.claimsParameterRouters);
  const seen = new Set<string>();
  const once = (kind: string, node: SyntaxNode): boolean => {
    const key = `${kind}@${node.startIndex}:${node.endIndex}`;
    const isNew = !seen.has(key);
    seen.add(key);
    return isNew;
  };
  for (const match of matches) {
    const declarator = capture(match, 'rt.declarator');
    const name = capture(match, 'rt.name');
    const value = capture(match, 'rt.value');
    if (declarator && name && value && once('declarator', declarator)) {
      reader.readDeclarator(declarator, name.text, value);
    }
  }
  // Mounts and installs come last, so they see every router (plugins are found through the routes inside them).
  const mountCalls: [SyntaxNode, SyntaxNode][] = [];
  const installs: SyntaxNode[] = [];
  for (const match of matches) {
    const call = capture(match, 'rt.call');
    const method = capture(match, 'rt.method');
    if (call && method && once('call', call)) {
      if (method.text === 'use' || method.text === 'register') {
        mountCalls.push([call, method]);
      } else {
        reader.readCall(call, method);
      }
    }
    const install = capture(match, 'rt.install');
    if (install && once('install', install)) {
      installs.push(install);
    }
  }
  mountCalls.forEach(([call, method]) => reader.readCall(call, method));
  installs.forEach((install) => reader.readInstall(install));
  return result;
}

function capture(match: QueryMatch, name: string): SyntaxNode | undefined {
  return match.captures.find((item) => item.name === name)?.node;
}

class DialectReader {
  private readonly declared: DeclaredRouter[] = [];
  /** Plugins seen as route receivers; recorded only once a route or mount lands on them (`req.get('host')` doesn't). */
  private readonly candidatePlugins = new Map<string, RouterDeclaration>();

  constructor(
    private readonly result: FileRoutes,
    private readonly facts: ModuleFacts,
    private readonly dialect: RouterDialect,
    private readonly claimsParameterRouters: boolean,
  ) {}

  /** `const app = express()`, `const router = new Router({ prefix: '/api' })`. */
  readDeclarator(declarator: SyntaxNode, variable: string, value: SyntaxNode): void {
    const call = callParts(unwrapExpression(value));
    const origin = call ? calleeOrigin(call.callee, this.facts) : undefined;
    const kind = origin ? this.dialect.factoryKind(origin.module, origin.name) : undefined;
    if (!call || !kind) {
      return;
    }
    const scope = enclosingFunctions(declarator).next().value ?? programOf(declarator);
    const name = isFunction(scope) ? (functionReturns(scope, variable) ? functionKey(scope) : `${variable}@${functionKey(scope)}`) : variable;
    const prefix = this.dialect.hasRouterPrefix ? stringValue(objectProperty(call.args[0], 'prefix')) : undefined;
    const declaration: RouterDeclaration = { name, framework: this.dialect.framework, kind, range: rangeOf(declarator), ...(prefix !== undefined ? { prefix } : {}) };
    this.declared.push({ declaration, variable, scope });
    this.addRouter(declaration);
  }

  readCall(call: SyntaxNode, methodNode: SyntaxNode): void {
    const parts = callParts(call);
    const member = parts ? memberParts(parts.callee) : undefined;
    if (!parts || !member) {
      return;
    }
    const method = methodNode.text;
    const httpMethod = this.dialect.methods.get(method);
    if (httpMethod !== undefined) {
      const chain = this.dialect.hasRouteChains ? this.routeChainOf(member.object) : undefined;
      if (chain) {
        this.addRoutes(chain.router, httpMethod, chain.paths, parts.args, rangeBetween(methodNode, call));
      } else if (method !== 'route') {
        this.readMethodCall(call, member.object, httpMethod, parts.args);
      }
      return;
    }
    switch (method) {
      case 'use':
        this.readUse(call, member.object, parts.args);
        break;
      case 'route':
        this.readRouteObject(call, member.object, parts.args);
        break;
      case 'register':
        this.readRegister(call, member.object, parts.args);
        break;
      case 'prefix':
        this.readPrefix(member.object, parts.args);
        break;
    }
  }

  /** `router.get('/x', ...handlers)`, `router.get('name', '/x', h)` (Koa), `fastify.get('/x', opts, h)`. */
  private readMethodCall(call: SyntaxNode, object: SyntaxNode, httpMethod: string, args: SyntaxNode[]): void {
    let paths = stringValues(args[0]);
    let rest = args.slice(1);
    if (this.dialect.hasNamedRoutes && paths?.length === 1 && !isRoutePath(paths[0]!) && stringValues(args[1]) !== undefined) {
      paths = stringValues(args[1]);
      rest = args.slice(2);
    }
    if (!paths || !paths.every(isRoutePath) || rest.length === 0) {
      return; // `app.get('env')`, a regex path, a computed path: nothing to index
    }
    const router = this.routerKeyOf(object);
    if (router !== undefined) {
      this.addRoutes(router, httpMethod, paths, rest, rangeOf(call));
    }
  }

  /** The router and paths of `router.route('/x')` under a chain `.route('/x').get(h).post(h)`. */
  private routeChainOf(object: SyntaxNode): { router: string; paths: string[] } | undefined {
    let current = unwrapExpression(object);
    for (;;) {
      const parts = callParts(current);
      const member = parts ? memberParts(parts.callee) : undefined;
      if (!parts || !member) {
        return undefined;
      }
      if (member.property === 'route') {
        const router = this.routerKeyOf(member.object);
        const paths = stringValues(parts.args[0]);
        return router !== undefined && paths?.every(isRoutePath) ? { router, paths } : undefined;
      }
      if (!this.dialect.methods.has(member.property)) {
        return undefined;
      }
      current = unwrapExpression(member.object);
    }
  }

  private addRoutes(router: string, method: string, paths: string[], handlers: SyntaxNode[], range: Range, isPrefix = false): void {
    this.commitRouter(router);
    const handler = handlers[handlers.length - 1];
    const handlerRange = handler ? handlerBodyRange(handler) : undefined;
    for (const path of paths) {
      const route: DeclaredRoute = { method, path, router, framework: this.dialect.framework, range };
      if (isPrefix) {
        route.isPrefix = true;
      }
      if (handlerRange) {
        route.handlerRange = handlerRange;
      }
      this.result.routes.push(route);
    }
  }

  /** `app.use('/api', router)`, `router.use('/x', sub.routes())`, `app.use(router.routes())`, `app.use('/x', fn)`. */
  private readUse(call: SyntaxNode, object: SyntaxNode, args: SyntaxNode[]): void {
    const parent = this.routerKeyOf(object);
    if (parent === undefined || isInstallArgument(call)) {
      return;
    }
    const given = stringValues(args[0]);
    if (given && !given.every(isRoutePath)) {
      return;
    }
    const prefixes = given ?? [''];
    for (const arg of given ? args.slice(1) : args) {
      const value = unwrapExpression(arg);
      if (isFunction(value) || (value.type === 'identifier' && this.isLocalMiddleware(value))) {
        if (given && this.dialect.isUseARoute) {
          this.addRoutes(parent, 'ALL', prefixes, [arg], rangeOf(call), true);
        }
        continue;
      }
      const child = this.referenceOf(value);
      if (child) {
        const handlerFramework = given && this.dialect.isUseARoute ? this.dialect.framework : undefined;
        prefixes.forEach((prefix) => this.addMount(parent, prefix, child, call, handlerFramework));
      }
    }
  }

  /** A function declared in this file that is neither a router nor a route installer: plain middleware. */
  private isLocalMiddleware(identifier: SyntaxNode): boolean {
    if (this.declaredRouterOf(identifier) || this.facts.imports.has(identifier.text)) {
      return false;
    }
    const fn = topLevelFunction(programOf(identifier), identifier.text);
    return fn !== undefined && !this.result.routers.some((router) => router.name === identifier.text);
  }

  /** Fastify `fastify.route({ method: ['GET', 'HEAD'], url: '/x', handler })`. */
  private readRouteObject(call: SyntaxNode, object: SyntaxNode, args: SyntaxNode[]): void {
    const options = args[0] ? unwrapExpression(args[0]) : undefined;
    if (!this.dialect.hasPlugins || options?.type !== 'object') {
      return;
    }
    const router = this.routerKeyOf(object);
    const methods = stringValues(objectProperty(options, 'method'));
    const url = stringValue(objectProperty(options, 'url') ?? objectProperty(options, 'path'));
    const handler = objectProperty(options, 'handler');
    if (router === undefined || !methods || url === undefined || !isRoutePath(url)) {
      return;
    }
    for (const method of methods) {
      this.addRoutes(router, method.toUpperCase(), [url], handler ? [handler] : [], rangeOf(call));
    }
  }

  /** Fastify `fastify.register(plugin, { prefix: '/v1' })`, with the plugin inline, local, required or imported. */
  private readRegister(call: SyntaxNode, object: SyntaxNode, args: SyntaxNode[]): void {
    const parent = this.routerKeyOf(object);
    if (!this.dialect.hasPlugins || parent === undefined || !args[0]) {
      return;
    }
    const plugin = unwrapExpression(args[0]);
    const child: RouterReference | undefined = isFunction(plugin) ? { kind: 'local', name: functionKey(plugin) } : this.referenceOf(plugin);
    if (child) {
      this.addMount(parent, stringValue(objectProperty(args[1], 'prefix')) ?? '', child, call);
    }
  }

  /** Koa `router.prefix('/api')`. */
  private readPrefix(object: SyntaxNode, args: SyntaxNode[]): void {
    const prefix = stringValue(args[0]);
    const declared = this.dialect.hasRouterPrefix && unwrapExpression(object).type === 'identifier' ? this.declaredRouterOf(unwrapExpression(object)) : undefined;
    if (declared && prefix !== undefined) {
      declared.declaration.prefix = prefix;
    }
  }

  /** `routes(app)`, `require('./routes')(app)`: a function that declares routes on the router it is given. */
  readInstall(call: SyntaxNode): void {
    const parts = callParts(call);
    if (!parts || isInstallArgument(call)) {
      return;
    }
    const callee = unwrapExpression(parts.callee);
    const binding = callee.type === 'identifier' ? this.facts.imports.get(callee.text) : undefined;
    if ((callee.type === 'identifier' && callee.text === 'require') || (binding && !isRelativeSpecifier(binding.specifier))) {
      return; // `require(x)`, or a package function such as `helmet(app)`
    }
    const child = callee.type === 'identifier' ? ({ kind: 'local', name: callee.text } as const) : this.referenceOf(callee);
    if (!child) {
      return;
    }
    for (const arg of parts.args) {
      const value = unwrapExpression(arg);
      // Only routers already known: any function parameter passed on (`send(res)`) must not become a plugin.
      const parent = value.type === 'identifier' && !this.facts.imports.has(value.text) ? this.routerKeyOf(value, false) : undefined;
      if (parent !== undefined) {
        this.addMount(parent, '', child, call);
      }
    }
  }

  private addMount(parent: string, prefix: string, child: RouterReference, node: SyntaxNode, handlerFramework?: RouteFramework): void {
    if (child.kind === 'local' && child.name === parent) {
      return;
    }
    this.commitRouter(parent);
    const mount: RouterMount = { parent, prefix, child, range: rangeOf(node), ...(handlerFramework ? { handlerFramework } : {}) };
    this.result.mounts.push(mount);
  }

  /**
   * What a mounted expression refers to: a local or imported name, `sub.routes()` (Koa), `require('./x')`,
   * `import('./x')`, `require('./x').y`, `ns.y` of an imported module, or a router factory call `makeRouter(db)`.
   */
  private referenceOf(node: SyntaxNode): RouterReference | undefined {
    const value = unwrapExpression(node);
    if (value.type === 'identifier') {
      return this.isPackageBinding(value.text) ? undefined : { kind: 'local', name: value.text };
    }
    const specifier = requiredSpecifier(value);
    if (specifier !== undefined) {
      return isRelativeSpecifier(specifier) ? { kind: 'module', specifier, exportName: 'default' } : undefined;
    }
    const member = memberParts(value);
    if (member) {
      const base = unwrapExpression(member.object);
      const baseSpecifier = requiredSpecifier(base) ?? (base.type === 'identifier' ? this.facts.imports.get(base.text)?.specifier : undefined);
      return baseSpecifier !== undefined && isRelativeSpecifier(baseSpecifier) ? { kind: 'module', specifier: baseSpecifier, exportName: member.property } : undefined;
    }
    const call = callParts(value);
    if (call) {
      const callee = memberParts(call.callee);
      if (callee && (callee.property === 'routes' || callee.property === 'middleware')) {
        return this.referenceOf(callee.object);
      }
      const isFactory = call.callee.type === 'identifier' && call.callee.text !== 'require' && !this.isPackageBinding(call.callee.text);
      return isFactory ? { kind: 'local', name: call.callee.text } : undefined;
    }
    return undefined;
  }

  /** `helmet`, `cors`: a binding of a package, which can't be a first-party router. */
  private isPackageBinding(name: string): boolean {
    const binding = this.facts.imports.get(name);
    return binding !== undefined && !isRelativeSpecifier(binding.specifier);
  }

  /**
   * The router key of an expression routes are declared on: a router variable of this dialect in scope, a
   * parameter of an enclosing function (a plugin or route installer, keyed by the function), or a binding imported
   * from a relative module (resolved across files later). Anything else is not a router.
   */
  private routerKeyOf(node: SyntaxNode, mayDeclarePlugin = true): string | undefined {
    const value = unwrapExpression(node);
    if (value.type !== 'identifier') {
      return undefined;
    }
    const declared = this.declaredRouterOf(value);
    if (declared) {
      return declared.declaration.name;
    }
    for (const fn of enclosingFunctions(value)) {
      if (parameterNames(fn).includes(value.text)) {
        const name = functionKey(fn);
        if (!this.claimsParameterRouters || (!mayDeclarePlugin && !this.result.routers.some((router) => router.name === name))) {
          return undefined;
        }
        if (!this.candidatePlugins.has(name)) {
          this.candidatePlugins.set(name, { name, framework: this.dialect.framework, kind: 'plugin', range: rangeOf(fn) });
        }
        return name;
      }
    }
    const imported = this.facts.imports.get(value.text);
    return imported && isRelativeSpecifier(imported.specifier) ? value.text : undefined;
  }

  /** The innermost router variable named like `identifier` whose scope holds it. */
  private declaredRouterOf(identifier: SyntaxNode): DeclaredRouter | undefined {
    let best: DeclaredRouter | undefined;
    for (const candidate of this.declared) {
      if (candidate.variable === identifier.text && contains(candidate.scope, identifier) && (!best || candidate.scope.startIndex >= best.scope.startIndex)) {
        best = candidate;
      }
    }
    return best;
  }

  private commitRouter(name: string): void {
    const plugin = this.candidatePlugins.get(name);
    if (plugin) {
      this.addRouter(plugin);
    }
  }

  private addRouter(declaration: RouterDeclaration): void {
    if (!this.result.routers.some((router) => router.name === declaration.name)) {
      this.result.routers.push(declaration);
    }
  }
}

/** Paths a router method accepts: absolute (`/x`), Express 4's catch-all `*`, or empty (the router's own root). */
function isRoutePath(path: string): boolean {
  return path === '' || path.startsWith('/') || path === '*' || path.startsWith('*');
}

/** A call passed to `use`/`register` (`app.use('/x', makeRouter(app))`): mounted there, not installed on its argument. */
function isInstallArgument(call: SyntaxNode): boolean {
  const list = call.parent?.type === 'arguments' ? call.parent : undefined;
  const outer = list?.parent ? callParts(list.parent) : undefined;
  const member = outer ? memberParts(outer.callee) : undefined;
  return member !== undefined && (member.property === 'use' || member.property === 'register');
}

/**
 * The body of a handler: an inline function, a top-level function named by an identifier, the function wrapped by
 * a call such as `asyncHandler(fn)`, or Fastify's `{ handler }` option.
 */
export function handlerBodyRange(node: SyntaxNode): Range | undefined {
  const value = unwrapExpression(node);
  if (isFunction(value)) {
    const body = functionBody(value);
    return body ? rangeOf(body) : undefined;
  }
  if (value.type === 'identifier' || value.type === 'shorthand_property_identifier') {
    const fn = topLevelFunction(programOf(value), value.text);
    const body = fn ? functionBody(fn) : undefined;
    return body ? rangeOf(body) : undefined;
  }
  if (value.type === 'object') {
    const handler = objectProperty(value, 'handler');
    return handler ? handlerBodyRange(handler) : undefined;
  }
  if (value.type === 'array') {
    const last = namedChildren(value).pop();
    return last ? handlerBodyRange(last) : undefined;
  }
  const call = callParts(value);
  const wrapped = call?.args.filter((arg) => isFunction(unwrapExpression(arg))).pop();
  return wrapped ? handlerBodyRange(wrapped) : undefined;
}
