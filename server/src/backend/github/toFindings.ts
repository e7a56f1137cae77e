import type { Finding } from '../../core/model/finding';
import { formatPurl } from '../../core/model/purl';
import { repositoryPath, severityOf } from '../platformKit';
import type { CodeScanningAlertDto, DependabotAlertDto, SecretScanningAlertDto } from './schemas';

/** Which source and repository the alerts come from. */
export interface AlertContext {
  sourceId: string;
  /** `owner/repo`. */
  repository: string;
}

/** Dependabot's ecosystem names as purl types. */
const purlTypes: Record<string, string> = {
  npm: 'npm',
  pip: 'pypi',
  maven: 'maven',
  go: 'golang',
  rubygems: 'gem',
  rust: 'cargo',
  composer: 'composer',
  nuget: 'nuget',
  pub: 'pub',
  erlang: 'hex',
  swift: 'swift',
  actions: 'github',
};

/**
 * A Dependabot alert in the core model. Dependabot names the package and the vulnerable range, not the installed
 * version: the finding has no version, so the workspace's lockfile says which version is installed, and the same
 * advisory from a source that names a version (Dependency-Track) merges with it. EPSS comes on GitHub's 0–100
 * scale and is normalized to 0–1.
 */
export function dependabotFinding(dto: DependabotAlertDto, context: AlertContext): Finding {
  const advisory = dto.security_advisory;
  const ecosystem = purlTypes[dto.dependency.package.ecosystem.toLowerCase()] ?? dto.dependency.package.ecosystem.toLowerCase();
  const name = dto.dependency.package.name;
  const ids = [...new Set([advisory.ghsa_id, ...(advisory.cve_id ? [advisory.cve_id] : []), ...(advisory.identifiers ?? []).map((identifier) => identifier.value)])];
  const cvss = typeof advisory.cvss_severities?.cvss_v3?.score === 'number' ? advisory.cvss_severities.cvss_v3 : advisory.cvss?.score ? advisory.cvss : advisory.cvss_severities?.cvss_v4;
  const fixed = dto.security_vulnerability.first_patched_version?.identifier;
  return {
    id: `github-dependabot-${dto.number}`,
    kind: 'sca',
    ruleId: advisory.ghsa_id,
    title: advisory.summary,
    description: advisory.description,
    severity: severityOf(advisory.severity),
    cvss: typeof cvss?.score === 'number' ? { score: cvss.score, vector: cvss.vector_string ?? undefined } : undefined,
    epss: advisory.epss?.percentage !== undefined ? { score: advisory.epss.percentage / 100, percentile: advisory.epss.percentile !== undefined ? advisory.epss.percentile / 100 : undefined } : undefined,
    cwe: advisory.cwes?.map((cwe) => cwe.cwe_id),
    aliases: ids.filter((id) => id !== advisory.ghsa_id),
    status: 'open',
    firstSeen: dto.created_at,
    package: {
      ecosystem,
      name,
      purl: formatPurl(ecosystem, name),
      fixedVersions: fixed ? [fixed] : [],
      vulnerableRange: rangeOf(ecosystem, dto.security_vulnerability.vulnerable_version_range),
    },
    links: { advisory: `https://github.com/advisories/${advisory.ghsa_id}`, finding: dto.html_url },
    sources: [`github:${context.repository}`],
    origins: [{ source: context.sourceId, kind: 'github', id: `dependabot/${dto.number}`, url: dto.html_url }],
  };
}

/** GitHub writes ranges as `>= 2.3.0, < 2.31.0`; npm's semver joins comparators with spaces instead. */
function rangeOf(ecosystem: string, range: string): string {
  return ecosystem === 'npm' ? range.replace(/,\s*/g, ' ') : range;
}

/** A code scanning alert (CodeQL or any SARIF upload) at its most recent location. */
export function codeScanningFinding(dto: CodeScanningAlertDto, context: AlertContext): Finding {
  const { rule, most_recent_instance: instance } = dto;
  const location = instance.location;
  return {
    id: `github-code-scanning-${dto.number}`,
    kind: 'sast',
    ruleId: rule.id ?? undefined,
    title: rule.description ?? rule.name ?? rule.id ?? `Code scanning alert ${dto.number}`,
    description: rule.full_description,
    severity: severityOf(rule.security_severity_level ?? rule.severity),
    cwe: (rule.tags ?? []).flatMap((tag) => {
      const match = /^external\/cwe\/cwe-0*(\d+)$/i.exec(tag);
      return match ? [`CWE-${match[1]}`] : [];
    }),
    toolName: dto.tool.name,
    status: 'open',
    firstSeen: dto.created_at,
    location: location?.path
      ? {
          path: repositoryPath(location.path),
          startLine: location.start_line,
          endLine: location.end_line,
          startColumn: location.start_column,
          endColumn: location.end_column,
          message: instance.message?.text,
          commit: instance.commit_sha,
        }
      : undefined,
    links: { advisory: rule.help_uri ?? undefined, finding: dto.html_url },
    sources: [`github:${context.repository}`],
    origins: [{ source: context.sourceId, kind: 'github', id: `code-scanning/${dto.number}`, url: dto.html_url }],
  };
}

/** A secret scanning alert where it was first detected; the secret itself is never requested. */
export function secretScanningFinding(dto: SecretScanningAlertDto, context: AlertContext): Finding {
  const first = dto.first_location_detected;
  return {
    id: `github-secret-scanning-${dto.number}`,
    kind: 'secret',
    ruleId: dto.secret_type,
    title: `${dto.secret_type_display_name ?? dto.secret_type} committed to the repository`,
    severity: dto.validity === 'inactive' ? 'medium' : 'high',
    status: 'open',
    firstSeen: dto.created_at,
    location: first?.path ? { path: repositoryPath(first.path), startLine: first.start_line, endLine: first.end_line } : undefined,
    links: { finding: dto.html_url },
    sources: [`github:${context.repository}`],
    origins: [{ source: context.sourceId, kind: 'github', id: `secret-scanning/${dto.number}`, url: dto.html_url }],
  };
}
