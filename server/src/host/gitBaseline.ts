import { execFile } from 'node:child_process';
import { parseUnifiedDiff, type FileChange } from '../core/baseline/unifiedDiff';
import type { BaselineSource } from '../engine/ports';

/** Output git may print for one command at most (a large diff or tree listing). */
const maxBuffer = 256 * 1024 * 1024;

/** Runs git in `cwd`; rejects with git's own first error line. */
function git(cwd: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', ['-c', 'core.quotepath=off', '-c', 'core.fsmonitor=false', ...args], { cwd, maxBuffer, encoding: 'utf8', windowsHide: true }, (error, stdout, stderr) => {
      if (error) {
        const message = (stderr || error.message).trim().split('\n')[0] ?? 'git failed';
        reject(new Error((error as NodeJS.ErrnoException).code === 'ENOENT' ? 'git is not installed or not on PATH' : message));
        return;
      }
      resolve(stdout);
    });
  });
}

/** Runs git; undefined when it fails (a revision or file that does not exist). */
function gitIfAny(cwd: string, args: readonly string[]): Promise<string | undefined> {
  return git(cwd, args).catch(() => undefined);
}

/**
 * The base of the branch read with the git CLI. `root` is the folder repository-relative paths start from; it may
 * be a sub-folder of the git work tree (a workspace folder with an explicit repository identity), so paths are
 * mapped through git's prefix for it.
 */
export class GitBaselineSource implements BaselineSource {
  private prefix?: Promise<string>;

  constructor(private readonly root: string) {}

  async mergeBase(ref: string): Promise<string> {
    if (ref.startsWith('-')) {
      throw new Error(`not a git revision: ${ref}`);
    }
    const resolved = (await gitIfAny(this.root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`])) ?? '';
    if (resolved.trim() === '') {
      throw new Error(`git does not know the revision ${ref} in ${this.root}`);
    }
    return (await git(this.root, ['merge-base', resolved.trim(), 'HEAD'])).trim();
  }

  async changedFiles(commit: string): Promise<ReadonlyMap<string, FileChange>> {
    const diff = await git(this.root, ['diff', '--no-color', '--no-ext-diff', '--no-textconv', '--unified=0', '-M', '--relative', commit, '--', '.']);
    const changes = parseUnifiedDiff(diff);
    // Untracked files are new to the branch as well; the diff does not show them.
    const untracked = await git(this.root, ['ls-files', '--others', '--exclude-standard', '-z', '--', '.']);
    for (const path of untracked.split('\0').filter(Boolean)) {
      changes.set(path, { isNew: true, addedLines: [] });
    }
    return changes;
  }

  async listFiles(commit: string): Promise<string[]> {
    const prefix = await this.gitPrefix();
    const listing = await git(this.root, ['ls-tree', '-r', '-z', '--name-only', '--full-tree', commit]);
    return listing
      .split('\0')
      .filter((path) => path !== '' && path.startsWith(prefix))
      .map((path) => path.slice(prefix.length));
  }

  async readFile(commit: string, path: string): Promise<string | undefined> {
    const prefix = await this.gitPrefix();
    return gitIfAny(this.root, ['show', `${commit}:${prefix}${path}`]);
  }

  private gitPrefix(): Promise<string> {
    this.prefix ??= git(this.root, ['rev-parse', '--show-prefix']).then((output) => output.trim());
    return this.prefix;
  }
}

/**
 * The branch new-code mode compares with when none is given: the remote's default branch (`origin/HEAD`), else
 * `origin/main`, `origin/master`, `main`, `master`, else the upstream of the current branch; the first that exists.
 * Undefined outside a git repository or when none exists.
 */
export async function defaultBaseRef(root: string): Promise<string | undefined> {
  const originHead = ((await gitIfAny(root, ['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD'])) ?? '').trim();
  const candidates = [originHead, 'origin/main', 'origin/master', 'main', 'master', '@{upstream}'].filter(Boolean);
  for (const candidate of candidates) {
    const resolved = await gitIfAny(root, ['rev-parse', '--verify', '--quiet', `${candidate}^{commit}`]);
    if (resolved !== undefined && resolved.trim() !== '') {
      return candidate;
    }
  }
  return undefined;
}
