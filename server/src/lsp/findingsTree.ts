import type { FindingsTreeResult, PriorityBand, ServiceDto } from '../../../shared/src/dto';
import { safeWebUrl } from '../../../shared/src/markdown';
import type { AnalyzedFinding } from '../core/model/analysis';
import type { ServiceData } from '../core/analyze';
import { serviceForPath } from '../core/model/service';
import { findingActionArgs, toFindingNode } from './convert';
import type { FolderSession } from './folderSession';

const bands: PriorityBand[] = ['critical', 'high', 'medium', 'low'];

/** The posture of the service whose root holds the active file (else the folder's first service). */
export function findingsTreeFor(
  session: FolderSession | undefined,
  activePath: string | undefined,
  services: { data: ServiceData; findings: AnalyzedFinding[] }[],
  staleSince: Date | undefined,
  emptyMessage: string,
): FindingsTreeResult {
  const empty: FindingsTreeResult = {
    message: emptyMessage,
    summary: { total: 0, surfaced: 0, byBand: { critical: 0, high: 0, medium: 0, low: 0 }, filtered: {} },
    groups: [],
    filteredFindings: [],
  };
  if (!session || services.length === 0) {
    return empty;
  }
  const chosen =
    (activePath !== undefined ? serviceForPath(services.map((entry) => ({ ...entry, root: entry.data.service.root })), activePath) : undefined) ??
    services[0]!;
  const uriOf = (path: string): string => session.uriOf(path);
  const node = (finding: AnalyzedFinding) => toFindingNode(finding, uriOf, findingActionArgs(finding, session.uri, chosen.data.service.name));
  const surfaced = chosen.findings.filter((finding) => finding.isSurfaced);
  const hidden = chosen.findings.filter((finding) => !finding.isSurfaced);
  const filtered: Record<string, number> = {};
  for (const finding of hidden) {
    const label = finding.filterReason?.code ?? 'other';
    filtered[label] = (filtered[label] ?? 0) + 1;
  }
  const byBand = Object.fromEntries(bands.map((band) => [band, surfaced.filter((finding) => finding.priority.band === band).length])) as Record<PriorityBand, number>;
  return {
    service: toServiceDto(chosen.data),
    summary: { total: chosen.findings.length, surfaced: surfaced.length, byBand, filtered },
    groups: bands
      .map((band) => ({ band, findings: surfaced.filter((finding) => finding.priority.band === band).map(node) }))
      .filter((group) => group.findings.length > 0),
    filteredFindings: hidden.map(node),
    staleSince: staleSince?.toISOString(),
    message: chosen.findings.length === 0 ? `No open findings for ${chosen.data.service.name}.` : undefined,
  };
}

function toServiceDto(data: ServiceData): ServiceDto {
  const { service, exposure } = data;
  const badges: string[] = [];
  if (exposure.isInternetFacing) {
    badges.push('internet-facing');
  }
  if (exposure.environments.some((environment) => environment.kind === 'production')) {
    badges.push('production');
  }
  badges.push(...exposure.dataClasses);
  if (service.businessCriticality) {
    badges.push(`criticality: ${service.businessCriticality}`);
  }
  return { id: service.id, name: service.name, root: service.root, badges, dashboardUrl: safeWebUrl(service.dashboardUrl) };
}
