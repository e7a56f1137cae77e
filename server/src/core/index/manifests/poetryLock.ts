import type { DependencyScope, Parsed } from '../../model/dependency';
import { normalizePypiName, parsePep508 } from './pep508';
import { scopeOfGroupName, type PypiLock, type PypiLockEdge } from './pypiGraph';
import { isTomlTable, tomlString, tomlStrings, tomlTableAt, type TomlTable } from './tomlDocument';
import { parseTomlLockPackages } from './tomlLockPackages';
import { parsePrefixedHash } from './lockHashes';

/**
 * Reads `poetry.lock` (lock-version 1.1 to 2.1): every `[[package]]` with its version, the scope Poetry records
 * (`category` before Poetry 1.5, `groups` since 2.0), its `[package.dependencies]` as edges and its `[package.extras]`.
 * Optional dependencies are edges only through the extra that requests them. Local directory packages are first-party.
 * Never throws.
 */
export function parsePoetryLock(text: string, path: string): Parsed<PypiLock> {
  return parseTomlLockPackages(text, path, 'poetry.lock', (entry, root) => {
    const dependencies = Object.entries(tomlTableAt(entry, ['dependencies']) ?? {}).flatMap(([name, value]) => {
      const tables = (Array.isArray(value) ? value : [value]).filter(isTomlTable);
      // Poetry lists an extra's dependencies as optional here and names them again under [package.extras].
      if (tables.length > 0 && tables.every((table) => table.optional === true)) {
        return [];
      }
      return [{ name: normalizePypiName(name), extras: tables.flatMap((table) => tomlStrings(table.extras)).map(normalizePypiName) }];
    });
    const extras = new Map<string, PypiLockEdge[]>();
    for (const [extra, requirements] of Object.entries(tomlTableAt(entry, ['extras']) ?? {})) {
      const edges = tomlStrings(requirements).flatMap((requirement) => {
        const parsedRequirement = parsePep508(requirement);
        return parsedRequirement ? [{ name: parsedRequirement.normalizedName, extras: parsedRequirement.extras }] : [];
      });
      extras.set(normalizePypiName(extra), edges);
    }
    // Poetry 1.2+ lists each package's files under `files`; lock-version 1.1 under `[metadata.files]`, by name.
    const files = Array.isArray(entry.files) ? entry.files : tomlTableAt(root, ['metadata', 'files'])?.[tomlString(entry.name) ?? ''];
    const hashes = (Array.isArray(files) ? files : []).filter(isTomlTable).flatMap((file) => parsePrefixedHash(file.hash, tomlString(file.file)));
    return { dependencies, extras, scope: lockScope(entry), isFirstParty: tomlString(tomlTableAt(entry, ['source'])?.type) === 'directory', hashes };
  });
}

function lockScope(entry: TomlTable): DependencyScope | undefined {
  const groups = tomlStrings(entry.groups);
  if (groups.length > 0) {
    const scopes = groups.map(scopeOfGroupName);
    return scopes.includes('prod') ? 'prod' : scopes.every((scope) => scope === 'dev') ? 'dev' : 'optional';
  }
  const category = tomlString(entry.category);
  return category === 'main' ? 'prod' : category === 'dev' ? 'dev' : undefined;
}
