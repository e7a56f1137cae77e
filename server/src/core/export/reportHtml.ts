import type { ControlResult } from '../controls/evaluateControls';
import type { PriorityBand } from '../model/analysis';
import type { SourceLocation } from '../model/location';
import { escapeHtml as e } from './escape';
import type { EvidenceReport, FrameworkMapping, SlaBucket } from './evidenceReport';
import { barChart } from './svgCharts';

/** Finding rows shown at most; the table says how many more there are. */
export const maxReportFindings = 500;

export const bandColors: Record<PriorityBand, string> = { critical: '#b42318', high: '#dc6803', medium: '#b58105', low: '#2e6bd1' };
const filteredColor = '#98a2b3';
export const slaLabels: Record<SlaBucket, string> = { overdue: 'Overdue', 'due-soon': 'Due within 7 days', 'within-sla': 'Within SLA', untracked: 'SLA set, no first-seen date', 'no-sla': 'No SLA set' };
const slaColors: Record<SlaBucket, string> = { overdue: '#b42318', 'due-soon': '#dc6803', 'within-sla': '#12805c', untracked: '#7a5af8', 'no-sla': '#98a2b3' };
const kindLabels: Record<string, string> = { sca: 'Dependencies (SCA)', sast: 'Code (SAST)', dast: 'Running app (DAST)', iac: 'Infrastructure (IaC)', secret: 'Secrets', container: 'Containers' };
export const reasonLabels: Record<string, string> = {
  triaged: 'Triaged',
  ignored: 'Ignored locally',
  'not-in-workspace': 'Not in workspace',
  'not-affected': 'Fixed in workspace',
  declared: 'Declared only',
  'dev-only': 'Dev-only',
  'below-threshold': 'Below threshold',
  unchanged: 'Not new in branch',
};

/**
 * Renders the evidence report as one self-contained HTML page: inline CSS, charts as inline SVG, no script and no
 * external asset, so it can be archived as audit evidence and opened anywhere. Every string from the analysis is
 * escaped (findings come from third-party scanners).
 */
