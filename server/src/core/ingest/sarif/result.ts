import type { CodeFlow, Result, Run, Suppression, ThreadFlow, ThreadFlowLocation } from 'sarif';
import type { CodeRegion, Finding, FindingKind, FindingStatus } from '../../model/finding';
import type { UriContext } from './artifactPath';
import { classifyKind, endpointOf, resourceOf, type ClassifyInput } from './classify';
import { cweOf } from './cwe';
import { readFixes } from './fixes';
import { asArray, asObject, asString, ownValue, stringEntries, type Loose } from './json';
import { messageText, multiformatText, titleLine } from './messages';
import { cvssOf, packageOf } from './packageOf';
import { readLocation, readRegions } from './regions';
import { findRule, type RuleDescriptor, type RunTool } from './rules';
import { severityOf } from './severity';

/** What every result of one run shares. */
export interface RunContext {
  run: Loose<Run>;
  tool: RunTool;
  uris: UriContext;
  /** `sarif:<report path>`. */
  source: string;
  /** Position of the run in the log, for ids of results that have nothing better. */
  runIndex: number;
}

/**
 * gitleaks fills `partialFingerprints` with commit metadata (same for every secret of a commit): not an identity
 * of the result, so never used as its fingerprint.
 */
const metadataFingerprintKeys = new Set(['commitSha', 'email', 'author', 'date', 'commitMessage']);

/** Result kinds that report the absence of a problem. */
const passingKinds = new Set(['pass', 'notApplicable']);

/**
 * Converts one SARIF result into a finding, collecting what had to be dropped (paths outside the repository, fixes
 * that cannot apply) as problems. Undefined for results that are not findings: `pass`/`notApplicable` results and
 * results a baseline marks `absent`.
 */
export function readResult(result: Loose<Result>, resultIndex: number, context: RunContext, problems: string[]): Finding | undefined {
  if (passingKinds.has(asString(result.kind) ?? 'fail') || result.baselineState === 'absent') {
    return undefined;
  }
  const { ruleId, rule } = findRule(result, context.tool);
  const { region, url } = primaryLocation(result, context.uris, problems);
  const message = messageText(result.message, rule);
  const pkg = packageOf(result, message, region?.path);
  const input: ClassifyInput = { toolName: context.tool.name, ruleId, rule, result, run: context.run, url, hasPackage: pkg !== undefined };
  const kind = classifyKind(input, pkg?.ecosystem);
  const isDependency = kind === 'sca' || kind === 'container';
  const fingerprint = fingerprintOf(result);
  const endpoint = kind === 'dast' ? endpointOf(input) : undefined;
  const where = region ? `${region.path}:${region.startLine ?? 0}` : endpoint ? `${endpoint.method} ${endpoint.path}` : `run${context.runIndex}/result${resultIndex}`;
  const advisory = asString(rule?.helpUri);
  return {
    id: `sarif:${context.tool.name}:${ruleId ?? 'result'}:${fingerprint ?? where}`,
    kind,
    ruleId,
    title: titleOf(rule, ruleId, message),
    description: message,
    severity: severityOf(result, rule),
    cvss: isDependency ? cvssOf(rule, result) : undefined,
    cwe: nonEmpty(cweOf(rule, result)),
    aliases: aliasesOf(ruleId),
    toolName: context.tool.name,
    status: statusOf(result),
    location: region ? { ...withoutSecret(region, kind), ...(fingerprint !== undefined ? { fingerprint } : {}) } : undefined,
    relatedLocations: nonEmpty(readRegions(asArray(result.relatedLocations), context.uris, problems).map((related) => withoutSecret(related, kind))),
    codeFlow: nonEmpty(codeFlowOf(result, context.uris, problems).map((step) => withoutSecret(step, kind))),
    resource: kind === 'iac' ? resourceOf(input, region?.snippet) : undefined,
    endpoint,
    package: isDependency ? pkg : undefined,
    suggestedFixes: nonEmpty(readFixes(asArray(result.fixes), context.uris, `Apply the fix ${context.tool.name} suggests`, context.source, problems)),
    remediation: remediationOf(rule),
    links: advisory !== undefined && /^https?:\/\//i.test(advisory) ? { advisory } : undefined,
    sources: [context.source],
  };
}

