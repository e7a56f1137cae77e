import type { Severity } from '../../model/severity';
import { parseCvss } from '../cvss';
import type { OsvSeverity } from './osvAdvisory';
import { osvSeveritySchema } from './osvSchema';

const levelByLabel: Readonly<Record<string, Severity>> = {
  critical: 'critical',
  high: 'high',
  moderate: 'medium',
  medium: 'medium',
  low: 'low',
};

/**
 * CVSS entry types by preference: v3 first, which most advisories and the backend report, so that scores stay
 * comparable across findings; then v4, then v2. Other types (Ubuntu) carry no vector.
 */
const cvssTypes: readonly string[] = ['CVSS_V3', 'CVSS_V4', 'CVSS_V2'];

/**
 * Reads an OSV `severity` list plus a database's severity label. The score comes from the first vector of the most
 * preferred CVSS type that parses (see `cvssTypes`). Problems name the bad entries; they never drop the record.
 */
export function parseOsvSeverity(entries: readonly unknown[], label: string | undefined, where: string): { value: OsvSeverity; problems: string[] } {
  const value: OsvSeverity = {};
  const problems: string[] = [];
  let cvssRank = cvssTypes.length;
  entries.forEach((entry, index) => {
    const parsed = osvSeveritySchema.safeParse(entry);
    if (!parsed.success) {
      problems.push(`${where}severity[${index}] is not {type, score}`);
      return;
    }
    const rank = cvssTypes.indexOf(parsed.data.type);
    if (rank < 0) {
      return;
    }
    const cvss = parseCvss(parsed.data.score);
    if (cvss.ok && rank < cvssRank) {
      cvssRank = rank;
      value.cvss = { score: cvss.value.baseScore, vector: cvss.value.vector };
    } else if (!cvss.ok) {
      problems.push(`${where}severity[${index}]: ${cvss.problem}`);
    }
  });
  const level = label === undefined ? undefined : levelByLabel[label.trim().toLowerCase()];
  if (level) {
    value.level = level;
  }
  return { value, problems };
}
