import type { ServiceData } from '../core/analyze';
import { combineServices } from '../core/correlate/combineServices';
import { mergeFindings } from '../core/correlate/mergeFindings';
import { noExposure } from '../core/model/exposure';
import type { Service } from '../core/model/service';
import { asBackendError, BackendError } from './backendError';
import type { BackendSnapshot, BackendState, PulledSource, SourceStatus, SourcesPull } from './sourcePorts';

interface SourceData {
  label: string;
  services: ServiceData[];
  state: BackendState;
  /** The raw inputs of each service's last pull, to tell an unchanged pull (all 304) from a changed one. */
  lastInputs: Map<string, { page: unknown; sarif: unknown; exposure: string; policies: string; service: string }>;
}

/**
 * The last good data of every source, pulled independently: a source that fails keeps its own last good data
 * (marked stale) while the others refresh. Services of different sources with the same root are combined
 * (`combineServices`), so the analysis sees one service whose findings come from every source.
 */
export class SourceStore {
  private readonly sources = new Map<string, SourceData>();
  private combined?: ServiceData[];
  /** Every source's state folded into one (the worst wins), for the status item. */
  readonly state: BackendState = { droppedFindings: [] };

  constructor(private readonly now: () => Date) {}

  /** Whether at most one source has data: then each service's findings are already merged (see pullService). */
  get isSingleSource(): boolean {
    return this.sources.size <= 1;
  }

  /** The services of every source, combined by root. */
  services(): ServiceData[] {
    if (!this.combined) {
      const lists = [...this.sources.values()].map((data) => data.services);
      this.combined = lists.length === 1 ? lists[0]! : combineServices(lists.flat());
    }
    return this.combined;
  }

  /** Pulls every source at once; sources not listed any more are forgotten (their data must not linger). */
  async pull(sources: readonly PulledSource[], repository: string): Promise<SourcesPull> {
    let isChanged = false;
    for (const id of [...this.sources.keys()]) {
      if (!sources.some((source) => source.id === id)) {
        this.sources.delete(id);
        isChanged = true;
      }
    }
    const results = await Promise.all(sources.map(async (source) => ({ source, result: await this.pullOne(source, repository) })));
    const failures = results.flatMap(({ source, result }) => (result.failure ? [{ id: source.id, label: source.label, failure: result.failure }] : []));
    isChanged ||= results.some(({ result }) => result.isChanged);
    if (isChanged) {
      this.combined = undefined;
    }
    this.foldStates();
    return { ok: failures.length === 0, isUnchanged: !isChanged, failures };
  }

  /** A source's data to persist, when it has good data. */
  snapshot(id: string): BackendSnapshot | undefined {
    const data = this.sources.get(id);
    return data?.state.lastSuccessAt ? { savedAt: data.state.lastSuccessAt.toISOString(), services: data.services } : undefined;
  }

  /** Serves a source's persisted data until its first pull succeeds; stale from when it was saved. */
  restore(id: string, label: string, snapshot: BackendSnapshot): boolean {
    const data = this.dataOf(id, label);
    if (data.state.lastSuccessAt) {
      return false;
    }
    data.services = snapshot.services;
    data.state.staleSince = new Date(snapshot.savedAt);
    this.combined = undefined;
    this.foldStates();
    return true;
  }

  /** Forgets every source's data (signed out, or the sources changed). */
  clear(): void {
    this.sources.clear();
    this.combined = undefined;
    this.state.lastSuccessAt = undefined;
    this.state.staleSince = undefined;
    this.state.droppedFindings = [];
  }

  /** Each source's freshness and failure. */
  statuses(): SourceStatus[] {
    return [...this.sources.entries()].map(([id, data]) => ({
      id,
      label: data.label,
      ...data.state,
      findings: data.services.reduce((sum, service) => sum + service.findings.length, 0),
    }));
  }

  private dataOf(id: string, label: string): SourceData {
    let data = this.sources.get(id);
    if (!data) {
      data = { label, services: [], state: { droppedFindings: [] }, lastInputs: new Map() };
      this.sources.set(id, data);
    }
    data.label = label;
    return data;
  }

