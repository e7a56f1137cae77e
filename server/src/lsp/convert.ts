import { DiagnosticSeverity, type Diagnostic, type DiagnosticRelatedInformation } from 'vscode-languageserver/node';
import { describeMissingFix, fixedVersionsOf } from '../core/fixes/lowestFixedVersion';
import type { FindingActionArgs, FindingNodeDto, PriorityBand } from '../../../shared/src/dto';
import type { AnalyzedFinding } from '../core/model/analysis';
import type { ParseProblem } from '../core/model/dependency';
import { advisoryId } from '../core/model/finding';
import { toPlainLine } from '../core/model/plainText';
import { escapeMarkdown, markdownFileLink, markdownLink, safeWebUrl } from '../../../shared/src/markdown';

/** Diagnostic severity by priority band: the one table that decides how loud a finding is. */
export const severityByBand: Record<PriorityBand, DiagnosticSeverity> = {
  critical: DiagnosticSeverity.Error,
  high: DiagnosticSeverity.Error,
  medium: DiagnosticSeverity.Warning,
  low: DiagnosticSeverity.Information,
};

/** What a diagnostic carries for code actions: enough to find the analyzed finding again. */
export type DiagnosticData = { findingId: string; serviceId: string; folderUri: string };

/** Maps repository-relative paths to URIs of one workspace folder. */
export type UriOf = (path: string) => string;

/** An analyzed, surfaced finding as a diagnostic on its location. */
export function toDiagnostic(analyzed: AnalyzedFinding, uriOf: UriOf, folderUri: string): Diagnostic {
  const { finding, reachability, priority } = analyzed;
  const advisoryUrl = safeWebUrl(finding.links?.advisory);
  const data: DiagnosticData = { findingId: finding.id, serviceId: analyzed.serviceId, folderUri };
  return {
    range: analyzed.location!.range,
    severity: severityByBand[priority.band],
    source: 'ASPM',
    code: advisoryId(finding),
    codeDescription: advisoryUrl ? { href: advisoryUrl } : undefined,
    // Plain text, but shown as is: no control character or bidi override of a backend's title reaches the Problems panel.
    message: toPlainLine(`${analyzed.locationStatus === 'stale' ? '(possibly stale: the code changed since the scan) ' : ''}${finding.title}${packageLabel(analyzed)} · priority ${priority.score} (${priority.band}) · ${reachability.tier}: ${reachability.summary}${policyLabel(analyzed)}`),
    relatedInformation: reachability.evidence.flatMap((evidence): DiagnosticRelatedInformation[] =>
      evidence.location ? [{ location: { uri: uriOf(evidence.location.path), range: evidence.location.range }, message: evidence.message }] : [],
    ),
    data,
  };
}

/** A problem reading an input file, as a diagnostic on that file. */
export function problemToDiagnostic(problem: ParseProblem): Diagnostic {
  return {
    range: problem.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Warning,
    source: 'ASPM',
    code: 'unreadable-input',
    message: `ASPM cannot analyse this file: ${problem.message}`,
  };
}

/**
 * Markdown explanation of a finding: the score's factors, the reachability evidence, the fix, the links. Every
 * string from a backend, report or advisory is escaped (shared/src/markdown); only http(s) links are linked.
 */
