import { controlsOfPolicy, evaluateAllControls, isOpen, slaDueDate, type ControlResult, type ServiceControls } from '../controls/evaluateControls';
import type { PolicyControl } from '../controls/policyFile';
import { buildInventory, type Inventory } from '../inventory/inventory';
import type { AnalyzedFinding, PriorityBand, ReachabilityTier } from '../model/analysis';
import { advisoryId, type FindingKind } from '../model/finding';
import { iacFindingSource } from '../index/iac/rules/iacRule';
import { servicesOf, type ExportInput, type ExportService } from './exportInput';

/** Where the report's data came from and how fresh it is. */
export interface ReportSource {
  name: string;
  detail: string;
  /** ISO time the data was current at; absent when unknown. */
  asOf?: string;
  /** Set when the data is older than the run (a backend outage served from cache). */
  staleSince?: string;
}

/** How a framework requirement is supported by what the report shows. */
export interface FrameworkMapping {
  framework: 'SOC 2' | 'ISO/IEC 27001:2022';
  reference: string;
  requirement: string;
  support: string;
  /** The report sections that hold the evidence. */
  evidence: string[];
  /** From the controls that bear on it: any failing → fail; all passing → pass; none configured → evidence only. */
  status: 'pass' | 'fail' | 'unknown' | 'evidence-only';
  controls: string[];
}

/** One finding row of the report. */
export interface ReportFindingRow {
  id: string;
  service: string;
  kind: FindingKind;
  advisory: string;
  title: string;
  severity: string;
  score: number;
  band: PriorityBand;
  tier: ReachabilityTier;
  where?: string;
  surfaced: boolean;
  filtered?: string;
  due?: string;
  isOverdue: boolean;
}

/** `untracked`: an SLA applies but the finding has no first-seen date; `no-sla`: no SLA applies to it. */
export type SlaBucket = 'overdue' | 'due-soon' | 'within-sla' | 'untracked' | 'no-sla';

/** The evidence report as data; the HTML and Markdown renderers only lay it out. */
export interface EvidenceReport {
  repository: string;
  generatedAt: string;
  tool: string;
  sources: ReportSource[];
  totals: {
    findings: number;
    surfaced: number;
    byBand: Record<PriorityBand, { surfaced: number; filtered: number }>;
    byKind: Partial<Record<FindingKind, { surfaced: number; filtered: number }>>;
    filteredByReason: Record<string, number>;
    sla: Record<SlaBucket, number>;
    controls: { pass: number; fail: number; unknown: number; notApplicable: number };
  };
  controls: ServiceControls[];
  inventory: Inventory;
  mapping: FrameworkMapping[];
  findings: ReportFindingRow[];
  problems: string[];
}

/** What the caller knows about the sources beyond the analysis. */
export interface ReportContext {
  /** The platforms findings were pulled from (the ASPM backend, DefectDojo, Dependency-Track, GitHub), with freshness. */
  sources?: readonly { label: string; url: string; lastSuccessAt?: Date; staleSince?: Date }[];
  problems: readonly string[];
}

const bands: readonly PriorityBand[] = ['critical', 'high', 'medium', 'low'];
const dueSoonDays = 7;
const dayMs = 24 * 60 * 60 * 1000;

/**
 * Gathers the evidence report of a workspace: data sources and their freshness, findings by band, kind and filter
 * reason, SLA status, each service's controls, the inventory, and how it supports SOC 2 (CC7.1, CC8.1) and
 * ISO/IEC 27001:2022 Annex A (A.8.8, A.8.28, A.8.9). Pure; dated by `input.now`.
 */
export function buildEvidenceReport(input: ExportInput, context: ReportContext): EvidenceReport {
  const services = servicesOf(input);
  const controls = evaluateAllControls(input);
  const rows = services.flatMap((entry) => entry.findings.map((finding) => findingRow(entry, finding, input)));
  const byBand = Object.fromEntries(bands.map((band) => [band, { surfaced: 0, filtered: 0 }])) as EvidenceReport['totals']['byBand'];
  const byKind: EvidenceReport['totals']['byKind'] = {};
  const filteredByReason: Record<string, number> = {};
  const sla: Record<SlaBucket, number> = { overdue: 0, 'due-soon': 0, 'within-sla': 0, untracked: 0, 'no-sla': 0 };
  for (const entry of services) {
    for (const finding of entry.findings) {
      const side = finding.isSurfaced ? 'surfaced' : 'filtered';
      byBand[finding.priority.band][side]++;
      const kind = (byKind[finding.finding.kind] ??= { surfaced: 0, filtered: 0 });
      kind[side]++;
      if (finding.filterReason) {
        filteredByReason[finding.filterReason.code] = (filteredByReason[finding.filterReason.code] ?? 0) + 1;
      }
      if (isOpen(finding)) {
        sla[slaBucketOf(finding, slaControlsOf(entry, input), input.now)]++;
      }
    }
  }
  const results = controls.flatMap((service) => service.results);
  return {
    repository: input.repository,
    generatedAt: input.now.toISOString(),
    tool: `${input.tool.name} ${input.tool.version}`,
    sources: sourcesOf(input, services, context),
    totals: {
      findings: rows.length,
      surfaced: rows.filter((row) => row.surfaced).length,
      byBand,
      byKind,
      filteredByReason,
      sla,
      controls: {
        pass: results.filter((result) => result.status === 'pass').length,
        fail: results.filter((result) => result.status === 'fail').length,
        unknown: results.filter((result) => result.status === 'unknown').length,
        notApplicable: results.filter((result) => result.status === 'not-applicable').length,
      },
    },
    controls,
    inventory: buildInventory(input.index, ''),
    mapping: frameworkMapping(results),
    findings: rows.sort((a, b) => Number(b.surfaced) - Number(a.surfaced) || b.score - a.score || (a.id < b.id ? -1 : 1)),
    problems: [...context.problems],
  };
}

