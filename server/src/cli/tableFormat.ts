import { toPlainLine } from '../core/model/plainText';
import type { Report, ReportFinding } from './report';

/**
 * Renders the report as a plain-text table: surfaced findings with their evidence, then the filtered ones with
 * reasons. Every field passes through `toPlainLine`: a finding from a report or backend cannot move the cursor,
 * erase lines, recolour or reorder the terminal (issue 13 §4).
 */
export function formatTable(report: Report): string {
  const lines: string[] = [];
  const services = report.services.map((service) => plain(service.name)).join(', ') || '(none)';
  lines.push(`ASPM scan of ${plain(report.repository)} · services: ${services}`);
  lines.push(`${report.summary.surfaced} of ${report.summary.total} findings surfaced; ${report.summary.total - report.summary.surfaced} filtered`);
  lines.push('');
  if (report.baseline) {
    lines.push(...baselineLines(report.baseline), '');
  }
  const surfaced = report.findings.filter((finding) => finding.surfaced);
  const filtered = report.findings.filter((finding) => !finding.surfaced);
  lines.push('SURFACED (reachable, prioritized)');
  lines.push(...table(surfaced, true));
  lines.push('');
  lines.push('FILTERED (not shown in the editor)');
  lines.push(...table(filtered, false));
  if (report.problems.length > 0) {
    lines.push('', 'PROBLEMS');
    lines.push(...report.problems.map((problem) => `  ! ${plain(problem)}`));
  }
  return lines.join('\n');
}

/** What the branch introduces, for `--since`. */
function baselineLines(baseline: NonNullable<Report['baseline']>): string[] {
  const states = Object.entries(baseline.findings).map(([state, count]) => `${count} ${state}`).join(', ') || 'none';
  const lines = [`SINCE ${baseline.ref} (merge-base ${baseline.commit.slice(0, 12)}): findings ${states}`];
  for (const dependency of baseline.dependencies) {
    const where = dependency.location ? ` (${dependency.location.path}:${dependency.location.range.start.line + 1})` : '';
    lines.push(`  ${dependency.change === 'added' ? '+' : '~'} ${dependency.ecosystem} ${dependency.name}@${dependency.version ?? '?'}${dependency.before ? ` (was ${dependency.before.join(', ')})` : ''}${where}`);
  }
  for (const resource of baseline.iacResources) {
    lines.push(`  + ${resource.type} ${resource.address} (${resource.location.path}:${resource.location.range.start.line + 1})`);
  }
  return lines;
}

function table(findings: ReportFinding[], withEvidence: boolean): string[] {
  if (findings.length === 0) {
    return ['  (none)'];
  }
  const rows = findings.map((finding) => [
    String(finding.priority.score).padStart(3),
    plain(finding.priority.band),
    plain(finding.severity),
    plain(finding.advisory),
    finding.package ? `${plain(finding.package.name)}@${plain(finding.package.version ?? '?')}` : plain(finding.kind),
    plain(finding.reachability.tier),
    finding.location ? `${plain(finding.location.path)}:${finding.location.line}` : '-',
  ]);
  const header = ['PRI', 'BAND', 'SEVERITY', 'ADVISORY', 'PACKAGE', 'REACHABILITY', 'LOCATION'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const render = (cells: string[]): string => `  ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join('  ')}`.trimEnd();
  const out = [render(header)];
  findings.forEach((finding, index) => {
    out.push(render(rows[index]!));
    const note = withEvidence ? `why: ${plain(finding.reachability.summary)}` : `reason: ${plain(finding.filteredReason?.message ?? '')}`;
    out.push(`${' '.repeat(7)}${plain(finding.title)} — ${note}`);
    if (withEvidence && finding.fix) {
      out.push(`${' '.repeat(7)}fix: ${plain(finding.fix.title)}`);
    }
  });
  return out;
}

function plain(text: string): string {
  return toPlainLine(String(text));
}
