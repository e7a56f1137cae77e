import type { AnalyzedFinding, ReachabilityTier } from '../core/model/analysis';
import type { FindingOrigin } from '../core/model/finding';
import { BackendError, asBackendError, isTransientFailure } from './backendError';
import type { FindingsBackend, TriageWrite } from './ports';

/** The platforms findings can be pulled from. */
export type SourceKind = 'aspm' | 'defectdojo' | 'dependency-track' | 'github';

export const sourceKinds: readonly SourceKind[] = ['aspm', 'defectdojo', 'dependency-track', 'github'];

/** How users name each platform. */
export const sourceKindLabels: Record<SourceKind, string> = {
  aspm: 'ASPM backend',
  defectdojo: 'DefectDojo',
  'dependency-track': 'Dependency-Track',
  github: 'GitHub',
};

/**
 * One configured source, as the `aspm.sources` setting and the CLI's `--source KIND=URL` give it. `project`
 * overrides the DefectDojo product, Dependency-Track project or GitHub `owner/repo` (default: from the repository).
 */
export interface SourceConfig {
  kind: SourceKind;
  url: string;
  project?: string;
}

/** A stable id for a source: its kind and URL (no trailing slash). Tokens and caches are kept per id. */
export function sourceIdOf(config: Pick<SourceConfig, 'kind' | 'url'>): string {
  return `${config.kind}:${config.url.trim().replace(/\/+$/, '')}`;
}

/**
 * Finds the token of a source, by its id (VS Code: SecretStorage per source; CLI: the platform's environment
 * variable). Undefined when there is none; the source is then asked without one and says what it needs.
 */
export type CredentialsLookup = (source: { id: string; kind: SourceKind; url: string }) => string | undefined | Promise<string | undefined>;

/** A source ready to pull from and write to. */
export interface SourceHandle {
  id: string;
  kind: SourceKind;
  /** `DefectDojo (https://dojo.example.com)`, for messages. */
  label: string;
  backend: FindingsBackend;
}

/** What one source did with a triage decision, said to the user as is. */
export interface SourceWriteResult {
  source: string;
  kind: string;
  label: string;
  outcome: 'sent' | 'skipped' | 'failed';
  message: string;
  /** The failure may pass (network, rate limit, 5xx): the decision can be queued and sent again. */
  isTransient?: boolean;
}

/** The verdict a decision is written with: what the workspace showed the user. */
export function verdictOf(analyzed: AnalyzedFinding): TriageWrite['verdict'] {
  const { reachability } = analyzed;
  return {
    tier: reachability.tier,
    summary: reachability.summary,
    evidence: reachability.evidence.map((evidence) =>
      evidence.location ? `${evidence.location.path}:${evidence.location.range.start.line + 1}: ${evidence.message}` : evidence.message,
    ),
  };
}

/** Tiers where the workspace shows the code in use. */
const reachableTiers: readonly ReachabilityTier[] = ['runtime-loaded', 'symbol-called', 'imported'];
/** Justifications that claim the vulnerable code is not reached (or not there). */
const reachabilityJustifications = ['code_not_reachable', 'code_not_present'];

/**
 * Why a `not_affected` decision must not be written as "not affected" to a platform, or undefined when it may:
 * never on an `unknown` tier (nothing shows it), and never as "not reachable" when the workspace shows it reached.
 */
export function notAffectedRefusal(decision: TriageWrite): string | undefined {
  const { tier } = decision.verdict;
  if (tier === 'unknown') {
    return 'its reachability is unknown, so "not affected" is not claimed';
  }
  if (reachabilityJustifications.includes(decision.justification ?? '') && reachableTiers.includes(tier)) {
    return `the workspace shows it ${tier}, so "${decision.justification}" is not claimed`;
  }
  return undefined;
}

/**
 * Writes a decision to every source that holds the finding (one result per origin, in order), each in its own
 * vocabulary. Never throws: a failing source is one `failed` result; the others are still written.
 */
export async function writeTriageToSources(finding: AnalyzedFinding, decision: Omit<TriageWrite, 'verdict'>, sources: readonly SourceHandle[]): Promise<SourceWriteResult[]> {
  const write: TriageWrite = { ...decision, verdict: verdictOf(finding) };
  const results: SourceWriteResult[] = [];
  for (const origin of finding.finding.origins ?? []) {
    results.push(await writeOne(origin, write, sources));
  }
  return results;
}

async function writeOne(origin: FindingOrigin, decision: TriageWrite, sources: readonly SourceHandle[]): Promise<SourceWriteResult> {
  const source = sources.find((candidate) => candidate.id === origin.source);
  const base = { source: origin.source, kind: origin.kind, label: source?.label ?? origin.source };
  if (!source?.backend.writeTriage) {
    return { ...base, outcome: 'failed', message: source ? 'this source takes no triage decisions' : 'this source is no longer configured' };
  }
  try {
    const result = await source.backend.writeTriage(origin, decision);
    return { ...base, ...result };
  } catch (error) {
    const failure = asBackendError(error);
    return { ...base, outcome: 'failed', message: failure.message, isTransient: isTransientFailure(failure) };
  }
}

/** A source that cannot be built (unknown kind, bad URL, no project): `notConfigured`, said once. */
export function sourceProblem(config: SourceConfig, message: string): BackendError {
  return new BackendError('notConfigured', `${sourceKindLabels[config.kind] ?? config.kind} (${config.url}): ${message}`);
}