function findingRow(entry: ExportService, analyzed: AnalyzedFinding, input: ExportInput): ReportFindingRow {
  const { finding, priority, reachability, location } = analyzed;
  const days = isOpen(analyzed) ? slaDaysOf(analyzed, slaControlsOf(entry, input)) : undefined;
  const due = days === undefined ? undefined : slaDueDate(analyzed, days);
  return {
    id: finding.id,
    service: entry.service.name,
    kind: finding.kind,
    advisory: advisoryId(finding),
    title: finding.title,
    severity: finding.severity,
    score: priority.score,
    band: priority.band,
    tier: reachability.tier,
    where: finding.package ? `${finding.package.name}@${analyzed.package?.version ?? finding.package.version ?? '?'}${location ? ` (${location.path}:${location.range.start.line + 1})` : ''}` : location ? `${location.path}:${location.range.start.line + 1}` : undefined,
    surfaced: analyzed.isSurfaced,
    filtered: analyzed.filterReason?.message,
    due: due?.toISOString().slice(0, 10),
    isOverdue: due !== undefined && input.now.getTime() > due.getTime(),
  };
}

/** The SLA controls that apply to a service: its organisation policies' and the repository's `sla` controls. */
function slaControlsOf(entry: ExportService, input: ExportInput): Extract<PolicyControl, { rule: 'sla' }>[] {
  const all = [...entry.policies.flatMap((policy) => controlsOfPolicy(policy).map(({ control }) => control)), ...input.controls];
  return all.filter(
    (control): control is Extract<PolicyControl, { rule: 'sla' }> =>
      control.rule === 'sla' &&
      (control.environment === undefined || entry.exposure.environments.some((environment) => environment.kind === control.environment)) &&
      (control.services === undefined || control.services.includes(entry.service.id) || control.services.includes(entry.service.name)),
  );
}

/** The strictest SLA (days) the applicable SLA controls give a finding, if any. */
function slaDaysOf(finding: AnalyzedFinding, controls: readonly Extract<PolicyControl, { rule: 'sla' }>[]): number | undefined {
  const isReachable = ['runtime-loaded', 'symbol-called', 'imported'].includes(finding.reachability.tier);
  const days = controls.filter((control) => !control.reachableOnly || isReachable).map((control) => control.days[finding.finding.severity as keyof typeof control.days]).filter((value): value is number => value !== undefined);
  return days.length === 0 ? undefined : Math.min(...days);
}

function slaBucketOf(finding: AnalyzedFinding, controls: readonly Extract<PolicyControl, { rule: 'sla' }>[], now: Date): SlaBucket {
  const days = slaDaysOf(finding, controls);
  if (days === undefined) {
    return 'no-sla';
  }
  const due = slaDueDate(finding, days);
  if (due === undefined) {
    return 'untracked';
  }
  const left = due.getTime() - now.getTime();
  return left < 0 ? 'overdue' : left <= dueSoonDays * dayMs ? 'due-soon' : 'within-sla';
}

/** Finding sources that are platforms (pulled, with their own freshness), not local reports. */
const platformSourcePrefixes = ['backend:', 'aspm:', 'defectdojo:', 'dependency-track:', 'github:'];

