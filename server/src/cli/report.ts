import { advisoryId, type Finding } from '../core/model/finding';
import type { AnalyzedFinding, BaselineState, FilterReason } from '../core/model/analysis';
import type { Analysis } from '../engine/ports';
import type { ServiceControls } from '../core/controls/evaluateControls';
import type { BranchChanges } from '../core/baseline/baseline';
import { describeSourceSite, groupSourceSites, type SourceSiteMode } from '../core/correlate/sourceSites';

/** One finding in the CLI's JSON output: stable field names, 1-based lines. */
export interface ReportFinding {
  id: string;
  service: string;
  kind: string;
  advisory: string;
  title: string;
  severity: string;
  /** With the vulnerable functions and packages the advisory names, when it names them. */
  package?: { name: string; version?: string; ecosystem: string; fixedVersions: string[]; vulnerableSymbols?: string[]; vulnerablePackages?: string[] };
  location?: { path: string; line: number };
  reachability: { tier: string; summary: string; evidence: { message: string; path?: string; line?: number }[] };
  priority: { score: number; band: string; factors: { id: string; label: string; points: number; maxPoints: number; detail: string }[] };
  surfaced: boolean;
  filteredReason?: FilterReason;
  /** Against the base of the branch, with `--since`. */
  baselineState?: BaselineState;
  fix?: { title: string };
  links: { advisory?: string; finding?: string };
  /** Every source that reports the finding, each with its own id (and page) there. */
  sources: ReportSource[];
}

/** Where a finding comes from: a platform (`aspm`, `defectdojo`, `dependency-track`, `github`) or a local report. */
export interface ReportSource {
  kind: string;
  /** The source's id (`github:https://api.github.com`), or the local report (`sarif:reports/codeql.sarif`). */
  source: string;
  /** The finding's id in that source. */
  id: string;
  url?: string;
}

export interface Report {
  repository: string;
  services: { id: string; name: string; root: string }[];
  findings: ReportFinding[];
  summary: { total: number; surfaced: number; filtered: Record<string, number> };
  problems: string[];
  /** Each service's controls (organisation policies and `.aspm/policy.yaml`) with pass/fail and evidence. */
  controls?: ServiceControls[];
  /**
   * The source lines that reach the shown vulnerable packages (`aspm.diagnostics.sourceSites`, as in the editor): one
   * per site per package version. Absent when there are none.
   */
  sourceSites?: ReportSourceSite[];
  /** With `--since REF`: what the branch introduces since its merge-base with REF. */
  baseline?: { ref: string; commit: string; findings: Partial<Record<BaselineState, number>> } & BranchChanges;
}

/** A call of a vulnerable function or an import of a vulnerable package, with the findings (ids) it reaches. */
export interface ReportSourceSite {
  kind: 'call' | 'import';
  path: string;
  line: number;
  package: string;
  version?: string;
  advisories: string[];
  findingIds: string[];
  message: string;
}

/** Flattens an analysis into the CLI report, highest priority first. */
export function toReport(repository: string, analysis: Analysis, problems: string[], sourceSiteMode: SourceSiteMode = 'calls'): Report {
  const findings = analysis.services
    .flatMap(({ data, findings: analyzed }) => analyzed.map((finding) => toReportFinding(data.service.name, finding)))
    .sort((a, b) => b.priority.score - a.priority.score || a.id.localeCompare(b.id));
  const filtered: Record<string, number> = {};
  for (const finding of findings) {
    if (finding.filteredReason) {
      filtered[finding.filteredReason.code] = (filtered[finding.filteredReason.code] ?? 0) + 1;
    }
  }
  const sourceSites = groupSourceSites(
    analysis.services.flatMap((service) => service.findings),
    sourceSiteMode,
  ).map((group): ReportSourceSite => ({
    kind: group.kind,
    path: group.location.path,
    line: group.location.range.start.line + 1,
    package: group.packageName,
    ...(group.version ? { version: group.version } : {}),
    advisories: group.advisories.map((advisory) => advisory.id),
    findingIds: group.advisories.map((advisory) => advisory.findingId),
    message: describeSourceSite(group),
  }));
  return {
    repository,
    services: analysis.services.map(({ data }) => ({ id: data.service.id, name: data.service.name, root: data.service.root })),
    findings,
    summary: { total: findings.length, surfaced: findings.filter((finding) => finding.surfaced).length, filtered },
    problems,
    ...(sourceSites.length > 0 ? { sourceSites } : {}),
  };
}

function toReportFinding(service: string, analyzed: AnalyzedFinding): ReportFinding {
  const { finding, location, reachability, priority } = analyzed;
  return {
    id: finding.id,
    service,
    kind: finding.kind,
    advisory: advisoryId(finding),
    title: finding.title,
    severity: finding.severity,
    package: finding.package
      ? {
          name: finding.package.name,
          version: analyzed.package?.version ?? finding.package.version,
          ecosystem: finding.package.ecosystem,
          fixedVersions: finding.package.fixedVersions,
          vulnerableSymbols: finding.package.vulnerableSymbols,
          vulnerablePackages: finding.package.vulnerablePackages,
        }
      : undefined,
    location: location ? { path: location.path, line: location.range.start.line + 1 } : undefined,
    reachability: {
      tier: reachability.tier,
      summary: reachability.summary,
      // A note without a location (a lockfile fact, a reason) has no path or line: the fields are left out.
      evidence: reachability.evidence.map((evidence) => ({
        message: evidence.message,
        ...(evidence.location ? { path: evidence.location.path, line: evidence.location.range.start.line + 1 } : {}),
      })),
    },
    priority: { score: priority.score, band: priority.band, factors: priority.factors },
    surfaced: analyzed.isSurfaced,
    filteredReason: analyzed.filterReason,
    baselineState: analyzed.baselineState,
    fix: analyzed.fix ? { title: analyzed.fix.title } : undefined,
    links: { advisory: finding.links?.advisory, finding: finding.links?.finding },
    sources: sourcesOf(finding),
  };
}

/** The platforms' origins, then the reports that name no origin (local SARIF and OSV, a backend's SARIF). */
function sourcesOf(finding: Finding): ReportSource[] {
  const fromPlatforms = (finding.origins ?? []).map((origin) => ({ kind: origin.kind, source: origin.source, id: origin.id, url: origin.url }));
  const others = finding.sources.filter((source) => fromPlatforms.length === 0 || /^(sarif|osv):/.test(source));
  return [...fromPlatforms, ...others.map((source) => ({ kind: source.includes(':') ? source.slice(0, source.indexOf(':')) : source, source, id: finding.id }))];
}
