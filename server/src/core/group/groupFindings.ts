import { packageKey } from '../correlate/locatePackage';
import { reachabilityTiers, type AnalyzedFinding, type Evidence, type Priority, type ReachabilityTier } from '../model/analysis';
import { advisoryId } from '../model/finding';
import type { SourceLocation } from '../model/location';
import { severities, type Severity } from '../model/severity';

/**
 * The findings shown as one: every advisory on one package version declared on one manifest line (a transitive
 * package on the line of the direct dependency that pulls it in), or a single code finding (SAST, IaC, DAST,
 * secrets are never grouped). The per-advisory analysis stays intact in `findings`.
 */
export interface FindingGroup {
  /** Stable for the same service, manifest line and package version (or code finding). */
  key: string;
  serviceId: string;
  location?: SourceLocation;
  /** The package version the advisories are on; undefined for a code finding. */
  package?: GroupPackage;
  /** The members, highest priority first (never empty). */
  findings: AnalyzedFinding[];
  /**
   * Advisories on the same package version that are not members (filtered by priority, triage or an ignore entry)
   * but still affect the installed version: the upgrade offered should fix them too.
   */
  others: AnalyzedFinding[];
  /** The member with the highest priority: the group's priority, band and links are its. */
  top: AnalyzedFinding;
  priority: Priority;
  reachability: GroupReachability;
  /** Members per scanner severity, most severe first; severities without members are left out. */
  severityCounts: { severity: Severity; count: number }[];
}

export interface GroupPackage {
  ecosystem: string;
  name: string;
  /** Installed version, else the reported one. */
  version?: string;
  /** The direct dependency that pulls a transitive package in. */
  via?: string;
}

/** Reachability of a group: the strongest tier among its members, and how many members have each tier. */
export interface GroupReachability {
  tier: ReachabilityTier;
  /** The summary of the highest-priority member with the strongest tier. */
  summary: string;
  /** Members per tier, strongest first; one entry when every member agrees. */
  byTier: { tier: ReachabilityTier; count: number }[];
}

/**
 * Groups analyzed findings for display: package advisories by service, manifest line and package version; code
 * findings one per group. Only members (`isMember`, default: surfaced) form groups; other advisories of a grouped
 * package version that still affect it are kept in `others`. Groups are sorted by priority, highest first. Pure.
 */
export function groupFindings(findings: readonly AnalyzedFinding[], isMember: (analyzed: AnalyzedFinding) => boolean = (analyzed) => analyzed.isSurfaced): FindingGroup[] {
  const members = new Map<string, AnalyzedFinding[]>();
  const outside = new Map<string, AnalyzedFinding[]>();
  for (const analyzed of findings) {
    const key = groupKeyOf(analyzed);
    const into = isMember(analyzed) ? members : analyzed.finding.package && !analyzed.isFixedInWorkspace && analyzed.pendingInstallVersion === undefined ? outside : undefined;
    const list = into?.get(key);
    if (list) {
      list.push(analyzed);
    } else {
      into?.set(key, [analyzed]);
    }
  }
  const groups = [...members].map(([key, list]) => toGroup(key, list, outside.get(key) ?? []));
  return groups.sort((a, b) => b.priority.score - a.priority.score || a.key.localeCompare(b.key));
}

/** The group key of a finding: see {@link FindingGroup.key}. */
export function groupKeyOf(analyzed: AnalyzedFinding): string {
  const ref = analyzed.finding.package;
  if (!ref) {
    return `${analyzed.serviceId}\u0000finding\u0000${analyzed.finding.id}`;
  }
  const at = analyzed.location ? `${analyzed.location.path}:${analyzed.location.range.start.line}:${analyzed.location.range.start.character}` : '';
  const version = analyzed.package?.version ?? ref.version ?? '';
  return `${analyzed.serviceId}\u0000${at}\u0000${ref.ecosystem}:${packageKey(ref.ecosystem, ref.name)}@${version}`;
}

