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

/**
 * A place in a repository file as scanners report it: repository-relative path, 1-based lines and columns,
 * `endColumn` exclusive (the SARIF convention). A missing column covers the whole line.
 */
export interface CodeRegion {
  path: string;
  startLine?: number;
  endLine?: number;
  startColumn?: number;
  endColumn?: number;
  /** The text the scanner saw there, used to re-locate the finding after edits. */
  snippet?: string;
  message?: string;
}

/** A fix a scanner proposes: replacements in repository files (regions as in {@link CodeRegion}). */
export interface SuggestedFix {
  description: string;
  edits: { path: string; startLine: number; startColumn: number; endLine: number; endColumn: number; newText: string }[];
  /**
   * The source that proposed it (`sarif:reports/x.sarif`, `backend:svc-1`): it may edit only files that source
   * reports findings in. Absent (data saved before sources were recorded): only the finding's own file.
   */
  source?: string;
  /** Computed by ASPM's own rules (built-in IaC checks) rather than read from a report. */
  isBuiltIn?: boolean;
}

/**
 * Where one source (a platform the findings are pulled from) holds a finding: the finding's own id and page there,
 * so a triage decision can be written back to it and the reader can open it.
 */
export interface FindingOrigin {
  /** The source's id, e.g. `dependency-track:https://dtrack.example.com` (see engine/sources). */
  source: string;
  /** The platform: `aspm`, `defectdojo`, `dependency-track` or `github`. */
  kind: string;
  /**
   * The finding's id in that source, in its own terms: a DefectDojo finding id, `dependabot/12`, a Dependency-Track
   * `component-uuid:vulnerability-uuid` pair, an ASPM finding id.
   */
  id: string;
  /** The finding's page in that source, when known. */
  url?: string;
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
  /** When a scanner first reported it (ISO); policy SLAs count from here. */
  firstSeen?: string;
  /** The fix-by date the source itself set (DefectDojo's SLA expiration), ISO date; policies may set a stricter one. */
  dueDate?: string;
  /** Repository-relative location (code findings). */
  location?: CodeRegion & {
    /** Stable identity of the finding across line moves (SARIF partialFingerprints, backend fingerprint). */
    fingerprint?: string;
    /** Commit the scanner analysed; when it differs from the workspace the location may have moved. */
    commit?: string;
  };
  /** Other places that explain the finding (SARIF relatedLocations). */
  relatedLocations?: CodeRegion[];
  /** Source-to-sink steps of a dataflow finding (SARIF codeFlows, first thread). */
  codeFlow?: CodeRegion[];
  /** The infrastructure resource an IaC finding is about. */
  resource?: { type?: string; name?: string; address?: string };
  /** The HTTP endpoint a DAST finding was observed on. */
  endpoint?: { method: string; path: string };
  package?: PackageRef & {
    fixedVersions: string[];
    vulnerableRange?: string;
    /**
     * Functions known to carry the vulnerability, as the source spells them (`golang.org/x/text/language.Parse`,
     * `App.Get`, `com.thoughtworks.xstream.XStream.fromXML`, `yaml.load`); read by `core/correlate/vulnerableCode`.
     */
    vulnerableSymbols?: string[];
    /**
     * Packages of the dependency that carry the vulnerability (Go: OSV `ecosystem_specific.imports[].path`), when the
     * source names them: only imports of these packages reach it. Absent: any import of the dependency may.
     */
    vulnerablePackages?: string[];
  };
  /** Fixes proposed by the scanner (SARIF `fixes`, backend `remediation.fixes`). */
  suggestedFixes?: SuggestedFix[];
  /** Remediation advice, markdown. */
  remediation?: string;
  links?: { advisory?: string; finding?: string };
  /** Every source that reported it, e.g. `backend:svc-checkout`, `sarif:reports/codeql.sarif`, `osv:advisories`. */
  sources: string[];
  /** The platforms that hold it, each with its own id there (several when sources agree on one finding). */
  origins?: FindingOrigin[];
}

/** The id shown to users for an advisory: the rule id, else the first alias, else the finding id. */
export function advisoryId(finding: Finding): string {
  return finding.ruleId ?? finding.aliases?.[0] ?? finding.id;
}
