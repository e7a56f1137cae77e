import type { SourceStatusDto } from '../../../shared/src/dto';
import { StatusNotification } from '../../../shared/src/protocol';
import { configuredSources, type Settings } from '../../../shared/src/settings';
import type { AnalyzedFinding } from '../core/model/analysis';
import type { FolderSession } from './folderSession';
import { analysisOf, loadSettings, tokenOf, type ServerState } from './serverState';
import { computeStatus, type FolderStatus } from './status';
import { toSourceStatusDtos } from './sourceStatus';

/** Sends `aspm/status` when it differs from the one last sent. */
export async function sendStatus(state: ServerState): Promise<void> {
  const folders: FolderStatus[] = [];
  for (const uri of state.service.folders) {
    folders.push(folderStatus(state, state.service.sessionOf(uri), await loadSettings(state, uri)));
  }
  const status = computeStatus(state.isTrusted, state.token !== null, folders);
  const key = JSON.stringify(status);
  if (key !== state.lastStatus) {
    state.lastStatus = key;
    await state.connection.sendNotification(StatusNotification.type, status);
  }
}

/** Counts by list of a service's findings: the status is sent after every publication, the lists rarely change. */
const countsByList = new WeakMap<readonly AnalyzedFinding[], { total: number; surfaced: number }>();

function countsOf(findings: readonly AnalyzedFinding[]): { total: number; surfaced: number } {
  let counts = countsByList.get(findings);
  if (!counts) {
    counts = { total: findings.length, surfaced: findings.reduce((sum, finding) => sum + (finding.isSurfaced ? 1 : 0), 0) };
    countsByList.set(findings, counts);
  }
  return counts;
}

function folderStatus(state: ServerState, session: FolderSession | undefined, settings: Settings): FolderStatus {
  // Counted service by service: with 50k findings, a flattened copy per status was measurable.
  const services = session?.isIndexed ? analysisOf(state, session).services : [];
  const counts = services.map((service) => countsOf(service.findings));
  const sources = sourceStatuses(state, session, settings);
  return {
    isIndexed: session?.isIndexed ?? false,
    hasBackendUrl: sources.length > 0,
    sources: state.isTrusted ? sources : undefined,
    hasRepository: session?.repository !== undefined,
    failure: session?.sourceFailures[0] ?? session?.engine.backend.lastFailure,
    staleSince: session?.engine.backend.staleSince,
    total: counts.reduce((sum, { total }) => sum + total, 0),
    surfaced: counts.reduce((sum, { surfaced }) => sum + surfaced, 0),
    dropped: session?.engine.backend.droppedFindings.length ?? 0,
    filesWithProblems: session?.isIndexed ? session.engine.filesWithProblems().length : 0,
  };
}

/** Every configured source of the folder, with its freshness and last failure. */
export function sourceStatuses(state: ServerState, session: FolderSession | undefined, settings: Settings): SourceStatusDto[] {
  return toSourceStatusDtos(configuredSources(settings), session?.engine.sourceStatuses() ?? [], session?.sourceFailures ?? [], (config) => tokenOf(state, config) !== undefined);
}
