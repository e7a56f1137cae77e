import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import { open, readdir } from 'node:fs/promises';
import * as path from 'node:path';
import type { WorkspaceFileSystem } from '../engine/ports';
import { megabytes } from '../core/model/fileLimits';
import { ignoreFileNames, neverIndexedFolders, WorkspaceIgnore } from './workspaceIgnore';

/** How the walker treats a folder: by the ignore rules, included whole by `includeIgnored`, or ignored (walked only for the files the globs name). */
type FolderState = 'ruled' | 'forced' | 'ignored';

/** Folders listed at once by the walker (readdir runs in libuv's pool of 4 threads). */
const concurrentFolderReads = 8;

/**
 * The workspace folder on disk. `repoRoot` is the folder paths are relative to; `folder` is the workspace folder
 * inside it that is listed. Listing honours `.gitignore` and `.aspmignore` files (see {@link WorkspaceIgnore}), and
 * `includeIgnored` (`aspm.index.includeIgnored`) brings ignored folders back.
 */
export class NodeFileSystem implements WorkspaceFileSystem {
  private ignore: WorkspaceIgnore;

  constructor(
    private readonly repoRoot: string,
    private readonly folder: string,
    private readonly isRelevant: (relativePath: string) => boolean,
    /** The largest file of this kind that is read (the engine's `maxBytesOf`); larger ones are skipped unread. */
    private readonly maxBytesOf: (relativePath: string) => number,
    private readonly ignoreOptions: { includeIgnored: readonly string[]; alwaysRead: readonly string[] } = { includeIgnored: [], alwaysRead: [] },
  ) {
    this.ignore = new WorkspaceIgnore(repoRoot, folder, ignoreOptions);
  }

  async listFiles(signal?: AbortSignal): Promise<string[]> {
    // Read afresh on every listing: ignore files may have changed since the last one.
    const rules = new WorkspaceIgnore(this.repoRoot, this.folder, this.ignoreOptions);
    await rules.loadAncestors();
    const found: string[] = [];
    const pending: { dir: string; state: FolderState }[] = [{ dir: this.folder, state: 'ruled' }];
    // Several folders read at once: one at a time, a 10,000-file tree waited on a thousand readdir round trips in turn.
    // A folder is queued only once its parent's ignore files are loaded, so every folder sees the rules above it.
    let reading = 0;
    await new Promise<void>((resolve, reject) => {
      const pump = (): void => {
        try {
          signal?.throwIfAborted();
        } catch (reason) {
          reject(reason as Error); // the signal's own reason, as the callers check it
          return;
        }
        while (reading < concurrentFolderReads && pending.length > 0) {
          reading++;
          this.listFolder(pending.pop()!, rules, pending, found).then(() => {
            reading--;
            pump();
          }, reject);
        }
        if (reading === 0 && pending.length === 0) {
          resolve();
        }
      };
      pump();
    });
    this.ignore = rules;
    return found.sort();
  }

  /** Reads one folder: its ignore files into `rules`, its listed files into `found`, its walked subfolders into `pending`. */
  private async listFolder(
    { dir, state }: { dir: string; state: FolderState },
    rules: WorkspaceIgnore,
    pending: { dir: string; state: FolderState }[],
    found: string[],
  ): Promise<void> {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return; // unreadable folders are simply not indexed
    }
    const dirPath = this.toRelative(dir);
    if (state === 'ruled' && dir !== this.folder) {
      await rules.loadFolder(dirPath, entries.filter((entry) => entry.isFile() && ignoreFileNames.includes(entry.name)).map((entry) => entry.name));
    }
    for (const entry of entries) {
      const relative = dirPath === '' ? entry.name : `${dirPath}/${entry.name}`;
      if (entry.isDirectory() && !neverIndexedFolders.has(entry.name)) {
        const childState = this.folderState(rules, state, relative);
        if (childState) {
          pending.push({ dir: path.join(dir, entry.name), state: childState });
        }
      } else if (entry.isFile() && this.isRelevant(relative) && isListed(rules, state, relative)) {
        found.push(relative);
      }
    }
  }

  /** Whether a file found by a watcher or opened in the editor is indexed, by the rules of the last listing. */
  isIndexed(relativePath: string): boolean {
    return this.ignore.isIndexed(relativePath);
  }

  readText(relativePath: string): Promise<TextRead> {
    return readTextFile(path.join(this.repoRoot, ...relativePath.split('/')), this.maxBytesOf(relativePath));
  }

  /** How a subfolder is walked, or undefined when it is not. */
  private folderState(rules: WorkspaceIgnore, parent: FolderState, relative: string): FolderState | undefined {
    if (parent === 'forced' || rules.isFolderForced(relative)) {
      return 'forced';
    }
    if (parent === 'ruled' && !rules.isIgnored(relative, true)) {
      return 'ruled';
    }
    return rules.mayForceBelow(relative) ? 'ignored' : undefined;
  }

  private toRelative(full: string): string {
    return path.relative(this.repoRoot, full).split(path.sep).join('/');
  }
}

function isListed(rules: WorkspaceIgnore, state: FolderState, relative: string): boolean {
  switch (state) {
    case 'forced':
      return true;
    case 'ruled':
      return rules.isFileForced(relative) || !rules.isIgnored(relative, false);
    case 'ignored':
      return rules.isFileForced(relative);
  }
}

/** What reading a workspace file gave: its text, or why it was not read (missing, too large, binary, unreadable). */
/** A file's text and its size in bytes as read (UTF-8, before decoding), or why it was not read. */
export type TextRead = { text: string; bytes: number } | { skipped: string };

/**
 * Reads a workspace file as the index does: not read when larger than `limit` bytes, skipped when it looks binary
 * (a NUL in its first 8 kB), else decoded by {@link decodeUtf8}. The limit is checked on the open file, so a file
 * replaced after it was listed is judged by what is read.
 */
export async function readTextFile(fullPath: string, limit: number): Promise<TextRead> {
  let handle;
  try {
    handle = await open(fullPath, 'r');
    const { size } = await handle.stat();
    return size > limit ? tooLarge(size, limit) : textOf(await handle.readFile());
  } catch (error) {
    return unreadable(error);
  } finally {
    await handle?.close();
  }
}

/**
 * {@link readTextFile} in one blocking call, for the index worker threads: each file there is read then parsed in
 * turn, and four libuv round trips per file cost the main thread more than the read itself.
 */
export function readTextFileSync(fullPath: string, limit: number): TextRead {
  let fd: number | undefined;
  try {
    fd = openSync(fullPath, 'r');
    const { size } = fstatSync(fd);
    // As FileHandle.readFile does, readFileSync sizes the read by an fstat of its own: a file that grows after the
    // limit was checked is read as it then is, in both.
    return size > limit ? tooLarge(size, limit) : textOf(readFileSync(fd));
  } catch (error) {
    return unreadable(error);
  } finally {
    if (fd !== undefined) {
      closeSync(fd);
    }
  }
}

function tooLarge(size: number, limit: number): TextRead {
  return { skipped: `larger than ${megabytes(limit)} (${megabytes(size)})` };
}

function textOf(bytes: Uint8Array): TextRead {
  return bytes.subarray(0, 8192).includes(0) ? { skipped: 'binary content' } : { text: decodeUtf8(bytes), bytes: bytes.length };
}

function unreadable(error: unknown): TextRead {
  return { skipped: (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : `cannot read: ${(error as Error).message}` };
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
