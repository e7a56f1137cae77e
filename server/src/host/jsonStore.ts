import { mkdir, readdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';

/** A temporary file older than this is left over even if a process with its pid runs (the pid was reused). */
const maxTemporaryAgeMs = 60 * 60 * 1000;

/** Reads a JSON file written by {@link writeJsonAtomic}; undefined when it is missing or unreadable. */
export async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** Writes JSON through a temporary file and a rename, so a crash never leaves half a file behind. */
export async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  // Unique per write: two saves of the same file may overlap. The pid tells a later start whose it was.
  const temporary = `${file}.${process.pid}.${randomUUID()}.tmp`;
  await writeFile(temporary, JSON.stringify(value), 'utf8');
  await rename(temporary, file);
}

/**
 * Removes the temporary files of {@link writeJsonAtomic} in `directory` that no running write will rename: those
 * of processes that are gone (killed mid-write), and any older than an hour. Another window's write in progress is
 * left alone. Never throws.
 */
export async function removeStaleTemporaryFiles(directory: string, now: Date): Promise<number> {
  let removed = 0;
  for (const name of await readdir(directory).catch(() => [] as string[])) {
    const match = /\.(\d+)\.[0-9a-f-]{36}\.tmp$/.exec(name);
    if (!match) {
      continue;
    }
    const file = path.join(directory, name);
    const pid = Number(match[1]);
    const modified = await stat(file).then((info) => info.mtimeMs).catch(() => undefined);
    const isLeftOver = modified !== undefined && ((pid !== process.pid && !isProcessAlive(pid)) || now.getTime() - modified > maxTemporaryAgeMs);
    if (isLeftOver && (await unlink(file).then(() => true, () => false))) {
      removed++;
    }
  }
  return removed;
}

/** Whether a process with this pid runs (on this machine, as any user). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