/** The first location that names a file (or refuses to), plus the first web URL seen before it. */
function primaryLocation(result: Loose<Result>, uris: UriContext, problems: string[]): { region?: CodeRegion; url?: string } {
  let url: string | undefined;
  for (const value of asArray(result.locations)) {
    const target = readLocation(value, uris);
    if (target && 'url' in target) {
      url ??= target.url;
    } else if (target && 'problem' in target) {
      problems.push(target.problem);
      return { url };
    } else if (target) {
      return { region: target.region, url };
    }
  }
  return { url };
}

/** `primaryLocationLineHash` (CodeQL, GitHub), else the first other partial fingerprint, else a full fingerprint. */
function fingerprintOf(result: Loose<Result>): string | undefined {
  const partial = stringEntries(result.partialFingerprints).filter(([key]) => !metadataFingerprintKeys.has(key));
  const preferred = partial.find(([key]) => key.startsWith('primaryLocationLineHash')) ?? partial[0] ?? stringEntries(result.fingerprints)[0];
  return preferred?.[1];
}

/** Accepted when a suppression is accepted or has no status (in-source suppressions carry none); else open. */
function statusOf(result: Loose<Result>): FindingStatus {
  const suppressions = asArray(result.suppressions).map((value) => asObject<Suppression>(value));
  const isAccepted = suppressions.some((suppression) => suppression !== undefined && (suppression.status === undefined || suppression.status === 'accepted'));
  return isAccepted ? 'accepted' : 'open';
}

function codeFlowOf(result: Loose<Result>, uris: UriContext, problems: string[]): CodeRegion[] {
  const flow = asObject<CodeFlow>(asArray(result.codeFlows)[0]);
  const thread = asObject<ThreadFlow>(asArray(flow?.threadFlows)[0]);
  const steps = asArray(thread?.locations).map((step) => asObject<ThreadFlowLocation>(step)?.location);
  return readRegions(steps, uris, problems);
}

/**
 * A rule description, else the message's first sentence, else the rule name. Texts that merely restate the rule id
 * (CodeQL names, Semgrep's `Semgrep Finding: <id>` descriptions) lose to the next candidate.
 */
function titleOf(rule: RuleDescriptor | undefined, ruleId: string | undefined, message: string | undefined): string {
  const candidates = [multiformatText(rule?.shortDescription), message, asString(rule?.name)].map(titleLine);
  const isInformative = (text: string | undefined): text is string => text !== undefined && (ruleId === undefined || (text !== ruleId && !text.endsWith(`: ${ruleId}`)));
  return candidates.find(isInformative) ?? ruleId ?? candidates.find((text) => text !== undefined) ?? 'SARIF result';
}

/** ZAP's `solution`, else the rule help (markdown preferred). */
function remediationOf(rule: RuleDescriptor | undefined): string | undefined {
  const help = asObject<{ markdown: unknown; text: unknown }>(rule?.help);
  return multiformatText(ownValue(rule?.properties, 'solution')) ?? asString(help?.markdown) ?? asString(help?.text);
}

/** The advisory id a Checkov SCA rule id starts with (`CVE-2021-23337_lodash@4.17.15`), as an alias for merging. */
function aliasesOf(ruleId: string | undefined): string[] | undefined {
  const advisory = /^(CVE-\d{4}-\d+|GHSA(?:-[0-9a-z]{4}){3})(?=[^0-9a-z-])/i.exec(ruleId ?? '')?.[1];
  return advisory !== undefined ? [advisory.toUpperCase()] : undefined;
}

/** Secret scanners put the secret itself in the snippet; it must not travel into hovers, trees or logs. */
function withoutSecret(region: CodeRegion, kind: FindingKind): CodeRegion {
  if (kind !== 'secret' || region.snippet === undefined) {
    return region;
  }
  const redacted = { ...region };
  delete redacted.snippet;
  return redacted;
}

function nonEmpty<T>(list: T[]): T[] | undefined {
  return list.length > 0 ? list : undefined;
}
