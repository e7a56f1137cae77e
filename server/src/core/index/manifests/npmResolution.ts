import { joinPath } from './ecosystem';
import { parentDir } from './npmGraph';
import { nameFromInstallPath, type NpmLockfile } from './npmLockfile';
import type { NpmResolution } from '../../model/workspaceIndex';

/** npm: every `<folder>/node_modules/<name>` entry of the lockfile, a link standing for the folder it points at. */
export function npmLockfileResolution(rootDir: string, lockfile: NpmLockfile): NpmResolution {
  const folders = new Map<string, Map<string, string>>();
  for (const [installPath, entry] of lockfile.entries) {
    const marker = installPath.lastIndexOf('node_modules/');
    if (marker < 0) {
      continue;
    }
    const folder = joinPath(rootDir, installPath.slice(0, Math.max(0, marker - 1)));
    let names = folders.get(folder);
    if (!names) {
      names = new Map();
      folders.set(folder, names);
    }
    names.set(nameFromInstallPath(installPath), joinPath(rootDir, entry.linkTarget ?? installPath));
  }
  return { folders, copies: new Map() };
}

/**
 * Node's lookup from a repository-relative folder: the folder's own `node_modules`, then each ancestor's, over the
 * folders of every resolution given (a nested project's lockfile, then its parent's). Undefined when no recorded
 * folder holds the name.
 */
export function resolveFromFolder(folders: ReadonlyMap<string, ReadonlyMap<string, string>>, from: string, name: string): string | undefined {
  for (let dir = from; ; dir = parentDir(dir)) {
    const copy = folders.get(dir)?.get(name);
    if (copy !== undefined || dir === '') {
      return copy;
    }
  }
}

/**
 * What a copy's own `require(name)` finds: its recorded dependency (yarn, pnpm), or Node's lookup from its folder
 * (npm). Undefined when the lockfile does not say.
 */
export function resolveFromCopy(resolution: NpmResolution, copy: string, name: string): string | undefined {
  const own = resolution.copies.get(copy);
  if (own) {
    return own.get(name);
  }
  return copy.includes('#') ? undefined : resolveFromFolder(resolution.folders, copy, name);
}
