import type { DeclaredDependency, DependencyGraph, DependencyScope, PackageHash, ResolvedPackage } from '../../model/dependency';
import type { Range } from '../../model/location';
import { declaredPackages } from './declaredPackages';
import { lockEntryDeclaration, prodFirst } from './lockEntryDeclaration';

/** One PyPI dependency as a manifest declares it (name PEP 503 normalized), with what the graph needs beyond the model. */
export interface PypiDeclaration {
  declared: DeclaredDependency;
  /** Requested extras, normalized: they add the extra's dependencies when walking a lockfile. */
  extras: string[];
  /** Version the declaration itself pins (`==1.2.3`, a bare Poetry version). */
  pinnedVersion?: string;
}

/** An edge of a lockfile: a dependency on a package by name, optionally on one version and with extras. */
export interface PypiLockEdge {
  name: string;
  version?: string;
  extras: string[];
}

/** One package entry of a Python lockfile. */
export interface PypiLockPackage {
  /** PEP 503 normalized. */
  name: string;
  version?: string;
  dependencies: PypiLockEdge[];
  /** Dependencies added by each extra of this package (names come from the lockfile: a Map, not an object). */
  extras: ReadonlyMap<string, PypiLockEdge[]>;
  /** The scope the lockfile itself records (Poetry category/groups, Pipfile.lock section), if any. */
  scope?: DependencyScope;
  /** The project itself or a local workspace member: walked through, never reported as a third-party package. */
  isFirstParty: boolean;
  /** Where the entry is written in the lockfile. */
  range: Range;
  /** The `sha256:` hashes of its distribution files (wheels and sdist), with the file when the lockfile names it. */
  hashes?: PackageHash[];
}

/** A Python lockfile (poetry.lock, uv.lock, Pipfile.lock) reduced to packages and edges. */
export interface PypiLock {
  path: string;
  packages: PypiLockPackage[];
  /** False for Pipfile.lock, which lists packages without saying who depends on whom. */
  hasEdges: boolean;
}

const devGroupTokens = new Set([
  'dev', 'devel', 'develop', 'development', 'test', 'tests', 'testing', 'lint', 'linting', 'linters', 'docs', 'doc',
  'documentation', 'typing', 'types', 'mypy', 'ci', 'qa', 'style', 'format', 'fmt', 'check', 'checks', 'bench',
  'benchmark', 'benchmarks', 'coverage', 'cov', 'e2e', 'tox', 'nox', 'precommit', 'pre-commit', 'debug',
]);

/**
 * Scope of a named dependency group (a Poetry group, a PEP 621 extra, a PEP 735 group, a requirements file name):
 * `dev` when one of its words names development work (`dev`, `test`, `lint`, `docs`, …), `prod` for Poetry's `main`,
 * else `optional` — installed on request, so never treated as dev-only.
 */
export function scopeOfGroupName(name: string): DependencyScope {
  const words = name.toLowerCase().split(/[^a-z0-9]+/).filter((word) => word !== '');
  if (words.length === 1 && words[0] === 'main') {
    return 'prod';
  }
  return words.some((word) => devGroupTokens.has(word)) ? 'dev' : 'optional';
}

/**
 * Builds the PyPI graph of a set of declarations, backed by a lockfile when there is one. With a lockfile that has
 * edges, every locked package reached from a declaration knows the declarations that pull it in and one shortest
 * chain; locked packages nothing reaches (stale entries, groups no manifest given here declares) are attributed to
 * their lockfile entry. Without a lockfile, only the declared packages are known, versioned by `==` pins and by
 * `constraints` pins.
 */
