import { BackendError, isTransientFailure } from './backendError';
import { describeOutboxItem, type Logger, type OutboxItem, type OutboxStore } from './ports';
import type { AspmWrites, SourceHandle } from './sourcePorts';

/** The outbox (and cache) key of a source: the ASPM backend keeps its URL as before, a platform its source id. */
export function outboxKeyOf(source: Pick<SourceHandle, 'id' | 'kind'>): string {
  return source.kind === 'aspm' ? source.id.slice('aspm:'.length) : source.id;
}

/** The ASPM backend's writes of an `aspm` source (its backend is the API client). */
export function aspmWritesOf(source: SourceHandle): AspmWrites {
  return source.backend as SourceHandle['backend'] & AspmWrites;
}

/** Sends what each source's outbox holds (the ASPM backend's tickets and decisions, the platforms' decisions). */
export async function flushSourcesOutbox(sources: readonly SourceHandle[], context: { outbox: OutboxStore; log: Logger }): Promise<number> {
  let sent = 0;
  for (const source of sources) {
    sent += await flushOutbox(source, outboxKeyOf(source), context);
  }
  return sent;
}

/** Sends what the outbox holds for a source; logs what it sent and what the source refused for good. */
async function flushOutbox(source: SourceHandle, backendUrl: string, context: { outbox: OutboxStore; log: Logger }): Promise<number> {
  const pending = await context.outbox.pending(backendUrl);
  if (pending.length === 0) {
    return 0;
  }
  const send = async (item: OutboxItem): Promise<void> => {
    if (item.kind === 'triage' && item.origin && item.verdict && source.backend.writeTriage) {
      await source.backend.writeTriage(item.origin, { ...item.decision, verdict: item.verdict });
    } else if (source.kind !== 'aspm') {
      throw new BackendError('notConfigured', `${source.label} takes no such update`);
    } else if (item.kind === 'triage') {
      await aspmWritesOf(source).triage(item.findingId, item.decision);
    } else {
      await aspmWritesOf(source).createTicket(item.ticket);
    }
  };
  const { sent, dropped } = await context.outbox.flush(backendUrl, send, (error) => !isTransientFailure(error) && !(error instanceof BackendError && (error.kind === 'unauthorized' || error.kind === 'forbidden')));
  if (sent > 0) {
    context.log.info(`Sent ${sent} queued backend update${sent === 1 ? '' : 's'} (${pending.slice(0, sent).map(describeOutboxItem).join('; ')}).`);
  }
  for (const reason of dropped) {
    context.log.error(`The backend refused a queued update, dropped: ${reason}`);
  }
  return sent;
}

/**
 * Re-applies the triage decisions still waiting in the outbox to freshly pulled data: the backend does not know them
 * yet, and a pull must not undo what the user decided.
 */
export async function applyPendingTriage(outbox: OutboxStore, backendUrl: string, apply: (findingId: string, state: string) => void): Promise<void> {
  for (const item of await outbox.pending(backendUrl)) {
    if (item.kind === 'triage') {
      apply(item.findingId, item.decision.state);
    }
  }
}
