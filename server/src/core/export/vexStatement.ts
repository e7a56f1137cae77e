import type { AnalyzedFinding, Evidence } from '../model/analysis';
import { advisoryId } from '../model/finding';
import { formatPurl } from '../model/purl';

/** CycloneDX impact-analysis states (`vulnerabilities[].analysis.state`). */
export type VexState = 'exploitable' | 'in_triage' | 'not_affected' | 'resolved' | 'false_positive';

/** The two CycloneDX justifications the reachability verdicts can support; a triage may carry others. */
export type VexJustification = 'code_not_reachable' | 'code_not_present';

/** What a VEX statement rests on: the reachability verdict, the user's triage, or the workspace's installed version. */
export type VexBasis = 'verdict' | 'triage' | 'workspace';

/**
 * One exploitability statement about a vulnerable package in one service: the CycloneDX and OpenVEX exports both
 * write it, so the two say the same thing.
 */
export interface VexStatement {
  findingId: string;
  serviceId: string;
  /** The advisory id (`GHSA-…`, `CVE-…`) and its other names. */
  vulnerability: string;
  aliases: string[];
  /** purl of the installed package version the statement is about. */
  purl: string;
  ecosystem: string;
  name: string;
  version?: string;
  state: VexState;
  justification?: VexJustification;
  /** CycloneDX responses: `update` when a fixed version exists, `will_not_fix` for an accepted risk. */
  response: ('update' | 'will_not_fix')[];
  /** The evidence sentence: why this state, with the lines that show it. */
  detail: string;
  basis: VexBasis;
  /** What to do, for exploitable and in-triage statements (OpenVEX `action_statement`). */
  action?: string;
}

/** Evidence lines quoted in a statement's detail at most. */
const maxEvidence = 2;

/**
 * The located evidence a detail quotes: the strongest kind first (as the verdict lists them), then by path and line,
 * so that the same workspace always gives the same sentence whatever order files were indexed in.
 */
function quotedEvidence(evidence: readonly Evidence[]): string[] {
  const kinds = [...new Set(evidence.map((item) => item.kind))];
  return evidence
    .filter((item) => item.location !== undefined)
    .sort((a, b) => kinds.indexOf(a.kind) - kinds.indexOf(b.kind) || (a.location!.path < b.location!.path ? -1 : a.location!.path > b.location!.path ? 1 : 0) || a.location!.range.start.line - b.location!.range.start.line)
    .slice(0, maxEvidence)
    .map((item) => item.message);
}

/**
 * The VEX statement for an analyzed package finding, or undefined for findings that are not about a package of the
 * workspace (code, IaC, secrets, or a package no manifest of the service has). The user's triage wins over the
 * verdict; a version the workspace already moved past is `resolved`; otherwise the reachability tier decides:
 * runtime-loaded and symbol-called are `exploitable`; imported is `in_triage`, or `not_affected`
 * (`code_not_reachable`) when the advisory's vulnerable functions are never called; declared-only is
 * `not_affected` (`code_not_reachable`: no path from first-party code); dev-only is `not_affected`
 * (`code_not_present`: not shipped); unknown is `in_triage`.
 */
export function vexStatementOf(analyzed: AnalyzedFinding): VexStatement | undefined {
  const { finding, reachability } = analyzed;
  const pkg = analyzed.package;
  if (!finding.package || !pkg) {
    return undefined;
  }
  const version = pkg.version;
  const base = {
    findingId: finding.id,
    serviceId: analyzed.serviceId,
    vulnerability: advisoryId(finding),
    aliases: [...new Set(finding.aliases ?? [])].filter((alias) => alias !== advisoryId(finding)),
    purl: formatPurl(pkg.ecosystem, pkg.name, version),
    ecosystem: pkg.ecosystem,
    name: pkg.name,
    version,
  };
  const fixed = finding.package.fixedVersions;
  const upgrade = analyzed.fix ? `${analyzed.fix.title}.` : fixed.length > 0 ? `Upgrade ${pkg.name} to ${fixed.join(' or ')}.` : undefined;
  const evidence = [reachability.summary, ...quotedEvidence(reachability.evidence)].join('; ');
  const ignored = analyzed.filterReason?.code === 'ignored' ? ` Hidden locally: ${analyzed.filterReason.message}.` : '';

  switch (finding.status) {
    case 'false_positive':
      return { ...base, state: 'false_positive', response: [], detail: `Triaged as a false positive in the ASPM backend. Verdict: ${evidence}.`, basis: 'triage' };
    case 'accepted':
      return { ...base, state: 'exploitable', response: ['will_not_fix'], detail: `Risk accepted in the ASPM backend. Verdict: ${evidence}.`, basis: 'triage', action: 'Risk accepted by triage; no fix planned.' };
    case 'triaged':
      return { ...base, state: 'not_affected', response: [], detail: `Triaged as not affected in the ASPM backend. Verdict: ${evidence}.`, basis: 'triage' };
    case 'fixed':
      return { ...base, state: 'resolved', response: [], detail: 'Marked fixed in the ASPM backend.', basis: 'triage' };
    default:
      break;
  }
  if (analyzed.isFixedInWorkspace && analyzed.pendingInstallVersion === undefined) {
    return { ...base, state: 'resolved', response: [], detail: `The installed ${pkg.name}@${version ?? '?'} is outside the vulnerable range.`, basis: 'workspace' };
  }
  const pending = analyzed.pendingInstallVersion ? ` The manifest already asks for ${analyzed.pendingInstallVersion}; the lockfile still installs ${version ?? '?'}.` : '';
  const verdict = { ...base, basis: 'verdict' as const, response: upgrade ? (['update'] as const).slice() : [] };
  const detailOf = (sentence: string): string => `${sentence}${pending}${ignored}`;
  switch (reachability.tier) {
    case 'runtime-loaded':
    case 'symbol-called':
      return { ...verdict, state: 'exploitable', detail: detailOf(`${evidence}.`), action: upgrade ?? 'No fixed version is known: remove or replace the package, or mitigate.' };
    case 'imported':
      return reachability.vulnerableCode?.isCalled === false
        ? { ...verdict, state: 'not_affected', justification: 'code_not_reachable', detail: detailOf(`${evidence}.`) }
        : { ...verdict, state: 'in_triage', detail: detailOf(`${evidence}; whether the vulnerable code runs is not known.`), action: upgrade };
    case 'declared':
      return { ...verdict, state: 'not_affected', justification: 'code_not_reachable', detail: detailOf(`No path from first-party code: ${evidence}.`) };
    case 'dev-only':
      return { ...verdict, state: 'not_affected', justification: 'code_not_present', detail: detailOf(`Not shipped: ${evidence}.`) };
    default:
      return { ...verdict, state: 'in_triage', detail: detailOf(`${evidence}.`), action: upgrade };
  }
}
