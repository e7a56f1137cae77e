import { createHash } from 'node:crypto';
import * as path from 'node:path';
import type { BackendSnapshot } from '../engine/sourcePorts';
import { readJson, removeStaleTemporaryFiles, writeJsonAtomic } from './jsonStore';

/** Snapshots older than this are not served: better no data than data that misleads. */
const maxAgeMs = 30 * 24 * 60 * 60 * 1000;

/**
 * The last good backend data per source (the backend URL, or a source id such as `github:https://api.github.com`)
 * and repository, in the extension's global storage, so findings survive a restart while a source is unreachable.
 * Holds findings metadata only, never source code or tokens.
 */
export class BackendCache {
  /** Temporary files of writes a killed process left behind are removed once, before the first read. */
  private cleaned?: Promise<number>;

  constructor(private readonly directory: string) {}

  async load(backendUrl: string, repository: string, now: Date): Promise<BackendSnapshot | undefined> {
    this.cleaned ??= removeStaleTemporaryFiles(path.join(this.directory, 'backend-cache'), now);
    await this.cleaned;
    const raw = (await readJson(this.fileOf(backendUrl, repository))) as Partial<BackendSnapshot> | undefined;
    if (!raw || typeof raw.savedAt !== 'string' || !Array.isArray(raw.services) || now.getTime() - Date.parse(raw.savedAt) > maxAgeMs) {
      return undefined;
    }
    return raw as BackendSnapshot;
  }

  save(backendUrl: string, repository: string, snapshot: BackendSnapshot): Promise<void> {
    return writeJsonAtomic(this.fileOf(backendUrl, repository), snapshot);
  }

  private fileOf(backendUrl: string, repository: string): string {
    const key = createHash('sha256').update(`${backendUrl}\n${repository}`).digest('hex').slice(0, 32);
    return path.join(this.directory, 'backend-cache', `${key}.json`);
  }
}
