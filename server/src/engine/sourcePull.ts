import { BackendError } from './backendError';
import type { PulledSource, SourceHandle, SourcesPull } from './sourcePorts';

/** What pulling the opened sources did: the engine's pull, and every problem labelled with its source. */
export interface SourcesPullOutcome {
  pull?: SourcesPull;
  /** Sources that could not be opened or did not answer, each named when there are several. */
  failures: BackendError[];
}

/**
 * Pulls every opened source into the engine (each keeps its own last good data) and names each failure after its
 * source when there are several: what `aspm scan --source` and the language server both do.
 */
export async function pullOpenedSources(
  engine: { pullSources(sources: readonly PulledSource[], repository: string): Promise<SourcesPull> },
  opened: { sources: readonly SourceHandle[]; problems: readonly BackendError[] },
  repository: string,
): Promise<SourcesPullOutcome> {
  const pull = await engine.pullSources(opened.sources, repository);
  const count = opened.sources.length + opened.problems.length;
  const failures = [
    ...opened.problems,
    ...pull.failures.map(({ label, failure }) => (count > 1 ? new BackendError(failure.kind, `${label}: ${failure.message}`, failure.status, failure.retryAfterMs, { cause: failure }) : failure)),
  ];
  return { pull, failures };
}
