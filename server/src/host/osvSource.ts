import { open, readdir } from 'node:fs/promises';
import * as path from 'node:path';
import { parseOsvRecord, type OsvAdvisory } from '../core/ingest/osv';
import type { ParseProblem } from '../core/model/dependency';
import { parsedInIsolation } from '../core/model/readInIsolation';
import { decodeUtf8 } from './nodeFileSystem';
import { mapConcurrently } from '../core/model/lists';

/** Advisories read from a source, and what could not be read (one entry per bad file or record). */
export interface OsvLoadResult {
  advisories: OsvAdvisory[];
  problems: ParseProblem[];
}

/** Larger files are not single OSV records (bulk exports, stray dumps); reading them would cost much memory. */
const maxRecordBytes = 5 * 1024 * 1024;
const readConcurrency = 16;

/**
 * Reads every `*.json` OSV record under `dir`, recursively (hidden folders such as `.git` are skipped). Never
 * throws: an unreadable folder, a file over 5 MB or a bad record each becomes a problem. Findings cite the
 * records as `osv:<source>`, the folder's name unless given.
 */
export async function loadOsvFolder(dir: string, options: { source?: string } = {}): Promise<OsvLoadResult> {
  const source = options.source ?? path.basename(path.resolve(dir));
  const problems: ParseProblem[] = [];
  const files = await listJsonFiles(dir, problems);
  const results = await mapConcurrently(files, readConcurrency, (file) => readRecord(file, source));
  const advisories: OsvAdvisory[] = [];
  for (const result of results) {
    problems.push(...result.problems);
    if (result.value) {
      advisories.push(result.value);
    }
  }
  return { advisories, problems };
}

async function listJsonFiles(root: string, problems: ParseProblem[]): Promise<string[]> {
  const files: string[] = [];
  const pending = [root];
  while (pending.length > 0) {
    const dir = pending.pop()!;
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      problems.push({ path: dir, message: `cannot read folder: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` });
      continue;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && !entry.name.startsWith('.')) {
        pending.push(full);
      } else if (entry.isFile() && entry.name.toLowerCase().endsWith('.json')) {
        files.push(full);
      }
    }
  }
  return files.sort();
}

async function readRecord(file: string, source: string): Promise<{ value?: OsvAdvisory; problems: ParseProblem[] }> {
  let handle;
  try {
    handle = await open(file, 'r');
    const { size } = await handle.stat();
    if (size > maxRecordBytes) {
      return { problems: [{ path: file, message: `skipped: ${size} bytes is larger than ${maxRecordBytes / 1024 / 1024} MB` }] };
    }
    const text = decodeUtf8(await handle.readFile());
    return parsedInIsolation(file, () => parseOsvRecord(text, file, { source }));
  } catch (error) {
    return { problems: [{ path: file, message: `cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` }] };
  } finally {
    await handle?.close();
  }
}