function sourcesOf(input: ExportInput, services: readonly ExportService[], context: ReportContext): ReportSource[] {
  const sources: ReportSource[] = [];
  const graphs = input.index.graphs;
  sources.push({
    name: 'Workspace index',
    detail: `${graphs.length} dependency graph${graphs.length === 1 ? '' : 's'} (${graphs.filter((rooted) => rooted.graph.hasLockfile).length} from lockfiles), ${input.index.routes.length} routes, ${input.index.iac.resources.length} IaC resources, read at the time of the report`,
    asOf: input.now.toISOString(),
  });
  for (const platform of context.sources ?? []) {
    sources.push({
      name: platform.label,
      detail: `${displayUrl(platform.url)}: services, findings, runtime exposure and policies`,
      asOf: platform.lastSuccessAt?.toISOString(),
      staleSince: platform.staleSince?.toISOString(),
    });
  }
  const counts = new Map<string, number>();
  for (const entry of services) {
    for (const analyzed of entry.findings) {
      for (const source of analyzed.finding.sources) {
        counts.set(source, (counts.get(source) ?? 0) + 1);
      }
    }
  }
  for (const [source, total] of [...counts.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    // Platform findings are counted under their platform above; local reports are read at the time of the report.
    if (!platformSourcePrefixes.some((prefix) => source.startsWith(prefix))) {
      const colon = source.indexOf(':');
      sources.push({ name: sourceLabel(source), detail: `${total} finding${total === 1 ? '' : 's'}${colon < 0 ? '' : ` from ${source.slice(colon + 1)}`}, read at the time of the report`, asOf: input.now.toISOString() });
    }
  }
  for (const entry of services) {
    if (entry.hasExposureData) {
      sources.push({ name: `Runtime exposure of ${entry.service.name}`, detail: `environments ${entry.exposure.environments.map((environment) => environment.name).join(', ') || 'none'}; ${entry.exposure.endpoints.length} observed endpoints`, asOf: entry.exposure.observedAt });
    }
  }
  if (input.controls.length > 0) {
    const files = [...new Set(input.controls.map((control) => control.path))];
    sources.push({ name: 'Repository policy', detail: `${input.controls.length} controls in ${files.join(', ')}`, asOf: input.now.toISOString() });
  }
  return sources;
}

/** A URL without credentials, query or fragment, as a report may show it. */
function displayUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname.replace(/\/$/, '')}`;
  } catch {
    return '(invalid URL)';
  }
}

function sourceLabel(source: string): string {
  if (source === iacFindingSource) {
    return 'Built-in IaC rules';
  }
  const kind = source.includes(':') ? source.slice(0, source.indexOf(':')) : source;
  return kind === 'sarif' ? 'SARIF report' : kind === 'osv' ? 'OSV advisories' : `Source ${kind}`;
}

/** Which rules bear on each requirement. */
const mappingRows: (Omit<FrameworkMapping, 'status' | 'controls'> & { rules: readonly PolicyControl['rule'][] })[] = [
  {
    framework: 'SOC 2',
    reference: 'CC7.1',
    requirement: 'Detection and monitoring procedures identify configuration changes that introduce vulnerabilities, and susceptibility to newly discovered vulnerabilities.',
    support: 'Findings of every scanner and advisory source are correlated with the code continuously, ranked by reachability and exposure, and new-code mode reports what each change introduces.',
    evidence: ['Findings', 'SLA status', 'Controls'],
    rules: ['max-severity', 'sla', 'max-priority-band'],
  },
  {
    framework: 'SOC 2',
    reference: 'CC8.1',
    requirement: 'Changes to infrastructure, data and software are authorized, designed, tested, approved and implemented.',
    support: 'Guardrails are code (.aspm/policy.yaml) reviewed with the change; CI gates fail a change that breaks a control; each build can publish its SBOM.',
    evidence: ['Controls', 'Inventory'],
    rules: ['banned-packages', 'pinned-images', 'max-severity', 'max-priority-band'],
  },
  {
    framework: 'ISO/IEC 27001:2022',
    reference: 'A.8.8',
    requirement: 'Management of technical vulnerabilities: obtain information about vulnerabilities, evaluate exposure, take appropriate measures.',
    support: 'Dependency inventory (CycloneDX SBOM), advisories matched to installed versions, exploitability stated as VEX from reachability, SLAs tracked per severity.',
    evidence: ['Inventory', 'Findings', 'SLA status'],
    rules: ['max-severity', 'sla', 'banned-packages'],
  },
  {
    framework: 'ISO/IEC 27001:2022',
    reference: 'A.8.28',
    requirement: 'Secure coding principles are applied to software development.',
    support: 'Code, secret and dependency findings are shown in the editor where the code is written, with fixes; changed lines are checked before merge.',
    evidence: ['Findings', 'Controls'],
    rules: ['max-severity', 'max-priority-band', 'banned-packages'],
  },
  {
    framework: 'ISO/IEC 27001:2022',
    reference: 'A.8.9',
    requirement: 'Configuration management: configurations, including security configurations, are established, documented, monitored and reviewed.',
    support: 'IaC resources (Terraform, Kubernetes, Compose, Dockerfiles) are inventoried and checked by rules; image pinning is a control.',
    evidence: ['Inventory', 'Findings', 'Controls'],
    rules: ['pinned-images'],
  },
];

function frameworkMapping(results: readonly ControlResult[]): FrameworkMapping[] {
  return mappingRows.map(({ rules, ...row }) => {
    const relevant = results.filter((result) => rules.includes(result.rule) && result.status !== 'not-applicable');
    const status = relevant.length === 0 ? 'evidence-only' : relevant.some((result) => result.status === 'fail') ? 'fail' : relevant.some((result) => result.status === 'unknown') ? 'unknown' : 'pass';
    return { ...row, status, controls: [...new Set(relevant.map((result) => result.id))] };
  });
}
