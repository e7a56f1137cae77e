import type { Parsed } from '../../model/dependency';
import { lineRange, type Range } from '../../model/location';
import { normalizePypiName } from './pep508';
import type { PypiLock, PypiLockPackage } from './pypiGraph';
import { isTomlTable, parseTomlDocument, tomlString, type TomlTable } from './tomlDocument';

/** What a lockfile format reads from one `[[package]]` table besides its name, version and place (`root`: the document). */
export type LockPackageReader = (entry: TomlTable, root: TomlTable) => Omit<PypiLockPackage, 'name' | 'version' | 'range'>;

/**
 * Reads the `[[package]]` tables of a TOML lockfile (poetry.lock, uv.lock): each named entry with its version and the
 * line that names it, plus what `read` takes from it. Entries without a name are skipped. Never throws.
 */
export function parseTomlLockPackages(text: string, path: string, fileLabel: string, read: LockPackageReader): Parsed<PypiLock> {
  const tables = readNamedArrayTables(text, path, 'package', fileLabel);
  if (!tables.value) {
    return { problems: tables.problems };
  }
  const packages: PypiLockPackage[] = tables.value.entries.map(({ entry, name, range }) => ({ ...read(entry, tables.value!.root), name: normalizePypiName(name), version: tomlString(entry.version), range }));
  return { value: { path, packages, hasEdges: true }, problems: [] };
}

/**
 * The named entries of an array of tables (`[[package]]`, `[[projects]]`) of a TOML lockfile, each with the range of
 * its `name = "…"` line, and the parsed document. Entries without a name are skipped. Never throws.
 */
export function readNamedArrayTables(text: string, path: string, table: string, fileLabel: string): Parsed<{ root: TomlTable; entries: { entry: TomlTable; name: string; range: Range }[] }> {
  const parsed = parseTomlDocument(text, path);
  if (!parsed.value) {
    return { problems: parsed.problems };
  }
  const document = parsed.value;
  const items = document.root[table];
  if (!Array.isArray(items)) {
    return { problems: [{ path, message: `${fileLabel} has no [[${table}]] entries` }] };
  }
  const entries: { entry: TomlTable; name: string; range: Range }[] = [];
  items.forEach((entry: unknown, index) => {
    const name = isTomlTable(entry) ? tomlString(entry.name) : undefined;
    if (isTomlTable(entry) && name !== undefined) {
      entries.push({ entry, name, range: document.rangeOf([table, index, 'name']) ?? lineRange(0) });
    }
  });
  return { value: { root: document.root, entries }, problems: [] };
}