export function renderReportHtml(report: EvidenceReport): string {
  const date = report.generatedAt.slice(0, 10);
  // An image named in several places (compose and Kubernetes) is one image.
  const images = new Set(report.inventory.images.map((image) => image.reference)).size;
  const components = report.inventory.dependencies.reduce((sum, group) => sum + group.direct.length + group.transitive.length + group.dev.length, 0);
  const cards = [
    card('Findings', String(report.totals.findings), `${report.totals.surfaced} surfaced, ${report.totals.findings - report.totals.surfaced} filtered with a reason`),
    card(
      'Controls failing',
      String(report.totals.controls.fail),
      `${report.totals.controls.pass} of ${report.totals.controls.pass + report.totals.controls.fail + report.totals.controls.unknown} passing${report.totals.controls.unknown > 0 ? `; ${report.totals.controls.unknown} not evaluated` : ''}${report.totals.controls.notApplicable > 0 ? `; ${report.totals.controls.notApplicable} not applicable` : ''}`,
      report.totals.controls.fail > 0 ? 'bad' : 'good',
    ),
    card('SLA', String(report.totals.sla.overdue), `open findings overdue; ${report.totals.sla['due-soon']} due within 7 days`, report.totals.sla.overdue > 0 ? 'bad' : 'good'),
    card('Inventory', String(components + images), `${components} packages, ${images} container images`),
  ].join('');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>Security evidence report: ${e(report.repository)} (${e(date)})</title>
<style>${styles}</style>
</head>
<body>
<header>
  <div class="eyebrow">Application security evidence report</div>
  <h1>${e(report.repository)}</h1>
  <div class="meta">Generated ${e(utc(report.generatedAt))} by ${e(report.tool)} · SOC 2 CC7.1, CC8.1 · ISO/IEC 27001:2022 A.8.8, A.8.28, A.8.9</div>
</header>
<main>
<section class="cards">${cards}</section>
<section>
  <h2>Findings at a glance</h2>
  <div class="charts">
    ${chartCard('By priority band', 'Solid: shown as diagnostics · grey: filtered with a reason', bandChart(report))}
    ${chartCard('By kind', 'Which scanners found what', kindChart(report))}
    ${chartCard('Shown vs filtered', 'Why findings are not shown to developers', filterChart(report))}
    ${chartCard('SLA status', 'Open findings against the strictest SLA that applies', slaChart(report))}
  </div>
</section>
<section>
  <h2>Controls</h2>
  <p class="lead">The organisation's policies and the repository's <code>.aspm/policy.yaml</code>, evaluated per service. A failing control lists the findings, packages or images that fail it.</p>
  ${report.controls.map((service) => `<h3>${e(service.serviceName)}</h3>${controlsTable(service.results)}`).join('') || '<p class="empty">No service was analysed.</p>'}
</section>
<section>
  <h2>Framework mapping</h2>
  ${mappingTable(report.mapping)}
</section>
<section>
  <h2>Inventory</h2>
  ${inventoryHtml(report)}
</section>
<section>
  <h2>Findings</h2>
  ${findingsTable(report)}
</section>
<section>
  <h2>Data sources and freshness</h2>
  <table><thead><tr><th>Source</th><th>What it provided</th><th>Current as of</th></tr></thead><tbody>
  ${report.sources.map((source) => `<tr><td>${e(source.name)}</td><td>${e(source.detail)}</td><td class="nowrap">${source.asOf ? e(utc(source.asOf)) : 'unknown'}${source.staleSince ? ` <span class="pill fail">stale since ${e(source.staleSince.slice(0, 16).replace('T', ' '))}</span>` : ''}</td></tr>`).join('')}
  </tbody></table>
  ${report.problems.length > 0 ? `<h3>Problems while reading the sources</h3><ul class="problems">${report.problems.map((problem) => `<li>${e(problem)}</li>`).join('')}</ul>` : ''}
</section>
</main>
<footer>Generated by ${e(report.tool)} on ${e(date)}. Reachability verdicts, priorities and controls are computed locally from the repository and the sources above; source code never left the machine.</footer>
</body>
</html>
`;
}

/** `2026-12-04T00:06:08.123Z` → `2026-12-04 00:06 UTC`. */
function utc(iso: string): string {
  const parsed = new Date(iso);
  return Number.isNaN(parsed.getTime()) ? iso : `${parsed.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function card(title: string, value: string, detail: string, tone: 'good' | 'bad' | 'neutral' = 'neutral'): string {
  return `<div class="card ${tone}"><div class="card-title">${e(title)}</div><div class="card-value">${e(value)}</div><div class="card-detail">${e(detail)}</div></div>`;
}

function chartCard(title: string, subtitle: string, svg: string): string {
  return `<figure class="chart"><figcaption><strong>${e(title)}</strong><span>${e(subtitle)}</span></figcaption>${svg}</figure>`;
}

function bandChart(report: EvidenceReport): string {
  return barChart(
    'Findings by priority band (solid: shown; grey: filtered)',
    (Object.keys(bandColors) as PriorityBand[]).map((band) => ({
      label: band[0]!.toUpperCase() + band.slice(1),
      segments: [
        { name: 'shown', value: report.totals.byBand[band].surfaced, color: bandColors[band] },
        { name: 'filtered', value: report.totals.byBand[band].filtered, color: filteredColor },
      ],
    })),
  );
}

function kindChart(report: EvidenceReport): string {
  const kinds = Object.entries(report.totals.byKind);
  return kinds.length === 0
    ? emptyChart()
    : barChart(
        'Findings by kind',
        kinds.map(([kind, counts]) => ({
          label: kindLabels[kind] ?? kind,
          segments: [
            { name: 'shown', value: counts.surfaced, color: '#3d5a98' },
            { name: 'filtered', value: counts.filtered, color: filteredColor },
          ],
        })),
      );
}

function filterChart(report: EvidenceReport): string {
  const rows = [{ label: 'Shown', segments: [{ name: 'shown', value: report.totals.surfaced, color: '#3d5a98' }] }].concat(
    Object.entries(report.totals.filteredByReason).map(([code, value]) => ({ label: reasonLabels[code] ?? code, segments: [{ name: 'filtered', value, color: filteredColor }] })),
  );
  return report.totals.findings === 0 ? emptyChart() : barChart('Shown vs filtered by reason', rows);
}

function slaChart(report: EvidenceReport): string {
  return barChart(
    'SLA status of open findings',
    (Object.keys(slaLabels) as SlaBucket[]).map((bucket) => ({ label: slaLabels[bucket], segments: [{ name: bucket, value: report.totals.sla[bucket], color: slaColors[bucket] }] })),
  );
}

function emptyChart(): string {
  return '<p class="empty">No findings.</p>';
}

function status(value: ControlResult['status'] | FrameworkMapping['status']): string {
  const label = value === 'not-applicable' ? 'n/a' : value === 'evidence-only' ? 'evidence' : value === 'unknown' ? 'not evaluated' : value;
  return `<span class="pill ${value === 'pass' ? 'pass' : value === 'fail' ? 'fail' : 'na'}">${e(label)}</span>`;
}

function at(location: SourceLocation | undefined): string {
  return location ? `<code>${e(location.path)}:${location.range.start.line + 1}</code>` : '';
}

function controlsTable(results: readonly ControlResult[]): string {
  if (results.length === 0) {
    return '<p class="empty">No control applies: the organisation set no policy and the repository has no .aspm/policy.yaml.</p>';
  }
  const rows = results.map((result) => {
    const origin = result.origin.kind === 'organisation' ? `Organisation policy <code>${e(result.origin.policyId)}</code>` : `<code>${e(result.origin.path)}:${result.origin.line}</code>`;
    const evidence = result.evidence.length > 0 ? `<ul class="evidence">${result.evidence.map((item) => `<li>${e(item.message)} ${at(item.location)}</li>`).join('')}</ul>` : '';
    return `<tr><td>${status(result.status)}</td><td><strong>${e(result.title)}</strong><div class="sub"><code>${e(result.id)}</code> · ${e(result.rule)}</div></td><td>${origin}</td><td>${e(result.summary)}${evidence}</td></tr>`;
  });
  return `<table><thead><tr><th>Status</th><th>Control</th><th>Defined in</th><th>Result and evidence</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function mappingTable(mapping: readonly FrameworkMapping[]): string {
  const rows = mapping.map(
    (row) =>
      `<tr><td class="nowrap">${e(row.framework)}</td><td><strong>${e(row.reference)}</strong></td><td>${e(row.requirement)}</td><td>${e(row.support)}</td><td>${e(row.evidence.join(', '))}${row.controls.length > 0 ? `<div class="sub">${row.controls.map((id) => `<code>${e(id)}</code>`).join(' ')}</div>` : ''}</td><td>${status(row.status)}</td></tr>`,
  );
  return `<table><thead><tr><th>Framework</th><th>Ref.</th><th>Requirement (paraphrased)</th><th>How it is supported</th><th>Evidence in this report</th><th>Status</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function inventoryHtml(report: EvidenceReport): string {
  const { dependencies, images, resources, entryPoints, dataStores } = report.inventory;
  const dependencyRows = dependencies.map((group) => `<tr><td>${e(group.ecosystem)}</td><td class="num">${group.direct.length}</td><td class="num">${group.transitive.length}</td><td class="num">${group.dev.length}</td></tr>`);
  const imageRows = images.map((image) => `<tr><td><code>${e(image.reference)}</code></td><td>${e(image.role)}</td><td><span class="pill ${image.pinning === 'unpinned' ? 'fail' : image.pinning === 'digest' ? 'pass' : 'na'}">${e(image.pinning)}</span></td><td>${at(image.location)}</td></tr>`);
  const resourceRows = resources.map((kind) => `<tr><td>${e(kind.tool)}</td><td><code>${e(kind.type)}</code></td><td class="num">${kind.resources.length}</td><td>${kind.resources.slice(0, 3).map((resource) => at(resource.location)).join(' ')}</td></tr>`);
  const entryRows = entryPoints.map(
    (entry) =>
      `<tr><td>${e(entry.kind === 'route' ? 'Route' : 'Internet-facing')}</td><td><code>${e(entry.label)}</code></td><td>${e(entry.detail)}${entry.isPublic ? ' · public' : ''}${entry.isAuthenticated === false ? ' · unauthenticated' : entry.isAuthenticated ? ' · authenticated' : ''}</td><td>${at(entry.location)}</td></tr>`,
  );
  const storeRows = dataStores.map((store) => `<tr><td>${e(store.kind)}</td><td><code>${e(store.resourceAddress)}</code></td><td>${e(store.type)}${store.isPublic ? ' <span class="pill fail">public</span>' : ''}</td><td>${at(store.location)}</td></tr>`);
  const table = (head: string[], rows: string[], empty: string): string =>
    rows.length === 0 ? `<p class="empty">${e(empty)}</p>` : `<table><thead><tr>${head.map((cell) => `<th>${e(cell)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
  return `<div class="grid2">
<div><h3>Dependencies</h3>${table(['Ecosystem', 'Direct', 'Transitive', 'Dev-only'], dependencyRows, 'No dependency manifest.')}</div>
<div><h3>Data stores</h3>${table(['Kind', 'Resource', 'Type', 'Declared at'], storeRows, 'No data store declared.')}</div>
</div>
<h3>Container images</h3>${table(['Image', 'Role', 'Pinned by', 'Declared at'], imageRows, 'No container image named.')}
<h3>Entry points</h3>${table(['Kind', 'Entry point', 'Detail', 'Declared at'], entryRows, 'No route or internet-facing resource found.')}
<h3>Infrastructure resources</h3>${table(['Tool', 'Kind', 'Count', 'Declared at'], resourceRows, 'No IaC resource found.')}`;
}

function findingsTable(report: EvidenceReport): string {
  if (report.findings.length === 0) {
    return '<p class="empty">No findings.</p>';
  }
  const rows = report.findings.slice(0, maxReportFindings).map(
    (row) =>
      `<tr class="${row.surfaced ? '' : 'muted'}"><td class="nowrap"><span class="score" style="background:${bandColors[row.band]}">${row.score}</span> ${e(row.band)}</td><td><strong>${e(row.title)}</strong><div class="sub"><code>${e(row.advisory)}</code> · ${e(row.severity)} · ${e(row.service)}</div></td><td>${e(kindLabels[row.kind] ?? row.kind)}</td><td>${e(row.tier)}</td><td>${row.where ? `<code>${e(row.where)}</code>` : ''}</td><td>${row.surfaced ? 'shown' : e(row.filtered ?? 'filtered')}</td><td class="nowrap">${row.due ? `${e(row.due)}${row.isOverdue ? ' <span class="pill fail">overdue</span>' : ''}` : '–'}</td></tr>`,
  );
  const more = report.findings.length > maxReportFindings ? `<p class="sub">…and ${report.findings.length - maxReportFindings} more (see the JSON or SARIF output).</p>` : '';
  return `<table><thead><tr><th>Priority</th><th>Finding</th><th>Kind</th><th>Reachability</th><th>Where</th><th>Status</th><th>SLA due</th></tr></thead><tbody>${rows.join('')}</tbody></table>${more}`;
}

const styles = `
:root { --ink: #101828; --muted: #667085; --line: #e4e7ec; --bg: #f6f7f9; --accent: #1d3a6e; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.5 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: var(--bg); }
header { background: linear-gradient(120deg, #14284b, #1d3a6e 60%, #27508f); color: #fff; padding: 28px 40px 24px; }
header h1 { margin: 4px 0 6px; font-size: 26px; font-weight: 650; letter-spacing: -0.01em; }
.eyebrow { text-transform: uppercase; letter-spacing: 0.08em; font-size: 12px; opacity: 0.8; }
.meta { font-size: 13px; opacity: 0.85; }
main { padding: 8px 40px 24px; max-width: 1280px; }
section { margin-top: 26px; }
h2 { font-size: 18px; margin: 0 0 10px; padding-bottom: 6px; border-bottom: 2px solid var(--line); }
h3 { font-size: 15px; margin: 18px 0 8px; }
.lead { color: var(--muted); margin: 0 0 8px; }
.cards { display: grid; grid-template-columns: repeat(4, 1fr); gap: 14px; margin-top: 22px; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 14px 16px; border-top: 4px solid var(--accent); }
.card.good { border-top-color: #12805c; } .card.bad { border-top-color: #b42318; }
.card-title { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: 0.06em; }
.card-value { font-size: 28px; font-weight: 650; margin: 2px 0; }
.card-detail { color: var(--muted); font-size: 13px; }
.charts { display: grid; grid-template-columns: 1fr 1fr; gap: 14px; }
.chart { margin: 0; background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 12px 14px; }
.chart figcaption { display: flex; flex-direction: column; margin-bottom: 6px; } .chart figcaption span { color: var(--muted); font-size: 12px; }
.chart svg { width: 100%; height: auto; }
.chart-label { font-size: 12px; fill: #344054; dominant-baseline: middle; }
.chart-value { font-size: 12px; fill: #344054; font-weight: 600; dominant-baseline: middle; }
.chart-legend { font-size: 11px; fill: #475467; }
.chart-track { fill: #f2f4f7; }
table { width: 100%; border-collapse: collapse; background: #fff; border: 1px solid var(--line); border-radius: 10px; overflow: hidden; font-size: 13px; }
th { text-align: left; background: #f9fafb; color: #475467; font-weight: 600; font-size: 12px; text-transform: uppercase; letter-spacing: 0.04em; }
th, td { padding: 8px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
tr:last-child td { border-bottom: none; }
tr.muted td { color: #475467; background: #fcfcfd; }
code { font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: #f2f4f7; padding: 1px 4px; border-radius: 4px; overflow-wrap: anywhere; }
.sub { color: var(--muted); font-size: 12px; margin-top: 2px; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
.nowrap { white-space: nowrap; }
.pill { display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: 11px; font-weight: 650; text-transform: uppercase; letter-spacing: 0.04em; }
.pill.pass { background: #dcfae6; color: #085d3a; } .pill.fail { background: #fee4e2; color: #912018; } .pill.na { background: #f2f4f7; color: #475467; }
.score { display: inline-block; min-width: 30px; text-align: center; color: #fff; border-radius: 6px; font-weight: 700; padding: 1px 4px; }
.evidence { margin: 6px 0 0; padding-left: 18px; color: #344054; } .evidence li { margin: 2px 0; }
.grid2 { display: grid; grid-template-columns: 1fr 1fr; gap: 14px; }
.empty { color: var(--muted); font-style: italic; }
.problems li { color: #912018; }
footer { color: var(--muted); font-size: 12px; padding: 12px 40px 30px; }
@media print { body { background: #fff; } header { -webkit-print-color-adjust: exact; print-color-adjust: exact; } section { break-inside: avoid-page; } }
`;
