import * as semver from 'semver';
import type { DeclaredDependency, DependencyGraph, ParseProblem, ResolvedPackage } from '../../model/dependency';
import type { GoMod, GoReplace } from './goMod';
import type { GoSumEntry } from './goSum';
import { lockEntryDeclaration } from './lockEntryDeclaration';

/**
 * Builds the Go graph of one module. Since Go 1.17 go.mod lists every module the build needs, so its `require` lines
 * are the whole build list: plain lines are direct, `// indirect` ones transitive. Go records no edges, so an
 * indirect module is introduced by its own require line (consumers need a location, and naming a direct dependency
 * would be a guess), and no module's dependants are known (`hasKnownParents: false`): go.sum checksums modules, it
 * is not a graph. `replace` decides what is built: another module version is reported under its own path (imports
 * keep the replaced module's paths: `replacedModule`); a local
 * directory is first-party code and no package. Go cannot tell test-only modules apart: every module is prod.
 *
 * go.sum backs the graph as a lockfile: requires it has no checksum for are reported (a stale go.sum), and for
 * modules older than Go 1.17 (whose go.mod may omit indirect modules) the modules whose code it checksums are added,
 * at their highest version (minimal version selection picks the highest required one).
 */
export function buildGolangGraph(goMod: GoMod, goSum?: { path: string; entries: GoSumEntry[] }): { graph: DependencyGraph; problems: ParseProblem[] } {
  const problems: ParseProblem[] = [];
  const declared: DeclaredDependency[] = [];
  const packages: ResolvedPackage[] = [];
  const summed = new Set(goSum?.entries.map((entry) => `${entry.module}@${entry.version}`));
  // The checksum of the module's content (not of its go.mod alone) is what `go mod verify` checks.
  const contentHashes = new Map(goSum?.entries.filter((entry) => !entry.isGoModOnly).map((entry) => [`${entry.module}@${entry.version}`, entry.hash]));
  const hashesOf = (name: string, version: string): Pick<ResolvedPackage, 'hashes'> => {
    const hash = contentHashes.get(`${name}@${version}`);
    return hash ? { hashes: [{ algorithm: 'go-h1', value: hash }] } : {};
  };
  for (const require of goMod.requires) {
    const declaration: DeclaredDependency = { name: require.module, spec: require.version, scope: 'prod', manifestPath: goMod.path, range: require.range };
    declared.push(declaration);
    const replace = replacementOf(goMod.replaces, require.module, require.version);
    if (replace && 'localPath' in replace.replacement) {
      continue;
    }
    const name = replace && 'module' in replace.replacement ? replace.replacement.module : require.module;
    const version = replace && 'version' in replace.replacement ? replace.replacement.version : require.version;
    if (goSum && !summed.has(`${name}@${version}`)) {
      problems.push({ path: goMod.path, message: `${goSum.path} has no checksum for ${name} ${version}; run \`go mod tidy\``, range: require.range });
    }
    const replaced = name !== require.module ? { replacedModule: require.module } : {};
    packages.push({ ecosystem: 'golang', name, version, isDirect: !require.isIndirect, isDevOnly: false, introducedBy: [declaration], chain: [name], hasKnownParents: false, ...replaced, ...hashesOf(name, version) });
  }
  if (goSum && !listsWholeBuild(goMod.goVersion)) {
    const known = new Set([...goMod.requires.map((require) => require.module), ...packages.map((pkg) => pkg.name)]);
    const highest = new Map<string, GoSumEntry>();
    for (const entry of goSum.entries) {
      const best = highest.get(entry.module);
      if (!entry.isGoModOnly && !known.has(entry.module) && (!best || compareVersions(entry.version, best.version) > 0)) {
        highest.set(entry.module, entry);
      }
    }
    for (const entry of highest.values()) {
      const introducedBy = [lockEntryDeclaration(entry.module, entry.version, 'prod', goSum.path, entry.range)];
      packages.push({ ecosystem: 'golang', name: entry.module, version: entry.version, isDirect: false, isDevOnly: false, introducedBy, chain: [entry.module], hasKnownParents: false, ...hashesOf(entry.module, entry.version) });
    }
  }
  return { graph: { ecosystem: 'golang', declared, packages, hasLockfile: goSum !== undefined }, problems };
}

/** A replace for exactly this version wins over one for every version, as in the go command. */
function replacementOf(replaces: readonly GoReplace[], module: string, version: string): GoReplace | undefined {
  return replaces.find((replace) => replace.module === module && replace.version === version) ?? replaces.find((replace) => replace.module === module && replace.version === undefined);
}

/** Whether the `go` directive is 1.17 or later, from which go.mod lists every module the build needs. */
function listsWholeBuild(goVersion: string | undefined): boolean {
  const [major = 0, minor = 0] = (goVersion ?? '').split('.').map((part) => Number.parseInt(part, 10) || 0);
  return major > 1 || (major === 1 && minor >= 17);
}

function compareVersions(a: string, b: string): number {
  return semver.valid(a) && semver.valid(b) ? semver.compare(a, b) : a < b ? -1 : a > b ? 1 : 0;
}
