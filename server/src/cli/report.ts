import { advisoryId } from '../core/model/finding';
import type { AnalyzedFinding, FilterReason } from '../core/model/analysis';
import type { Analysis } from '../engine/workspaceEngine';
import type { ServiceControls } from '../core/controls/evaluateControls';
import type { BaselineState, BranchChanges } from '../core/baseline/baseline';

/** One finding in the CLI's JSON output: stable field names, 1-based lines. */
export interface ReportFinding {
  id: string;
  service: string;
  kind: string;
  advisory: string;
  title: string;
  severity: string;
  package?: { name: string; version?: string; ecosystem: string; fixedVersions: string[] };
  location?: { path: string; line: number };
  reachability: { tier: string; summary: string; evidence: { message: string; path?: string; line?: number }[] };
  priority: { score: number; band: string; factors: { id: string; label: string; points: number; maxPoints: number; detail: string }[] };
  surfaced: boolean;
  filteredReason?: FilterReason;
  /** Against the base of the branch, with `--since`. */
  baselineState?: BaselineState;
  fix?: { title: string };
  links: { advisory?: string; finding?: string };
}

export interface Report {
  repository: string;
  services: { id: string; name: string; root: string }[];
  findings: ReportFinding[];
  summary: { total: number; surfaced: number; filtered: Record<string, number> };
  problems: string[];
  /** Each service's controls (organisation policies and `.aspm/policy.yaml`) with pass/fail and evidence. */
  controls?: ServiceControls[];
  /** With `--since REF`: what the branch introduces since its merge-base with REF. */
  baseline?: { ref: string; commit: string; findings: Partial<Record<BaselineState, number>> } & BranchChanges;
}

/** Flattens an analysis into the CLI report, highest priority first. */
export function toReport(repository: string, analysis: Analysis, problems: string[]): Report {
  const findings = analysis.services
    .flatMap(({ data, findings: analyzed }) => analyzed.map((finding) => toReportFinding(data.service.name, finding)))
    .sort((a, b) => b.priority.score - a.priority.score || a.id.localeCompare(b.id));
  const filtered: Record<string, number> = {};
  for (const finding of findings) {
    if (finding.filteredReason) {
      filtered[finding.filteredReason.code] = (filtered[finding.filteredReason.code] ?? 0) + 1;
    }
  }
  return {
    repository,
    services: analysis.services.map(({ data }) => ({ id: data.service.id, name: data.service.name, root: data.service.root })),
    findings,
    summary: { total: findings.length, surfaced: findings.filter((finding) => finding.surfaced).length, filtered },
    problems,
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
      ? { name: finding.package.name, version: analyzed.package?.version ?? finding.package.version, ecosystem: finding.package.ecosystem, fixedVersions: finding.package.fixedVersions }
      : undefined,
    location: location ? { path: location.path, line: location.range.start.line + 1 } : undefined,
    reachability: {
      tier: reachability.tier,
      summary: reachability.summary,
      evidence: reachability.evidence.map((evidence) => ({
        message: evidence.message,
        path: evidence.location?.path,
        line: evidence.location ? evidence.location.range.start.line + 1 : undefined,
      })),
    },
    priority: { score: priority.score, band: priority.band, factors: priority.factors },
    surfaced: analyzed.isSurfaced,
    filteredReason: analyzed.filterReason,
    baselineState: analyzed.baselineState,
    fix: analyzed.fix ? { title: analyzed.fix.title } : undefined,
    links: { advisory: finding.links?.advisory, finding: finding.links?.finding },
  };
}
