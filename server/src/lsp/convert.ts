import { DiagnosticSeverity, type Diagnostic, type DiagnosticRelatedInformation } from 'vscode-languageserver/node';
import { describeMissingFix, fixedVersionsOf } from '../core/fixes/lowestFixedVersion';
import type { FindingActionArgs, FindingNodeDto, PriorityBand } from '../../../shared/src/dto';
import type { AnalyzedFinding } from '../core/model/analysis';
import type { ParseProblem } from '../core/model/dependency';
import { advisoryId } from '../core/model/finding';
import { advisoriesPhrase, groupEvidence, groupSubject, reachabilityPhrase, tiersPhrase, type FindingGroup } from '../core/group/groupFindings';
import type { GroupFixes } from '../core/group/groupFixes';
import { asVersionOf } from '../core/fixes/lowestFixedVersion';
import { compareVersions } from '../core/versions/compareVersions';
import type { AdvisoryActionArgs } from '../../../shared/src/dto';
import { toPlainLine } from '../core/model/plainText';
import { escapeMarkdown, markdownFileLink, markdownLink, safeWebUrl } from '../../../shared/src/markdown';

/** Diagnostic severity by priority band: the one table that decides how loud a finding is. */
export const severityByBand: Record<PriorityBand, DiagnosticSeverity> = {
  critical: DiagnosticSeverity.Error,
  high: DiagnosticSeverity.Error,
  medium: DiagnosticSeverity.Warning,
  low: DiagnosticSeverity.Information,
};

/**
 * What a diagnostic carries for code actions: enough to find the analyzed finding again. A package group's
 * diagnostic names its highest advisory in `findingId` and every advisory in `findingIds` (their ids as users know
 * them in `advisoryIds`).
 */
export type DiagnosticData = { findingId: string; findingIds?: string[]; advisoryIds?: string[]; serviceId: string; folderUri: string };

/** Most related-information entries on a grouped diagnostic: the hover lists the rest. */
const maxRelatedInformation = 20;

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

/**
 * A group of findings as one diagnostic: a package version's advisories as `Django 3.2.12: 24 advisories (5 critical,
 * 15 high, 4 medium) · priority 87 (critical) · imported: …`, severity and code from its highest advisory; a code
 * finding as {@link toDiagnostic}.
 */
export function toGroupDiagnostic(group: FindingGroup, uriOf: UriOf, folderUri: string): Diagnostic {
  const top = group.top;
  if (!group.package) {
    return toDiagnostic(top, uriOf, folderUri);
  }
  const advisoryUrl = safeWebUrl(top.finding.links?.advisory);
  const data: DiagnosticData = {
    findingId: top.finding.id,
    findingIds: group.findings.map((analyzed) => analyzed.finding.id),
    advisoryIds: group.findings.map((analyzed) => advisoryId(analyzed.finding)),
    serviceId: group.serviceId,
    folderUri,
  };
  const related = groupEvidence(group).flatMap((evidence): DiagnosticRelatedInformation[] =>
    evidence.location ? [{ location: { uri: uriOf(evidence.location.path), range: evidence.location.range }, message: evidence.message }] : [],
  );
  return {
    range: group.location!.range,
    severity: severityByBand[group.priority.band],
    source: 'ASPM',
    code: advisoryId(top.finding),
    codeDescription: advisoryUrl ? { href: advisoryUrl } : undefined,
    message: toPlainLine(`${groupSubject(group)}: ${advisoriesPhrase(group)} · priority ${group.priority.score} (${group.priority.band}) · ${reachabilityPhrase(group)}${groupPolicyLabel(group)}`),
    relatedInformation: related.slice(0, maxRelatedInformation),
    data,
  };
}

/** How many advisory rows and evidence lines a group's hover shows before "+K more". */
export type ExplainLimits = { rows: number; evidence: number };

export const defaultExplainLimits: ExplainLimits = { rows: 12, evidence: 8 };

/** Longest text from a backend or report kept in one hover line or table cell (escaped after cutting). */
const maxCellText = 160;

/**
 * Markdown explanation of a group: for a package version, a compact table of its advisories (id linked, severity,
 * fixed in, reachability tier), the priority factors of its highest advisory once, the evidence once, the fix, links;
 * bounded by `limits`. A code finding: {@link explainFinding}. Every string from a backend, report or advisory is
 * escaped (shared/src/markdown); only http(s) links are linked.
 */
