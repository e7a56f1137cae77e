import { readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { normalizeRepositoryUrl } from '../core/model/repository';

/** The git repository holding a folder: its root and normalized `origin` identity, when it has one. */
export interface GitRepository {
  root: string;
  identity?: string;
}

/** Walks up from `folder` to the nearest `.git` and reads the `origin` remote from its config. */
export async function findGitRepository(folder: string): Promise<GitRepository | undefined> {
  for (let dir = path.resolve(folder); ; dir = path.dirname(dir)) {
    const gitPath = path.join(dir, '.git');
    const info = await stat(gitPath).catch(() => undefined);
    if (info) {
      const configPath = info.isDirectory() ? path.join(gitPath, 'config') : await worktreeConfig(gitPath);
      const config = configPath ? await readFile(configPath, 'utf8').catch(() => '') : '';
      const url = originUrl(config);
      return { root: dir, identity: url ? normalizeRepositoryUrl(url) : undefined };
    }
    if (path.dirname(dir) === dir) {
      return undefined;
    }
  }
}

/** A `.git` file (worktree or submodule) points at the real git dir. */
async function worktreeConfig(gitFile: string): Promise<string | undefined> {
  const content = await readFile(gitFile, 'utf8').catch(() => '');
  const gitDir = /^gitdir:\s*(.+)$/m.exec(content)?.[1]?.trim();
  if (!gitDir) {
    return undefined;
  }
  const resolved = path.resolve(path.dirname(gitFile), gitDir);
  const common = await readFile(path.join(resolved, 'commondir'), 'utf8').catch(() => undefined);
  return path.join(common ? path.resolve(resolved, common.trim()) : resolved, 'config');
}

function originUrl(config: string): string | undefined {
  const section = /\[remote "origin"\]([^[]*)/.exec(config)?.[1];
  return section ? /^\s*url\s*=\s*(.+)$/m.exec(section)?.[1]?.trim() : undefined;
}
