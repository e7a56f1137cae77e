import type { FolderContext, IndexProgress } from './folderContext';
import { FolderSession } from './folderSession';

/** A cold index that ended: the new session, or nothing when a newer index (or the folder's removal) took over. */
export type OpenOutcome = { session: FolderSession; files: number; ms: number; workers: number } | undefined;

/**
 * Builds a session for the folder and indexes it cold, parsing in worker threads (so the message loop stays free;
 * they end, freeing their wasm heap, afterwards), then reads what is installed beside the manifests, the advisories
 * and code texts, and the live text of open documents. `cancel` aborts with `superseded` (a newer index took over:
 * nothing is returned) or `cancelled` (the user: the files indexed so far are kept).
 */
export async function indexFolder(
  uri: string,
  cancel: AbortController,
  context: FolderContext,
  loadAdvisories: (session: FolderSession) => Promise<void>,
  onDataIndexed?: (session: FolderSession, sourceFiles: number) => void,
): Promise<OpenOutcome> {
  const settings = await context.settingsOf(uri);
  for (const glob of context.host.globsOutside(settings.sarif.paths)) {
    context.log.warn(`aspm.sarif.paths ${JSON.stringify(glob)} points outside the workspace folder; only reports inside it are read.`);
  }
  const workspace = await context.host.openWorkspace(uri, { explicitRepository: settings.repository || undefined, sarifGlobs: settings.sarif.paths, includeIgnored: settings.index.includeIgnored });
  const session = new FolderSession(uri, workspace, settings.repository, context.host.openSources);
  const progress: IndexProgress | undefined = await context.progress?.(session.fsPath);
  progress?.onCancel(() => cancel.abort('cancelled'));
  const workers = workspace.startWorkers();
  let stats = { files: 0, ms: 0 };
  try {
    const onProgress = (done: number, total: number): void => {
      if (done % 50 === 0 || done === total) {
        progress?.report(Math.round((done / Math.max(1, total)) * 100), `${done}/${total} files`);
      }
    };
    stats = await session.engine.indexAll(cancel.signal, onProgress, workers.indexer, (sourceFiles) => onDataIndexed?.(session, sourceFiles));
  } catch (error) {
    if (!cancel.signal.aborted) {
      throw error;
    }
    if (cancel.signal.reason === 'superseded') {
      return undefined;
    }
    context.log.warn('Indexing cancelled: findings are correlated with the files indexed so far.');
  } finally {
    progress?.done();
    await workers.dispose();
  }
  await workspace.loadInstalledPackages();
  await loadAdvisories(session);
  await session.engine.loadCodeTexts();
  for (const document of context.openDocuments()) {
    const path = session.pathOf(document.uri);
    if (path !== undefined) {
      await session.engine.setOpenText(path, document.text);
    }
  }
  session.isIndexed = true;
  return { session, ...stats, workers: workers.started() };
}
