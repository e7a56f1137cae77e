import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import type { TicketRequest, TriageDecision } from '../backend/apiClient';
import { readJson, writeJsonAtomic } from './jsonStore';

/** A write to the backend that could not be sent yet. */
export type OutboxItem =
  | { id: string; kind: 'triage'; backendUrl: string; findingId: string; decision: TriageDecision; queuedAt: string }
  | { id: string; kind: 'ticket'; backendUrl: string; ticket: TicketRequest; queuedAt: string };

/** An item before it is queued (the queue stamps its id and time). */
export type NewOutboxItem = OutboxItem extends infer Item ? (Item extends OutboxItem ? Omit<Item, 'id' | 'queuedAt'> : never) : never;

/** Sends one item; resolves when the backend accepted it, rejects with the failure otherwise. */
export type OutboxSender = (item: OutboxItem) => Promise<void>;

/**
 * Triage decisions and tickets made while the backend is unreachable, persisted in the extension's storage and
 * sent in order once it answers again: a decision made offline is never lost. Items the backend rejects for good
 * (4xx other than 401/403/408/429) are dropped with a reason, because retrying cannot change the answer.
 */
export class Outbox {
  private items: OutboxItem[] = [];
  private loaded?: Promise<void>;
  private flushing?: Promise<{ sent: number; dropped: string[] }>;

  constructor(private readonly file: string | undefined) {}

  static inDirectory(directory: string | undefined): Outbox {
    return new Outbox(directory ? path.join(directory, 'outbox.json') : undefined);
  }

  async add(item: NewOutboxItem, now: Date): Promise<void> {
    await this.load();
    this.items.push({ ...item, id: randomUUID(), queuedAt: now.toISOString() } as OutboxItem);
    await this.persist();
  }

  async pending(backendUrl?: string): Promise<OutboxItem[]> {
    await this.load();
    return this.items.filter((item) => backendUrl === undefined || item.backendUrl === backendUrl);
  }

  /** Sends the items of one backend in order; stops at the first transient failure. One flush at a time. */
  flush(backendUrl: string, send: OutboxSender, isPermanent: (error: unknown) => boolean): Promise<{ sent: number; dropped: string[] }> {
    this.flushing ??= this.doFlush(backendUrl, send, isPermanent).finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }

  private async doFlush(backendUrl: string, send: OutboxSender, isPermanent: (error: unknown) => boolean): Promise<{ sent: number; dropped: string[] }> {
    await this.load();
    let sent = 0;
    const dropped: string[] = [];
    for (const item of this.items.filter((candidate) => candidate.backendUrl === backendUrl)) {
      try {
        await send(item);
        sent++;
      } catch (error) {
        if (!isPermanent(error)) {
          break;
        }
        dropped.push(`${describe(item)}: ${(error as Error).message}`);
      }
      this.items = this.items.filter((candidate) => candidate.id !== item.id);
      await this.persist();
    }
    return { sent, dropped };
  }

  private load(): Promise<void> {
    this.loaded ??= (async () => {
      const raw = this.file ? await readJson(this.file) : undefined;
      this.items = Array.isArray(raw) ? (raw as OutboxItem[]).filter((item) => item && typeof item.id === 'string') : [];
    })();
    return this.loaded;
  }

  private async persist(): Promise<void> {
    if (this.file) {
      await writeJsonAtomic(this.file, this.items);
    }
  }
}

/** Short description of an item for logs. */
export function describe(item: OutboxItem): string {
  return item.kind === 'triage' ? `triage ${item.decision.state} of ${item.findingId}` : `ticket "${item.ticket.title}"`;
}
