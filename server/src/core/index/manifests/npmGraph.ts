import type { DeclaredDependency, DependencyGraph, ResolvedPackage } from '../../model/dependency';
import type { NpmManifest } from './npmManifest';
import type { NpmLockfile } from './npmLockfile';

/**
 * Builds the npm dependency graph of one lockfile root: the manifests (root and workspaces) and, when present, the
 * lockfile. Follows Node's resolution (nearest `node_modules` upward) from each direct dependency, so every installed
 * package knows which direct dependencies pull it in and whether only dev dependencies do.
 *
 * `rootDir` is the repository-relative folder of the lockfile (`""` at the repository root).
 */
export function buildNpmGraph(rootDir: string, manifests: NpmManifest[], lockfile?: NpmLockfile): DependencyGraph {
  const declared = manifests.flatMap((manifest) => manifest.dependencies);
  if (!lockfile) {
    return { ecosystem: 'npm', declared, hasLockfile: false, packages: directOnly(declared) };
  }
  const state = new Map<string, { introducedBy: DeclaredDependency[]; chain: string[] }>();
  const directPaths = new Set<string>();
  for (const manifest of manifests) {
    const importer = relativeTo(rootDir, parentDir(manifest.path));
    for (const dependency of manifest.dependencies) {
      const start = resolveInstallPath(lockfile, importer, dependency.name);
      if (start === undefined) {
        continue;
      }
      directPaths.add(start);
      walk(lockfile, start, dependency, state);
    }
  }
  const packages: ResolvedPackage[] = [];
  for (const [installPath, { introducedBy, chain }] of state) {
    const entry = lockfile.entries.get(installPath);
    if (!entry || entry.linkTarget !== undefined) {
      continue;
    }
    const ordered = [...introducedBy].sort((a, b) => scopeRank(a) - scopeRank(b));
    packages.push({
      ecosystem: 'npm',
      name: entry.name,
      version: entry.version,
      isDirect: directPaths.has(installPath),
      isDevOnly: ordered.every((dependency) => dependency.scope === 'dev'),
      introducedBy: ordered,
      chain,
    });
  }
  return { ecosystem: 'npm', declared, hasLockfile: true, packages };
}

/** Breadth-first from one direct dependency; the first visit of a package records the shortest chain. */
function walk(
  lockfile: NpmLockfile,
  start: string,
  direct: DeclaredDependency,
  state: Map<string, { introducedBy: DeclaredDependency[]; chain: string[] }>,
): void {
  const queue: { installPath: string; chain: string[] }[] = [{ installPath: start, chain: [direct.name] }];
  const visited = new Set<string>();
  for (let head = 0; head < queue.length; head++) {
    const { installPath, chain } = queue[head]!;
    if (visited.has(installPath)) {
      continue;
    }
    visited.add(installPath);
    const entry = lockfile.entries.get(installPath);
    if (!entry) {
      continue;
    }
    if (entry.linkTarget !== undefined) {
      queue.push({ installPath: entry.linkTarget, chain });
      continue;
    }
    const known = state.get(installPath);
    if (known) {
      if (!known.introducedBy.includes(direct)) {
        known.introducedBy.push(direct);
      }
    } else {
      state.set(installPath, { introducedBy: [direct], chain });
    }
    for (const name of entry.dependencies) {
      const next = resolveInstallPath(lockfile, installPath, name);
      if (next !== undefined && !visited.has(next)) {
        queue.push({ installPath: next, chain: [...chain, name] });
      }
    }
  }
}

/** Node's lookup: `<from>/node_modules/<name>`, then each ancestor folder's `node_modules`. */
export function resolveInstallPath(lockfile: NpmLockfile, from: string, name: string): string | undefined {
  let dir = from;
  for (;;) {
    if (!dir.endsWith('node_modules')) {
      const candidate = dir === '' ? `node_modules/${name}` : `${dir}/node_modules/${name}`;
      if (lockfile.entries.has(candidate)) {
        return candidate;
      }
    }
    if (dir === '') {
      return undefined;
    }
    dir = parentDir(dir);
  }
}

function directOnly(declared: DeclaredDependency[]): ResolvedPackage[] {
  const byName = new Map<string, DeclaredDependency[]>();
  for (const dependency of declared) {
    byName.set(dependency.name, [...(byName.get(dependency.name) ?? []), dependency]);
  }
  return [...byName.entries()].map(([name, introducedBy]) => ({
    ecosystem: 'npm',
    name,
    isDirect: true,
    isDevOnly: introducedBy.every((dependency) => dependency.scope === 'dev'),
    introducedBy,
    chain: [name],
  }));
}

function scopeRank(dependency: DeclaredDependency): number {
  return dependency.scope === 'dev' ? 1 : 0;
}

/** Parent folder of a `/`-separated path; `""` for a top-level entry. */
export function parentDir(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

function relativeTo(rootDir: string, dir: string): string {
  if (rootDir === '') {
    return dir;
  }
  return dir === rootDir ? '' : dir.startsWith(`${rootDir}/`) ? dir.slice(rootDir.length + 1) : dir;
}
