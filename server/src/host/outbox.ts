import { randomUUID } from 'node:crypto';
import { readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import * as path from 'node:path';
import { describeOutboxItem, type NewOutboxItem, type OutboxItem, type OutboxSender, type OutboxStore } from '../engine/ports';
import { isProcessAlive, removeStaleTemporaryFiles, writeJsonAtomic } from './jsonStore';

/** One queued item on disk: `<file>.json` while queued, `<file>.json.<pid>.sending` while a process sends it. */
interface StoredItem {
  item: OutboxItem;
  file: string;
  claimedBy?: number;
}

/** Claims older than this are taken back even if their process still seems alive (its pid was reused). */
const maxClaimAgeMs = 10 * 60 * 1000;

/**
 * Triage decisions and tickets made while the backend is unreachable, persisted in the extension's storage and
 * sent in order once it answers again: a decision made offline is never lost. Several windows (servers) share the
 * folder, so the store is append-only, one file per item in `outbox/`, each written atomically: nobody rewrites
 * another's queue. A sender first claims an item by renaming its file (only one rename wins), deletes it once the
 * backend accepted it, and renames it back after a transient failure; claims of a process that died are taken
 * back at start. Items the backend rejects for good (4xx other than 401/403/408/429) are dropped with a reason,
 * because retrying cannot change the answer. A file that cannot be read is set aside as `*.corrupt-<time>`, once,
 * with a log line; temporary files a killed process left are removed at start. Without a storage folder the
 * queue lives in memory.
 */
export class Outbox implements OutboxStore {
  private readonly memory: OutboxItem[] = [];
  private prepared?: Promise<void>;
  private flushing?: Promise<{ sent: number; dropped: string[] }>;

  constructor(
    /** The storage folder (the queue is its `outbox/` subfolder), or undefined for an in-memory queue. */
    private readonly storage: string | undefined,
    private readonly warn: (message: string) => void = () => undefined,
  ) {}

  static inDirectory(directory: string | undefined, warn?: (message: string) => void): Outbox {
    return new Outbox(directory, warn);
  }

  private get folder(): string | undefined {
    return this.storage === undefined ? undefined : path.join(this.storage, 'outbox');
  }

  async add(item: NewOutboxItem, now: Date): Promise<void> {
    const queued = { ...item, id: randomUUID(), queuedAt: now.toISOString() } as OutboxItem;
    const folder = this.folder;
    if (folder === undefined) {
      this.memory.push(queued);
      return;
    }
    await this.prepare();
    await writeJsonAtomic(path.join(folder, fileNameOf(queued)), queued);
  }

  /** Every item not yet accepted by its backend, also those another window is sending right now. */
  async pending(backendUrl?: string): Promise<OutboxItem[]> {
    const stored = await this.list();
    return stored.map((entry) => entry.item).filter((item) => backendUrl === undefined || item.backendUrl === backendUrl);
  }

  /** Sends the items of one backend in order; stops at the first transient failure. One flush at a time. */
  flush(backendUrl: string, send: OutboxSender, isPermanent: (error: unknown) => boolean): Promise<{ sent: number; dropped: string[] }> {
    this.flushing ??= this.doFlush(backendUrl, send, isPermanent).finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }

  private async doFlush(backendUrl: string, send: OutboxSender, isPermanent: (error: unknown) => boolean): Promise<{ sent: number; dropped: string[] }> {
    let sent = 0;
    const dropped: string[] = [];
    const queued = (await this.list()).filter((entry) => entry.claimedBy === undefined && entry.item.backendUrl === backendUrl);
    for (const entry of queued) {
      const claim = await this.claim(entry);
      if (claim === undefined) {
        continue; // another window took it: it sends it
      }
      try {
        await send(entry.item);
        sent++;
      } catch (error) {
        if (!isPermanent(error)) {
          await this.release(entry, claim);
          break;
        }
        dropped.push(`${describeOutboxItem(entry.item)}: ${(error as Error).message}`);
      }
      await this.remove(entry, claim);
    }
    return { sent, dropped };
  }

  /** The queued and claimed items, oldest first. Unreadable files are set aside. */
  private async list(): Promise<StoredItem[]> {
    const folder = this.folder;
    if (folder === undefined) {
      return this.memory.map((item) => ({ item, file: item.id }));
    }
    await this.prepare();
    const names = await readdir(folder).catch(() => [] as string[]);
    const stored: StoredItem[] = [];
    for (const name of names) {
      const claim = /^(.+\.json)\.(\d+)\.sending$/.exec(name);
      if (!name.endsWith('.json') && !claim) {
        continue;
      }
      const file = path.join(folder, name);
      const item = await readItem(file);
      if (item === 'missing') {
        continue; // sent or claimed meanwhile
      }
      if (item === undefined) {
        await this.setAside(file);
        continue;
      }
      stored.push({ item, file: claim ? path.join(folder, claim[1]!) : file, claimedBy: claim ? Number(claim[2]) : undefined });
    }
    return stored.sort((a, b) => a.item.queuedAt.localeCompare(b.item.queuedAt) || a.item.id.localeCompare(b.item.id));
  }

  /** Renames the item's file to this process's claim; undefined when another process got there first. */
  private async claim(entry: StoredItem): Promise<string | undefined> {
    if (this.folder === undefined) {
      return entry.file;
    }
    const claim = `${entry.file}.${process.pid}.sending`;
    try {
      await rename(entry.file, claim);
      return claim;
    } catch {
      return undefined;
    }
  }

  private async release(entry: StoredItem, claim: string): Promise<void> {
    if (this.folder !== undefined) {
      await rename(claim, entry.file).catch((error: unknown) => this.warn(`Cannot put a queued backend update back in the outbox: ${(error as Error).message}`));
    }
  }

  private async remove(entry: StoredItem, claim: string): Promise<void> {
    if (this.folder === undefined) {
      this.memory.splice(this.memory.indexOf(entry.item), 1);
    } else {
      await unlink(claim).catch(() => undefined);
    }
  }

  /** Renames an unreadable file to `<name>.corrupt-<time>` (`name` defaults to the file's own) and says so once. */
  private async setAside(file: string, name = file): Promise<void> {
    const aside = `${name}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    try {
      await rename(file, aside);
      this.warn(`An unreadable outbox entry was set aside as ${aside}; the decision it held may need to be made again.`);
    } catch {
      // another window set it aside first (and said so)
    }
  }

  /**
   * Once per process: removes temporary files a killed process left, takes back claims of processes that died
   * (or that are very old), and moves the queue of earlier versions (`outbox.json`, rewritten whole by each
   * window) into one file per item; an unreadable one is set aside, not replaced.
   */
  private prepare(): Promise<void> {
    this.prepared ??= (async () => {
      const folder = this.folder!;
      const now = new Date();
      await Promise.all([removeStaleTemporaryFiles(this.storage!, now), removeStaleTemporaryFiles(folder, now)]);
      for (const name of await readdir(folder).catch(() => [] as string[])) {
        const claim = /^(.+\.json)\.(\d+)\.sending$/.exec(name);
        if (claim && (await isAbandoned(path.join(folder, name), Number(claim[2]), now))) {
          await rename(path.join(folder, name), path.join(folder, claim[1]!)).catch(() => undefined);
        }
      }
      await this.migrateLegacyQueue();
    })();
    return this.prepared;
  }

  private async migrateLegacyQueue(): Promise<void> {
    const legacy = path.join(this.storage!, 'outbox.json');
    const taken = `${legacy}.${process.pid}.migrating`;
    try {
      await rename(legacy, taken);
    } catch {
      return; // none, or another window is moving it
    }
    let items: unknown;
    try {
      items = JSON.parse(await readFile(taken, 'utf8'));
    } catch {
      items = undefined;
    }
    if (!Array.isArray(items)) {
      await this.setAside(taken, legacy);
      return;
    }
    for (const item of items.filter(isOutboxItem)) {
      await writeJsonAtomic(path.join(this.folder!, fileNameOf(item)), item);
    }
    await unlink(taken).catch(() => undefined);
  }
}

/** Sortable by time, unique by id. */
function fileNameOf(item: OutboxItem): string {
  const time = Date.parse(item.queuedAt);
  return `${String(Number.isNaN(time) ? 0 : time).padStart(15, '0')}-${item.id}.json`;
}

async function readItem(file: string): Promise<OutboxItem | 'missing' | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : undefined;
  }
  try {
    const value: unknown = JSON.parse(text);
    return isOutboxItem(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function isOutboxItem(value: unknown): value is OutboxItem {
  const item = value as Partial<OutboxItem> | null;
  return (
    typeof item === 'object' &&
    item !== null &&
    typeof item.id === 'string' &&
    typeof item.backendUrl === 'string' &&
    typeof item.queuedAt === 'string' &&
    ((item.kind === 'triage' && typeof item.findingId === 'string' && typeof item.decision === 'object') || (item.kind === 'ticket' && typeof item.ticket === 'object'))
  );
}

/**
 * Whether a claim found at start is left over: its process is gone (or has this process's pid, which cannot have
 * claimed anything yet), or the claim is older than any send takes (its pid was reused). A rename sets the
 * file's change time, so that dates the claim.
 */
async function isAbandoned(file: string, pid: number, now: Date): Promise<boolean> {
  if (pid === process.pid || !isProcessAlive(pid)) {
    return true;
  }
  const claimedAt = await stat(file).then((info) => info.ctimeMs).catch(() => now.getTime());
  return now.getTime() - claimedAt > maxClaimAgeMs;
}
