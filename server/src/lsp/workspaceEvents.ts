import { FileChangeType, type DidChangeWatchedFilesParams } from 'vscode-languageserver/node';
import { loadSettings, toFolderSettings, type ServerState } from './serverState';
import { sendStatus } from './statusReport';

/** Quiet time after file changes before the baseline of new-code mode is read again from git. */
const baselineRefreshMs = 1500;

/** Settings changed: each folder gets the plan of its changes (re-index, advisories, baseline, re-pull). */
export async function changeConfiguration(state: ServerState): Promise<void> {
  const before = new Map(state.settingsSnapshot);
  state.settings.clear();
  for (const uri of state.service.folders) {
    const previous = before.get(uri);
    const next = await loadSettings(state, uri);
    await state.service.applySettings(uri, previous && toFolderSettings(previous), toFolderSettings(next));
  }
  state.publisher.schedule();
  await sendStatus(state);
}

/** Files changed on disk (see `FolderService.filesChanged`); new-code mode reads its base again once they settle. */
export function watchedFilesHandler(state: ServerState): (params: DidChangeWatchedFilesParams) => Promise<void> {
  let baselineTimer: NodeJS.Timeout | undefined;
  const scheduleBaselineRefresh = (): void => {
    clearTimeout(baselineTimer);
    baselineTimer = setTimeout(() => void state.service.refreshBaselines().then(() => state.publisher.schedule()), baselineRefreshMs);
  };
  return async (params) => {
    const hasBaseline = await state.service.filesChanged(params.changes.map((change) => ({ uri: change.uri, isDeleted: change.type === FileChangeType.Deleted })));
    state.publisher.scheduleChanges();
    if (hasBaseline) {
      scheduleBaselineRefresh();
    }
  };
}

/** Open documents are indexed from their live text; a closed one goes back to its text on disk. */
export function listenToDocuments(state: ServerState): void {
  const indexOpenDocument = async (uri: string, text: string): Promise<void> => {
    const target = state.service.sessionOfDocument(uri);
    if (target?.session.isIndexed) {
      await target.session.engine.setOpenText(target.path, text);
      state.publisher.scheduleChanges(uri);
    }
  };
  state.documents.onDidOpen((event) => void indexOpenDocument(event.document.uri, event.document.getText()));
  state.documents.onDidChangeContent((event) => void indexOpenDocument(event.document.uri, event.document.getText()));
  state.documents.onDidClose(async (event) => {
    const target = state.service.sessionOfDocument(event.document.uri);
    if (target?.session.isIndexed) {
      await target.session.engine.closeOpenText(target.path);
      state.publisher.scheduleChanges(event.document.uri);
    }
  });
}
