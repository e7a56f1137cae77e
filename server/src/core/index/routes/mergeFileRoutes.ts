import type { Range } from '../../model/location';
import type { FileRoutes } from '../../model/fileRoutes';

/** An empty {@link FileRoutes} for a path. */
export function emptyFileRoutes(path: string): FileRoutes {
  return { path, routers: [], routes: [], mounts: [], imports: [], exports: [] };
}

/** Whether the file contributes anything to route resolution (routes, routers, mounts or re-exports). */
export function hasRoutingFacts(file: FileRoutes): boolean {
  return file.routes.length > 0 || file.routers.length > 0 || file.mounts.length > 0 || file.exports.some((binding) => binding.from !== undefined) || (file.globalPrefixes?.length ?? 0) > 0;
}

/**
 * Merges the facts several framework modules found in the same file. Later duplicates (same declaration, same
 * method and path) are dropped, so a route claimed by two frameworks is kept once, by the first.
 */
export function mergeFileRoutes(path: string, parts: readonly FileRoutes[]): FileRoutes {
  const merged = emptyFileRoutes(path);
  const seen = new Set<string>();
  const add = <T>(list: T[], item: T, key: string): void => {
    if (!seen.has(key)) {
      seen.add(key);
      list.push(item);
    }
  };
  const at = (range: Range): string => `${range.start.line}:${range.start.character}`;
  for (const part of parts) {
    part.routers.forEach((router) => add(merged.routers, router, `router ${router.name}`));
    part.routes.forEach((route) => add(merged.routes, route, `route ${at(route.range)} ${route.method} ${route.path}`));
    part.mounts.forEach((mount) => add(merged.mounts, mount, `mount ${at(mount.range)} ${JSON.stringify(mount.child)}`));
    part.imports.forEach((binding) => add(merged.imports, binding, `import ${binding.local}`));
    part.exports.forEach((binding) => add(merged.exports, binding, `export ${JSON.stringify(binding)}`));
    for (const global of part.globalPrefixes ?? []) {
      merged.globalPrefixes ??= [];
      add(merged.globalPrefixes, global, `global ${global.framework} ${global.prefix}`);
    }
  }
  return merged;
}
