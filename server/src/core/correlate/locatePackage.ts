import * as semver from 'semver';
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
    for (const candidate of graph.graph.packages) {
      if (candidate.name !== ref.name) {
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
  if (!pkg || !installedVersion || !semver.valid(installedVersion) || installedVersion === pkg.version) {
    return true;
  }
  if (pkg.vulnerableRange && semver.validRange(pkg.vulnerableRange)) {
    return semver.satisfies(installedVersion, pkg.vulnerableRange);
  }
  const fixedOnSameMajor = pkg.fixedVersions.filter(
    (fixed) => semver.valid(fixed) && semver.major(fixed) === semver.major(installedVersion),
  );
  return !fixedOnSameMajor.some((fixed) => semver.gte(installedVersion, fixed));
}
