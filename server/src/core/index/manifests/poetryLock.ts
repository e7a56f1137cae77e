import type { DependencyScope, Parsed } from '../../model/dependency';
import { lineRange } from '../../model/location';
import { normalizePypiName, parsePep508 } from './pep508';
import { scopeOfGroupName, type PypiLock, type PypiLockEdge, type PypiLockPackage } from './pypiGraph';
import { isTomlTable, parseTomlDocument, tomlString, tomlStrings, tomlTableAt, type TomlTable } from './tomlDocument';
import { findTomlEntries, locateArrayTableEntry, scanTomlLayout } from './tomlLayout';

/**
 * Reads `poetry.lock` (lock-version 1.1 to 2.1): every `[[package]]` with its version, the scope Poetry records
 * (`category` before Poetry 1.5, `groups` since 2.0), its `[package.dependencies]` as edges and its `[package.extras]`.
 * Optional dependencies are edges only through the extra that requests them. Local directory packages are first-party.
 * Never throws.
 */
export function parsePoetryLock(text: string, path: string): Parsed<PypiLock> {
  const parsed = parseTomlDocument(text, path);
  if (!parsed.value) {
    return { problems: parsed.problems };
  }
  const entries = parsed.value.package;
  if (!Array.isArray(entries)) {
    return { problems: [{ path, message: 'poetry.lock has no [[package]] entries' }] };
  }
  const nameEntries = findTomlEntries(scanTomlLayout(text), ['package', 'name']);
  const packages: PypiLockPackage[] = [];
  entries.forEach((entry: unknown, index) => {
    const rawName = isTomlTable(entry) ? tomlString(entry.name) : undefined;
    if (!isTomlTable(entry) || rawName === undefined) {
      return;
    }
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
    packages.push({
      name: normalizePypiName(rawName),
      version: tomlString(entry.version),
      dependencies,
      extras,
      scope: lockScope(entry),
      isFirstParty: tomlString(tomlTableAt(entry, ['source'])?.type) === 'directory',
      range: locateArrayTableEntry(nameEntries, index, rawName) ?? lineRange(0),
    });
  });
  return { value: { path, packages, hasEdges: true }, problems: [] };
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