function toGroup(key: string, list: AnalyzedFinding[], others: AnalyzedFinding[]): FindingGroup {
  const findings = [...list].sort(byPriority);
  const top = findings[0]!;
  const ref = top.finding.package;
  const tierRank = (tier: ReachabilityTier): number => reachabilityTiers.indexOf(tier);
  const byTier = reachabilityTiers
    .map((tier) => ({ tier, count: findings.filter((analyzed) => analyzed.reachability.tier === tier).length }))
    .filter((entry) => entry.count > 0);
  const strongest = byTier[0]!.tier;
  const lead = findings.find((analyzed) => tierRank(analyzed.reachability.tier) === tierRank(strongest))!;
  return {
    key,
    serviceId: top.serviceId,
    location: top.location,
    package: ref
      ? {
          ecosystem: ref.ecosystem,
          name: top.package?.name ?? ref.name,
          version: top.package?.version ?? ref.version,
          via: top.package && !top.package.isDirect ? top.package.introducedBy[0]?.name : undefined,
        }
      : undefined,
    findings,
    others: [...others].sort(byPriority),
    top,
    priority: top.priority,
    reachability: { tier: strongest, summary: lead.reachability.summary, byTier },
    severityCounts: severities
      .map((severity) => ({ severity, count: findings.filter((analyzed) => analyzed.finding.severity === severity).length }))
      .filter((entry) => entry.count > 0),
  };
}

function byPriority(a: AnalyzedFinding, b: AnalyzedFinding): number {
  return b.priority.score - a.priority.score || severities.indexOf(a.finding.severity) - severities.indexOf(b.finding.severity) || advisoryId(a.finding).localeCompare(advisoryId(b.finding));
}

/** `Django 3.2.12`, `lodash 4.17.15 via sanitize-html`, or a code finding's title. */
export function groupSubject(group: FindingGroup): string {
  const pkg = group.package;
  if (!pkg) {
    return group.top.finding.title;
  }
  return `${pkg.name}${pkg.version ? ` ${pkg.version}` : ''}${pkg.via ? ` via ${pkg.via}` : ''}`;
}

/**
 * The advisories in one phrase: `CVE-2022-28346 SQL injection in QuerySet.annotate()` for one,
 * `24 advisories (5 critical, 15 high, 4 medium)` for several.
 */
export function advisoriesPhrase(group: FindingGroup): string {
  if (group.findings.length === 1) {
    return `${advisoryId(group.top.finding)} ${group.top.finding.title}`;
  }
  return `${group.findings.length} advisories (${group.severityCounts.map(({ severity, count }) => `${count} ${severity}`).join(', ')})`;
}

/**
 * The group's reachability in one phrase: `imported: application code imports django (7 sites)`, or, when members
 * differ, `symbol-called: application code calls yaml.load (for 2 of 24; imported for 22)`.
 */
export function reachabilityPhrase(group: FindingGroup): string {
  const { tier, summary, byTier } = group.reachability;
  const [first, ...rest] = byTier;
  const differs = rest.length > 0 ? ` (for ${first!.count} of ${group.findings.length}; ${rest.map((entry) => `${entry.tier} for ${entry.count}`).join(', ')})` : '';
  return `${tier}: ${summary}${differs}`;
}

/** The group's tiers: `imported` when its members agree, else `symbol-called for 2 of 24, imported for 22`. */
export function tiersPhrase(group: FindingGroup): string {
  const { tier, byTier } = group.reachability;
  return byTier.length === 1 ? tier : byTier.map((entry, index) => `${entry.tier} for ${entry.count}${index === 0 ? ` of ${group.findings.length}` : ''}`).join(', ');
}

/**
 * The reachability evidence of every member once: the same fact cited by several advisories (an import, a call)
 * is listed once, in the order of the members (highest priority first).
 */
export function groupEvidence(group: FindingGroup): Evidence[] {
  const seen = new Set<string>();
  const evidence: Evidence[] = [];
  const placeOf = (item: Evidence): string => (item.location ? `${item.location.path}:${item.location.range.start.line}:${item.location.range.start.character}` : '');
  // The advisories of one package share one reachability: its evidence is read once, not once per advisory.
  const lists = new Set<readonly Evidence[]>();
  for (const analyzed of group.findings) {
    if (lists.has(analyzed.reachability.evidence)) {
      continue;
    }
    lists.add(analyzed.reachability.evidence);
    for (const item of analyzed.reachability.evidence) {
      const key = `${item.kind}\u0000${item.message}\u0000${placeOf(item)}`;
      if (!seen.has(key)) {
        seen.add(key);
        evidence.push(item);
      }
    }
  }
  // A call one advisory lists as vulnerable is noted by another as "not a listed vulnerable function": in the one list
  // of the group, the note would contradict the call on the same line. The advisory table says which one is which.
  const vulnerableCalls = new Set(evidence.filter((item) => item.kind === 'call' && item.location).map(placeOf));
  return vulnerableCalls.size === 0 ? evidence : evidence.filter((item) => item.kind !== 'note' || !item.location || !vulnerableCalls.has(placeOf(item)));
}
