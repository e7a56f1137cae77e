import type { DependencyGraph, ParseProblem } from '../../model/dependency';
import type { NpmPackageScope, NpmResolution, RootedGraph } from '../../model/workspaceIndex';
import { declaredPackages } from './declaredPackages';
import { fileName, joinPath, type EcosystemIndexer } from './ecosystem';
import { buildNpmGraph, buildResolvedNpmGraph, parentDir, type ResolvedLockfile } from './npmGraph';
import { parseNpmLockfile, type NpmLockfile } from './npmLockfile';
import { exactNpmVersion, parseNpmManifest, type NpmManifest } from './npmManifest';
import { npmLockfileResolution } from './npmResolution';
import { parsePnpmLockfile } from './pnpmLockfile';
import { parseYarnLockfile } from './yarnLockfile';
import picomatch from 'picomatch';

const manifestName = 'package.json';

type LockfileKind = 'npm' | 'yarn' | 'pnpm';

/**
 * The lockfiles of the npm ecosystem by preference, for a folder holding several: npm's own first (npm itself
 * ignores `package-lock.json` next to `npm-shrinkwrap.json`), then yarn, then pnpm.
 */
const lockfileKinds: [string, LockfileKind][] = [
  ['npm-shrinkwrap.json', 'npm'],
  ['package-lock.json', 'npm'],
  ['yarn.lock', 'yarn'],
  ['pnpm-lock.yaml', 'pnpm'],
];
const kindByName = new Map(lockfileKinds);

type ReadLockfile = { kind: 'npm'; path: string; value: NpmLockfile } | { kind: 'yarn' | 'pnpm'; path: string; value: ResolvedLockfile };

/**
 * npm, yarn (classic and berry) and pnpm: one graph per lockfile over the root manifest and its workspace (importer)
 * manifests. A readable lockfile covers every `package.json` in or below its folder; manifests no readable lockfile
 * covers get a graph of their own declarations. Where one folder holds several lockfiles, the preferred one is used
 * and the others are reported.
 */
export const npmEcosystem: EcosystemIndexer = {
  ecosystem: 'npm',

  isManifestFile(path) {
    const name = fileName(path);
    return name === manifestName || kindByName.has(name);
  },

  buildGraphs(files) {
    const problems: ParseProblem[] = [];
    const manifests = new Map<string, NpmManifest>();
    const lockfilesByDir = new Map<string, string[]>();
    for (const [path, text] of files) {
      if (fileName(path) === manifestName) {
        const parsed = parseNpmManifest(text, path);
        problems.push(...parsed.problems);
        if (parsed.value) {
          manifests.set(path, parsed.value);
        }
      } else if (kindByName.has(fileName(path))) {
        const dir = parentDir(path);
        lockfilesByDir.set(dir, [...(lockfilesByDir.get(dir) ?? []), path]);
      }
    }
    const coveringDirs: string[] = [];
    const covered = new Set<string>();
    const graphs: RootedGraph[] = [];
    for (const [rootDir, paths] of lockfilesByDir) {
      const chosen = chooseLockfile(paths, files, problems);
      const rootManifestPath = joinPath(rootDir, manifestName);
      const rootManifest = manifests.get(rootManifestPath);
      // The importers the lockfile lists; for yarn and pnpm also workspaces it does not list yet (their declarations
      // then show up as out of date), and without a readable lockfile the root manifest's workspace globs.
      const importerDirs = chosen ? importerDirsOf(chosen) : undefined;
      const memberDirs = chosen?.kind === 'npm' && importerDirs ? importerDirs : rootFirst([...(importerDirs ?? []), ...workspaceDirs(rootDir, rootManifest, manifests.keys())]);
      const members = memberDirs.flatMap((dir) => {
        const path = joinPath(joinPath(rootDir, dir), manifestName);
        covered.add(path);
        const manifest = manifests.get(path);
        return manifest ? [manifest] : [];
      });
      if (members.length === 0) {
        continue;
      }
      if (chosen) {
        coveringDirs.push(rootDir);
      }
      let graph: DependencyGraph;
      let resolution: NpmResolution | undefined;
      if (chosen?.kind === 'npm') {
        graph = buildNpmGraph(rootDir, members, chosen.value);
        resolution = npmLockfileResolution(rootDir, chosen.value);
      } else if (chosen) {
        const built = buildResolvedNpmGraph(rootDir, members, chosen.value);
        graph = built.graph;
        resolution = built.resolution;
        for (const dependency of built.unresolved) {
          problems.push({
            path: chosen.path,
            message: `No entry for ${dependency.name}@${dependency.spec} declared in ${dependency.manifestPath}; the lockfile is out of date: run \`${chosen.kind} install\``,
          });
        }
      } else {
        graph = manifestOnlyGraph(members);
      }
      // Each package manager reads its own pins: npm `overrides`, yarn `resolutions`, pnpm `pnpm.overrides`.
      const overrides = (chosen?.kind === 'yarn' ? rootManifest?.resolutions : chosen?.kind === 'pnpm' ? rootManifest?.pnpmOverrides : rootManifest?.overrides) ?? {};
      const workspacePackages = members.filter((member) => member.path !== rootManifestPath && member.name !== undefined).map((member) => ({ name: member.name!, version: member.version, manifestPath: member.path }));
      const packageScopes = scopesWithin(rootDir, manifests.values());
      graphs.push({ rootDir, rootManifestPath, overrides, graph, packageManager: chosen?.kind ?? 'npm', ...(resolution && { resolution }), ...(workspacePackages.length > 0 ? { workspacePackages } : {}), packageScopes });
    }
    for (const [path, manifest] of manifests) {
      const dir = parentDir(path);
      if (!covered.has(path) && !coveringDirs.some((rootDir) => isWithin(dir, rootDir))) {
        graphs.push({ rootDir: dir, rootManifestPath: path, overrides: manifest.overrides, graph: manifestOnlyGraph([manifest]), packageScopes: scopesWithin(dir, [manifest]) });
      }
    }
    return { graphs, problems };
  },
};

