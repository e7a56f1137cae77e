/** Scanner severity, as the backend and SARIF normalize it. */
export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';

export const severities: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

/** CVSS-like base score used when a finding has no CVSS score of its own. */
export const severityBaseScore: Record<Severity, number> = {
  critical: 9.5,
  high: 7.5,
  medium: 5.5,
  low: 3,
  info: 0.5,
};
