import type { DeclaredDependency, DependencyGraph, ResolvedPackage } from '../../model/dependency';
import type { NpmManifest } from './npmManifest';
import type { NpmLockfile } from './npmLockfile';
import type { NpmResolution } from '../../model/workspaceIndex';
import { joinPath } from './ecosystem';
import { parseIntegrity } from './lockHashes';

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
    const hashes = parseIntegrity(entry.integrity);
    packages.push({
      ecosystem: 'npm',
      name: entry.name,
      version: entry.version,
      isDirect: directPaths.has(installPath),
      isDevOnly: ordered.every((dependency) => dependency.scope === 'dev'),
      introducedBy: ordered,
      chain,
      copy: joinPath(rootDir, installPath),
      ...(hashes.length > 0 ? { hashes } : {}),
      dependsOn: installedDependencies(lockfile, installPath),
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

/** `name@version` of what an installed package resolves its dependencies to; links to workspaces are first-party. */
function installedDependencies(lockfile: NpmLockfile, installPath: string): string[] {
  const keys = new Set<string>();
  for (const name of lockfile.entries.get(installPath)?.dependencies ?? []) {
    const target = resolveInstallPath(lockfile, installPath, name);
    const entry = target === undefined ? undefined : lockfile.entries.get(target);
    if (entry && entry.linkTarget === undefined && entry.version !== undefined) {
      keys.add(`${entry.name}@${entry.version}`);
    }
  }
  return [...keys];
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

/** One package of a lockfile that records resolved dependency edges (yarn.lock, pnpm-lock.yaml), by lockfile id. */
export interface LockedPackage {
  /** The real package name (an alias such as `"a": "npm:b@1"` installs `b`). */
  name: string;
  version?: string;
  /** Ids of the packages it needs at runtime (prod and optional; peers as far as the lockfile resolves them). */
  dependencies: string[];
  /** Subresource Integrity of the tarball (yarn classic `integrity`, pnpm `resolution.integrity`). */
  integrity?: string;
  /**
   * Set on workspace packages: their folder relative to the lockfile root (`""` for the root). They are first-party
   * code, so the graph walks on through their own manifest's declarations instead of listing them.
   */
  workspaceDir?: string;
}

/**
 * A lockfile reduced to resolved edges, the shape yarn (classic and berry) and pnpm lockfiles share: ids of packages,
 * what each importer's declarations resolve to, and `name@spec` descriptors for lockfiles that key entries by them.
 */
export interface ResolvedLockfile {
  path: string;
  packages: ReadonlyMap<string, LockedPackage>;
  /**
   * Importer folders the lockfile records (relative to its folder, `""` for the root), each with its declared
   * dependency names → package ids. Undefined when the lockfile records no importers (yarn classic), so workspace
   * globs decide and declarations resolve through `descriptors`.
   */
  importers?: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /** `name@spec` → package id. */
  descriptors: ReadonlyMap<string, string>;
}

/**
 * A graph built from a resolved lockfile, with the declarations the lockfile has no entry for (out of date), and
 * what each importer and each package resolves its dependencies to.
 */
export interface ResolvedNpmGraph {
  graph: DependencyGraph;
  unresolved: DeclaredDependency[];
  resolution: NpmResolution;
}

interface Reached {
  key: string;
  name: string;
  version?: string;
  isDirect: boolean;
  introducedBy: DeclaredDependency[];
  chain: string[];
  /** The declaration `chain` starts at, and its rank: prod before dev, then shorter. */
  chainStart: DeclaredDependency;
  chainRank: [number, number];
  /** The lockfile ids this package was reached as (pnpm keeps one per peer variant). */
  ids: Set<string>;
}

/**
 * Builds the graph of one yarn or pnpm lockfile root over its member manifests (root first). Packages are identified
 * by name and version, so the peer variants pnpm keeps apart are one package. A declaration the lockfile lacks still
 * counts as a direct package without a version; one naming a member workspace (yarn classic links those without
 * an entry) walks into that workspace. Each package keeps a shortest chain, preferring one from a prod declaration,
 * and lists the declaration that chain starts at first.
 */
export function buildResolvedNpmGraph(rootDir: string, manifests: readonly NpmManifest[], lockfile: ResolvedLockfile): ResolvedNpmGraph {
  const walk = new ResolvedLockfileWalk(rootDir, manifests, lockfile);
  for (const [importer, manifest] of walk.byImporter) {
    walk.walkImporter(importer, manifest);
  }
  const packages = [...walk.reached.values()].map((reached) => walk.toPackage(reached));
  const declared = manifests.flatMap((manifest) => manifest.dependencies);
  return { graph: { ecosystem: 'npm', declared, hasLockfile: true, packages }, unresolved: walk.unresolved, resolution: { folders: walk.folders, copies: walk.copies } };
}

/** One step of the breadth-first walk from a declaration; chains are spelled out from parent links only when kept. */
interface WalkStep {
  id: string;
  name: string;
  parent: number;
  depth: number;
}

/** The walk of a yarn or pnpm lockfile from every importer's declarations (see {@link buildResolvedNpmGraph}). */
class ResolvedLockfileWalk {
  /** Member manifests by importer folder (relative to the lockfile root). */
  readonly byImporter: Map<string, NpmManifest>;
  private readonly workspaceByName = new Map<string, string>();
  readonly reached = new Map<string, Reached>();
  readonly unresolved: DeclaredDependency[] = [];
  readonly folders = new Map<string, Map<string, string>>();
  readonly copies = new Map<string, Map<string, string>>();

  constructor(
    private readonly rootDir: string,
    manifests: readonly NpmManifest[],
    private readonly lockfile: ResolvedLockfile,
  ) {
    this.byImporter = new Map(manifests.map((manifest) => [relativeTo(rootDir, parentDir(manifest.path)), manifest]));
    for (const [importer, manifest] of this.byImporter) {
      if (manifest.name !== undefined && !this.workspaceByName.has(manifest.name)) {
        this.workspaceByName.set(manifest.name, importer);
      }
    }
  }

  private nodeOf(id: string): LockedPackage | undefined {
    return this.lockfile.packages.get(id) ?? (id.startsWith(workspaceIdPrefix) ? { name: '', dependencies: [], workspaceDir: id.slice(workspaceIdPrefix.length) } : undefined);
  }

  private resolveDeclared(importer: string, dependency: DeclaredDependency): string | undefined {
    const id = this.lockfile.importers?.get(importer)?.get(dependency.name) ?? this.lockfile.descriptors.get(`${dependency.name}@${dependency.spec}`);
    if (id !== undefined && this.nodeOf(id)) {
      return id;
    }
    const workspace = this.workspaceByName.get(dependency.name);
    return workspace === undefined ? undefined : `${workspaceIdPrefix}${workspace}`;
  }

  /** A workspace pulled in as a dependency brings what it ships: its own declarations except dev ones. */
  private edgesOf(node: LockedPackage): { id: string; name: string }[] {
    const manifest = node.workspaceDir === undefined ? undefined : this.byImporter.get(node.workspaceDir);
    if (!manifest) {
      return node.dependencies.flatMap((id) => {
        const next = this.nodeOf(id);
        return next ? [{ id, name: next.name }] : [];
      });
    }
    return manifest.dependencies.flatMap((dependency) => {
      const id = dependency.scope === 'dev' ? undefined : this.resolveDeclared(node.workspaceDir!, dependency);
      return id === undefined ? [] : [{ id, name: dependency.name }];
    });
  }

  /** Copies are packages by name and version, like the graph; a workspace is its folder. */
  private keyOf(node: LockedPackage, id: string): string {
    return node.version === undefined ? `#${id}` : `${node.name}@${node.version}`;
  }

  private copyOf(id: string): string | undefined {
    const node = this.nodeOf(id);
    return node === undefined ? undefined : node.workspaceDir !== undefined ? joinPath(this.rootDir, node.workspaceDir) : `${this.rootDir}#${this.keyOf(node, id)}`;
  }

  /** Walks breadth-first from each declaration of one importer, recording what it resolves to and every package reached. */
  walkImporter(importer: string, manifest: NpmManifest): void {
    const names = new Map<string, string>();
    this.folders.set(joinPath(this.rootDir, importer), names);
    for (const direct of manifest.dependencies) {
      const start = this.resolveDeclared(importer, direct);
      const startCopy = start === undefined ? undefined : this.copyOf(start);
      if (startCopy !== undefined) {
        names.set(direct.name, startCopy);
      }
      if (start === undefined) {
        this.unresolved.push(direct);
        this.record(`${direct.name}@`, { name: direct.name }, direct, [{ id: '', name: direct.name, parent: -1, depth: 1 }], 0);
        continue;
      }
      this.walkFrom(start, direct);
    }
  }

  private walkFrom(start: string, direct: DeclaredDependency): void {
    const queue: WalkStep[] = [{ id: start, name: direct.name, parent: -1, depth: 1 }];
    const visited = new Set<string>();
    for (let head = 0; head < queue.length; head++) {
      const { id, depth } = queue[head]!;
      const node = visited.has(id) ? undefined : this.nodeOf(id);
      visited.add(id);
      if (!node) {
        continue;
      }
      const edges = this.edgesOf(node);
      if (node.workspaceDir === undefined) {
        this.record(this.keyOf(node, id), node, direct, queue, head);
        if (!this.copies.has(this.copyOf(id)!)) {
          this.copies.set(this.copyOf(id)!, new Map(edges.flatMap((edge) => (this.nodeOf(edge.id) ? [[edge.name, this.copyOf(edge.id)!] as const] : []))));
        }
      }
      for (const edge of edges) {
        if (!visited.has(edge.id)) {
          queue.push({ id: edge.id, name: edge.name, parent: head, depth: depth + 1 });
        }
      }
    }
  }

  /** Records a package reached from `direct`, keeping the shortest chain, prod declarations first. */
  private record(key: string, node: { name: string; version?: string }, direct: DeclaredDependency, queue: WalkStep[], index: number): void {
    const rank: [number, number] = [scopeRank(direct), queue[index]!.depth];
    const known = this.reached.get(key);
    if (!known) {
      this.reached.set(key, { key, name: node.name, version: node.version, isDirect: index === 0, introducedBy: [direct], chain: chainOf(queue, index), chainStart: direct, chainRank: rank, ids: new Set([queue[index]!.id]) });
      return;
    }
    known.ids.add(queue[index]!.id);
    known.isDirect ||= index === 0;
    if (!known.introducedBy.includes(direct)) {
      known.introducedBy.push(direct);
    }
    if (rank[0] < known.chainRank[0] || (rank[0] === known.chainRank[0] && rank[1] < known.chainRank[1])) {
      known.chain = chainOf(queue, index);
      known.chainStart = direct;
      known.chainRank = rank;
    }
  }

  /** What a package needs, by name and version: through a workspace it pulls in, that workspace's shipped declarations. */
  private dependsOnOf(ids: ReadonlySet<string>): string[] {
    const keys = new Set<string>();
    const seen = new Set<string>();
    const pending = [...ids];
    while (pending.length > 0) {
      const id = pending.pop()!;
      const node = seen.has(id) ? undefined : this.nodeOf(id);
      seen.add(id);
      for (const edge of node ? this.edgesOf(node) : []) {
        const next = this.nodeOf(edge.id);
        if (next?.workspaceDir !== undefined) {
          pending.push(edge.id);
        } else if (next?.version !== undefined) {
          keys.add(`${next.name}@${next.version}`);
        }
      }
    }
    return [...keys];
  }

  toPackage({ key, name, version, isDirect, introducedBy, chain, chainStart, ids }: Reached): ResolvedPackage {
    // The chain's declaration leads (it has the best scope), so the first introducer and the chain tell one story.
    const ordered = [chainStart, ...introducedBy.filter((dependency) => dependency !== chainStart).sort((a, b) => scopeRank(a) - scopeRank(b))];
    const hashes = [...ids].flatMap((id) => parseIntegrity(this.lockfile.packages.get(id)?.integrity)).filter((hash, at, all) => all.findIndex((other) => other.value === hash.value) === at);
    const isLocked = version !== undefined && [...ids].some((id) => this.lockfile.packages.has(id));
    return {
      ecosystem: 'npm',
      name,
      version,
      isDirect,
      isDevOnly: ordered.every((dependency) => dependency.scope === 'dev'),
      introducedBy: ordered,
      chain,
      copy: `${this.rootDir}#${key}`,
      ...(hashes.length > 0 ? { hashes } : {}),
      ...(isLocked ? { dependsOn: this.dependsOnOf(ids) } : {}),
    };
  }
}

/** The names along the parent links from the start of the walk to `index`. */
function chainOf(queue: readonly WalkStep[], index: number): string[] {
  const names: string[] = [];
  for (let at = index; at >= 0; at = queue[at]!.parent) {
    names.push(queue[at]!.name);
  }
  return names.reverse();
}

const workspaceIdPrefix = 'workspace:';