/**
 * The graph of manifests no lockfile covers: their direct dependencies, each at the version its spec pins exactly
 * (`"lodash": "4.17.20"`), as pip `==` pins and Maven versions are, so advisories can match it; ranges stay
 * unversioned.
 */
function manifestOnlyGraph(manifests: readonly NpmManifest[]): DependencyGraph {
  const declared = manifests.flatMap((manifest) => manifest.dependencies);
  return { ecosystem: 'npm', declared, hasLockfile: false, packages: declaredPackages('npm', declared.map((dependency) => ({ declared: dependency, version: exactNpmVersion(dependency.spec) }))) };
}

/**
 * The preferred readable lockfile of one folder. Unreadable ones before it are reported as such; the ones after it
 * are reported as ignored, so that the user keeps the lockfile of the package manager they use.
 */
function chooseLockfile(paths: string[], files: ReadonlyMap<string, string>, problems: ParseProblem[]): ReadLockfile | undefined {
  const ordered = lockfileKinds.flatMap(([name]) => paths.filter((path) => fileName(path) === name));
  let chosen: ReadLockfile | undefined;
  for (const path of ordered) {
    if (chosen) {
      problems.push({ path, message: `Ignored: ${fileName(chosen.path)} in the same folder takes precedence; keep one lockfile per folder, the one of the package manager you use` });
      continue;
    }
    chosen = readLockfile(kindByName.get(fileName(path))!, path, files.get(path) ?? '', problems);
  }
  return chosen;
}

function readLockfile(kind: LockfileKind, path: string, text: string, problems: ParseProblem[]): ReadLockfile | undefined {
  if (kind === 'npm') {
    const parsed = parseNpmLockfile(text, path);
    problems.push(...parsed.problems);
    return parsed.value && { kind, path, value: parsed.value };
  }
  const parsed = kind === 'yarn' ? parseYarnLockfile(text, path) : parsePnpmLockfile(text, path);
  problems.push(...parsed.problems);
  return parsed.value && { kind, path, value: parsed.value };
}

/** Importer folders the lockfile lists; undefined when it lists none (yarn classic). */
function importerDirsOf(lockfile: ReadLockfile): string[] | undefined {
  if (lockfile.kind === 'npm') {
    return [...lockfile.value.entries.keys()].filter((key) => !key.includes('node_modules'));
  }
  return lockfile.value.importers && [...lockfile.value.importers.keys()];
}

/** Distinct folders, the root (`""`) first, then in code-point order. */
function rootFirst(dirs: string[]): string[] {
  return ['', ...[...new Set(dirs)].filter((dir) => dir !== '').sort()];
}

/** Folders (relative to `rootDir`) of the manifests the root manifest's `workspaces` globs match. */
function workspaceDirs(rootDir: string, rootManifest: NpmManifest | undefined, manifestPaths: Iterable<string>): string[] {
  const globs = rootManifest?.workspaces ?? [];
  const include = globs.filter((glob) => !glob.startsWith('!')).map(workspaceMatcher);
  const exclude = globs.filter((glob) => glob.startsWith('!')).map((glob) => workspaceMatcher(glob.slice(1)));
  const dirs: string[] = [];
  for (const path of manifestPaths) {
    const dir = parentDir(path);
    if (dir === rootDir || !isWithin(dir, rootDir)) {
      continue;
    }
    const relative = rootDir === '' ? dir : dir.slice(rootDir.length + 1);
    if (include.some((matches) => matches(relative)) && !exclude.some((matches) => matches(relative))) {
      dirs.push(relative);
    }
  }
  return dirs;
}

/**
 * A matcher of relative folders for one workspace glob (`packages/*`, `apps/**`, `./tools/cli/`). Like npm and yarn,
 * which expand them with a glob library, wildcards skip dot folders.
 */
function workspaceMatcher(glob: string): (dir: string) => boolean {
  return picomatch(glob.replace(/^\.\//, '').replace(/\/+$/, ''));
}

/** The package scopes (see {@link NpmPackageScope}) of the manifests in or below a folder, by folder. */
function scopesWithin(rootDir: string, manifests: Iterable<NpmManifest>): Map<string, NpmPackageScope> {
  const scopes = new Map<string, NpmPackageScope>();
  for (const manifest of manifests) {
    const folder = parentDir(manifest.path);
    if (isWithin(folder, rootDir)) {
      scopes.set(folder, { folder, name: manifest.name, ...(manifest.imports !== undefined && { imports: manifest.imports }), ...(manifest.exports !== undefined && { exports: manifest.exports }) });
    }
  }
  return scopes;
}

/** Whether `dir` is `root` or below it. */
function isWithin(dir: string, root: string): boolean {
  return root === '' || dir === root || dir.startsWith(`${root}/`);
}