  private async pullOne(source: PulledSource, repository: string): Promise<{ isChanged: boolean; failure?: BackendError }> {
    const data = this.dataOf(source.id, source.label);
    try {
      const services = await source.backend.listServices(repository);
      const dropped: string[] = [];
      const pulled = await Promise.all(services.map((service) => this.pullService(source, data, service, dropped)));
      const isUnchanged = pulled.length === data.services.length && pulled.every((service, index) => service === data.services[index]) && data.state.staleSince === undefined;
      data.state.lastSuccessAt = this.now();
      data.state.staleSince = undefined;
      data.state.lastFailure = undefined;
      data.state.droppedFindings = dropped;
      if (!isUnchanged) {
        data.services = pulled;
      }
      return { isChanged: !isUnchanged };
    } catch (error) {
      const failure = asBackendError(error);
      data.state.lastFailure = failure;
      data.state.staleSince ??= data.state.lastSuccessAt ? this.now() : undefined;
      return { isChanged: false, failure };
    }
  }

  private async pullService(source: PulledSource, data: SourceData, service: Service, dropped: string[]): Promise<ServiceData> {
    const { backend } = source;
    const [page, sarif, exposure, policies] = await Promise.all([
      backend.listFindings(service.id),
      backend.getSarifFindings?.(service.id) ?? Promise.resolve(undefined),
      backend.getExposure(service.id),
      backend.listPolicies?.(service.id) ?? Promise.resolve([]),
    ]);
    for (const problem of [page.problems, sarif?.problems ?? []].flat()) {
      dropped.push(`${service.name}: ${problem}`);
    }
    const previous = data.services.find((candidate) => candidate.service.id === service.id);
    const inputs = { page, sarif, exposure: JSON.stringify(exposure ?? null), policies: JSON.stringify(policies), service: JSON.stringify(service) };
    const last = data.lastInputs.get(service.id);
    if (previous && last && last.page === inputs.page && last.sarif === inputs.sarif && last.exposure === inputs.exposure && last.policies === inputs.policies && last.service === inputs.service) {
      return previous; // nothing changed: same data object, so the analysis memo and the persisted cache stay valid
    }
    data.lastInputs.set(service.id, inputs);
    // A finding that is invalid now but was valid before keeps its last good version rather than vanishing.
    const invalid = new Set(page.invalidIds ?? []);
    const isFromThisSource = (finding: ServiceData['findings'][number]): boolean =>
      finding.sources.includes(`backend:${service.id}`) || (finding.origins ?? []).some((origin) => origin.source === source.id);
    const keptFromBefore = previous?.findings.filter((finding) => invalid.has(finding.id) && isFromThisSource(finding)) ?? [];
    // The same scanner output often arrives both normalized and as SARIF: merged by identity.
    const findings = mergeFindings([...page.findings, ...keptFromBefore, ...(sarif?.findings ?? [])]);
    return { service, findings, exposure: exposure ?? noExposure, hasExposureData: exposure !== undefined, policies };
  }

  /**
   * Folds the sources' states into one: last success is the latest, stale since the earliest, the failure the
   * first (named after its source when there are several).
   */
  private foldStates(): void {
    const all = [...this.sources.values()];
    const successes = all.map((data) => data.state.lastSuccessAt?.getTime()).filter((time): time is number => time !== undefined);
    const stale = all.map((data) => data.state.staleSince?.getTime()).filter((time): time is number => time !== undefined);
    const failing = all.find((data) => data.state.lastFailure);
    const failure = failing?.state.lastFailure;
    this.state.lastSuccessAt = successes.length > 0 ? new Date(Math.max(...successes)) : undefined;
    this.state.staleSince = stale.length > 0 ? new Date(Math.min(...stale)) : undefined;
    this.state.lastFailure =
      failure && all.length > 1 ? new BackendError(failure.kind, `${failing.label}: ${failure.message}`, failure.status, failure.retryAfterMs, { cause: failure }) : failure;
    const dropped: string[] = [];
    for (const data of all) {
      for (const problem of data.state.droppedFindings) {
        dropped.push(all.length > 1 ? `${data.label}: ${problem}` : problem);
      }
    }
    this.state.droppedFindings = dropped;
  }
}
