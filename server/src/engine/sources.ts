import type { AnalyzedFinding } from '../core/model/analysis';
import type { FindingOrigin } from '../core/model/finding';
import { asBackendError, isTransientFailure } from './backendError';
import type { SourceHandle, TriageDecision, TriageWrite } from './sourcePorts';

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

/**
 * Writes a decision to every source that holds the finding (one result per origin, in order), each in its own
 * vocabulary. Never throws: a failing source is one `failed` result; the others are still written.
 */
export async function writeTriageToSources(finding: AnalyzedFinding, decision: TriageDecision, sources: readonly SourceHandle[]): Promise<SourceWriteResult[]> {
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
