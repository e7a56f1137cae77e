import { resolveRelative } from '../../model/paths';
import type { DeclaredRoute, FileRoutes, RouterMount, RouterReference } from '../../model/fileRoutes';
import { isRelativeSpecifier } from './jsModules';
import type { RouteFact, RouteFramework } from '../../model/routeFact';
import { joinRoutePath } from './routePath';

/** Resolution limits: re-export chains deeper than this, or more mount paths per router, are cut off. */
const maxChainDepth = 16;
const maxPrefixesPerRouter = 32;

/** Suffix that makes a `use(path, handler)` route answer every path below `path` (Express 5 syntax). */
export const subpathWildcard = '{/*path}';

interface NodeRef {
  file: string;
  name: string;
}

interface RouterNode {
  file: string;
  name: string;
  prefix: string;
  routes: { file: string; route: DeclaredRoute }[];
  children: { key: string; prefix: string }[];
  hasParent: boolean;
}

/** Options of {@link resolveRoutes}. */
export interface ResolveOptions {
  /**
   * Every source path of the workspace, also those without routing facts (default: the keys of `files`). A mount
   * whose target resolves to a known file that declares no router is then known to be a handler, not a router.
   */
  knownPaths?: ReadonlySet<string>;
}

/**
 * Joins the routing facts of many files into full routes: each router's routes get the prefixes of every chain of
 * mounts that reaches it (`app.use('/rest/products', productsRouter)` in another file), the router's own prefix
 * and the framework's global prefix. Relative specifiers resolve against the known paths (extensions `.ts`, `.js`…
 * and `index.*` tried). A router no mount reaches keeps its own prefix only; mount cycles are cut. An Express
 * `use(path, x)` whose `x` is known not to be a router becomes an `ALL path{/*path}` route.
 * Output is sorted by file and position.
 */
export function resolveRoutes(files: ReadonlyMap<string, FileRoutes>, options: ResolveOptions = {}): RouteFact[] {
  const graph = new RouteGraph(files, options.knownPaths ?? new Set(files.keys()));
  return graph.emit();
}

/**
 * The routes of one file with only the prefixes the file itself makes known (its own mounts and router prefixes):
 * what a per-file index can say before the files are joined.
 */
export function fileLocalRoutes(file: FileRoutes): RouteFact[] {
  return resolveRoutes(new Map([[file.path, file]]));
}

class RouteGraph {
  private readonly nodes = new Map<string, RouterNode>();
  private readonly globalPrefixes: { dir: string; framework: RouteFramework; prefix: string }[] = [];

  constructor(
    private readonly files: ReadonlyMap<string, FileRoutes>,
    private readonly knownPaths: ReadonlySet<string>,
  ) {
    for (const [path, file] of files) {
      for (const router of file.routers) {
        if (router.prefix !== undefined) {
          this.nodeFor({ file: path, name: router.name }).prefix = router.prefix;
        }
      }
      for (const global of file.globalPrefixes ?? []) {
        this.globalPrefixes.push({ dir: path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '', ...global });
      }
      for (const route of file.routes) {
        this.nodeFor(this.canonical(path, route.router)).routes.push({ file: path, route });
      }
    }
    const handlerMounts: { path: string; mount: RouterMount; parent: RouterNode; child?: RouterNode; isKnown: boolean }[] = [];
    for (const [path, file] of files) {
      for (const mount of file.mounts) {
        const parent = this.nodeFor(this.canonical(path, mount.parent));
        const target = this.mountTarget(path, mount.child);
        const child = target.ref ? this.nodeFor(target.ref) : undefined;
        if (child && child !== parent) {
          parent.children.push({ key: keyOf(child.file, child.name), prefix: mount.prefix });
          child.hasParent = true;
        }
        if (mount.handlerFramework) {
          handlerMounts.push({ path, mount, parent, child, isKnown: target.isKnown });
        }
      }
    }
    // Only now is every router known: a mounted name with no routes and no mounts of its own is a handler.
    for (const { path, mount, parent, child, isKnown } of handlerMounts) {
      const isRouter = child !== undefined && (child.routes.length > 0 || child.children.length > 0);
      if (isKnown && !isRouter && mount.handlerFramework) {
        const route: DeclaredRoute = { method: 'ALL', path: mount.prefix, isPrefix: true, router: mount.parent, framework: mount.handlerFramework, range: mount.range };
        parent.routes.push({ file: path, route });
      }
    }
  }

  emit(): RouteFact[] {
    const facts: RouteFact[] = [];
    const seen = new Set<string>();
    const prefixCount = new Map<string, number>();
    const visit = (key: string, prefix: string, stack: Set<string>): void => {
      const node = this.nodes.get(key);
      const count = prefixCount.get(key) ?? 0;
      if (!node || stack.has(key) || count >= maxPrefixesPerRouter) {
        return;
      }
      prefixCount.set(key, count + 1);
      const base = joinRoutePath(prefix, node.prefix);
      for (const { file, route } of node.routes) {
        const path = this.withGlobalPrefix(file, route.framework, joinRoutePath(base, route.path)) + (route.isPrefix ? subpathWildcard : '');
        const fact: RouteFact = { method: route.method, path, framework: route.framework, location: { path: file, range: route.range } };
        if (route.handlerRange) {
          fact.handlerRange = route.handlerRange;
        }
        const identity = `${fact.method} ${fact.path} ${file}:${route.range.start.line}:${route.range.start.character}`;
        if (!seen.has(identity)) {
          seen.add(identity);
          facts.push(fact);
        }
      }
      const inner = new Set(stack).add(key);
      for (const child of node.children) {
        visit(child.key, joinRoutePath(base, child.prefix), inner);
      }
    };
    for (const [key, node] of this.nodes) {
      if (!node.hasParent) {
        visit(key, '', new Set());
      }
    }
    // Routers reachable only through a mount cycle have no root: start from each of them.
    for (const key of this.nodes.keys()) {
      if (!prefixCount.has(key)) {
        visit(key, '', new Set());
      }
    }
    return facts.sort(compareRouteFacts);
  }

