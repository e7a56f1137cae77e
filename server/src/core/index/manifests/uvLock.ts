import type { Parsed } from '../../model/dependency';
import { normalizePypiName } from './pep508';
import type { PypiLock, PypiLockEdge } from './pypiGraph';
import { isTomlTable, tomlString, tomlStrings, tomlTableAt } from './tomlDocument';
import { parseTomlLockPackages } from './tomlLockPackages';
import { parsePrefixedHash } from './lockHashes';

/**
 * Reads `uv.lock`: every `[[package]]` with its version, `dependencies` as edges (with the extras and, after a forked
 * resolution, the version they name) and `[package.optional-dependencies]`. The project and workspace members
 * (`source = { editable | virtual | directory }`) are first-party. uv.lock records no scope; the manifest's groups
 * decide it. Never throws.
 */
export function parseUvLock(text: string, path: string): Parsed<PypiLock> {
  return parseTomlLockPackages(text, path, 'uv.lock', (entry) => {
    const extras = new Map<string, PypiLockEdge[]>();
    for (const [extra, references] of Object.entries(tomlTableAt(entry, ['optional-dependencies']) ?? {})) {
      extras.set(normalizePypiName(extra), edgesOf(references));
    }
    const source = tomlTableAt(entry, ['source']) ?? {};
    const files = [entry.sdist, ...(Array.isArray(entry.wheels) ? entry.wheels : [])].filter(isTomlTable);
    const hashes = files.flatMap((file) => parsePrefixedHash(file.hash, tomlString(file.url) ?? tomlString(file.filename) ?? tomlString(file.path)));
    return { dependencies: edgesOf(entry.dependencies), extras, isFirstParty: 'editable' in source || 'virtual' in source || 'directory' in source, hashes };
  });
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
