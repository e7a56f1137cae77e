import type { DataClass, EnvironmentKind, Exposure } from '../core/model/exposure';
import { fixedVersionsOf } from '../core/fixes/lowestFixedVersion';
import type { Finding, PackageRef, SuggestedFix } from '../core/model/finding';
import { readFixes } from '../core/ingest/sarif/fixes';
import { parsePurl } from '../core/model/purl';
import type { Service } from '../core/model/service';
import type { Policy } from '../core/model/policy';
import { severities, type Severity } from '../core/model/severity';
import type { ExposureDto, FindingDto, Policy as PolicyDto } from './schemas';
import type { z } from 'zod';
import type { serviceSchema } from './schemas';

/** Maps a validated service DTO to the core model, normalizing the root folder. */
export function toService(dto: z.infer<typeof serviceSchema>): Service {
  return {
    id: dto.id,
    name: dto.name,
    root: dto.root.replace(/\\/g, '/').replace(/^\.?\/+|\/+$/g, ''),
    businessCriticality: dto.businessCriticality,
    owners: dto.owners,
    dashboardUrl: dto.links?.dashboard,
  };
}

/** Maps a validated finding DTO to the core model; a finding whose purl does not parse loses its package only. */
export function toFinding(dto: FindingDto, source: string): Finding {
  const ref = dto.package ? parsePurl(dto.package.purl) : undefined;
  return {
    id: dto.id,
    kind: dto.kind,
    ruleId: dto.ruleId,
    title: dto.title,
    description: dto.description,
    severity: dto.severity,
    cvss: dto.cvss,
    epss: dto.epss,
    kev: dto.kev,
    cwe: dto.cwe,
    aliases: dto.aliases,
    toolName: dto.tool?.name,
    status: dto.status,
    firstSeen: dto.firstSeen,
    location: dto.location ? { ...dto.location, path: dto.location.path.replace(/\\/g, '/').replace(/^\.?\//, '') } : undefined,
    package:
      ref && dto.package
        ? {
            ...ref,
            // A range without fixed versions still names its fixes (`<7.5.10`: 7.5.10 fixes it).
            fixedVersions: fixedVersionsOf(ref.ecosystem, dto.package.fixedVersions, dto.package.vulnerableRange),
            vulnerableRange: dto.package.vulnerableRange,
            vulnerableSymbols: dto.package.vulnerableSymbols,
          }
        : undefined,
    endpoint: dto.endpoint ? { method: dto.endpoint.method.toUpperCase(), path: dto.endpoint.path } : undefined,
    resource: dto.resource,
    remediation: dto.remediation?.text,
    suggestedFixes: backendFixes(dto, source),
    links: dto.links,
    sources: [source],
  };
}

/** A finding read from the backend's SARIF: cited as the backend source, which its fixes are bounded by too. */
export function asBackendFinding(finding: Finding, source: string): Finding {
  const fixes = finding.suggestedFixes?.map((fix) => ({ ...fix, source }));
  return { ...finding, sources: [source], ...(fixes ? { suggestedFixes: fixes } : {}) };
}

const environmentKinds: readonly EnvironmentKind[] = ['production', 'staging', 'development', 'test', 'other'];
const dataClasses: readonly DataClass[] = ['pii', 'payment', 'health', 'credentials', 'internal'];

/** Maps a validated exposure DTO; unknown environment kinds become `other`, unknown data classes are dropped. */
export function toExposure(dto: ExposureDto): Exposure {
  return {
    observedAt: dto.observedAt,
    isInternetFacing: dto.internetFacing,
    environments: dto.environments.map((environment) => ({
      name: environment.name,
      kind: (environmentKinds as readonly string[]).includes(environment.kind) ? (environment.kind as EnvironmentKind) : 'other',
    })),
    dataClasses: dto.dataClasses.filter((dataClass): dataClass is DataClass => (dataClasses as readonly string[]).includes(dataClass)),
    endpoints: dto.endpoints.map((endpoint) => ({ method: endpoint.method.toUpperCase(), path: endpoint.path, exposure: endpoint.exposure, isAuthenticated: endpoint.authenticated })),
    loadedPackages: dto.loadedPackages?.flatMap((loaded): PackageRef[] => {
      const ref = parsePurl(loaded.purl);
      return ref ? [ref] : [];
    }),
  };
}

/** Maps a validated policy DTO; SLA entries for unknown severities are dropped. */
export function toPolicy(dto: PolicyDto): Policy {
  const slaDays: Policy['slaDays'] = {};
  for (const [severity, days] of Object.entries(dto.slaDays ?? {})) {
    if ((severities as readonly string[]).includes(severity)) {
      slaDays[severity as Severity] = days;
    }
  }
  return { id: dto.id, title: dto.title, environment: dto.environment, maxSeverity: dto.maxSeverity, appliesTo: dto.appliesTo, slaDays };
}

/**
 * The backend's `remediation.fixes` are SARIF fix objects; read them like a SARIF report's, so paths that escape the
 * repository are refused the same way. Unusable fixes are dropped silently: the finding stays.
 */
function backendFixes(dto: FindingDto, source: string): SuggestedFix[] | undefined {
  const raw = dto.remediation?.fixes;
  if (!raw || raw.length === 0) {
    return undefined;
  }
  const fixes = readFixes(raw, { baseIds: undefined, artifacts: undefined }, dto.title, source, []);
  return fixes.length > 0 ? fixes : undefined;
}
