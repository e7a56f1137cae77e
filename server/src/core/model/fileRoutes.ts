import type { Range } from './location';
import type { RouteFramework } from './routeFact';

/**
 * Something routes hang on: an app (`express()`, `Fastify()`, `new Koa()`), a router (`express.Router()`,
 * `new Router({ prefix })`, a Nest controller class) or a plugin, i.e. a function whose parameter routes are
 * declared on (`export default async (fastify) => { fastify.get(...) }`, `module.exports = (app) => { ... }`).
 */
export interface RouterDeclaration {
  /**
   * File-local key: the variable, function or class name, or a synthetic name for anonymous functions
   * (`*default*` for the default export, `*fn@<offset>*` otherwise). Keys never collide with export names.
   */
  name: string;
  framework: RouteFramework;
  kind: 'app' | 'router' | 'plugin';
  /** Prefix the router puts before its own routes (`new Router({ prefix })`, `router.prefix()`, `@Controller()`). */
  prefix?: string;
  range: Range;
}

/** One route as the file declares it: the path is relative to the router it hangs on. */
export interface DeclaredRoute {
  /** Upper-case HTTP method, or `ALL`. */
  method: string;
  /** The path as written (`/:id`, `''`, `:id` for Nest), before any prefix. */
  path: string;
  /**
   * True for `use(path, handler)`: the handler answers every path below `path`, so resolution appends an optional
   * wildcard (`{/*path}`, Express 5 syntax).
   */
  isPrefix?: boolean;
  /** Key of the router it hangs on: a {@link RouterDeclaration.name} or a local name imported from another file. */
  router: string;
  framework: RouteFramework;
  /** The declaration (the `router.get(...)` call, the `@Get()` decorator). */
  range: Range;
  /** The handler's body, when the handler is written in this file. */
  handlerRange?: Range;
}

/** What a mount brings in: a local name (a router, plugin or imported binding) or an export of another module. */
export type RouterReference = { kind: 'local'; name: string } | { kind: 'module'; specifier: string; exportName: string };

/** `app.use('/api', router)`, `router.use('/x', sub.routes())`, `fastify.register(plugin, { prefix })`, `routes(app)`. */
export interface RouterMount {
  /** Key of the mounting router. */
  parent: string;
  /** Mount path as written; `''` when there is none. */
  prefix: string;
  child: RouterReference;
  range: Range;
  /**
   * Express `use(path, x)`: when `x` proves not to be a router (a handler such as `serveFiles()`), the mount itself
   * is a route of this framework answering every method and every path below `prefix`.
   */
  handlerFramework?: RouteFramework;
}

/** A binding imported from a relative module (`import { a as b } from './x'`, `const b = require('./x')`). */
export interface ImportBinding {
  local: string;
  specifier: string;
  /** Exported name, `default` (also for CommonJS `module.exports`), or `*` for a namespace. */
  imported: string;
}

/**
 * A name the file exports: a local key (`export const router`, `module.exports = router`) or a name re-exported from
 * another module (`export { default as users } from './users'`; `exported: '*'` for `export * from`).
 */
export interface ExportBinding {
  exported: string;
  local?: string;
  from?: { specifier: string; imported: string };
}

/**
 * The routing facts of one source file, enough to join mounts across files (`index/routes/resolveRoutes`). The shape is
 * language-neutral so Python, Java and Go modules can produce it too.
 */
export interface FileRoutes {
  /** Repository-relative path with `/` separators. */
  path: string;
  routers: RouterDeclaration[];
  routes: DeclaredRoute[];
  mounts: RouterMount[];
  /** Relative imports only: package imports can't bring in first-party routers. */
  imports: ImportBinding[];
  exports: ExportBinding[];
  /** Prefixes applied to every route of the framework in and below this file's folder (Nest `setGlobalPrefix`). */
  globalPrefixes?: { framework: RouteFramework; prefix: string }[];
}