  /**
   * The node a mount brings in, if any, and whether its target is known: false when it names a file outside the
   * known paths, so it may well be a router we can't see.
   */
  private mountTarget(path: string, child: RouterReference): { ref?: NodeRef; isKnown: boolean } {
    const binding = child.kind === 'local' ? this.files.get(path)?.imports.find((item) => item.local === child.name) : undefined;
    if (child.kind === 'local' && !binding) {
      return { ref: { file: path, name: child.name }, isKnown: true };
    }
    const specifier = child.kind === 'module' ? child.specifier : binding!.specifier;
    const exportName = child.kind === 'module' ? child.exportName : binding!.imported;
    const target = resolveSpecifier(path, specifier, this.knownPaths);
    if (target === undefined) {
      return child.kind === 'local' ? { ref: { file: path, name: child.name }, isKnown: false } : { isKnown: false };
    }
    return { ref: exportName === '*' ? undefined : this.exported(target, exportName, 0), isKnown: true };
  }

  /** The node a file-local name stands for: itself, or the router an imported binding refers to. */
  private canonical(path: string, name: string, depth = 0): NodeRef {
    const binding = this.files.get(path)?.imports.find((item) => item.local === name);
    if (binding && binding.imported !== '*') {
      const target = this.exported(resolveSpecifier(path, binding.specifier, this.knownPaths), binding.imported, depth + 1);
      if (target) {
        return target;
      }
    }
    return { file: path, name };
  }

  /** The node export `exportName` of a file denotes, following re-exports; undefined when unknown. */
  private exported(path: string | undefined, exportName: string, depth: number): NodeRef | undefined {
    const file = path === undefined ? undefined : this.files.get(path);
    if (!file || depth > maxChainDepth) {
      return undefined;
    }
    for (const binding of file.exports) {
      if (binding.exported !== exportName) {
        continue;
      }
      if (binding.local !== undefined) {
        return this.canonical(file.path, binding.local, depth + 1);
      }
      if (binding.from && binding.from.imported !== '*') {
        return this.exported(resolveSpecifier(file.path, binding.from.specifier, this.knownPaths), binding.from.imported, depth + 1);
      }
    }
    if (exportName === 'default') {
      return undefined; // `export *` never re-exports a default
    }
    for (const binding of file.exports) {
      if (binding.exported === '*' && binding.from) {
        const found = this.exported(resolveSpecifier(file.path, binding.from.specifier, this.knownPaths), exportName, depth + 1);
        if (found) {
          return found;
        }
      }
    }
    return undefined;
  }

  private nodeFor(ref: NodeRef): RouterNode {
    const key = keyOf(ref.file, ref.name);
    let node = this.nodes.get(key);
    if (!node) {
      node = { file: ref.file, name: ref.name, prefix: '', routes: [], children: [], hasParent: false };
      this.nodes.set(key, node);
    }
    return node;
  }

  /** A framework-wide prefix (Nest `setGlobalPrefix`) set by a file in the route file's folder or above it, the nearest winning. */
  private withGlobalPrefix(routeFile: string, framework: RouteFramework, path: string): string {
    let best: { dir: string; prefix: string } | undefined;
    for (const global of this.globalPrefixes) {
      const isAbove = global.dir === '' || routeFile.startsWith(`${global.dir}/`);
      if (global.framework === framework && isAbove && (!best || global.dir.length > best.dir.length)) {
        best = global;
      }
    }
    return best ? joinRoutePath(best.prefix, path) : path;
  }
}

function keyOf(file: string, name: string): string {
  return `${file}\u0000${name}`;
}

/** The order of {@link resolveRoutes}: by file, position, path, method. */
export function compareRouteFacts(a: RouteFact, b: RouteFact): number {
  const byFile = a.location.path < b.location.path ? -1 : a.location.path > b.location.path ? 1 : 0;
  return (
    byFile ||
    a.location.range.start.line - b.location.range.start.line ||
    a.location.range.start.character - b.location.range.start.character ||
    (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) ||
    (a.method < b.method ? -1 : a.method > b.method ? 1 : 0)
  );
}

const sourceExtensions = ['.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs', '.mts', '.cts'];

/**
 * The known file a relative specifier of `fromPath` names: the exact path, the path with a source extension, its
 * `index.*`, or, for an ESM-style `./x.js` written in TypeScript, `./x.ts`. Undefined when none is known or the
 * specifier leaves the repository.
 */
export function resolveSpecifier(fromPath: string, specifier: string, knownPaths: ReadonlySet<string>): string | undefined {
  if (!isRelativeSpecifier(specifier)) {
    return undefined; // packages and path aliases (`@/x`) name no file we can find without the tsconfig
  }
  const base = resolveRelative(fromPath.split('/').slice(0, -1).join('/'), specifier);
  if (base === undefined) {
    return undefined;
  }
  const stem = base.replace(/\.[cm]?jsx?$/, '');
  const candidates = [base, ...sourceExtensions.map((extension) => stem + extension), ...sourceExtensions.map((extension) => `${base}/index${extension}`)];
  return candidates.find((candidate) => knownPaths.has(candidate));
}
