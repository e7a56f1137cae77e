import type { Finding, FindingStatus } from '../../core/model/finding';
import type { Policy } from '../../core/model/policy';
import { parsePurl } from '../../core/model/purl';
import { severities, type Severity } from '../../core/model/severity';
import { preferredAdvisoryId, severityOf } from '../platformKit';
import type { FindingDto, ViolationDto } from './schemas';

/** What the vulnerability list adds to findings, by vulnerability uuid. */
export interface VersionsOfVulnerability {
  fixedVersions: string[];
  vulnerableRange?: string;
}

/**
 * A Dependency-Track finding (a component affected by a vulnerability) in the core model: the component's purl is
 * the package, the vulnerability id and its aliases the advisory ids, EPSS/CVSS/CWE carried over, fixed versions
 * from the vulnerability's `patchedVersions`. The analysis state is the status: NOT_AFFECTED is triaged,
 * FALSE_POSITIVE a false positive, RESOLVED fixed, and a suppressed finding of another state an accepted risk.
 */
export function toFinding(dto: FindingDto, context: { sourceId: string; source: string; versions?: VersionsOfVulnerability }): Finding {
  const { component, vulnerability } = dto;
  const aliases = (vulnerability.aliases ?? []).flatMap((alias) => Object.values(alias));
  const ids = [...new Set([vulnerability.vulnId, ...aliases])];
  const ruleId = preferredAdvisoryId(ids) ?? vulnerability.vulnId;
  const matrix = dto.matrix ?? `${component.project}:${component.uuid}:${vulnerability.uuid}`;
  const ref = component.purl ? parsePurl(component.purl) : undefined;
  const cvss = vulnerability.cvssV3BaseScore ?? vulnerability.cvssV4Score ?? vulnerability.cvssV2BaseScore;
  const finding: Finding = {
    id: `dependency-track-${matrix}`,
    kind: 'sca',
    ruleId,
    title: vulnerability.title || `${vulnerability.vulnId} in ${component.group ? `${component.group}/` : ''}${component.name}`,
    description: vulnerability.description ?? undefined,
    severity: severityOf(vulnerability.severity),
    cvss: typeof cvss === 'number' ? { score: cvss, vector: (typeof vulnerability.cvssV3BaseScore === 'number' ? vulnerability.cvssV3Vector : vulnerability.cvssV4Vector) ?? undefined } : undefined,
    epss: typeof vulnerability.epssScore === 'number' ? { score: vulnerability.epssScore, percentile: vulnerability.epssPercentile ?? undefined } : undefined,
    cwe: vulnerability.cwes?.map((cwe) => `CWE-${cwe.cweId}`),
    aliases: ids.filter((id) => id !== ruleId),
    status: statusOf(dto),
    firstSeen: isoOf(dto.attribution?.attributedOn),
    remediation: vulnerability.recommendation ?? undefined,
    links: { advisory: dto.attribution?.referenceUrl ?? advisoryUrl(ruleId) },
    sources: [context.source],
    origins: [{ source: context.sourceId, kind: 'dependency-track', id: matrix }],
  };
  if (ref) {
    finding.package = { ...ref, fixedVersions: context.versions?.fixedVersions ?? [], vulnerableRange: context.versions?.vulnerableRange };
  }
  return finding;
}

/** `patchedVersions` is free text in Dependency-Track (a list, or a range such as `>= 4.17.19`): versions only. */
export function versionsOf(patched: string | null | undefined, vulnerable: string | null | undefined): VersionsOfVulnerability {
  const fixedVersions = (patched ?? '')
    .split(/[,;|\s]+/)
    .map((part) => part.replace(/^[<>=~^]+/, ''))
    .filter((part) => /^v?\d/.test(part));
  return { fixedVersions: [...new Set(fixedVersions)], vulnerableRange: vulnerable?.trim() || undefined };
}

function statusOf(dto: FindingDto): FindingStatus {
  switch (dto.analysis?.state) {
    case 'NOT_AFFECTED':
      return 'triaged';
    case 'FALSE_POSITIVE':
      return 'false_positive';
    case 'RESOLVED':
      return 'fixed';
    default:
      return dto.analysis?.isSuppressed ? 'accepted' : 'open';
  }
}

function isoOf(value: number | string | null | undefined): string | undefined {
  if (value === null || value === undefined) {
    return undefined;
  }
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

function advisoryUrl(id: string): string | undefined {
  if (/^GHSA-/i.test(id)) {
    return `https://github.com/advisories/${id}`;
  }
  return /^CVE-/i.test(id) ? `https://nvd.nist.gov/vuln/detail/${id}` : undefined;
}

/**
 * Security policy violations as core policies: a policy whose conditions forbid vulnerabilities of some severities
 * (`SEVERITY IS HIGH`, …) allows at most the severity below the lowest one it names. Other conditions (licenses,
 * versions, coordinates) say nothing about findings and are left out.
 */
export function toPolicies(violations: readonly ViolationDto[]): Policy[] {
  const byPolicy = new Map<string, { title: string; forbidden: Severity[] }>();
  for (const violation of violations) {
    const condition = violation.policyCondition;
    if (violation.type !== 'SECURITY' || condition.subject !== 'SEVERITY' || condition.operator !== 'IS') {
      continue;
    }
    const entry = byPolicy.get(condition.policy.uuid) ?? { title: condition.policy.name, forbidden: [] };
    entry.forbidden.push(severityOf(condition.value));
    byPolicy.set(condition.policy.uuid, entry);
  }
  return [...byPolicy.entries()].flatMap(([uuid, entry]) => {
    const lowest = Math.max(...entry.forbidden.map((severity) => severities.indexOf(severity)));
    const allowed = severities[lowest + 1];
    return allowed ? [{ id: `dependency-track:${uuid}`, title: entry.title, maxSeverity: allowed }] : [];
  });
}
