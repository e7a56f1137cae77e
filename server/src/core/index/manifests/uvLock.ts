import type { Parsed } from '../../model/dependency';
import { lineRange } from '../../model/location';
import { normalizePypiName } from './pep508';
import type { PypiLock, PypiLockEdge, PypiLockPackage } from './pypiGraph';
import { isTomlTable, parseTomlDocument, tomlString, tomlStrings, tomlTableAt } from './tomlDocument';
import { findTomlEntries, locateArrayTableEntry, scanTomlLayout } from './tomlLayout';

/**
 * Reads `uv.lock`: every `[[package]]` with its version, `dependencies` as edges (with the extras and, after a forked
 * resolution, the version they name) and `[package.optional-dependencies]`. The project and workspace members
 * (`source = { editable | virtual | directory }`) are first-party. uv.lock records no scope; the manifest's groups
 * decide it. Never throws.
 */
export function parseUvLock(text: string, path: string): Parsed<PypiLock> {
  const parsed = parseTomlDocument(text, path);
  if (!parsed.value) {
    return { problems: parsed.problems };
  }
  const entries = parsed.value.package;
  if (!Array.isArray(entries)) {
    return { problems: [{ path, message: 'uv.lock has no [[package]] entries' }] };
  }
  const nameEntries = findTomlEntries(scanTomlLayout(text), ['package', 'name']);
  const packages: PypiLockPackage[] = [];
  entries.forEach((entry: unknown, index) => {
    const rawName = isTomlTable(entry) ? tomlString(entry.name) : undefined;
    if (!isTomlTable(entry) || rawName === undefined) {
      return;
    }
    const extras = new Map<string, PypiLockEdge[]>();
    for (const [extra, references] of Object.entries(tomlTableAt(entry, ['optional-dependencies']) ?? {})) {
      extras.set(normalizePypiName(extra), edgesOf(references));
    }
    const source = tomlTableAt(entry, ['source']) ?? {};
    packages.push({
      name: normalizePypiName(rawName),
      version: tomlString(entry.version),
      dependencies: edgesOf(entry.dependencies),
      extras,
      isFirstParty: 'editable' in source || 'virtual' in source || 'directory' in source,
      range: locateArrayTableEntry(nameEntries, index, rawName) ?? lineRange(0),
    });
  });
  return { value: { path, packages, hasEdges: true }, problems: [] };
}

/** `[{ name = "click" }, { name = "numpy", version = "1.26.4", extra = ["x"] }]` → edges. */
function edgesOf(references: unknown): PypiLockEdge[] {
  return (Array.isArray(references) ? references : []).filter(isTomlTable).flatMap((reference) => {
    const name = tomlString(reference.name);
    return name === undefined
      ? []
      : [{ name: normalizePypiName(name), version: tomlString(reference.version), extras: tomlStrings(reference.extra).map(normalizePypiName) }];
  });
}
