import type { ReportingConfiguration, Result } from 'sarif';
import type { Severity } from '../../model/severity';
import { asNumber, asObject, asString, ownValue, type Loose } from './json';
import type { RuleDescriptor } from './rules';

const levelSeverity = new Map<string, Severity>([
  ['error', 'high'],
  ['warning', 'medium'],
  ['note', 'low'],
  ['none', 'info'],
]);

/**
 * The severity of a result. A `security-severity` property (a CVSS-like 0–10 score, the convention GitHub code
 * scanning reads) on the result or its rule wins: critical ≥ 9, high ≥ 7, medium ≥ 4, low > 0, else info. Otherwise
 * the SARIF level: the result's, else the rule's default, else `warning` (the SARIF default; `none` for results
 * whose `kind` is not `fail`, such as `informational`); error → high, warning → medium, note → low, none → info.
 */
export function severityOf(result: Loose<Result>, rule: RuleDescriptor | undefined): Severity {
  const score = securitySeverity(result.properties) ?? securitySeverity(rule?.properties);
  if (score !== undefined) {
    return severityOfScore(score);
  }
  const isFailure = (asString(result.kind) ?? 'fail') === 'fail';
  const ruleLevel = isFailure ? asString(asObject<ReportingConfiguration>(rule?.defaultConfiguration)?.level) : undefined;
  const level = asString(result.level) ?? ruleLevel ?? (isFailure ? 'warning' : 'none');
  return levelSeverity.get(level) ?? 'medium';
}

/** Severity band of a CVSS-like 0–10 score. */
export function severityOfScore(score: number): Severity {
  if (score >= 9) {
    return 'critical';
  }
  if (score >= 7) {
    return 'high';
  }
  if (score >= 4) {
    return 'medium';
  }
  return score > 0 ? 'low' : 'info';
}

function securitySeverity(properties: unknown): number | undefined {
  const score = asNumber(ownValue(properties, 'security-severity'));
  return score !== undefined && score >= 0 && score <= 10 ? score : undefined;
}
