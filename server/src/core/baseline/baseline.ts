import type { AnalyzedFinding, BaselineState } from '../model/analysis';
import type { ResolvedPackage } from '../model/dependency';
import type { IacResource } from '../model/iacFacts';
import type { SourceLocation } from '../model/location';
import type { RootedGraph } from '../model/workspaceIndex';
import { isInstalledVersionAffected } from '../correlate/locatePackage';
import { touchesChangedLines, type FileChange } from './unifiedDiff';

export type { BaselineState } from '../model/analysis';

/** The workspace as it was at the base of the branch, and what the branch changed since. Plain data. */
export interface Baseline {
  /** What the user named (`origin/main`). */
  ref: string;
  /** The merge-base commit of `ref` and HEAD, which the comparison is against. */
  commit: string;
  /** Changed files of the working tree since `commit`, with their added or rewritten lines. */
  changes: ReadonlyMap<string, FileChange>;
  /** Dependency graphs of the manifests and lockfiles as they were at `commit`. */
  graphs: readonly RootedGraph[];
  /** Addresses of the IaC resources declared at `commit`. */
  iacAddresses: ReadonlySet<string>;
}

/**
 * How a finding compares with the base of the branch:
 * - a package finding is `new` when the base had no such package, `unchanged` when it had the same version,
 *   `updated` when the branch changed the version and it is still affected, `absent` when the branch moved it to a
 *   fixed version (the finding goes away with the merge);
 * - an IaC finding is `new` on a resource the base did not declare, `updated` when the resource's lines changed;
 * - any other located finding is `new` when it sits on lines the branch added or rewrote (or in a new file);
 * - everything else is `unchanged`.
 */
export function baselineStateOf(analyzed: AnalyzedFinding, baseline: Baseline, iacResourceAt?: (location: SourceLocation) => IacResource | undefined): BaselineState {
  const { finding, location } = analyzed;
  const pkg = analyzed.package;
  if (finding.package && pkg) {
    const before = packagesAtBase(baseline, pkg);
    if (before.length === 0) {
      return 'new';
    }
    if (before.some((other) => other.version === pkg.version)) {
      return 'unchanged';
    }
    const wasAffected = before.some((other) => isInstalledVersionAffected(finding, other.version));
    if (analyzed.isFixedInWorkspace && analyzed.pendingInstallVersion === undefined) {
      return wasAffected ? 'absent' : 'unchanged';
    }
    return wasAffected ? 'updated' : 'new';
  }
  if (!location) {
    return 'unchanged';
  }
  const change = baseline.changes.get(location.path);
  if (finding.kind === 'iac') {
    const resource = iacResourceAt?.(location);
    if (resource && !baseline.iacAddresses.has(resource.address)) {
      return 'new';
    }
    if (resource && touchesChangedLines(change, resource.location.range.start.line, resource.location.range.end.line)) {
      return change?.isNew ? 'new' : 'updated';
    }
  }
  return touchesChangedLines(change, location.range.start.line, location.range.end.line) ? 'new' : 'unchanged';
}

/** The same package (ecosystem and name) in the base's graphs, any version. */
function packagesAtBase(baseline: Baseline, pkg: ResolvedPackage): ResolvedPackage[] {
  return baseline.graphs.flatMap((rooted) => rooted.graph.packages.filter((other) => other.ecosystem === pkg.ecosystem && other.name === pkg.name));
}

/** What a branch introduces besides findings: dependencies added or moved to another version, new IaC resources. */
export interface BranchChanges {
  dependencies: { ecosystem: string; name: string; version?: string; before?: string[]; change: 'added' | 'changed'; location?: SourceLocation }[];
  iacResources: { address: string; type: string; location: SourceLocation }[];
}

/** Compares the current graphs and IaC resources with the base. Sorted by path, then name. */
export function branchChanges(baseline: Baseline, graphs: readonly RootedGraph[], resources: readonly IacResource[]): BranchChanges {
  const before = new Map<string, Set<string>>();
  for (const rooted of baseline.graphs) {
    for (const pkg of rooted.graph.packages) {
      const key = `${pkg.ecosystem}:${pkg.name}`;
      before.set(key, (before.get(key) ?? new Set()).add(pkg.version ?? ''));
    }
  }
  const seen = new Set<string>();
  const dependencies: BranchChanges['dependencies'] = [];
  for (const rooted of graphs) {
    for (const pkg of rooted.graph.packages) {
      const key = `${pkg.ecosystem}:${pkg.name}@${pkg.version ?? ''}`;
      const versions = before.get(`${pkg.ecosystem}:${pkg.name}`);
      if (seen.has(key) || versions?.has(pkg.version ?? '')) {
        continue;
      }
      seen.add(key);
      const declaration = pkg.introducedBy[0];
      dependencies.push({
        ecosystem: pkg.ecosystem,
        name: pkg.name,
        version: pkg.version,
        ...(versions ? { before: [...versions].filter(Boolean).sort() } : {}),
        change: versions ? 'changed' : 'added',
        location: declaration ? { path: declaration.manifestPath, range: declaration.range } : undefined,
      });
    }
  }
  const iacResources = resources.filter((resource) => !baseline.iacAddresses.has(resource.address)).map((resource) => ({ address: resource.address, type: resource.type, location: resource.location }));
  const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  const byPlace = (a: { location?: SourceLocation; name?: string; address?: string }, b: typeof a): number =>
    byText(a.location?.path ?? '', b.location?.path ?? '') || (a.location?.range.start.line ?? 0) - (b.location?.range.start.line ?? 0) || byText(a.name ?? a.address ?? '', b.name ?? b.address ?? '');
  return { dependencies: dependencies.sort(byPlace), iacResources: iacResources.sort(byPlace) };
}
