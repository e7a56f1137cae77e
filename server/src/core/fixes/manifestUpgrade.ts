import type { FixPlan } from '../model/analysis';
import type { DeclaredDependency } from '../model/dependency';
import { LineIndex } from '../model/location';
import { compareVersions } from '../versions/compareVersions';
import { asVersionOf, lowestFixedVersionIn } from './lowestFixedVersion';

/** Operators a single-clause spec may start with; the version after it is what an upgrade rewrites. */
const leadingOperator = /^(===|==|~=|>=|\^|~|=)?\s*/;

/**
 * The version a single-clause spec asks for at least (`==2.2.2`, `^5.3`, `>=1.0`, `v1.9.0`, `1.7.36`), or undefined
 * for ranges with several clauses, wildcards, properties and URLs, which an upgrade must not rewrite blindly.
 */
export function specFloor(spec: string): string | undefined {
  const trimmed = spec.trim();
  if (trimmed === '' || /[,<|*!]|\$\{|\s|:\/\/|\.x\b|^[[(]/.test(trimmed.replace(leadingOperator, ''))) {
    return undefined;
  }
  const version = trimmed.replace(leadingOperator, '');
  return /^v?\d/.test(version) ? version : undefined;
}

/**
 * Upgrades a direct dependency of a PyPI, Go or Maven manifest (requirements files, `pyproject.toml`, `go.mod`,
 * `pom.xml`, Gradle builds) to the lowest fixed version by rewriting the version where the declaration writes it:
 * `Flask==2.2.2` → `Flask==2.3.2`, `PyYAML = "^5.3"` → `"^5.4"`, `gin v1.9.0` → `v1.9.1`, `<version>`. The spec's
 * operator is kept. Nothing is offered when the declaration does not write the version itself (a Maven property or
 * managed version, a constraints file), writes a range with several clauses, or pins hashes that the new version
 * would not match.
 */
export function planManifestUpgrade(
  ecosystem: string,
  declaration: DeclaredDependency,
  manifestText: string,
  fixedVersions: readonly string[],
  installedVersion: string | undefined,
): FixPlan | undefined {
  const floor = specFloor(declaration.spec);
  const target = lowestFixedVersionIn(ecosystem, fixedVersions, installedVersion);
  if (!floor || !target || (compareVersions(ecosystem, asVersionOf(ecosystem, floor), target) ?? 0) >= 0) {
    return undefined; // the spec already asks for a fixed version (pending install), or cannot be compared
  }
  const lines = new LineIndex(manifestText);
  const start = lines.offsetAt(declaration.range.start);
  const end = lines.offsetAt(declaration.range.end);
  const written = manifestText.slice(start, end);
  if (written.includes('--hash')) {
    return undefined; // hash-checked requirements need their hashes regenerated (pip-compile), not a version edit
  }
  const nameAt = written.toLowerCase().indexOf(declaration.name.split(':').pop()!.toLowerCase());
  const from = Math.max(0, nameAt);
  const at = written.indexOf(floor, from);
  const isWholeVersion = (index: number): boolean => !/[\w.+-]/.test(written[index - 1] ?? ' ');
  if (at === -1 || written.indexOf(floor, at + 1) !== -1 || !isWholeVersion(at) || /[\w.+-]/.test(written[at + floor.length] ?? ' ')) {
    return undefined; // not written once, as a whole version, in the declaration
  }
  const newVersion = floor.startsWith('v') || !target.startsWith('v') ? target : target.slice(1);
  const spec = declaration.spec.trim().replace(floor, newVersion);
  return {
    title: `Upgrade ${declaration.name} to ${spec}`,
    kind: 'upgrade',
    edits: [{ path: declaration.manifestPath, range: { start: lines.positionAt(start + at), end: lines.positionAt(start + at + floor.length) }, newText: newVersion }],
  };
}
