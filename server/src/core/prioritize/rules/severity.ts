import { severityBaseScore } from '../../model/severity';
import type { ScoringRule } from './scoringRule';

/** Up to 40 points: the CVSS base score (or the severity's typical score) × 4. */
export const severityRule: ScoringRule = {
  id: 'severity',
  label: 'Severity',
  maxPoints: 40,
  score({ finding }) {
    const cvss = finding.cvss?.score;
    const base = cvss ?? severityBaseScore[finding.severity];
    const points = Math.round(Math.min(10, Math.max(0, base)) * 4);
    return { points, detail: cvss !== undefined ? `CVSS ${cvss.toFixed(1)} (${finding.severity})` : `${finding.severity} severity, no CVSS score` };
  },
};