export function explainGroup(group: FindingGroup, uriOf: UriOf, fixes: GroupFixes | undefined, limits: ExplainLimits = defaultExplainLimits): string {
  const top = group.top;
  const pkg = group.package;
  if (!pkg || group.findings.length === 1) {
    return explainFinding(fixes?.fixes[0] && pkg ? { ...top, fix: fixes.fixes[0] } : top, uriOf);
  }
  const cut = (text: string): string => escapeMarkdown(toPlainLine(text, maxCellText));
  const { priority, reachability } = group;
  const lines = [
    `**ASPM · ${cut(groupSubject(group))}: ${cut(advisoriesPhrase(group))}**`,
    '',
    `Priority **${priority.score}/100 (${priority.band})**, from ${markdownLink(toPlainLine(advisoryId(top.finding), maxCellText), top.finding.links?.advisory)} · reachability **${cut(tiersPhrase(group))}**`,
    '',
    '| Advisory | Severity | Fixed in | Reachability |',
    '|---|---|---|---|',
    ...group.findings.slice(0, limits.rows).map((analyzed) => {
      const ref = analyzed.finding.package;
      const fixed = ref ? fixedAbove(ref.ecosystem, fixedVersionsOf(ref.ecosystem, ref.fixedVersions, ref.vulnerableRange), pkg.version) : [];
      const fixedCell = fixed.length > 0 ? `${fixed.slice(0, 2).map((version) => cut(version)).join(', ')}${fixed.length > 2 ? ', …' : ''}` : 'none known';
      return `| ${markdownLink(toPlainLine(advisoryId(analyzed.finding), maxCellText), analyzed.finding.links?.advisory)} | ${cut(analyzed.finding.severity)} | ${fixedCell} | ${cut(analyzed.reachability.tier)} |`;
    }),
  ];
  const hidden = group.findings.slice(limits.rows);
  if (hidden.length > 0) {
    const counts = new Map<string, number>();
    hidden.forEach((analyzed) => counts.set(analyzed.finding.severity, (counts.get(analyzed.finding.severity) ?? 0) + 1));
    lines.push(`| _+${hidden.length} more_ | ${[...counts].map(([severity, count]) => `${count} ${cut(severity)}`).join(', ')} | | |`);
  }
  lines.push(...groupFixLines(group, fixes, cut));
  lines.push(
    '',
    `| Factor (${cut(advisoryId(top.finding))}) | Points | Why |`,
    '|---|---:|---|',
    ...priority.factors.map((factor) => `| ${cut(factor.label)} | ${factor.points}/${factor.maxPoints} | ${cut(factor.detail)} |`),
    '',
    `**Reachability: ${reachability.tier}** — ${cut(reachability.summary)}`,
  );
  lines.push(...otherVerdictLines(group, limits, cut));
  const evidence = groupEvidence(group);
  lines.push(
    ...evidence.slice(0, limits.evidence).map((item) =>
      item.location
        ? `- ${markdownFileLink(toPlainLine(item.message, maxCellText), `${uriOf(item.location.path)}#L${item.location.range.start.line + 1}`)}`
        : `- ${cut(item.message)}`,
    ),
  );
  if (evidence.length > limits.evidence) {
    lines.push(`- _+${evidence.length - limits.evidence} more_`);
  }
  const policy = groupPolicyLabel(group);
  if (policy) {
    lines.push('', `**Policy:**${cut(policy.replace(/^ ·/, ''))}`);
  }
  const sources = [...new Set(group.findings.flatMap((analyzed) => analyzed.finding.sources))];
  lines.push('', `_Reported by ${sources.slice(0, 5).map(cut).join(', ')}${sources.length > 5 ? ` and ${sources.length - 5} more` : ''}_`);
  if (safeWebUrl(top.finding.links?.finding)) {
    lines.push('', markdownLink('Open in ASPM', top.finding.links?.finding));
  }
  return lines.join('\n');
}

