import type { Dirent } from 'node:fs';
import { open, readdir } from 'node:fs/promises';
import * as path from 'node:path';
import type { DistributionModules } from '../core/index/imports/pythonDistInfo';
import { buildTopLevelIndex, modulesFromRecord, parseTopLevel } from '../core/index/imports/pythonDistInfo';

/** Limits of the virtualenv search, so a huge workspace costs a bounded number of directory reads. */
export interface VirtualenvSearchOptions {
  /** Folder depth below the root searched for virtualenvs (the root is depth 0). */
  maxDepth?: number;
  /** Directories read at most while searching. */
  maxDirectories?: number;
}

const virtualenvNames = new Set(['.venv', 'venv', 'env', '.env']);
const skippedFolders = new Set(['node_modules', '.git', '.hg', '.svn', '__pycache__', 'dist', 'build', 'out', 'target', 'vendor', '.tox', '.nox', '.mypy_cache', '.pytest_cache', '.cache', 'site-packages']);
// Requires-Dist headers come before the long description; a few packages list hundreds of extras.
const maxMetadataBytes = 64 * 1024;
const maxTopLevelBytes = 64 * 1024;
const maxRecordBytes = 2 * 1024 * 1024;

/**
 * Virtualenv folders under `root` (breadth first, symlinks not followed): folders holding a `pyvenv.cfg`, or named
 * `.venv`/`venv`/`env`/`.env` and holding a `lib` or `Lib` folder. Dependency, VCS and build folders are skipped,
 * and a virtualenv is not searched further.
 */
export async function findVirtualenvs(root: string, options: VirtualenvSearchOptions = {}): Promise<string[]> {
  const maxDepth = options.maxDepth ?? 3;
  let budget = options.maxDirectories ?? 500;
  const found: string[] = [];
  let level = [root];
  for (let depth = 0; depth <= maxDepth && level.length > 0 && budget > 0; depth++) {
    const next: string[] = [];
    for (const dir of level) {
      if (budget-- <= 0) {
        break;
      }
      const entries = await listDir(dir);
      const names = new Set(entries.map((entry) => entry.name));
      const isVirtualenv = names.has('pyvenv.cfg') || (dir !== root && virtualenvNames.has(path.basename(dir)) && (names.has('lib') || names.has('Lib')));
      if (isVirtualenv) {
        found.push(dir);
        continue;
      }
      for (const entry of entries) {
        if (entry.isDirectory() && !skippedFolders.has(entry.name)) {
          next.push(path.join(dir, entry.name));
        }
      }
    }
    level = next;
  }
  return found;
}

/** `site-packages` folders of a virtualenv: `lib/python3.*\/site-packages` (POSIX) or `Lib/site-packages` (Windows). */
export async function sitePackagesOf(virtualenv: string): Promise<string[]> {
  const folders: string[] = [];
  for (const entry of await listDir(path.join(virtualenv, 'lib'))) {
    if (entry.isDirectory() && /^(?:python|pypy)\d/.test(entry.name)) {
      folders.push(path.join(virtualenv, 'lib', entry.name, 'site-packages'));
    }
  }
  folders.push(path.join(virtualenv, 'Lib', 'site-packages'));
  const existing = await Promise.all(folders.map(async (folder) => ((await listDir(folder)).length > 0 ? folder : undefined)));
  return existing.filter((folder): folder is string => folder !== undefined);
}

/** One installed distribution: the modules it provides, and its metadata headers (for its `Requires-Dist`). */
export interface InstalledDistribution extends DistributionModules {
  /** Path of its `METADATA`, and the headers of it (up to the first blank line); absent for egg-info `PKG-INFO`. */
  metadata?: { file: string; headers: string };
}

/**
 * What each distribution installed in a `site-packages` folder provides: its `top_level.txt`, else the modules
 * its `RECORD` lists; named by the `METADATA` `Name:` header, else by the folder name. Distributions that provide
 * no module are kept when their metadata is (their requirements still belong to the graph).
 */
