import type { Severity } from './severity';

export type FindingKind = 'sca' | 'sast' | 'dast' | 'iac' | 'secret' | 'container';

export type FindingStatus = 'open' | 'triaged' | 'accepted' | 'false_positive' | 'fixed';

/** A package coordinate parsed from a purl. */
export interface PackageRef {
  ecosystem: string;
  name: string;
  version?: string;
  purl: string;
}

/** A finding as the organisation's scanners reported it, before correlation to this workspace. */
export interface Finding {
  id: string;
  kind: FindingKind;
  ruleId?: string;
  title: string;
  description?: string;
  severity: Severity;
  cvss?: { score: number; vector?: string };
  epss?: { score: number; percentile?: number };
  kev?: boolean;
  cwe?: string[];
  aliases?: string[];
  toolName?: string;
  status?: FindingStatus;
  /** Repository-relative location (code findings). Lines are 1-based as reported by scanners. */
  location?: {
    path: string;
    startLine?: number;
    endLine?: number;
    startColumn?: number;
    endColumn?: number;
    snippet?: string;
  };
  package?: PackageRef & {
    fixedVersions: string[];
    vulnerableRange?: string;
    vulnerableSymbols?: string[];
  };
  links?: { advisory?: string; finding?: string };
  /** Where the finding came from, e.g. `backend:svc-checkout`. */
  source: string;
}

/** The id shown to users for an advisory: the rule id, else the first alias, else the finding id. */
export function advisoryId(finding: Finding): string {
  return finding.ruleId ?? finding.aliases?.[0] ?? finding.id;
}
