import type { Severity } from '../../model/severity';
import { parseCvssV3 } from '../cvss';
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
 * Reads an OSV `severity` list plus a database's severity label. The first `CVSS_V3` entry whose vector parses
 * gives the score; other types (CVSS_V2, CVSS_V4, Ubuntu) are skipped, as their scores are not computed here.
 * Problems name the bad entries; they never drop the record.
 */
export function parseOsvSeverity(entries: readonly unknown[], label: string | undefined, where: string): { value: OsvSeverity; problems: string[] } {
  const value: OsvSeverity = {};
  const problems: string[] = [];
  entries.forEach((entry, index) => {
    const parsed = osvSeveritySchema.safeParse(entry);
    if (!parsed.success) {
      problems.push(`${where}severity[${index}] is not {type, score}`);
      return;
    }
    if (parsed.data.type !== 'CVSS_V3' || value.cvss) {
      return;
    }
    const cvss = parseCvssV3(parsed.data.score);
    if (cvss.ok) {
      value.cvss = { score: cvss.value.baseScore, vector: cvss.value.vector };
    } else {
      problems.push(`${where}severity[${index}]: ${cvss.problem}`);
    }
  });
  const level = label === undefined ? undefined : levelByLabel[label.trim().toLowerCase()];
  if (level) {
    value.level = level;
  }
  return { value, problems };
}
