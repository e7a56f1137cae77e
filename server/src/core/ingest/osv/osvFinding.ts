import { packageUrl } from '../../model/purl';
import type { Finding } from '../../model/finding';
import type { Severity } from '../../model/severity';
import { purlTypeOfOsvEcosystem } from '../../versions/osvEcosystem';
import type { OsvAdvisory, OsvAffected, OsvSeverity } from './osvAdvisory';

/** An installed package version affected by an advisory, with what the matching affected entries say. */
export interface OsvMatch {
  advisory: OsvAdvisory;
  ecosystem: string;
  name: string;
  version: string;
  /** The advisory's entries for this package that include the version (they carry package-level severity and symbols). */
  entries: OsvAffected[];
  fixedVersions: string[];
  vulnerableRange?: string;
}

const maxTitleLength = 160;

// Databases whose records osv.dev serves under https://osv.dev/vulnerability/<id>.
const osvDevPrefixes = new Set(['GHSA', 'GO', 'PYSEC', 'RUSTSEC', 'CVE', 'OSV', 'MAL', 'GSD', 'HSEC', 'PSF', 'CURL', 'RSEC', 'ALPINE', 'DEBIAN', 'DSA', 'DLA', 'DTSA', 'UBUNTU', 'USN']);

/**
 * Builds the SCA finding of one affected package version. Severity comes from the CVSS score (critical ≥ 9,
 * high ≥ 7, medium ≥ 4, low > 0), else from the database's label, else medium; package-level severity wins over
 * the record's. The rule id is the GHSA id when the record has one, so findings from GitHub and OSV line up.
 */
export function toOsvFinding(match: OsvMatch): Finding {
  const { advisory, name, version } = match;
  const ruleId = advisory.id.startsWith('GHSA-') ? advisory.id : (advisory.aliases.find((alias) => alias.startsWith('GHSA-')) ?? advisory.id);
  const aliases = [...new Set([advisory.id, ...advisory.aliases])].filter((alias) => alias !== ruleId);
  const severity = severityOf(match.entries.map((entry) => entry.severity ?? {}).concat(advisory.severity));
  const purlType = purlTypeOfOsvEcosystem(match.ecosystem) ?? match.ecosystem.toLowerCase();
  const symbols = [...new Set(match.entries.flatMap((entry) => entry.vulnerableSymbols))];
  const pkg: NonNullable<Finding['package']> = { ecosystem: purlType, name, version, purl: purlOf(purlType, name, version), fixedVersions: match.fixedVersions };
  if (match.vulnerableRange) {
    pkg.vulnerableRange = match.vulnerableRange;
  }
  if (symbols.length > 0) {
    pkg.vulnerableSymbols = symbols;
  }
  const finding: Finding = {
    id: `osv:${advisory.id}:${name}@${version}`,
    kind: 'sca',
    ruleId,
    title: titleOf(advisory, name),
    severity: severity.level,
    toolName: 'OSV',
    package: pkg,
    sources: [`osv:${advisory.source}`],
  };
  if (aliases.length > 0) {
    finding.aliases = aliases;
  }
  if (advisory.details) {
    finding.description = advisory.details;
  }
  if (severity.cvss) {
    finding.cvss = severity.cvss;
  }
  if (advisory.cwes.length > 0) {
    finding.cwe = advisory.cwes;
  }
  const advisoryLink = advisoryLinkOf(advisory);
  if (advisoryLink) {
    finding.links = { advisory: advisoryLink };
  }
  return finding;
}

/** The summary; records without one (PYSEC) get the first sentence of their details, cut to a diagnostic's length. */
function titleOf(advisory: OsvAdvisory, name: string): string {
  if (advisory.summary) {
    return advisory.summary;
  }
  const sentence = advisory.details?.trim().split(/(?<=\.)\s|\n/)[0]?.trim();
  if (!sentence) {
    return `${advisory.id} in ${name}`;
  }
  if (sentence.length <= maxTitleLength) {
    return sentence;
  }
  const cut = sentence.slice(0, maxTitleLength - 1);
  return `${cut.slice(0, cut.lastIndexOf(' ')) || cut}…`;
}

/** The severity band of a CVSS score; undefined for 0 (or less), which says nothing about impact. */
export function severityOfScore(score: number): Severity | undefined {
  return score >= 9 ? 'critical' : score >= 7 ? 'high' : score >= 4 ? 'medium' : score > 0 ? 'low' : undefined;
}

/** The first CVSS score that gives a band, else the first label, else medium; candidates are most specific first. */
function severityOf(candidates: readonly OsvSeverity[]): { level: Severity; cvss?: { score: number; vector: string } } {
  const cvss = candidates.find((candidate) => candidate.cvss !== undefined)?.cvss;
  const band = cvss === undefined ? undefined : severityOfScore(cvss.score);
  const level = band ?? candidates.find((candidate) => candidate.level !== undefined)?.level ?? 'medium';
  return cvss ? { level, cvss } : { level };
}

/** osv.dev for public databases, else the record's ADVISORY reference, else its first WEB reference. */
function advisoryLinkOf(advisory: OsvAdvisory): string | undefined {
  const prefix = advisory.id.split('-')[0] ?? '';
  if (osvDevPrefixes.has(prefix)) {
    return `https://osv.dev/vulnerability/${encodeURIComponent(advisory.id)}`;
  }
  const isWebUrl = (url: string): boolean => /^https?:\/\//i.test(url);
  return (
    advisory.references.find((reference) => reference.type === 'ADVISORY' && isWebUrl(reference.url))?.url ??
    advisory.references.find((reference) => reference.type === 'WEB' && isWebUrl(reference.url))?.url
  );
}

/** The purl of a package version: `@scope/name`, Go module paths and Maven `group:artifact` split into namespace and name. */
function purlOf(purlType: string, name: string, version: string): string {
  return packageUrl(purlType, name, version);
}
