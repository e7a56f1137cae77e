import * as semver from 'semver';
import { normalizePypiName } from '../index/manifests/pep508';
import { compareVersions } from '../versions/compareVersions';
import { isInVersionRange } from '../versions/versionRange';
import type { DeclaredDependency, ResolvedPackage } from '../model/dependency';
import type { Finding, PackageRef } from '../model/finding';
import { isInServiceRoot } from '../model/service';
import type { RootedGraph, WorkspaceIndex } from '../model/workspaceIndex';

/** The installed package a finding names, restricted to what the service declares. */
export interface PackageMatch {
  graph: RootedGraph;
  package: ResolvedPackage;
  /** The introducing declarations inside the service root, prod ones first. */
  introducedBy: DeclaredDependency[];
}

/**
 * Finds the package of an SCA finding in the service's dependency graphs. Prefers the exact reported version; falls
 * back to any installed version of the same name (the workspace may differ from what the scanner saw).
 */
export function locatePackage(index: WorkspaceIndex, serviceRoot: string, ref: PackageRef): PackageMatch | undefined {
  const matches: PackageMatch[] = [];
  for (const graph of index.graphs) {
    if (graph.graph.ecosystem !== ref.ecosystem) {
      continue;
    }
    const wanted = packageKey(ref.ecosystem, ref.name);
    for (const candidate of graph.graph.packages) {
      if (packageKey(candidate.ecosystem, candidate.name) !== wanted) {
        continue;
      }
      const introducedBy = candidate.introducedBy.filter((dependency) => isInServiceRoot(dependency.manifestPath, serviceRoot));
      if (introducedBy.length > 0) {
        matches.push({ graph, package: candidate, introducedBy });
      }
    }
  }
  return (
    matches.find((match) => match.package.version === ref.version && !match.introducedBy.every(isDev)) ??
    matches.find((match) => match.package.version === ref.version) ??
    matches.find((match) => !match.introducedBy.every(isDev)) ??
    matches[0]
  );
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
  if (pkg.vulnerableRange) {
    const inRange = isInVersionRange(pkg.ecosystem, installedVersion, pkg.vulnerableRange);
    if (inRange !== undefined) {
      return inRange;
    }
  }
  if (pkg.ecosystem === 'npm' && semver.valid(installedVersion)) {
    const fixedOnSameMajor = pkg.fixedVersions.filter((fixed) => semver.valid(fixed) && semver.major(fixed) === semver.major(installedVersion));
    return !fixedOnSameMajor.some((fixed) => semver.gte(installedVersion, fixed));
  }
  // Other ecosystems: affected unless the installed version is at or above every fixed version.
  const orders = pkg.fixedVersions.map((fixed) => compareVersions(pkg.ecosystem, installedVersion, fixed));
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