export async function readDistributions(sitePackages: string): Promise<InstalledDistribution[]> {
  const infos = (await listDir(sitePackages)).filter((entry) => entry.isDirectory() && /\.(?:dist|egg)-info$/.test(entry.name));
  const read = await Promise.all(
    infos.map(async (info): Promise<InstalledDistribution | undefined> => {
      const folder = path.join(sitePackages, info.name);
      const metadataFile = path.join(folder, 'METADATA');
      const distMetadata = await readHead(metadataFile, maxMetadataBytes);
      const metadata = distMetadata ?? (await readHead(path.join(folder, 'PKG-INFO'), maxMetadataBytes));
      const topLevel = await readHead(path.join(folder, 'top_level.txt'), maxTopLevelBytes);
      const parsed: InstalledDistribution | undefined = parseTopLevel(info.name, topLevel ?? '', metadata);
      if (parsed && topLevel === undefined) {
        const record = await readHead(path.join(folder, 'RECORD'), maxRecordBytes);
        parsed.modules = record === undefined ? [] : modulesFromRecord(record);
      }
      if (parsed && distMetadata !== undefined) {
        parsed.metadata = { file: metadataFile, headers: headersOf(distMetadata) };
      }
      return parsed;
    }),
  );
  return read.filter((item): item is InstalledDistribution => item !== undefined && (item.modules.length > 0 || item.metadata !== undefined));
}

/**
 * The module → distribution index of every virtualenv found under `root`, for `distributionForModule`. Empty when
 * there is none; unreadable files are skipped, never thrown.
 */
export async function readVirtualenvTopLevelIndex(root: string, options?: VirtualenvSearchOptions): Promise<Map<string, string>> {
  return (await readVirtualenvs(root, root, options)).topLevel;
}

/**
 * Every virtualenv found under `root`: its module → distribution index, and the metadata headers of its
 * distributions by path relative to `repoRoot` (`.venv/lib/python3.12/site-packages/requests-2.31.0.dist-info/
 * METADATA`), which the PyPI graphs read for their `Requires-Dist` edges. Unreadable files are skipped, never thrown.
 */
export async function readVirtualenvs(root: string, repoRoot: string, options?: VirtualenvSearchOptions): Promise<{ topLevel: Map<string, string>; metadata: Map<string, string> }> {
  const distributions: InstalledDistribution[] = [];
  for (const virtualenv of await findVirtualenvs(root, options)) {
    for (const sitePackages of await sitePackagesOf(virtualenv)) {
      distributions.push(...(await readDistributions(sitePackages)));
    }
  }
  const metadata = new Map<string, string>();
  for (const distribution of distributions) {
    if (distribution.metadata) {
      metadata.set(path.relative(repoRoot, distribution.metadata.file).split(path.sep).join('/'), distribution.metadata.headers);
    }
  }
  return { topLevel: buildTopLevelIndex(distributions.filter((distribution) => distribution.modules.length > 0)), metadata };
}

/** The header block of core metadata: everything before the first blank line (the description follows it). */
function headersOf(text: string): string {
  const end = text.search(/\r?\n\r?\n/);
  return end < 0 ? text : text.slice(0, end + 1);
}

async function listDir(dir: string): Promise<Dirent[]> {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

/** The first `maxBytes` of a UTF-8 file (whole lines only), or undefined when it cannot be read. */
async function readHead(file: string, maxBytes: number): Promise<string | undefined> {
  try {
    const handle = await open(file, 'r');
    try {
      const buffer = Buffer.alloc(maxBytes);
      const { bytesRead } = await handle.read(buffer, 0, maxBytes, 0);
      const text = buffer.subarray(0, bytesRead).toString('utf8');
      return bytesRead < maxBytes ? text : text.slice(0, text.lastIndexOf('\n') + 1);
    } finally {
      await handle.close();
    }
  } catch {
    return undefined;
  }
}
