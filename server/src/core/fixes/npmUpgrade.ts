import { modify, type FormattingOptions } from 'jsonc-parser';
import type { FileEdit, FixPlan } from '../model/analysis';
import type { DeclaredDependency, DependencyScope } from '../model/dependency';
import { LineIndex } from '../model/location';
import { lowestFixedVersion, specInStyleOf } from './lowestFixedVersion';

const sectionByScope: Record<DependencyScope, string> = {
  prod: 'dependencies',
  dev: 'devDependencies',
  optional: 'optionalDependencies',
  peer: 'peerDependencies',
};

/** Upgrade a direct dependency in its manifest to the lowest fixed version, keeping the range style. */
export function planDirectUpgrade(
  declaration: DeclaredDependency,
  manifestText: string,
  fixedVersions: readonly string[],
  installedVersion: string | undefined,
): FixPlan | undefined {
  const target = lowestFixedVersion(fixedVersions, installedVersion);
  const spec = target && specInStyleOf(declaration.spec, target);
  if (!spec || spec === declaration.spec) {
    return undefined;
  }
  const edits = jsonEdits(manifestText, declaration.manifestPath, [sectionByScope[declaration.scope], declaration.name], spec);
  return edits.length > 0 ? { title: `Upgrade ${declaration.name} to ${spec}`, kind: 'upgrade', edits } : undefined;
}

/**
 * Force a transitive package to the lowest fixed version in the root manifest, where the package manager reads pins:
 * npm `overrides` (nested under the direct dependency that pulls it in), yarn `resolutions` (`parent/child`), pnpm
 * `pnpm.overrides` (`parent>child`). Scoped to that dependency so other copies of the package keep their versions;
 * the exact version keeps the change as small as possible.
 */
export function planTransitiveOverride(
  packageName: string,
  viaDependency: string,
  rootManifestPath: string,
  rootManifestText: string,
  fixedVersions: readonly string[],
  installedVersion: string | undefined,
  packageManager: 'npm' | 'yarn' | 'pnpm' = 'npm',
): FixPlan | undefined {
  const target = lowestFixedVersion(fixedVersions, installedVersion);
  if (!target) {
    return undefined;
  }
  if (packageManager === 'yarn') {
    // yarn reads `resolutions`; `parent/child` limits the pin to the copy under the direct dependency.
    const edits = jsonEdits(rootManifestText, rootManifestPath, ['resolutions', `${viaDependency}/${packageName}`], target);
    return edits.length > 0 ? { title: `Resolve ${packageName} to ${target} under ${viaDependency} (yarn resolutions)`, kind: 'override', edits } : undefined;
  }
  if (packageManager === 'pnpm') {
    // pnpm reads `pnpm.overrides`; `parent>child` limits the pin the same way.
    const edits = jsonEdits(rootManifestText, rootManifestPath, ['pnpm', 'overrides', `${viaDependency}>${packageName}`], target);
    return edits.length > 0 ? { title: `Override ${packageName} to ${target} under ${viaDependency} (pnpm.overrides)`, kind: 'override', edits } : undefined;
  }
  let edits: FileEdit[];
  try {
    edits = jsonEdits(rootManifestText, rootManifestPath, ['overrides', viaDependency, packageName], target);
  } catch {
    // `overrides.<via>` is already a plain version string: it cannot nest, so override the package globally.
    edits = jsonEdits(rootManifestText, rootManifestPath, ['overrides', packageName], target);
  }
  return edits.length > 0
    ? { title: `Override ${packageName} to ${target} under ${viaDependency} (npm overrides)`, kind: 'override', edits }
    : undefined;
}

function jsonEdits(text: string, path: string, jsonPath: string[], value: string): FileEdit[] {
  const lines = new LineIndex(text);
  return modify(text, jsonPath, value, { formattingOptions: detectFormatting(text) }).map((edit) => ({
    path,
    range: lines.rangeOf(edit.offset, edit.length),
    newText: edit.content,
  }));
}

/** Keeps the manifest's own indentation and line endings. */
function detectFormatting(text: string): FormattingOptions {
  const indent = /\n([ \t]+)"/.exec(text)?.[1] ?? '  ';
  return {
    insertSpaces: !indent.startsWith('\t'),
    tabSize: indent.startsWith('\t') ? 1 : indent.length,
    eol: text.includes('\r\n') ? '\r\n' : '\n',
  };
}
