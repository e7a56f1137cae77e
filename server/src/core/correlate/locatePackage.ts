import * as semver from 'semver';
import { normalizePypiName } from '../index/manifests/pep508';
import { compareVersions } from '../versions/compareVersions';
import { isInVersionRange } from '../versions/versionRange';
import type { DeclaredDependency, ResolvedPackage } from '../model/dependency';
import type { Finding, PackageRef } from '../model/finding';
import { isInServiceRoot } from '../model/service';
import { npmImportKeys } from './npmCopies';
import type { RootedGraph, WorkspaceIndex } from '../model/workspaceIndex';

/** The installed package a finding names, restricted to what the service declares. */
export interface PackageMatch {
  graph: RootedGraph;
  package: ResolvedPackage;
  /** The introducing declarations inside the service root, prod ones first. */
  introducedBy: DeclaredDependency[];
  /**
   * npm copies: the import targets that load the package itself (every copy of the matched version) and those of
   * the direct dependencies that pull those copies in. Absent for other ecosystems, whose targets are by name.
   */
  importKeys?: { own: string[]; introducers: string[] };
}

/**
 * Finds the package of an SCA finding in the service's dependency graphs. Prefers the exact reported version; falls
 * back to any installed version of the same name (the workspace may differ from what the scanner saw, and a
 * versionless report names no version), production declarations first. Where npm installs that version more than
 * once, the match stands for every such copy (their introducers and import targets together); other versions' copies
 * have their own findings and importers.
 */
export function locatePackage(index: WorkspaceIndex, serviceRoot: string, ref: PackageRef & Partial<Pick<VersionedRef, 'fixedVersions' | 'vulnerableRange'>>): PackageMatch | undefined {
  const matches: PackageMatch[] = [];
  const wanted = packageKey(ref.ecosystem, ref.name);
  for (const graph of index.graphs) {
    if (graph.graph.ecosystem !== ref.ecosystem) {
      continue;
    }
    for (const candidate of packagesByKey(graph).get(wanted) ?? []) {
      const introducedBy = candidate.introducedBy.filter((dependency) => isInServiceRoot(dependency.manifestPath, serviceRoot));
      if (introducedBy.length > 0) {
        matches.push({ graph, package: candidate, introducedBy });
      }
    }
  }
  // A report without a version (Dependabot names the package and the vulnerable range) means a copy the range
  // covers: installed versions known to be affected come first. An unpinned declaration (no version either) is no
  // exact match.
  const exact =
    ref.version === undefined
      ? matches.filter((match) => match.package.version !== undefined && isVersionAffected(ref, match.package.version))
      : matches.filter((match) => match.package.version === ref.version);
  const best = exact.find((match) => !match.introducedBy.every(isDev)) ?? exact[0] ?? matches.find((match) => !match.introducedBy.every(isDev)) ?? matches[0];
  return best?.package.copy === undefined ? best : withSameVersionCopies(best, matches);
}

const packagesByKeyCache = new WeakMap<readonly ResolvedPackage[], { count: number; byKey: Map<string, ResolvedPackage[]> }>();

/**
 * A graph's packages by {@link packageKey}, in graph order: built once per package list (rebuilt if the list grew),
 * so that locating 50k findings does not read every package of every graph for each.
 */
function packagesByKey(graph: RootedGraph): Map<string, ResolvedPackage[]> {
  const packages = graph.graph.packages;
  const cached = packagesByKeyCache.get(packages);
  if (cached?.count === packages.length) {
    return cached.byKey;
  }
  const byKey = new Map<string, ResolvedPackage[]>();
  for (const candidate of packages) {
    const key = packageKey(candidate.ecosystem, candidate.name);
    const list = byKey.get(key);
    if (list) {
      list.push(candidate);
    } else {
      byKey.set(key, [candidate]);
    }
  }
  packagesByKeyCache.set(packages, { count: packages.length, byKey });
  return byKey;
}

/** One match for the copies of the best match's version, the best one leading (its introducer is where it shows). */
function withSameVersionCopies(best: PackageMatch, matches: readonly PackageMatch[]): PackageMatch {
  const copies = [best, ...matches.filter((match) => match !== best && match.package.copy !== undefined && match.package.version === best.package.version)];
  const introducedBy = [...new Set(copies.flatMap((match) => match.introducedBy))];
  const leading = [...best.introducedBy, ...introducedBy.filter((dependency) => !best.introducedBy.includes(dependency)).sort((a, b) => Number(isDev(a)) - Number(isDev(b)))];
  return { ...best, introducedBy: leading, importKeys: npmImportKeys(copies) };
}

function isDev(dependency: DeclaredDependency): boolean {
  return dependency.scope === 'dev';
}

/**
 * Whether the installed version is still affected. Uses the advisory's vulnerable range when it parses, else its
 * fixed versions; answers true when neither can tell (never hide a finding on a guess).
 */
export function isInstalledVersionAffected(finding: Finding, installedVersion: string | undefined): boolean {
  const pkg = finding.package;
  if (!pkg || !installedVersion || installedVersion === pkg.version) {
    return true;
  }
  return isVersionAffected(pkg, installedVersion);
}

type VersionedRef = NonNullable<Finding['package']>;

/** Whether a version is in an advisory's vulnerable range (else below one of its fixed versions). */
function isVersionAffected(pkg: Pick<VersionedRef, 'ecosystem'> & Partial<Pick<VersionedRef, 'fixedVersions' | 'vulnerableRange'>>, installedVersion: string): boolean {
  const fixedVersions = pkg.fixedVersions ?? [];
  if (pkg.vulnerableRange) {
    const inRange = isInVersionRange(pkg.ecosystem, installedVersion, pkg.vulnerableRange);
    if (inRange !== undefined) {
      return inRange;
    }
  }
  if (pkg.ecosystem === 'npm' && semver.valid(installedVersion)) {
    const fixedOnSameMajor = fixedVersions.filter((fixed) => semver.valid(fixed) && semver.major(fixed) === semver.major(installedVersion));
    return !fixedOnSameMajor.some((fixed) => semver.gte(installedVersion, fixed));
  }
  // Other ecosystems: affected unless the installed version is at or above every fixed version.
  const orders = fixedVersions.map((fixed) => compareVersions(pkg.ecosystem, installedVersion, fixed));
  return orders.length === 0 || orders.some((order) => order === undefined || order < 0);
}

/**
 * How an ecosystem spells a package so that purls and manifests agree: Maven `group:artifact` (purls use
 * `group/artifact`), PyPI names normalized per PEP 503; npm and Go names as they are.
 */
export function packageKey(ecosystem: string, name: string): string {
  if (ecosystem === 'maven') {
    return name.replace('/', ':');
  }
  if (ecosystem === 'pypi') {
    return normalizePypiName(name);
  }
  return name;
}
