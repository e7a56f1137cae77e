import { mkdir, open, readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
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

/**
 * Writes JSON through a temporary file and a rename, so a crash never leaves half a file behind. Written in pieces
 * of about a megabyte (`JSON.stringify` semantics), so that 50k findings never become one 40 MB string in memory.
 */
export async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  // Unique per write: two saves of the same file may overlap. The pid tells a later start whose it was.
  const temporary = `${file}.${process.pid}.${randomUUID()}.tmp`;
  const handle = await open(temporary, 'w');
  try {
    let pending: string[] = [];
    let pendingLength = 0;
    for (const piece of jsonPieces(value)) {
      pending.push(piece);
      pendingLength += piece.length;
      if (pendingLength >= pieceLength) {
        await handle.write(pending.join(''), null, 'utf8');
        pending = [];
        pendingLength = 0;
      }
    }
    await handle.write(pending.join(''), null, 'utf8');
  } finally {
    await handle.close();
  }
  await rename(temporary, file);
}

/** About how many characters are written at once. */
const pieceLength = 1 << 20;

/** Arrays longer than this are written element by element. */
const largeArray = 64;

/**
 * `JSON.stringify(value)` in pieces: large arrays and the objects that hold them are written member by member,
 * everything else in one piece each. Same text as `JSON.stringify` (undefined members and functions left out).
 */
function* jsonPieces(value: unknown): Generator<string> {
  if (Array.isArray(value) && holdsLargeArray(value)) {
    yield '[';
    for (const [index, element] of value.entries()) {
      if (index > 0) {
        yield ',';
      }
      yield* jsonPieces(element === undefined || typeof element === 'function' || typeof element === 'symbol' ? null : element);
    }
    yield ']';
  } else if (isPlainObject(value) && holdsLargeArray(value)) {
    yield '{';
    let isFirst = true;
    for (const [key, member] of Object.entries(value)) {
      if (member === undefined || typeof member === 'function' || typeof member === 'symbol') {
        continue;
      }
      yield `${isFirst ? '' : ','}${JSON.stringify(key)}:`;
      isFirst = false;
      yield* jsonPieces(member);
    }
    yield '}';
  } else {
    yield JSON.stringify(value) ?? 'null';
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { toJSON?: unknown }).toJSON !== 'function';
}

/** Whether a large array lies anywhere inside (checked a few levels deep, where snapshots keep their findings). */
function holdsLargeArray(value: unknown, depth = 3): boolean {
  if (Array.isArray(value)) {
    return value.length > largeArray || (depth > 0 && value.some((element) => holdsLargeArray(element, depth - 1)));
  }
  return isPlainObject(value) && depth > 0 && Object.values(value).some((member) => holdsLargeArray(member, depth - 1));
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