/** The group's fix (the preferred one, then alternatives), or the version that fixes it, or that none does. */
function groupFixLines(group: FindingGroup, fixes: GroupFixes | undefined, cut: (text: string) => string): string[] {
  const lines: string[] = [];
  const fix = fixes?.fixes[0];
  if (fix) {
    lines.push('', `**Fix:** ${cut(fix.title)} (quick fix available)`);
    const alternatives = fixes.fixes.slice(1);
    if (alternatives.length > 0) {
      lines.push(`Alternatives: ${alternatives.map((alternative) => cut(alternative.title)).join('; ')}`);
    }
  } else if (fixes?.targets.best) {
    lines.push('', `**Fixed in:** ${cut(fixes.targets.best.version)}${fixes.targets.isComplete ? ` (fixes all ${fixes.advisoryCount} advisories)` : ` (fixes ${fixes.targets.best.fixes.length} of ${fixes.advisoryCount} advisories)`}`);
  } else {
    lines.push('', '**Fix:** no known version fixes these advisories yet');
  }
  if (group.others.length > 0) {
    const count = group.others.length;
    lines.push('', `_${count} more ${count === 1 ? 'advisory on this version is' : 'advisories on this version are'} hidden from diagnostics (filtered); the fix counts ${count === 1 ? 'it' : 'them'} too._`);
  }
  return lines;
}

/** Advisories whose verdict reads otherwise (another tier, other vulnerable functions) say so once each. */
function otherVerdictLines(group: FindingGroup, limits: ExplainLimits, cut: (text: string) => string): string[] {
  const { reachability } = group;
  const verdicts = new Map<string, string[]>();
  for (const analyzed of group.findings) {
    if (analyzed.reachability.summary !== reachability.summary || analyzed.reachability.tier !== reachability.tier) {
      const key = `${analyzed.reachability.tier}\u0000${analyzed.reachability.summary}`;
      verdicts.set(key, [...(verdicts.get(key) ?? []), advisoryId(analyzed.finding)]);
    }
  }
  const otherVerdicts = [...verdicts];
  const lines = otherVerdicts.slice(0, limits.evidence).map(([key, ids]) => {
    const [tier, summary] = key.split('\u0000');
    return `**Reachability: ${cut(tier!)}** (${cut(ids.slice(0, 3).join(', '))}${ids.length > 3 ? ` +${ids.length - 3}` : ''}) — ${cut(summary!)}`;
  });
  if (otherVerdicts.length > limits.evidence) {
    lines.push(`_+${otherVerdicts.length - limits.evidence} more verdicts_`);
  }
  return lines;
}

/** The advisory choices of a group for the "Triage…" and "Open advisory" actions, highest priority first. */
export function advisoryActionArgs(group: FindingGroup, serviceName: string): AdvisoryActionArgs[] {
  return group.findings.map((analyzed) => ({
    findingId: analyzed.finding.id,
    serviceId: analyzed.serviceId,
    advisoryId: toPlainLine(advisoryId(analyzed.finding), maxCellText),
    severity: analyzed.finding.severity,
    title: toPlainLine(analyzed.finding.title, maxCellText),
    subject: toPlainLine(groupSubject(group), maxCellText),
    isBackendFinding: isBackendFinding(analyzed),
    advisoryUrl: safeWebUrl(analyzed.finding.links?.advisory),
    suggestedTicketTitle: findingActionArgs(analyzed, '', serviceName).suggestedTicketTitle,
  }));
}

/** Fixed versions above the installed one, lowest first (all of them when the installed version is unknown). */
function fixedAbove(ecosystem: string, fixed: readonly string[], installed: string | undefined): string[] {
  const order = (a: string, b: string): number => compareVersions(ecosystem, asVersionOf(ecosystem, a), asVersionOf(ecosystem, b)) ?? 0;
  return [...fixed].filter((version) => installed === undefined || order(version, installed) > 0).sort(order);
}

/** Policies broken by any member and the earliest due date, as for one finding. */
function groupPolicyLabel(group: FindingGroup): string {
  const violated = [...new Set(group.findings.flatMap((analyzed) => analyzed.policy?.violated.map((violation) => violation.id) ?? []))];
  const overdue = group.findings
    .filter((analyzed) => analyzed.policy?.isOverdue && analyzed.policy.dueDate)
    .map((analyzed) => analyzed.policy!.dueDate!)
    .sort()[0];
  return `${violated.length > 0 ? ` · violates policy ${violated.join(', ')}` : ''}${overdue ? ` · SLA overdue since ${overdue}` : ''}`;
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
    const unavailable = analyzed.fixUnavailable;
    if (unavailable) {
      lines.push('', unavailable.location ? `_${markdownFileLink(unavailable.message, `${uriOf(unavailable.location.path)}#L${unavailable.location.range.start.line + 1}`)}_` : `_${escapeMarkdown(unavailable.message)}_`);
    }
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