export function buildPypiGraph(declarations: readonly PypiDeclaration[], lock?: PypiLock, constraints: ReadonlyMap<string, string> = new Map()): DependencyGraph {
  const declared = declarations.map((declaration) => declaration.declared);
  if (!lock) {
    const packages = declaredPackages(
      'pypi',
      declarations.map((declaration) => ({
        declared: declaration.declared,
        version: declaration.pinnedVersion ?? constraints.get(declaration.declared.name),
      })),
    );
    return { ecosystem: 'pypi', declared, hasLockfile: false, packages };
  }
  const byName = new Map<string, PypiLockPackage[]>();
  for (const entry of lock.packages) {
    byName.set(entry.name, [...(byName.get(entry.name) ?? []), entry]);
  }
  const state = new Map<PypiLockPackage, Reach>();
  const direct = new Set<PypiLockPackage>();
  const unlocked: PypiDeclaration[] = [];
  for (const declaration of declarations) {
    const starts = byName.get(declaration.declared.name) ?? [];
    if (starts.length === 0) {
      unlocked.push(declaration);
    }
    for (const start of starts) {
      direct.add(start);
      walk(byName, start, declaration, state);
    }
  }
  const packages: ResolvedPackage[] = [];
  for (const entry of lock.packages) {
    if (entry.isFirstParty) {
      continue;
    }
    const reached = state.get(entry);
    const lockScope = entry.scope ?? 'prod';
    let introducedBy = reached ? [...reached.chains.keys()] : [];
    // Nothing declared reaches it, or (without edges) only dev declarations do while the lock installs it for prod:
    // the lock entry is the only honest evidence of why it is there.
    const isExplainedByDeclarations = introducedBy.length > 0 && (lock.hasEdges || lockScope === 'dev' || introducedBy.some((dependency) => dependency.scope !== 'dev'));
    if (!isExplainedByDeclarations) {
      introducedBy = [...introducedBy, lockEntryDeclaration(entry.name, entry.version, lockScope, lock.path, entry.range)];
    }
    const ordered = prodFirst(introducedBy);
    packages.push({
      ecosystem: 'pypi',
      name: entry.name,
      version: entry.version,
      isDirect: direct.has(entry),
      isDevOnly: ordered.every((dependency) => dependency.scope === 'dev'),
      introducedBy: ordered,
      chain: (reached && preferredChain(reached, ordered)) ?? [entry.name],
      ...(entry.hashes && entry.hashes.length > 0 ? { hashes: entry.hashes } : {}),
      ...(lock.hasEdges ? { dependsOn: lockedDependencies(byName, entry, reached?.extras) } : {}),
    });
  }
  packages.push(...declaredPackages('pypi', unlocked.map((declaration) => ({ declared: declaration.declared, version: declaration.pinnedVersion }))));
  return { ecosystem: 'pypi', declared, hasLockfile: true, packages };
}

/** Per reached lock package: the shortest chain from each declaration that reaches it, in the order they were found. */
interface Reach {
  chains: Map<DeclaredDependency, string[]>;
  /** The extras of it some edge requested, whose dependencies are installed too. */
  extras: Set<string>;
}

/** `name@version` of the locked packages an entry needs: its own dependencies and those of the requested extras. */
function lockedDependencies(byName: ReadonlyMap<string, PypiLockPackage[]>, entry: PypiLockPackage, extras: ReadonlySet<string> = new Set()): string[] {
  const keys = new Set<string>();
  for (const edge of [...entry.dependencies, ...[...extras].flatMap((extra) => entry.extras.get(extra) ?? [])]) {
    for (const next of byName.get(edge.name) ?? []) {
      if (!next.isFirstParty && next.version !== undefined && (edge.version === undefined || next.version === edge.version)) {
        keys.add(`${next.name}@${next.version}`);
      }
    }
  }
  return [...keys];
}

/** The shortest chain among those starting at the strongest-scoped introducers (a prod path for a prod package). */
function preferredChain(reach: Reach, ordered: readonly DeclaredDependency[]): string[] | undefined {
  const best = ordered[0];
  const candidates = ordered.filter((dependency) => dependency.scope === best?.scope).flatMap((dependency) => {
    const chain = reach.chains.get(dependency);
    return chain ? [chain] : [];
  });
  return candidates.length === 0 ? undefined : candidates.reduce((shortest, chain) => (chain.length < shortest.length ? chain : shortest));
}

/** Breadth-first from one declaration, so the first chain recorded for it is a shortest one. Extras requested on an edge add that extra's dependencies. */
function walk(byName: ReadonlyMap<string, PypiLockPackage[]>, start: PypiLockPackage, declaration: PypiDeclaration, state: Map<PypiLockPackage, Reach>): void {
  const direct = declaration.declared;
  const queue: { entry: PypiLockPackage; extras: string[]; chain: string[] }[] = [{ entry: start, extras: declaration.extras, chain: [start.name] }];
  // A package reached again with other extras may add edges, so extras are part of what was visited.
  const visited = new Set<string>();
  for (let head = 0; head < queue.length; head++) {
    const { entry, extras, chain } = queue[head]!;
    const visitKey = `${entry.name}@${entry.version ?? ''}[${[...extras].sort().join(',')}]`;
    if (visited.has(visitKey)) {
      continue;
    }
    visited.add(visitKey);
    const reach = state.get(entry) ?? { chains: new Map<DeclaredDependency, string[]>(), extras: new Set<string>() };
    state.set(entry, reach);
    extras.forEach((extra) => reach.extras.add(extra));
    if (!reach.chains.has(direct)) {
      reach.chains.set(direct, chain);
    }
    const edges = [...entry.dependencies, ...extras.flatMap((extra) => entry.extras.get(extra) ?? [])];
    for (const edge of edges) {
      for (const next of byName.get(edge.name) ?? []) {
        if (edge.version === undefined || next.version === edge.version) {
          queue.push({ entry: next, extras: edge.extras, chain: [...chain, next.name] });
        }
      }
    }
  }
}
