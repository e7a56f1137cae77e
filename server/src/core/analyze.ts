import * as semver from 'semver';
import { decidePackageReachability } from './correlate/reachability';
import { isInstalledVersionAffected, locatePackage, type PackageMatch } from './correlate/locatePackage';
import { locateCodeFinding } from './correlate/locateCode';
import { planDirectUpgrade, planTransitiveOverride } from './fixes/npmUpgrade';
import type { AnalyzedFinding, FixPlan, Reachability } from './model/analysis';
import type { Exposure } from './model/exposure';
import type { Finding } from './model/finding';
import type { Policy } from './model/policy';
import type { Service } from './model/service';
import { evaluatePolicies } from './prioritize/policies';
import type { WorkspaceIndex } from './model/workspaceIndex';
import { scorePriority } from './prioritize/score';
import { decideFilter, type SurfacePolicy } from './prioritize/surface';
import { matchIgnoreEntry, type IgnoreEntry } from './triage/ignoreFile';

/** Everything known about one service: its findings and its runtime exposure. */
export interface ServiceData {
  service: Service;
  findings: Finding[];
  exposure: Exposure;
  hasExposureData: boolean;
  /** The organisation's policies for the service (absent in snapshots saved before policies existed). */
  policies?: Policy[];
}

/** What the analysis needs besides the findings and the index: the time, and the local ignore entries. */
export interface AnalysisContext {
  now: Date;
  ignores: readonly IgnoreEntry[];
}

/** Ecosystems whose manifests the index reads; other SCA findings have unknown reachability. */
const indexedEcosystems = new Set(['npm']);

/**
 * Correlates a service's findings with the workspace, decides reachability, scores and filters them.
 * Pure: the result depends only on the arguments. Sorted by priority, highest first.
 */
export function analyzeService(data: ServiceData, index: WorkspaceIndex, policy: SurfacePolicy, context: AnalysisContext): AnalyzedFinding[] {
  const analyzed = data.findings.map((finding) => analyzeFinding(finding, data, index, policy, context));
  return analyzed.sort((a, b) => b.priority.score - a.priority.score || a.finding.id.localeCompare(b.finding.id));
}

function analyzeFinding(finding: Finding, data: ServiceData, index: WorkspaceIndex, policy: SurfacePolicy, context: AnalysisContext): AnalyzedFinding {
  const root = data.service.root;
  const ref = finding.package;
  const match = ref && indexedEcosystems.has(ref.ecosystem) ? locatePackage(index, root, ref) : undefined;
  let reachability: Reachability;
  let location = undefined as AnalyzedFinding['location'];
  let isFixedInWorkspace = false;
  let pendingInstallVersion: string | undefined;
  let locationStatus: AnalyzedFinding['locationStatus'];
  let fix: FixPlan | undefined;
  if (ref && match) {
    reachability = decidePackageReachability(ref, match, index.imports, root, data.exposure);
    const declaration = match.introducedBy[0]!;
    location = { path: declaration.manifestPath, range: declaration.range };
    pendingInstallVersion = requestedVersion(match);
    isFixedInWorkspace = !isInstalledVersionAffected(finding, pendingInstallVersion ?? match.package.version);
    fix = isFixedInWorkspace ? undefined : planFix(finding, match, index);
  } else if (ref) {
    reachability = {
      tier: 'unknown',
      summary: indexedEcosystems.has(ref.ecosystem)
        ? `${ref.name} is not found in the manifests or lockfiles of this service`
        : `${ref.ecosystem} dependencies are not indexed yet`,
      evidence: [],
    };
  } else {
    const located = locateCodeFinding(finding, index.files, finding.location ? index.codeText(finding.location.path) : undefined);
    location = located?.location;
    locationStatus = located?.status;
    // A scanner's fix is only offered while the code still looks like what it was written for.
    fix = locationStatus === 'exact' ? suggestedFixPlan(finding) : undefined;
    const where = location ? `${location.path}:${location.range.start.line + 1}` : '';
    reachability = {
      tier: 'unknown',
      summary: location ? 'code finding; reachability of its code path is not analysed' : 'the reported file is not in this workspace',
      evidence: location
        ? [
            {
              kind: 'location',
              message:
                locationStatus === 'stale'
                  ? `reported at ${where}, but that code has changed since the scan: possibly stale`
                  : locationStatus === 'moved'
                    ? `reported at line ${finding.location?.startLine}; the code moved to ${where} since the scan`
                    : `reported at ${where}`,
              location,
            },
          ]
        : [],
    };
  }
  const priority = scorePriority({ finding, tier: reachability.tier, exposure: data.exposure, hasExposureData: data.hasExposureData });
  const ignoredBy = matchIgnoreEntry(context.ignores, finding, location?.path ?? finding.location?.path, context.now);
  const filterReason = decideFilter(finding, location !== undefined, isFixedInWorkspace, pendingInstallVersion, reachability, priority, policy, ignoredBy);
  return {
    finding,
    serviceId: data.service.id,
    location,
    locationStatus,
    package: match?.package,
    isFixedInWorkspace,
    pendingInstallVersion,
    reachability,
    priority,
    isSurfaced: filterReason === undefined,
    filterReason,
    policy: evaluatePolicies(finding, reachability.tier, data.exposure, data.policies ?? [], context.now),
    fix,
  };
}

/** The first fix a scanner or built-in rule proposes, as workspace edits (scanner regions are 1-based). */
function suggestedFixPlan(finding: Finding): FixPlan | undefined {
  const suggested = finding.suggestedFixes?.[0];
  if (!suggested || suggested.edits.length === 0) {
    return undefined;
  }
  return {
    title: suggested.description,
    kind: 'suggested',
    edits: suggested.edits.map((edit) => ({
      path: edit.path,
      range: {
        start: { line: edit.startLine - 1, character: edit.startColumn - 1 },
        end: { line: edit.endLine - 1, character: Math.min(edit.endColumn - 1, maxLineLength) },
      },
      newText: edit.newText,
    })),
  };
}

/** Column that stands for "end of line" in edits whose scanner gave no end column; editors clamp it. */
const maxLineLength = 100_000;

/**
 * The lowest version the manifest now demands when the lockfile no longer satisfies it: a direct dependency's
 * bumped range, or an override of a transitive one. Undefined while the lockfile is in sync.
 */
function requestedVersion(match: PackageMatch): string | undefined {
  const installed = match.package.version;
  const declaration = match.introducedBy[0]!;
  const overrides = match.graph.overrides;
  const spec =
    overrides[`${declaration.name}>${match.package.name}`] ??
    overrides[match.package.name] ??
    (match.package.isDirect && declaration.name === match.package.name ? declaration.spec : undefined);
  if (!installed || !spec || !semver.validRange(spec) || semver.satisfies(installed, spec)) {
    return undefined;
  }
  return semver.minVersion(spec)?.version;
}

function planFix(finding: Finding, match: PackageMatch, index: WorkspaceIndex): FixPlan | undefined {
  const fixedVersions = finding.package?.fixedVersions ?? [];
  if (fixedVersions.length === 0) {
    return undefined;
  }
  const declaration = match.introducedBy[0]!;
  if (match.package.isDirect && declaration.name === match.package.name) {
    const text = index.manifestText(declaration.manifestPath);
    return text === undefined ? undefined : planDirectUpgrade(declaration, text, fixedVersions, match.package.version);
  }
  const rootText = index.manifestText(match.graph.rootManifestPath);
  return rootText === undefined
    ? undefined
    : planTransitiveOverride(match.package.name, declaration.name, match.graph.rootManifestPath, rootText, fixedVersions, match.package.version);
}
