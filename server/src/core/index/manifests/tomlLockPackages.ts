import type { Parsed } from '../../model/dependency';
import { lineRange } from '../../model/location';
import { normalizePypiName } from './pep508';
import type { PypiLock, PypiLockPackage } from './pypiGraph';
import { isTomlTable, parseTomlDocument, tomlString, type TomlTable } from './tomlDocument';
import { findTomlEntries, locateArrayTableEntry, scanTomlLayout } from './tomlLayout';

/** What a lockfile format reads from one `[[package]]` table besides its name, version and place (`root`: the document). */
export type LockPackageReader = (entry: TomlTable, root: TomlTable) => Omit<PypiLockPackage, 'name' | 'version' | 'range'>;

/**
 * Reads the `[[package]]` tables of a TOML lockfile (poetry.lock, uv.lock): each named entry with its version and the
 * line that names it, plus what `read` takes from it. Entries without a name are skipped. Never throws.
 */
export function parseTomlLockPackages(text: string, path: string, fileLabel: string, read: LockPackageReader): Parsed<PypiLock> {
  const parsed = parseTomlDocument(text, path);
  if (!parsed.value) {
    return { problems: parsed.problems };
  }
  const entries = parsed.value.package;
  if (!Array.isArray(entries)) {
    return { problems: [{ path, message: `${fileLabel} has no [[package]] entries` }] };
  }
  const nameEntries = findTomlEntries(scanTomlLayout(text), ['package', 'name']);
  const packages: PypiLockPackage[] = [];
  entries.forEach((entry: unknown, index) => {
    const rawName = isTomlTable(entry) ? tomlString(entry.name) : undefined;
    if (!isTomlTable(entry) || rawName === undefined) {
      return;
    }
    packages.push({
      ...read(entry, parsed.value!),
      name: normalizePypiName(rawName),
      version: tomlString(entry.version),
      range: locateArrayTableEntry(nameEntries, index, rawName) ?? lineRange(0),
    });
  });
  return { value: { path, packages, hasEdges: true }, problems: [] };
}
