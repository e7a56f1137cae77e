import { open, readdir } from 'node:fs/promises';
import * as path from 'node:path';
import type { WorkspaceFileSystem } from '../engine/ports';

/** Folders that never hold first-party code or manifests the index needs. */
const skippedFolders = new Set(['node_modules', '.git', '.hg', '.svn', 'dist', 'build', 'out', 'coverage', '.next', '.nuxt', '.cache', '.turbo', '.venv', 'venv', '__pycache__', '.vscode-test', '.e2e', 'vendor', 'target', '.gradle', '.tox', '.mypy_cache', '.pytest_cache', 'site-packages']);

/** Larger files are generated or minified code; parsing them would cost much and tell nothing. */
const maxFileBytes = 2 * 1024 * 1024;

/** Scanner reports are legitimately large (tens of MB); beyond this they are refused. */
const maxReportBytes = 64 * 1024 * 1024;

/**
 * The workspace folder on disk. `repoRoot` is the folder paths are relative to; `folder` is the workspace folder
 * inside it that is listed.
 */
export class NodeFileSystem implements WorkspaceFileSystem {
  constructor(
    private readonly repoRoot: string,
    private readonly folder: string,
    private readonly isRelevant: (relativePath: string) => boolean,
    private readonly isReport: (relativePath: string) => boolean = () => false,
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
      const limit = this.isReport(relativePath) ? maxReportBytes : maxFileBytes;
      if (size > limit) {
        return { skipped: `larger than ${limit / 1024 / 1024} MB` };
      }
      const bytes = await handle.readFile();
      if (bytes.subarray(0, 8192).includes(0)) {
        return { skipped: 'binary content' };
      }
      return { text: bytes.toString('utf8') };
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
