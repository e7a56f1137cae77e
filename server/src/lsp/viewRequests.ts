import * as path from 'node:path';
import type { ExportResult, FindingsTreeResult, InventoryResult } from '../../../shared/src/dto';
import { ExportRequest, FindingsTreeRequest, InventoryRequest, PostureTreeRequest } from '../../../shared/src/protocol';
import { configuredSources, defaultSettings } from '../../../shared/src/settings';
import { sourceIdOf, sourceKindLabels } from '../engine/sourcePorts';
import { exportDocument } from './exports';
import { findingsTreeFor, postureTreeFor } from './findingsTree';
import type { FolderSession } from './folderSession';
import { inventoryFor } from './inventory';
import { serverVersion } from './lifecycle';
import type { Checkpoint } from './cancellation';
import { runSafe } from './runSafe';
import { analysisOf, policyOf, shownAnalysisOf, targetOf, type ServerState } from './serverState';
import { sourceStatuses } from './statusReport';

const starting = 'ASPM is starting…';

/** The requests the views send: the findings and posture trees, the inventory and the exports. */
export function registerViewRequests(state: ServerState): void {
  const { connection, log } = state;
  connection.onRequest(FindingsTreeRequest.type, (params, cancel) => {
    const fallback: FindingsTreeResult = { message: starting, summary: { total: 0, surfaced: 0, byBand: { critical: 0, high: 0, medium: 0, low: 0 }, filtered: {} }, groups: [], filteredFindings: [] };
    const answer = (): FindingsTreeResult => {
      const { session, path: file } = targetOf(state, params.activeUri);
      return session?.isIndexed ? findingsTreeFor(session, file, analysisOf(state, session).services, session.engine.backend.staleSince, emptyTreeMessage(state, session)) : fallback;
    };
    return runSafe(log.error, answer, fallback, 'Error computing the posture tree', cancel);
  });
  connection.onRequest(PostureTreeRequest.type, (params, cancel) => {
    const answer = (checkpoint: Checkpoint): ReturnType<typeof postureTreeFor> => {
      const { session, path: file } = targetOf(state, params.activeUri);
      const environment = { isTrusted: state.isTrusted, hasBackendUrl: Boolean(session && state.settingsSnapshot.get(session.uri)?.backend.url), hasToken: state.token !== null, repository: session?.repository, failure: session?.engine.backend.lastFailure };
      const sources = session && state.isTrusted ? sourceStatuses(state, session, state.settingsSnapshot.get(session.uri) ?? defaultSettings) : [];
      return postureTreeFor(session?.isIndexed ? session : undefined, file, session?.isIndexed ? shownAnalysisOf(state, session).services : [], params, { ...environment, sources }, session?.engine.backend.staleSince, checkpoint);
    };
    return runSafe(log.error, answer, { nodes: [], total: 0, state: 'starting' as const, message: starting }, 'Error computing the posture tree', cancel);
  });
  connection.onRequest(InventoryRequest.type, (params, cancel) => {
    const fallback: InventoryResult = { message: starting, dependencies: [], images: [], resources: [], entryPoints: [], dataStores: [], controls: [] };
    const answer = (): InventoryResult => {
      const { session, path: file } = targetOf(state, params.activeUri);
      return session?.isIndexed ? inventoryFor(exportInputOf(state, session), file, (relative) => session.uriOf(relative)) : fallback;
    };
    return runSafe(log.error, answer, fallback, 'Error computing the inventory', cancel);
  });
  connection.onRequest(ExportRequest.type, (params, cancel) => {
    const answer = (): ExportResult => {
      const session = state.service.sessionOf(params.folderUri);
      if (!session?.isIndexed) {
        return { error: 'This folder is not indexed yet; try again in a moment.' };
      }
      const problems = session.engine.filesWithProblems().flatMap((file) => session.engine.problemsOf(file).map((problem) => `${file}: ${problem.message}`));
      return exportDocument(params, exportInputOf(state, session), { sources: exportedSources(state, session), problems });
    };
    return runSafe(log.error, answer, { error: 'Internal error; see the log.' }, `Error exporting ${params.format}`, cancel);
  });
}

/** Every configured source, pulled or not (a source never reached is listed without an "as of"). */
function exportedSources(state: ServerState, session: FolderSession): { label: string; url: string; lastSuccessAt?: Date; staleSince?: Date }[] {
  const pulled = session.engine.sourceStatuses();
  return configuredSources(state.settingsSnapshot.get(session.uri) ?? defaultSettings).map((config) => {
    const status = pulled.find((candidate) => candidate.id === sourceIdOf(config));
    return { label: sourceKindLabels[config.kind], url: config.url, lastSuccessAt: status?.lastSuccessAt, staleSince: status?.staleSince };
  });
}

function exportInputOf(state: ServerState, session: FolderSession): ReturnType<FolderSession['engine']['exportInput']> {
  return session.engine.exportInput(policyOf(state, session), session.repository ?? path.basename(session.fsPath), { name: 'aspm', version: serverVersion });
}

/** What the findings tree says when it has nothing to show. */
function emptyTreeMessage(state: ServerState, session: FolderSession): string {
  const failure = session.engine.backend.lastFailure;
  if (!state.isTrusted) {
    return 'Workspace not trusted: the backend is not contacted.';
  }
  if (failure) {
    return `Backend: ${failure.message}`;
  }
  if (!session.repository) {
    return 'No repository identity: set "aspm.repository" or add a git remote "origin".';
  }
  const url = state.settingsSnapshot.get(session.uri)?.backend.url;
  return url ? `No service of ${session.repository} is known to the backend.` : 'No backend configured: set "aspm.backend.url" and sign in.';
}
