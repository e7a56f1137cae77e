import type { EnvironmentKind, Exposure } from '../../core/model/exposure';
import type { Finding, FindingKind } from '../../core/model/finding';
import { formatPurl } from '../../core/model/purl';
import type { Service } from '../../core/model/service';
import { preferredAdvisoryId, repositoryPath, severityOf } from '../platformKit';
import type { FindingDto, ProductDto } from './schemas';

/** A product is the service of the whole repository. */
export function toService(product: ProductDto, base: URL): Service {
  return {
    id: String(product.id),
    name: product.name,
    root: '',
    businessCriticality: product.business_criticality || undefined,
    dashboardUrl: new URL(`product/${product.id}`, base).toString(),
  };
}

const lifecycleKinds: Record<string, EnvironmentKind> = { production: 'production', construction: 'development', retirement: 'other' };

/**
 * What the product says about exposure: `internet_accessible` (an explicit yes or no), `external_audience` (used by
 * people outside the organization, or only inside it) and the `lifecycle` as its one environment.
 * `business_criticality` is the service's ({@link toService}).
 */
export function toExposure(product: ProductDto): Exposure {
  const kind = product.lifecycle ? lifecycleKinds[product.lifecycle] : undefined;
  return {
    isInternetFacing: product.internet_accessible,
    ...(product.external_audience !== undefined ? { audience: product.external_audience ? 'external' : 'internal' } : {}),
    environments: kind && product.lifecycle ? [{ name: product.lifecycle, kind }] : [],
    dataClasses: [],
    endpoints: [],
  };
}

/** Lockfiles and manifests scanners name in `file_path`, by purl type. */
const ecosystemByFile: [RegExp, string][] = [
  [/(^|\/)(package(-lock)?\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml)$/i, 'npm'],
  [/(^|\/)(requirements[^/]*\.(txt|in)|poetry\.lock|pyproject\.toml|Pipfile(\.lock)?|uv\.lock|setup\.py)$/i, 'pypi'],
  [/(^|\/)(go\.mod|go\.sum)$/i, 'golang'],
  [/(^|\/)(pom\.xml|build\.gradle(\.kts)?|gradle\.lockfile)$|\.jar$/i, 'maven'],
  [/(^|\/)(Gemfile(\.lock)?)$/i, 'gem'],
  [/(^|\/)(Cargo\.(toml|lock))$/i, 'cargo'],
  [/(^|\/)(composer\.(json|lock))$/i, 'composer'],
  [/(^|\/)(packages\.lock\.json|[^/]+\.csproj)$/i, 'nuget'],
];

/**
 * DefectDojo keeps no package ecosystem, only `component_name`/`component_version`: the ecosystem is read from the
 * file the scanner named, else from the advisory ids' database, else from a Maven-style `group:artifact` name.
 */
export function ecosystemOf(dto: FindingDto, ids: readonly string[]): string | undefined {
  const path = dto.file_path ?? '';
  const byFile = ecosystemByFile.find(([pattern]) => pattern.test(path))?.[1];
  if (byFile) {
    return byFile;
  }
  const byId = ids.map((id) => (/^PYSEC-/i.test(id) ? 'pypi' : /^GO-\d/i.test(id) ? 'golang' : /^RUSTSEC-/i.test(id) ? 'cargo' : undefined)).find(Boolean);
  if (byId) {
    return byId;
  }
  return dto.component_name?.includes(':') ? 'maven' : undefined;
}

function kindOf(dto: FindingDto): FindingKind {
  if (dto.component_name) {
    return 'sca';
  }
  if (dto.dynamic_finding && !dto.static_finding) {
    return 'dast';
  }
  return 'sast';
}

/**
 * A DefectDojo finding in the core model. SCA findings (a `component_name`) become package findings located by the
 * workspace's manifests; code findings keep `file_path`/`line`. EPSS, KEV, CVSS v3, CWE, the SLA date and the
 * fixed version are carried over. A component whose ecosystem cannot be told is kept without a package (listed,
 * not located).
 */
export function toFinding(dto: FindingDto, context: { sourceId: string; source: string; base: URL }): Finding {
  const ids = (dto.vulnerability_ids ?? []).map((entry) => entry.vulnerability_id).filter((id) => id !== '');
  const kind = kindOf(dto);
  const ruleId = kind === 'sca' ? preferredAdvisoryId(ids) : (dto.vuln_id_from_tool ?? undefined);
  const aliases = ids.filter((id) => id !== ruleId);
  const url = new URL(`finding/${dto.id}`, context.base).toString();
  const ecosystem = kind === 'sca' ? ecosystemOf(dto, ids) : undefined;
  const finding: Finding = {
    id: `defectdojo-${dto.id}`,
    kind,
    ruleId,
    title: dto.title,
    description: dto.description ?? undefined,
    severity: severityOf(dto.severity),
    cvss: typeof dto.cvssv3_score === 'number' ? { score: dto.cvssv3_score, vector: dto.cvssv3 ?? undefined } : undefined,
    epss: typeof dto.epss_score === 'number' ? { score: dto.epss_score, percentile: dto.epss_percentile ?? undefined } : undefined,
    kev: dto.known_exploited,
    cwe: dto.cwe ? [`CWE-${dto.cwe}`] : undefined,
    aliases: aliases.length > 0 ? aliases : undefined,
    status: statusOf(dto),
    firstSeen: dto.date ?? undefined,
    dueDate: dto.sla_expiration_date ?? undefined,
    remediation: dto.mitigation ?? undefined,
    links: { finding: url, advisory: firstUrl(dto.references) },
    sources: [context.source],
    origins: [{ source: context.sourceId, kind: 'defectdojo', id: String(dto.id), url }],
  };
  if (kind === 'sca' && ecosystem && dto.component_name) {
    finding.package = {
      ecosystem,
      name: dto.component_name,
      version: dto.component_version ?? undefined,
      purl: formatPurl(ecosystem, dto.component_name, dto.component_version ?? undefined),
      fixedVersions: dto.fix_version ? dto.fix_version.split(/[\s,]+/).filter(Boolean) : [],
    };
  } else if (kind !== 'sca' && dto.file_path) {
    finding.location = { path: repositoryPath(dto.file_path), startLine: dto.line && dto.line > 0 ? dto.line : undefined };
  }
  return finding;
}

function statusOf(dto: FindingDto): Finding['status'] {
  if (dto.false_p) {
    return 'false_positive';
  }
  if (dto.risk_accepted) {
    return 'accepted';
  }
  if (dto.is_mitigated) {
    return 'fixed';
  }
  return dto.active ? 'open' : 'triaged';
}

function firstUrl(text: string | null | undefined): string | undefined {
  return /https:\/\/[^\s)<>\]"']+/.exec(text ?? '')?.[0];
}
