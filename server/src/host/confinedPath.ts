import { realpath } from 'node:fs/promises';
import * as path from 'node:path';

/**
 * The real location of `target` (symlinks resolved; for a file that does not exist yet, its nearest existing
 * parent's, plus the rest) when it lies strictly inside `root`'s real location; undefined otherwise. Lexical
 * checks cannot see a symlink in the workspace that points at `~/.ssh` or at `.git`: this can.
 */
export async function realPathInside(root: string, target: string): Promise<string | undefined> {
  const [realRoot, realTarget] = await Promise.all([realpath(root).catch(() => undefined), realPathOfNearest(path.resolve(target))]);
  if (realRoot === undefined || realTarget === undefined) {
    return undefined;
  }
  const inside = path.relative(realRoot, realTarget);
  return inside !== '' && !inside.startsWith('..') && !path.isAbsolute(inside) ? realTarget : undefined;
}

/**
 * A path from a setting (`aspm.osv.path`), resolved against the workspace folder and confined to it, lexically and
 * through symlinks; or why it is refused. Never reads the target's content.
 */
export async function confineSettingPath(folder: string, key: string, value: string): Promise<{ path: string } | { problem: string }> {
  const resolved = path.resolve(folder, value);
  const lexical = path.relative(path.resolve(folder), resolved);
  const refusal = { problem: `${key} ${JSON.stringify(value)} points outside the workspace folder ${folder}; it is not read (use a folder inside the workspace)` };
  if (lexical === '' || lexical.startsWith('..') || path.isAbsolute(lexical)) {
    return lexical === '' ? { path: resolved } : refusal;
  }
  return (await realPathInside(folder, resolved)) !== undefined ? { path: resolved } : refusal;
}

async function realPathOfNearest(target: string): Promise<string | undefined> {
  try {
    return await realpath(target);
  } catch (error) {
    const parent = path.dirname(target);
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || parent === target) {
      return undefined;
    }
    const realParent = await realPathOfNearest(parent);
    return realParent === undefined ? undefined : path.join(realParent, path.basename(target));
  }
}

/**
 * The globs of a setting (`aspm.sarif.paths`, relative to the workspace folder) that reach outside it: absolute,
 * with a drive letter, or with a `..` segment. Such a glob could never match a workspace file; saying so beats
 * silence.
 */
export function globsOutside(globs: readonly string[]): string[] {
  return globs.filter((glob) => /^([\\/]|[a-z]:|~)/i.test(glob) || glob.split(/[\\/]/).includes('..'));
}
