import type { DeclaredDependency, DependencyGraph, DependencyScope, PackageHash, ResolvedPackage } from '../../model/dependency';
import type { Range } from '../../model/location';
import { declaredPackages } from './declaredPackages';
import { lockEntryDeclaration, prodFirst } from './lockEntryDeclaration';
import { withInstalledEdges } from './pythonInstalled';

/** One PyPI dependency as a manifest declares it (name PEP 503 normalized), with what the graph needs beyond the model. */
export interface PypiDeclaration {
  declared: DeclaredDependency;
  /** Requested extras, normalized: they add the extra's dependencies when walking a lockfile. */
  extras: string[];
  /** Version the declaration itself pins (`==1.2.3`, a bare Poetry version). */
  pinnedVersion?: string;
  /**
   * What pip-compile wrote it is there for (`# via requests`, `# via -r requirements.in`): normalized package names,
   * and the `-r`/`-c` files as written. Absent when the file has no such annotation.
   */
  via?: string[];
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
  /**
   * The distributions installed in a virtualenv (`path` is its `site-packages`), not a lockfile: entries nothing
   * declared reaches are not part of the project, and what extras were installed with is not recorded.
   */
  isInstalledEnvironment?: boolean;
  /**
   * Where the edges come from when no lockfile proper records them: a virtualenv's `site-packages` completing a
   * Pipfile.lock, or a requirements file's own pip-compile annotations.
   */
  edgesFrom?: string;
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
 *
 * `installed` (a virtualenv's distributions, see `pythonInstalled.ts`) gives the edges a lockfile lacks: it stands in
 * for the lock of requirements files (versions still come from their pins), and completes a Pipfile.lock. Each
 * package says whether its dependants are all known (`hasKnownParents`): only with edges for every installed or
 * locked package, and, in a virtualenv, not when some package lists it under an extra nobody requested (whether that
 * extra was installed is not recorded).
 */
export function buildPypiGraph(declarations: readonly PypiDeclaration[], lock?: PypiLock, constraints: ReadonlyMap<string, string> = new Map(), installed?: PypiLock): DependencyGraph {
  const declared = declarations.map((declaration) => declaration.declared);
  let isComplete = true;
  if (installed && lock && !lock.hasEdges) {
    ({ lock, isComplete } = withInstalledEdges(lock, installed));
  } else if (installed && !lock) {
    lock = installed;
  }
  if (!lock) {
    return declaredOnlyGraph(declarations, constraints);
  }
  const isInstalled = lock.isInstalledEnvironment === true;
  const walked = walkDeclarations(lock, declarations);
  // In a virtualenv a declared package that is not installed hides its own requirements.
  isComplete &&= !isInstalled || walked.unlocked.length === 0;
  const optionalOf = isInstalled ? packagesOfUnrequestedExtras(walked) : new Map<string, string>();
  const attribution: LockAttribution = { ...walked, lock, isInstalled, isComplete, constraints, optionalOf };
  const packages = lock.packages.flatMap((entry) => lockedPackage(entry, attribution) ?? []);
  const unlockedPackages = declaredPackages('pypi', walked.unlocked.map((declaration) => ({ declared: declaration.declared, version: declaration.pinnedVersion ?? (isInstalled ? constraints.get(declaration.declared.name) : undefined) })));
  packages.push(...unlockedPackages.map((pkg) => ({ ...pkg, hasKnownParents: !isInstalled && lock.hasEdges })));
  const edgeSource = isInstalled ? lock.path : lock.edgesFrom;
  return { ecosystem: 'pypi', declared, hasLockfile: !isInstalled, packages, ...(edgeSource ? { edgeSource } : {}) };
}

/** Without a lockfile only the declared packages are known, versioned by `==` pins and by `constraints` pins. */
function declaredOnlyGraph(declarations: readonly PypiDeclaration[], constraints: ReadonlyMap<string, string>): DependencyGraph {
  const packages = declaredPackages(
    'pypi',
    declarations.map((declaration) => ({
      declared: declaration.declared,
      version: declaration.pinnedVersion ?? constraints.get(declaration.declared.name),
    })),
  ).map((pkg) => ({ ...pkg, hasKnownParents: false }));
  return { ecosystem: 'pypi', declared: declarations.map((declaration) => declaration.declared), hasLockfile: false, packages };
}

/** What walking the lock from every declaration found. */
interface DeclarationsWalk {
  byName: Map<string, PypiLockPackage[]>;
  /** How each reached entry was reached: by which declarations, along which chains, with which extras. */
  state: Map<PypiLockPackage, Reach>;
  /** The declaration naming each entry directly. */
  direct: Map<PypiLockPackage, PypiDeclaration>;
  /** Declarations the lock has no entry for. */
  unlocked: PypiDeclaration[];
  /** `name[extra]` of every extra some walk asked for. */
  requestedExtras: Set<string>;
}

function walkDeclarations(lock: PypiLock, declarations: readonly PypiDeclaration[]): DeclarationsWalk {
  const byName = new Map<string, PypiLockPackage[]>();
  for (const entry of lock.packages) {
    byName.set(entry.name, [...(byName.get(entry.name) ?? []), entry]);
  }
  const walked: DeclarationsWalk = { byName, state: new Map(), direct: new Map(), unlocked: [], requestedExtras: new Set() };
  for (const declaration of declarations) {
    const starts = byName.get(declaration.declared.name) ?? [];
    if (starts.length === 0) {
      walked.unlocked.push(declaration);
    }
    for (const start of starts) {
      walked.direct.set(start, walked.direct.get(start) ?? declaration);
      walk(byName, start, declaration, walked.state, walked.requestedExtras);
    }
  }
  return walked;
}

/**
 * In a virtualenv, a package some installed package lists under an extra nobody requested may have been installed
 * for that extra: its dependants, and those of everything it requires, are not all known. Name → `name[extra]`.
 */
function packagesOfUnrequestedExtras({ state, byName, requestedExtras }: DeclarationsWalk): Map<string, string> {
  const optionalOf = new Map<string, string>();
  for (const entry of state.keys()) {
    for (const [extra, edges] of entry.extras) {
      if (!requestedExtras.has(`${entry.name}[${extra}]`)) {
        edges.forEach((edge) => optionalOf.set(edge.name, optionalOf.get(edge.name) ?? `${entry.name}[${extra}]`));
      }
    }
  }
  const queue = [...optionalOf.keys()];
  for (let head = 0; head < queue.length; head++) {
    const via = optionalOf.get(queue[head]!)!;
    for (const entry of byName.get(queue[head]!) ?? []) {
      for (const edge of entry.dependencies) {
        if (!optionalOf.has(edge.name)) {
          optionalOf.set(edge.name, via);
          queue.push(edge.name);
        }
      }
    }
  }
  return optionalOf;
}

/** Everything that decides how a locked entry is attributed and whether its dependants are all known. */
interface LockAttribution extends DeclarationsWalk {
  lock: PypiLock;
  isInstalled: boolean;
  isComplete: boolean;
  constraints: ReadonlyMap<string, string>;
  optionalOf: ReadonlyMap<string, string>;
}

/** The package of one lock entry; undefined for first-party entries and, in a virtualenv, for what nothing declared reaches. */
function lockedPackage(entry: PypiLockPackage, { lock, state, direct, byName, isInstalled, isComplete, constraints, optionalOf }: LockAttribution): ResolvedPackage | undefined {
  const reached = state.get(entry);
  if (entry.isFirstParty || (isInstalled && !reached)) {
    return undefined;
  }
  const lockScope = entry.scope ?? 'prod';
  let introducedBy = reached ? [...reached.chains.keys()] : [];
  // Nothing declared reaches it, or (without edges) only dev declarations do while the lock installs it for prod:
  // the lock entry is the only honest evidence of why it is there.
  const isExplainedByDeclarations = introducedBy.length > 0 && (lock.hasEdges || lockScope === 'dev' || introducedBy.some((dependency) => dependency.scope !== 'dev'));
  if (!isExplainedByDeclarations) {
    introducedBy = [...introducedBy, lockEntryDeclaration(entry.name, entry.version, lockScope, lock.path, entry.range)];
  }
  const declaration = direct.get(entry);
  // The package's own declaration first: in a flat requirements file that is the line to show and to upgrade.
  const ordered = prodFirst(declaration ? [declaration.declared, ...introducedBy.filter((dependency) => dependency !== declaration.declared)] : introducedBy);
  // A virtualenv may be older or newer than the pins: what the project asks for is what ships.
  const version = isInstalled ? (declaration?.pinnedVersion ?? constraints.get(entry.name) ?? entry.version) : entry.version;
  return {
    ecosystem: 'pypi',
    name: entry.name,
    version,
    isDirect: declaration !== undefined,
    isDevOnly: ordered.every((dependency) => dependency.scope === 'dev'),
    introducedBy: ordered,
    chain: (reached && preferredChain(reached, ordered)) ?? [entry.name],
    hasKnownParents: lock.hasEdges && isComplete && isExplainedByDeclarations && !optionalOf.has(entry.name),
    ...unknownParentsReasonOf(entry.name, optionalOf.get(entry.name), isComplete, lock),
    ...(entry.hashes && entry.hashes.length > 0 ? { hashes: entry.hashes } : {}),
    ...(lock.hasEdges ? { dependsOn: lockedDependencies(byName, entry, reached?.extras) } : {}),
  };
}

function unknownParentsReasonOf(name: string, optionalVia: string | undefined, isComplete: boolean, lock: PypiLock): { unknownParentsReason?: string } {
  if (!isComplete) {
    return { unknownParentsReason: `some requirement is not installed in ${lock.edgesFrom ?? lock.path}, so what it pulls in is not known` };
  }
  if (optionalVia === undefined) {
    return {};
  }
  const owner = optionalVia.slice(0, optionalVia.indexOf('['));
  const extra = optionalVia.slice(optionalVia.indexOf('['));
  const where = `the installed metadata (${lock.path})`;
  return {
    unknownParentsReason: optionalVia.startsWith(`${owner}[`) && lock.packages.some((entry) => entry.name === owner && [...entry.extras.values()].some((edges) => edges.some((edge) => edge.name === name)))
      ? `${where} lists ${name} under the ${extra} extra of ${owner}, and whether that extra was installed is not recorded`
      : `${where} shows ${name} required by what the ${extra} extra of ${owner} pulls in, and whether that extra was installed is not recorded`,
  };
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
function walk(byName: ReadonlyMap<string, PypiLockPackage[]>, start: PypiLockPackage, declaration: PypiDeclaration, state: Map<PypiLockPackage, Reach>, requestedExtras: Set<string>): void {
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
    extras.forEach((extra) => requestedExtras.add(`${entry.name}[${extra}]`));
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
