import { BackendError } from './backendError';
import type { FolderContext } from './folderContext';
import { applyPendingTriage, aspmWritesOf, flushSourcesOutbox, outboxKeyOf } from './folderOutbox';
import type { FolderSession, OpenedSources } from './folderSession';
import type { AspmWrites } from './sourcePorts';
import { pullOpenedSources, type SourcesPullOutcome } from './sourcePull';
import { sourceKindLabels } from './sourcePorts';

/**
 * The folder's sources that have a token, opened (`aspm.backend.url` is one `aspm` source). A source without a
 * token is never asked: it waits for "ASPM: Sign In".
 */
export async function sourcesOf(session: FolderSession, context: FolderContext): Promise<OpenedSources | BackendError> {
  const settings = await context.settingsOf(session.uri);
  if (!context.isTrusted()) {
    return new BackendError('notConfigured', 'This workspace is not trusted: the backend is not contacted.');
  }
  const configs = settings.configuredSources;
  if (configs.length === 0) {
    return new BackendError('notConfigured', 'No source configured: set "aspm.sources" or "aspm.backend.url" and sign in.');
  }
  const certificates = await context.host.loadCaCertificates(settings.backend.caCertificates);
  for (const problem of certificates.problems) {
    session.sayOnce(`aspm.backend.caCertificates: ${problem}`, context.log.error, problem);
  }
  session.sourcesWithoutToken = configs.filter((config) => context.tokenOf(config) === undefined);
  const asked = context.asksWithoutToken ? configs : configs.filter((config) => context.tokenOf(config) !== undefined);
  return session.sources(asked, asked.map((config) => context.tokenOf(config) ?? ''), {
    credentials: (source) => context.tokenOf({ kind: source.kind, url: source.url }),
    timeoutMs: settings.backend.timeoutMs,
    proxy: context.proxy(),
    ca: certificates.ca,
    log: context.log,
  });
}

/** The folder's ASPM backend (tickets and the ASPM outbox go there), or why there is none. */
export async function aspmClientOf(session: FolderSession, context: FolderContext): Promise<{ api: AspmWrites; backendUrl: string } | BackendError> {
  const opened = await sourcesOf(session, context);
  if (opened instanceof BackendError) {
    return opened;
  }
  const aspm = opened.sources.find((source) => source.kind === 'aspm');
  if (!aspm) {
    const unsigned = session.sourcesWithoutToken.find((config) => config.kind === 'aspm');
    return (
      opened.problems.find((problem) => problem.message.startsWith(sourceKindLabels.aspm)) ??
      new BackendError(unsigned ? 'unauthorized' : 'notConfigured', unsigned ? `${sourceKindLabels.aspm} (${unsigned.url}) has no token: run "ASPM: Sign In".` : 'No ASPM backend configured: set "aspm.backend.url" and sign in.')
    );
  }
  return { api: aspmWritesOf(aspm), backendUrl: outboxKeyOf(aspm) };
}

/**
 * Pulls one folder's sources: the cached data of each source first (once), then the pull, the decisions still in
 * the outbox replayed over it, the outbox flushed (and a pull again when it sent something). A failure is logged
 * once per distinct failure, not per attempt.
 */
export async function pullFolder(session: FolderSession, context: FolderContext): Promise<void> {
  if (!context.isTrusted() || !session.repository) {
    return;
  }
  const opened = await sourcesOf(session, context);
  if (opened instanceof BackendError) {
    session.sourceFailures = opened.kind === 'notConfigured' && opened.message.startsWith('No source') ? [] : [opened];
    if (session.sourceFailures.length === 0) {
      await session.engine.pullSources([], session.repository); // nothing configured any more: no data lingers
    }
  } else {
    await restoreCached(session, opened, session.repository, context);
    await pullOpened(session, opened, session.repository, context);
  }
  if (context.logsSourceFailures !== false) {
    reportFailures(session, context);
  }
  await context.changed('pulled');
  await context.changed('status');
}

/** Offers each source's persisted data to the engine once, so findings show before the first pull answers. */
async function restoreCached(session: FolderSession, opened: OpenedSources, repository: string, context: FolderContext): Promise<void> {
  for (const source of opened.sources) {
    if (!session.restoredSources.has(source.id)) {
      session.restoredSources.add(source.id);
      const snapshot = await context.storage.cache?.load(outboxKeyOf(source), repository, context.now()).catch(() => undefined);
      if (snapshot) {
        session.engine.restore(snapshot, { id: source.id, label: source.label });
        await context.changed('findings');
      }
    }
  }
}

async function pullOpened(session: FolderSession, opened: OpenedSources, repository: string, context: FolderContext): Promise<void> {
  const { outbox } = context.storage;
  const pullAndReplay = async (): Promise<SourcesPullOutcome> => {
    const outcome = await pullOpenedSources(session.engine, opened, repository);
    session.sourceFailures = outcome.failures;
    if (outcome.pull && !outcome.pull.isUnchanged) {
      for (const source of opened.sources) {
        await applyPendingTriage(outbox, outboxKeyOf(source), (findingId, state) => session.engine.applyTriage(findingId, state));
      }
    }
    return outcome;
  };
  const outcome = await pullAndReplay();
  const dropped = session.engine.backend.droppedFindings;
  const droppedKey = dropped.join('\n');
  if (dropped.length > 0 && droppedKey !== session.lastReportedDropped) {
    context.log.warn(`Skipped ${dropped.length} invalid findings from the backend (the valid ones are shown): ${dropped.slice(0, 5).join('; ')}`);
  }
  session.lastReportedDropped = droppedKey;
  await session.engine.loadCodeTexts();
  const isFailed = (id: string): boolean => outcome.pull?.failures.some((failure) => failure.id === id) === true;
  for (const source of opened.sources) {
    // An unchanged pull (every page revalidated with 304) has nothing new to persist.
    const snapshot = outcome.pull && !outcome.pull.isUnchanged && !isFailed(source.id) ? session.engine.snapshot(source.id) : undefined;
    if (snapshot) {
      await context.storage.cache?.save(outboxKeyOf(source), repository, snapshot).catch((error: unknown) => context.log.warn(`Cannot save the backend cache: ${(error as Error).message}`));
    }
  }
  const answered = opened.sources.filter((source) => !isFailed(source.id));
  if ((await flushSourcesOutbox(answered, { outbox, log: context.log })) > 0) {
    // The sources now know the decisions: pull again so their own statuses replace the local ones.
    await pullAndReplay();
  }
}

/** Logs the folder's source failures when they differ from the ones last logged, and says when they are over. */
function reportFailures(session: FolderSession, context: FolderContext): void {
  const failureKey = session.sourceFailures.map((failure) => `${failure.kind}:${failure.message}`).join('\n') || undefined;
  if (failureKey && failureKey !== session.lastReportedFailure) {
    for (const failure of session.sourceFailures) {
      context.log.error(`Backend: ${failure.message}${session.engine.backend.staleSince ? ' (serving the last good data)' : ''}`);
    }
  } else if (!failureKey && session.lastReportedFailure) {
    context.log.info('Backend reachable again.');
  }
  session.lastReportedFailure = failureKey;
}
