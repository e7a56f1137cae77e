import type { ResolvedPackage } from './dependency';
import type { Finding } from './finding';
import type { SourceLocation } from './location';
import type { PolicyVerdict } from './policy';

/** SARIF `baselineState`: how a result compares with the same analysis at the base of the branch. */
export type BaselineState = 'new' | 'unchanged' | 'updated' | 'absent';

/**
 * How strongly the workspace shows that a finding can be reached, strongest first. `indexing`: the verdict waits for
 * the source files, which are still being indexed (a provisional state, never filtered; see {@link indexingReachability}).
 */
export type ReachabilityTier = 'runtime-loaded' | 'symbol-called' | 'imported' | 'declared' | 'dev-only' | 'unknown' | 'indexing';

export const reachabilityTiers: readonly ReachabilityTier[] = ['runtime-loaded', 'symbol-called', 'imported', 'declared', 'dev-only', 'unknown', 'indexing'];

/** One fact supporting a reachability verdict, with the place that shows it when there is one. */
export interface Evidence {
  kind: 'runtime' | 'call' | 'import' | 'test-import' | 'type-import' | 'declaration' | 'chain' | 'location' | 'note';
  message: string;
  location?: SourceLocation;
}

/**
 * A place in first-party source that reaches a vulnerable package: a call of one of its vulnerable functions, or an
 * import of it (`via`: of the dependency that pulls it in). Shown as a diagnostic on that line.
 */
export interface SourceSite {
  kind: 'call' | 'import';
  location: SourceLocation;
  /** For a call: the vulnerable function it reaches, as the advisory names it (`template`, `yaml.load`). */
  symbol?: string;
  /** For an import of another package: that package, which depends on the vulnerable one. */
  via?: string;
}

/** Files whose source sites are kept per package at most: a package imported by 2,000 files does not flood. */
export const maxSourceSiteFiles = 50;

export interface Reachability {
  tier: ReachabilityTier;
  /** One plain sentence: why this tier. */
  summary: string;
  evidence: Evidence[];
  /**
   * Set when the advisory names its vulnerable functions and the calls on the package were checked: which functions,
   * and whether first-party code calls one (VEX `code_not_reachable` when it does not).
   */
  vulnerableCode?: { symbols: string[]; isCalled: boolean };
  /**
   * Every application site that reaches the package (imports, and calls of its vulnerable functions), not just the
   * few cited as evidence; in {@link maxSourceSiteFiles} files at most. Test and type-only imports are not
   * sites.
   */
  sites?: SourceSite[];
}

export type PriorityBand = 'critical' | 'high' | 'medium' | 'low';

/** One term of the priority score: its points out of its maximum and why. */
export interface ScoreFactor {
  id: string;
  label: string;
  points: number;
  maxPoints: number;
  detail: string;
}

/** A 0–100 score that is the sum of its factors. */
export interface Priority {
  score: number;
  band: PriorityBand;
  factors: ScoreFactor[];
}

/** Why a finding is not published as a diagnostic. `code` is stable, for counting and tests. */
export interface FilterReason {
  code: 'triaged' | 'ignored' | 'not-in-workspace' | 'not-affected' | 'declared' | 'dev-only' | 'below-threshold' | 'unchanged';
  message: string;
}

/** A text replacement in a repository-relative file. */
export interface FileEdit {
  path: string;
  range: SourceLocation['range'];
  newText: string;
}

/** A quick fix the user can apply: a title and the edits it makes. */
export interface FixPlan {
  title: string;
  kind: 'upgrade' | 'override' | 'suggested';
  edits: FileEdit[];
}

/**
 * A fix as offered to the user. `origin` says who wrote the edits: ASPM itself (manifest upgrades, built-in IaC
 * rules) or a scanner/backend report (kept to the files its report names; withheld in untrusted workspaces).
 * `files` are the repository-relative files edited, in edit order; a fix editing several is never preferred.
 */
export interface QuickFix extends FixPlan {
  origin: 'built-in' | 'scanner';
  files: string[];
  isPreferred: boolean;
}

/** A finding after correlation, reachability and prioritization against one service of the workspace. */
export interface AnalyzedFinding {
  finding: Finding;
  serviceId: string;
  /** Where the finding shows in the workspace (the declaring manifest line, or the code location). */
  location?: SourceLocation;
  /** For code findings: whether the code still matches the scan (`stale`: the line may be wrong). */
  locationStatus?: 'exact' | 'moved' | 'stale';
  package?: ResolvedPackage;
  /** Installed version differs from the reported one and is outside the vulnerable range. */
  isFixedInWorkspace: boolean;
  /**
   * The version the manifest now asks for (a bumped range or an override) when the lockfile still has the
   * vulnerable one: fixed once `npm install` runs.
   */
  pendingInstallVersion?: string;
  reachability: Reachability;
  priority: Priority;
  isSurfaced: boolean;
  filterReason?: FilterReason;
  /** How it compares with the base of the branch, when the analysis has a baseline (`--since`, scope `changed`). */
  baselineState?: BaselineState;
  /** Policies the finding breaks and its SLA due date, when the organisation set policies. */
  policy?: PolicyVerdict;
  fix?: QuickFix;
  /** Why the fix a scanner or backend proposed is not offered (a protected or unreported file, an untrusted workspace). */
  fixWithheld?: string;
  /**
   * Why no upgrade is offered although a fixed version is known: the declaration's version is set elsewhere (a Maven
   * property or a parent's or BOM's dependencyManagement), which the sentence names, with the line that sets it.
   */
  fixUnavailable?: { message: string; location?: SourceLocation };
}
