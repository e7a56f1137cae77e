import type { Log, ReportingDescriptor, Result } from 'sarif';
import type { Report, ReportFinding } from './report';

const levelByBand: Record<string, Result.level> = { critical: 'error', high: 'error', medium: 'warning', low: 'note' };

/**
 * Renders the report as SARIF 2.1.0. Surfaced findings are results at their level; filtered ones are kept as
 * `level: none` with the filter reason, so CI dashboards can show both without losing the explanation.
 */
export function formatSarif(report: Report, toolVersion: string): Log {
  const rules = new Map<string, ReportingDescriptor>();
  for (const finding of report.findings) {
    if (!rules.has(finding.advisory)) {
      rules.set(finding.advisory, {
        id: finding.advisory,
        shortDescription: { text: finding.title },
        helpUri: finding.links.advisory,
        properties: { 'security-severity': String(securitySeverity(finding)), tags: ['security', finding.kind] },
      });
    }
  }
  return {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [
      {
        tool: { driver: { name: 'aspm', version: toolVersion, rules: [...rules.values()] } },
        results: report.findings.map(toResult),
      },
    ],
  };
}

function toResult(finding: ReportFinding): Result {
  return {
    ruleId: finding.advisory,
    level: finding.surfaced ? levelByBand[finding.priority.band] ?? 'warning' : 'none',
    message: {
      text: `${finding.title}${finding.package ? ` (${finding.package.name}@${finding.package.version ?? '?'})` : ''}: ${finding.reachability.summary}; priority ${finding.priority.score}.${finding.filteredReason ? ` Filtered: ${finding.filteredReason.message}.` : ''}`,
    },
    locations: finding.location
      ? [{ physicalLocation: { artifactLocation: { uri: finding.location.path, uriBaseId: '%SRCROOT%' }, region: { startLine: finding.location.line } } }]
      : [],
    relatedLocations: finding.reachability.evidence
      .filter((evidence) => evidence.path !== undefined && evidence.line !== undefined)
      .map((evidence, index) => ({
        id: index + 1,
        message: { text: evidence.message },
        physicalLocation: { artifactLocation: { uri: evidence.path!, uriBaseId: '%SRCROOT%' }, region: { startLine: evidence.line! } },
      })),
    partialFingerprints: { aspmFindingId: finding.id },
    ...(finding.baselineState ? { baselineState: finding.baselineState } : {}),
    properties: {
      priority: finding.priority.score,
      priorityBand: finding.priority.band,
      reachability: finding.reachability.tier,
      surfaced: finding.surfaced,
      ...(finding.filteredReason ? { filteredReason: finding.filteredReason.code } : {}),
    },
  };
}

/** GitHub's `security-severity`: the CVSS-like 0–10 number derived from the severity factor. */
function securitySeverity(finding: ReportFinding): number {
  const factor = finding.priority.factors.find((candidate) => candidate.id === 'severity');
  return factor ? Math.round((factor.points / 4) * 10) / 10 : 0;
}
