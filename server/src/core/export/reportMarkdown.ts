import type { ControlResult } from '../controls/evaluateControls';
import type { SourceLocation } from '../model/location';
import { escapeMarkdown as m } from './escape';
import type { EvidenceReport, SlaBucket } from './evidenceReport';
import { maxReportFindings, reasonLabels, slaLabels } from './reportHtml';

/**
 * The evidence report as Markdown for wikis: the same sections as the HTML page, with tables instead of charts.
 * Every string from the analysis is escaped, so a finding title cannot inject links, images or HTML.
 */
export function renderReportMarkdown(report: EvidenceReport): string {
  const lines: string[] = [];
  const table = (head: string[], rows: string[][]): void => {
    if (rows.length === 0) {
      lines.push('None.', '');
      return;
    }
    lines.push(`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((row) => `| ${row.join(' | ')} |`), '');
  };
  const at = (location: SourceLocation | undefined): string => (location ? `\`${location.path.replace(/`/g, "'")}:${location.range.start.line + 1}\`` : '');
  lines.push(`# Security evidence report: ${m(report.repository)}`, '');
  lines.push(`Generated ${m(report.generatedAt)} by ${m(report.tool)}. Frameworks: SOC 2 CC7.1, CC8.1; ISO/IEC 27001:2022 A.8.8, A.8.28, A.8.9.`, '');
  lines.push('## Summary', '');
  table(
    ['Measure', 'Value'],
    [
      ['Findings', `${report.totals.findings} (${report.totals.surfaced} shown, ${report.totals.findings - report.totals.surfaced} filtered with a reason)`],
      ['Controls', `${report.totals.controls.pass} pass, ${report.totals.controls.fail} fail, ${report.totals.controls.unknown} not evaluated, ${report.totals.controls.notApplicable} not applicable`],
      ...(Object.keys(slaLabels) as SlaBucket[]).map((bucket) => [`SLA: ${slaLabels[bucket]}`, String(report.totals.sla[bucket])]),
    ],
  );
  lines.push('### By priority band', '');
  table(['Band', 'Shown', 'Filtered'], Object.entries(report.totals.byBand).map(([band, counts]) => [band, String(counts.surfaced), String(counts.filtered)]));
  lines.push('### By kind', '');
  table(['Kind', 'Shown', 'Filtered'], Object.entries(report.totals.byKind).map(([kind, counts]) => [kind, String(counts.surfaced), String(counts.filtered)]));
  lines.push('### Filtered, by reason', '');
  table(['Reason', 'Findings'], Object.entries(report.totals.filteredByReason).map(([code, count]) => [m(reasonLabels[code] ?? code), String(count)]));
  lines.push('## Controls', '');
  for (const service of report.controls) {
    lines.push(`### ${m(service.serviceName)}`, '');
    table(['Status', 'Control', 'Defined in', 'Result and evidence'], service.results.map((result) => controlRow(result, at)));
  }
  lines.push('## Framework mapping', '');
  table(
    ['Framework', 'Ref.', 'Requirement (paraphrased)', 'How it is supported', 'Evidence', 'Status'],
    report.mapping.map((row) => [row.framework, `**${row.reference}**`, m(row.requirement), m(row.support), m([...row.evidence, ...row.controls].join(', ')), row.status]),
  );
  const { dependencies, images, resources, entryPoints, dataStores } = report.inventory;
  lines.push('## Inventory', '', '### Dependencies', '');
  table(['Ecosystem', 'Direct', 'Transitive', 'Dev-only'], dependencies.map((group) => [m(group.ecosystem), String(group.direct.length), String(group.transitive.length), String(group.dev.length)]));
  lines.push('### Container images', '');
  table(['Image', 'Role', 'Pinned by', 'Declared at'], images.map((image) => [`\`${image.reference.replace(/`/g, "'")}\``, image.role, image.pinning, at(image.location)]));
  lines.push('### Entry points', '');
  table(['Kind', 'Entry point', 'Detail', 'Declared at'], entryPoints.map((entry) => [entry.kind, m(entry.label), m(`${entry.detail}${entry.isPublic ? ', public' : ''}${entry.isAuthenticated === false ? ', unauthenticated' : ''}`), at(entry.location)]));
  lines.push('### Data stores', '');
  table(['Kind', 'Resource', 'Type', 'Declared at'], dataStores.map((store) => [store.kind, m(store.resourceAddress), m(`${store.type}${store.isPublic ? ' (public)' : ''}`), at(store.location)]));
  lines.push('### Infrastructure resources', '');
  table(['Tool', 'Kind', 'Count'], resources.map((kind) => [kind.tool, m(kind.type), String(kind.resources.length)]));
  lines.push('## Findings', '');
  table(
    ['Priority', 'Finding', 'Kind', 'Reachability', 'Where', 'Status', 'SLA due'],
    report.findings.slice(0, maxReportFindings).map((row) => [
      `${row.score} ${row.band}`,
      `${m(row.title)} (${m(row.advisory)}, ${row.severity})`,
      row.kind,
      row.tier,
      m(row.where ?? ''),
      row.surfaced ? 'shown' : m(row.filtered ?? 'filtered'),
      row.due ? `${row.due}${row.isOverdue ? ' **overdue**' : ''}` : '',
    ]),
  );
  if (report.findings.length > maxReportFindings) {
    lines.push(`…and ${report.findings.length - maxReportFindings} more.`, '');
  }
  lines.push('## Data sources and freshness', '');
  table(['Source', 'What it provided', 'Current as of'], report.sources.map((source) => [m(source.name), m(source.detail), `${source.asOf ?? 'unknown'}${source.staleSince ? ` (stale since ${source.staleSince})` : ''}`]));
  if (report.problems.length > 0) {
    lines.push('### Problems while reading the sources', '', ...report.problems.map((problem) => `- ${m(problem)}`), '');
  }
  return `${lines.join('\n')}\n`;
}

function controlRow(result: ControlResult, at: (location: SourceLocation | undefined) => string): string[] {
  const origin = result.origin.kind === 'organisation' ? `organisation policy ${m(result.origin.policyId)}` : `${m(result.origin.path)}:${result.origin.line}`;
  const evidence = result.evidence.map((item) => `${m(item.message)} ${at(item.location)}`.trim());
  return [result.status === 'fail' ? '**fail**' : result.status, `${m(result.title)} (${m(result.id)})`, origin, [m(result.summary), ...evidence].join('<br>')];
}