export function explainFinding(analyzed: AnalyzedFinding, uriOf: UriOf): string {
  const { finding, reachability, priority } = analyzed;
  const heading = markdownLink(advisoryId(finding), finding.links?.advisory);
  const lines = [
    `**ASPM · ${heading}: ${escapeMarkdown(finding.title)}**${escapeMarkdown(packageLabel(analyzed))}`,
    '',
    `Priority **${priority.score}/100 (${priority.band})** · severity ${escapeMarkdown(finding.severity)}${finding.aliases?.length ? ` · ${finding.aliases.map(escapeMarkdown).join(', ')}` : ''}`,
    '',
    '| Factor | Points | Why |',
    '|---|---:|---|',
    ...priority.factors.map((factor) => `| ${escapeMarkdown(factor.label)} | ${factor.points}/${factor.maxPoints} | ${escapeMarkdown(factor.detail)} |`),
    '',
    `**Reachability: ${reachability.tier}** — ${escapeMarkdown(reachability.summary)}`,
    ...reachability.evidence.map((evidence) =>
      evidence.location
        ? `- ${markdownFileLink(evidence.message, `${uriOf(evidence.location.path)}#L${evidence.location.range.start.line + 1}`)}`
        : `- ${escapeMarkdown(evidence.message)}`,
    ),
  ];
  const policy = analyzed.policy;
  if (policy && (policy.violated.length > 0 || policy.dueDate)) {
    const breaks = policy.violated.length > 0 ? `violates ${policy.violated.map((violation) => `“${escapeMarkdown(violation.title)}”`).join(', ')}` : 'within policy';
    const due = policy.dueDate ? `; fix by ${escapeMarkdown(policy.dueDate)}${policy.isOverdue ? ' — **overdue**' : ''}` : '';
    lines.push('', `**Policy:** ${breaks}${due}`);
  }
  if (analyzed.fix) {
    lines.push('', `**Fix:** ${escapeMarkdown(analyzed.fix.title)} (quick fix available)`);
  } else if (finding.package) {
    const { ecosystem, fixedVersions, vulnerableRange } = finding.package;
    const fixed = fixedVersionsOf(ecosystem, fixedVersions, vulnerableRange);
    lines.push('', fixed.length > 0 ? `**Fixed in:** ${fixed.map(escapeMarkdown).join(', ')}` : `**Fix:** ${escapeMarkdown(describeMissingFix(ecosystem, fixed, vulnerableRange) ?? '')}`);
  }
  if (analyzed.fixWithheld) {
    lines.push('', `_The fix the report suggests is not offered: ${escapeMarkdown(analyzed.fixWithheld)}_`);
  }
  if (analyzed.filterReason) {
    lines.push('', `_Hidden from diagnostics: ${escapeMarkdown(analyzed.filterReason.message)}_`);
  }
  lines.push('', `_Reported by ${finding.sources.map(escapeMarkdown).join(', ')}${finding.toolName ? ` (${escapeMarkdown(finding.toolName)})` : ''}_`);
  if (safeWebUrl(finding.links?.finding)) {
    lines.push('', markdownLink('Open in ASPM', finding.links?.finding));
  }
  return lines.join('\n');
}

/** Whether a backend or platform source knows the finding (only those can be triaged there or ticketed). */
export function isBackendFinding(analyzed: AnalyzedFinding): boolean {
  return analyzed.finding.sources.some((source) => source.startsWith('backend:')) || (analyzed.finding.origins?.length ?? 0) > 0;
}

/** Arguments of the triage, ticket and ignore commands for a finding. */
export function findingActionArgs(analyzed: AnalyzedFinding, folderUri: string, serviceName: string): FindingActionArgs {
  const { finding, fix } = analyzed;
  return {
    folderUri,
    findingId: finding.id,
    serviceId: analyzed.serviceId,
    title: finding.title,
    isBackendFinding: isBackendFinding(analyzed),
    suggestedTicketTitle: fix ? `${fix.title.replace(/ \(.*\)$/, '')} in ${serviceName}` : `Fix ${advisoryId(finding)} (${finding.title}) in ${serviceName}`,
  };
}

/** A finding as a row of the posture tree. */
export function toFindingNode(analyzed: AnalyzedFinding, uriOf: UriOf, actions: FindingActionArgs): FindingNodeDto {
  const { finding, reachability, priority, location } = analyzed;
  const version = analyzed.package?.version ?? finding.package?.version;
  const subject = finding.package ? `${finding.package.name}${version ? `@${version}` : ''}` : finding.kind.toUpperCase();
  return {
    id: finding.id,
    title: toPlainLine(finding.title),
    description: toPlainLine(`${subject} · ${reachability.tier} · ${priority.score}${analyzed.policy?.isOverdue ? ' · overdue' : ''}`),
    tooltip: explainFinding(analyzed, uriOf),
    severity: finding.severity,
    priority: { score: priority.score, band: priority.band },
    reachability: reachability.tier,
    location: location ? { uri: uriOf(location.path), range: location.range } : undefined,
    advisoryUrl: safeWebUrl(finding.links?.advisory),
    filteredReason: analyzed.filterReason?.message,
    isFixable: analyzed.fix !== undefined,
    actions,
  };
}

function policyLabel(analyzed: AnalyzedFinding): string {
  const policy = analyzed.policy;
  if (!policy) {
    return '';
  }
  const violated = policy.violated.length > 0 ? ` · violates policy ${policy.violated.map((violation) => violation.id).join(', ')}` : '';
  const overdue = policy.isOverdue ? ` · SLA overdue since ${policy.dueDate}` : '';
  return violated + overdue;
}

function packageLabel(analyzed: AnalyzedFinding): string {
  const ref = analyzed.finding.package;
  if (!ref) {
    return '';
  }
  const version = analyzed.package?.version ?? ref.version;
  const via = analyzed.package && !analyzed.package.isDirect ? ` via ${analyzed.package.introducedBy[0]?.name}` : '';
  return ` (${ref.name}${version ? `@${version}` : ''}${via})`;
}

