import { CreateTicketRequest, IgnoreFindingRequest, RefreshRequest, ScanRequest, TriageRequest } from '../../../shared/src/protocol';
import { createTicket, ignoreFindingEdit, triageFinding, type WriteContext } from './backendWrites';
import { codeActionsFor } from './codeActions';
import { hoverFor } from './hover';
import type { Checkpoint } from './cancellation';
import { runSafe } from './runSafe';
import { findingsInFile, findingsOf, shownFindingsInFile, type ServerState } from './serverState';

/** Code actions and hover: both read only the findings located in the document. */
export function registerDocumentFeatures(state: ServerState): void {
  const { connection, log, service } = state;
  connection.onCodeAction((params, cancel) => {
    const answer = (checkpoint: Checkpoint): ReturnType<typeof codeActionsFor> =>
      codeActionsFor(params, (uri) => service.sessionOf(uri), (session) => findingsInFile(state, session, params.textDocument.uri), state.isTrusted, checkpoint);
    return runSafe(log.error, answer, [], `Error computing code actions for ${params.textDocument.uri}`, cancel);
  });
  connection.onHover((params, cancel) => {
    const answer = (checkpoint: Checkpoint): ReturnType<typeof hoverFor> | null => {
      const target = service.sessionOfDocument(params.textDocument.uri);
      return target?.session.isIndexed || target?.session.engine.isIndexingSources ? hoverFor(params, target.session, shownFindingsInFile(state, target.session, params.textDocument.uri), checkpoint) : null;
    };
    return runSafe(log.error, answer, null, `Error computing hover for ${params.textDocument.uri}`, cancel);
  });
}

/** Scan and refresh, and the writes: triage decisions, tickets and local ignore entries. */
export function registerFolderRequests(state: ServerState, readText: (file: string) => Promise<string | undefined>): void {
  const { connection, log, service } = state;
  connection.onRequest(ScanRequest.type, async () => {
    state.settings.clear();
    await service.rescan();
  });
  connection.onRequest(RefreshRequest.type, async () => {
    state.settings.clear();
    await service.refresh();
  });
  const writeContext: WriteContext = {
    sessionOf: (uri) => service.sessionOf(uri),
    findingsOf: (session) => findingsOf(state, session),
    clientOf: (session) => service.aspmClientOf(session),
    sourcesOf: (session) => service.sourcesOf(session),
    get outbox() {
      return service.storage.outbox;
    },
    log,
    now: () => new Date(),
    changed: () => state.publisher.schedule(),
    readText,
  };
  const failed = { outcome: 'failed' as const, message: 'Internal error; see the log.' };
  connection.onRequest(TriageRequest.type, (params) => runSafe(log.error, () => triageFinding(params, writeContext), failed, 'Error sending a triage decision'));
  connection.onRequest(CreateTicketRequest.type, (params) => runSafe(log.error, () => createTicket(params, writeContext), failed, 'Error creating a ticket'));
  connection.onRequest(IgnoreFindingRequest.type, (params) => runSafe(log.error, () => ignoreFindingEdit(params, writeContext), null, 'Error computing the ignore edit'));
}
