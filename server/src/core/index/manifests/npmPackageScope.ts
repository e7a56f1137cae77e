import { parentDir } from './npmGraph';

import type { JsonValue, NpmPackageScope } from '../../model/workspaceIndex';

export type { JsonValue, NpmPackageScope };

/**
 * Where a subpath import or a self-reference leads: another package (`specifier` is the bare specifier to resolve
 * from the scope's folder, `lodash/merge.js`), or a file of the package itself (first-party code).
 */
export type ScopedTarget = { kind: 'package'; specifier: string } | { kind: 'file'; path: string };

/**
 * Node's conditions for an import site: `require` for `require()` and `import x = require()`, `import` otherwise,
 * both with `node` and `node-addons`; `default` always matches.
 */
export function nodeConditions(isRequire: boolean): ReadonlySet<string> {
  return new Set(['node', 'node-addons', isRequire ? 'require' : 'import']);
}

/**
 * The package scope of a repository-relative folder: the nearest `package.json` at or above it, as Node's
 * LOOKUP_PACKAGE_SCOPE finds it. Undefined when none of the given scopes covers the folder.
 */
export function packageScopeOf(scopes: ReadonlyMap<string, NpmPackageScope>, folder: string): NpmPackageScope | undefined {
  for (let dir = folder; ; dir = parentDir(dir)) {
    const scope = scopes.get(dir);
    if (scope !== undefined || dir === '') {
      return scope;
    }
  }
}

/**
 * Node's PACKAGE_IMPORTS_RESOLVE: a `#` specifier through the scope's `imports` (exact keys, then `*` patterns, the
 * longest prefix first), its target chosen by the conditions (object keys in order, arrays first match). Bare
 * targets name another package; `./` targets are files of the package. Undefined when nothing maps it (Node throws).
 */
export function resolveSubpathImport(scope: NpmPackageScope, specifier: string, conditions: ReadonlySet<string>): ScopedTarget | undefined {
  if (!specifier.startsWith('#') || specifier === '#' || specifier.startsWith('#/') || !isObject(scope.imports)) {
    return undefined;
  }
  const target = matchTargetMap(scope.imports, specifier, conditions);
  return target === undefined ? undefined : asScopedTarget(scope, target);
}

/**
 * Node's PACKAGE_SELF_RESOLVE: a bare specifier naming the scope's own package, when that package has `exports`, loads
 * the package's own file through them (`exports` targets are always `./` paths; an unexported subpath throws), never a
 * copy of that name installed in `node_modules`.
 */
export function isSelfReference(scope: NpmPackageScope, packageName: string): boolean {
  return scope.name !== undefined && scope.name === packageName && scope.exports !== undefined && scope.exports !== null;
}

function asScopedTarget(scope: NpmPackageScope, target: string): ScopedTarget | undefined {
  if (target.startsWith('./')) {
    return { kind: 'file', path: scope.folder === '' ? target.slice(2) : `${scope.folder}/${target.slice(2)}` };
  }
  // `../`, absolute paths and URLs are invalid targets to Node; a bare one names another package.
  return !/^(?:\.\.?\/|\/|[a-z][a-z0-9+.-]*:)/i.test(target) ? { kind: 'package', specifier: target } : undefined;
}

/** The target of a key of an `imports` map: the exact key, else the best `*` pattern (Node's order). */
function matchTargetMap(map: { [key: string]: JsonValue }, key: string, conditions: ReadonlySet<string>): string | undefined {
  if (!key.includes('*') && Object.hasOwn(map, key)) {
    return targetOf(map[key]!, '', conditions);
  }
  let best: { key: string; match: string } | undefined;
  for (const pattern of Object.keys(map)) {
    const star = pattern.indexOf('*');
    if (star < 0 || pattern.indexOf('*', star + 1) >= 0) {
      continue;
    }
    const base = pattern.slice(0, star);
    const trailer = pattern.slice(star + 1);
    if (key.startsWith(base) && key !== base && key.length >= pattern.length && key.endsWith(trailer) && (!best || comparePatternKeys(pattern, best.key) < 0)) {
      best = { key: pattern, match: key.slice(base.length, key.length - trailer.length) };
    }
  }
  return best && targetOf(map[best.key]!, best.match, conditions);
}

/** Node's PATTERN_KEY_COMPARE: the longer prefix before `*` first, then the longer key. */
function comparePatternKeys(a: string, b: string): number {
  const baseA = a.indexOf('*');
  const baseB = b.indexOf('*');
  return baseA !== baseB ? baseB - baseA : b.length - a.length;
}

/** Node's PACKAGE_TARGET_RESOLVE, reduced to the target string (`*` replaced); undefined where Node finds none. */
function targetOf(target: JsonValue, match: string, conditions: ReadonlySet<string>): string | undefined {
  if (typeof target === 'string') {
    return target.replaceAll('*', match);
  }
  if (Array.isArray(target)) {
    for (const item of target) {
      const resolved = targetOf(item, match, conditions);
      if (resolved !== undefined) {
        return resolved;
      }
    }
    return undefined;
  }
  if (isObject(target)) {
    for (const [condition, value] of Object.entries(target)) {
      if (condition === 'default' || conditions.has(condition)) {
        if (value === null) {
          return undefined; // a matched condition mapped to null excludes the path: Node stops there
        }
        const resolved = targetOf(value, match, conditions);
        if (resolved !== undefined) {
          return resolved;
        }
      }
    }
  }
  return undefined;
}

function isObject(value: JsonValue | undefined): value is { [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
