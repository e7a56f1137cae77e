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
  const property = ecosystem === 'maven' ? /<version>\s*\$\{([\w.-]+)\}\s*<\/version>/.exec(written)?.[1] : undefined;
  if (property !== undefined) {
    return planPropertyUpgrade(declaration, property, manifestText, fixedVersions, installedVersion);
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
  // A go.mod `// indirect` require pins a module a dependency needs: raising it works, and `go mod tidy` then
  // checks that the build still needs it (and drops the line if not).
  const isIndirect = ecosystem === 'golang' && /\/\/\s*indirect\b/.test(manifestText.slice(end, manifestText.indexOf('\n', end) === -1 ? undefined : manifestText.indexOf('\n', end)) + written);
  return {
    title: `Upgrade ${declaration.name} to ${spec}${isIndirect ? ' (an // indirect require: run go mod tidy after)' : ''}`,
    kind: 'upgrade',
    edits: [{ path: declaration.manifestPath, range: { start: lines.positionAt(start + at), end: lines.positionAt(start + at + floor.length) }, newText: newVersion }],
  };
}

/**
 * Maven: a dependency versioned through a property (`<version>${xstream.version}</version>`) is upgraded by editing
 * the property's value, when the same pom defines it once and nothing else uses it (another dependency would move
 * with it). Undefined otherwise: the hover names the property to change.
 */
function planPropertyUpgrade(declaration: DeclaredDependency, property: string, manifestText: string, fixedVersions: readonly string[], installedVersion: string | undefined): FixPlan | undefined {
  const uses = manifestText.split(`\${${property}}`).length - 1;
  const escaped = property.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const definitions = [...manifestText.matchAll(new RegExp(`<${escaped}>\\s*([^<\\s]+)\\s*</${escaped}>`, 'g'))];
  const target = lowestFixedVersionIn('maven', fixedVersions, installedVersion);
  const definition = definitions[0];
  if (uses !== 1 || definitions.length !== 1 || !definition || !target) {
    return undefined;
  }
  const current = definition[1]!;
  if ((compareVersions('maven', current, target) ?? 0) >= 0) {
    return undefined;
  }
  const at = definition.index + definition[0].indexOf(current, property.length + 2);
  const lines = new LineIndex(manifestText);
  return {
    title: `Upgrade ${declaration.name} to ${target} (property ${property})`,
    kind: 'upgrade',
    edits: [{ path: declaration.manifestPath, range: { start: lines.positionAt(at), end: lines.positionAt(at + current.length) }, newText: target }],
  };
}
