import type { Finding, SuggestedFix } from '../../../model/finding';
import type { Range } from '../../../model/location';
import type { Severity } from '../../../model/severity';
import type { ExposureSignal } from '../../../model/iacFacts';
import type { FixAnchor, IacCheck, IacSignal } from '../iacSignal';

/** The public reference each built-in rule links to: the platform's own hardening guidance. */
const ruleReferences: Record<string, string> = {
  'iac-open-ingress': 'https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html',
  'iac-public-bucket': 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html',
  'iac-public-database': 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html',
  'iac-privileged-container': 'https://kubernetes.io/docs/concepts/security/pod-security-standards/',
  'iac-host-network': 'https://kubernetes.io/docs/concepts/security/pod-security-standards/',
  'iac-host-path': 'https://kubernetes.io/docs/concepts/security/pod-security-standards/',
  'iac-run-as-root': 'https://kubernetes.io/docs/concepts/security/pod-security-standards/',
  'iac-dockerfile-no-user': 'https://docs.docker.com/build/building/best-practices/#user',
  'iac-unpinned-image': 'https://docs.docker.com/build/building/best-practices/#pin-base-image-versions',
  'iac-plain-secret-env': 'https://kubernetes.io/docs/concepts/configuration/secret/',
  'iac-port-all-interfaces': 'https://docs.docker.com/reference/compose-file/services/#ports',
};

/** The reference a rule links to (its CWE entry when no platform guidance is listed). */
export function iacRuleDocsUrl(rule: Pick<IacRule, 'id' | 'cwe'>): string {
  const cwe = rule.cwe?.[0]?.replace(/^CWE-/, '');
  return ruleReferences[rule.id] ?? (cwe ? `https://cwe.mitre.org/data/definitions/${cwe}.html` : 'https://owasp.org/www-project-top-ten/');
}

/** The source every built-in IaC finding names. */
export const iacFindingSource = 'aspm-iac';

/** A remediation before it is placed in a file: 0-based edits. */
export interface FixDraft {
  description: string;
  edits: { range: Range; newText: string }[];
}

/**
 * A built-in IaC rule: turns the signals of one check into findings. Ids are kebab-case, stable and never reused.
 * A rule offers a fix only when the edit is mechanical and keeps the file valid.
 */
export interface IacRule {
  id: string;
  check: IacCheck;
  /** The signal kind the check produces, for documentation and fixture checks. */
  signalKind: ExposureSignal['kind'];
  title: string;
  cwe?: string[];
  /** Why it matters, one or two plain sentences appended to the signal's message. */
  rationale: string;
  /** What to do, markdown. */
  remediation: string;
  severity(signal: IacSignal): Severity;
  fix?(signal: IacSignal): FixDraft | undefined;
}

/** Turns one signal into the rule's finding. Locations and fix edits become 1-based (SARIF style). */
export function ruleFinding(rule: IacRule, signal: IacSignal): Finding {
  const { path, range } = signal.location;
  const fix = rule.fix?.(signal);
  const fingerprint = `${signal.resourceAddress}:${signal.key}`;
  return {
    id: `${rule.id}:${path}:${fingerprint}`,
    kind: 'iac',
    ruleId: rule.id,
    title: rule.title,
    description: `${signal.message}. ${rule.rationale}${fix ? ` Quick fix: ${fix.description}` : ''}`,
    severity: rule.severity(signal),
    ...(rule.cwe ? { cwe: [...rule.cwe] } : {}),
    toolName: iacFindingSource,
    location: { path, ...toRegion(range), message: signal.message, fingerprint },
    resource: { ...signal.resource },
    ...(fix ? { suggestedFixes: [toSuggestedFix(path, fix)] } : {}),
    remediation: rule.remediation,
    links: { advisory: iacRuleDocsUrl(rule) },
    sources: [iacFindingSource],
  };
}

/** Replaces every range of a `replace` anchor with `newText`. */
export function replaceAnchor(anchor: FixAnchor | undefined, newText: string): FixDraft['edits'] | undefined {
  return anchor?.kind === 'replace' ? anchor.ranges.map((range) => ({ range, newText })) : undefined;
}

/**
 * The text that inserts `leaf` at an `insert` anchor, creating its missing parent keys first, each one level deeper:
 * `securityContext:\n  runAsNonRoot: true\n` (YAML), or just `USER 10001\n` (Dockerfile).
 */
export function insertedLines(anchor: FixAnchor & { kind: 'insert' }, leaf: string): string {
  const depth = anchor.missingParents.length;
  const lines = [...anchor.missingParents.map((parent, level) => `${anchor.indent}${anchor.step.repeat(level)}${parent}:`), `${anchor.indent}${anchor.step.repeat(depth)}${leaf}`];
  return anchor.newlineBefore ? `${anchor.eol}${lines.join(anchor.eol)}` : `${lines.join(anchor.eol)}${anchor.eol}`;
}

function toRegion(range: Range): { startLine: number; startColumn: number; endLine: number; endColumn: number } {
  return { startLine: range.start.line + 1, startColumn: range.start.character + 1, endLine: range.end.line + 1, endColumn: range.end.character + 1 };
}

function toSuggestedFix(path: string, fix: FixDraft): SuggestedFix {
  return { description: fix.description, edits: fix.edits.map((edit) => ({ path, ...toRegion(edit.range), newText: edit.newText })), isBuiltIn: true };
}
