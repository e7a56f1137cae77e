import { open, readdir } from 'node:fs/promises';
import * as path from 'node:path';
import type { WorkspaceFileSystem } from '../engine/ports';
import { megabytes } from '../core/model/fileLimits';

/** Folders that never hold first-party code or manifests the index needs. */
const skippedFolders = new Set(['node_modules', '.git', '.hg', '.svn', 'dist', 'build', 'out', 'coverage', '.next', '.nuxt', '.cache', '.turbo', '.venv', 'venv', '__pycache__', '.vscode-test', '.e2e', 'vendor', 'target', '.gradle', '.tox', '.mypy_cache', '.pytest_cache', 'site-packages']);

/**
 * The workspace folder on disk. `repoRoot` is the folder paths are relative to; `folder` is the workspace folder
 * inside it that is listed.
 */
export class NodeFileSystem implements WorkspaceFileSystem {
  constructor(
    private readonly repoRoot: string,
    private readonly folder: string,
    private readonly isRelevant: (relativePath: string) => boolean,
    /** The largest file of this kind that is read (the engine's `maxBytesOf`); larger ones are skipped unread. */
    private readonly maxBytesOf: (relativePath: string) => number,
  ) {}

  async listFiles(signal?: AbortSignal): Promise<string[]> {
    const found: string[] = [];
    const pending = [this.folder];
    while (pending.length > 0) {
      signal?.throwIfAborted();
      const dir = pending.pop()!;
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch {
        continue; // unreadable folders are simply not indexed
      }
      for (const entry of entries) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {
          if (!skippedFolders.has(entry.name)) {
            pending.push(full);
          }
        } else if (entry.isFile()) {
          const relative = this.toRelative(full);
          if (this.isRelevant(relative)) {
            found.push(relative);
          }
        }
      }
    }
    return found.sort();
  }

  async readText(relativePath: string): Promise<{ text: string } | { skipped: string }> {
    const full = path.join(this.repoRoot, ...relativePath.split('/'));
    let handle;
    try {
      handle = await open(full, 'r');
      const { size } = await handle.stat();
      const limit = this.maxBytesOf(relativePath);
      if (size > limit) {
        return { skipped: `larger than ${megabytes(limit)} (${megabytes(size)})` };
      }
      const bytes = await handle.readFile();
      if (bytes.subarray(0, 8192).includes(0)) {
        return { skipped: 'binary content' };
      }
      return { text: decodeUtf8(bytes) };
    } catch (error) {
      return { skipped: (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : `cannot read: ${(error as Error).message}` };
    } finally {
      await handle?.close();
    }
  }

  private toRelative(full: string): string {
    return path.relative(this.repoRoot, full).split(path.sep).join('/');
  }
}

const utf8 = new TextDecoder('utf-8');

/**
 * The one place workspace files (and local advisories) are decoded: UTF-8, with a leading byte order mark dropped,
 * as editors do (`Buffer.toString` would keep it, and JSON, YAML, TOML and SARIF readers then reject the file or
 * shift the first line). Invalid sequences become U+FFFD.
 */
export function decodeUtf8(bytes: Uint8Array): string {
  return utf8.decode(bytes);
}
