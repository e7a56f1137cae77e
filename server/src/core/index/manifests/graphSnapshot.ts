import { hasKnownParents, type DependencyGraph, type ResolvedPackage } from '../../model/dependency';
import type { RootedGraph } from '../../model/workspaceIndex';

/** A package of a graph snapshot. Lines are 1-based, as editors show them. */
export interface PackageSnapshot {
  version: string | null;
  isDirect: boolean;
  isDevOnly: boolean;
  /** `manifestPath#name` of every introducing declaration, sorted. */
  introducedBy: string[];
  /** `path:line` of the first introducer (the prod one when there is one): where a diagnostic goes. */
  declaredAt: string;
  chain: string[];
  /** Present, and false, only when the graph does not record every package that depends on this one. */
  parentsKnown?: false;
}

/** A dependency graph as plain JSON, ordered by code point (not locale). */
export interface GraphSnapshot {
  rootDir: string;
  rootManifestPath: string;
  hasLockfile: boolean;
  /** `path:line name scope spec` of every declaration, in declaration order. */
  declared: string[];
  /** By package name, or `name@version` when the graph holds several versions of it. */
  packages: Record<string, PackageSnapshot>;
}

/**
 * A stable, JSON-friendly projection of dependency graphs, sorted by root manifest. It is what the fixture
 * expectation files (`test-fixtures/workspaces/<name>/<name>.expected.json`) hold, so a test compares whole graphs
 * and any extra, missing or changed package fails it.
 */
export function snapshotGraphs(graphs: readonly RootedGraph[]): GraphSnapshot[] {
  return [...graphs].sort((a, b) => byCodePoint(a.rootManifestPath, b.rootManifestPath)).map(snapshotGraph);
}

function snapshotGraph({ rootDir, rootManifestPath, graph }: RootedGraph): GraphSnapshot {
  const counts = new Map<string, number>();
  graph.packages.forEach((pkg) => counts.set(pkg.name, (counts.get(pkg.name) ?? 0) + 1));
  const keyed = graph.packages.map((pkg) => [(counts.get(pkg.name) ?? 0) > 1 ? `${pkg.name}@${pkg.version ?? ''}` : pkg.name, pkg] as const);
  const packages: Record<string, PackageSnapshot> = Object.fromEntries(keyed.sort(([a], [b]) => byCodePoint(a, b)).map(([key, pkg]) => [key, snapshotPackage(pkg, graph)]));
  return {
    rootDir,
    rootManifestPath,
    hasLockfile: graph.hasLockfile,
    declared: graph.declared.map((dependency) => `${dependency.manifestPath}:${dependency.range.start.line + 1} ${dependency.name} ${dependency.scope} ${dependency.spec}`.trimEnd()),
    packages,
  };
}

function snapshotPackage(pkg: ResolvedPackage, graph: DependencyGraph): PackageSnapshot {
  const first = pkg.introducedBy[0];
  return {
    version: pkg.version ?? null,
    isDirect: pkg.isDirect,
    isDevOnly: pkg.isDevOnly,
    introducedBy: pkg.introducedBy.map((dependency) => `${dependency.manifestPath}#${dependency.name}`).sort(),
    declaredAt: first ? `${first.manifestPath}:${first.range.start.line + 1}` : '',
    chain: pkg.chain,
    ...(hasKnownParents(pkg, graph) ? {} : { parentsKnown: false as const }),
  };
}

/** Locale-independent order, so that the expectation files read the same on every machine. */
function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
