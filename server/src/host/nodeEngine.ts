import * as path from 'node:path';
import { WorkspaceEngine } from '../engine/workspaceEngine';
import type { Logger, SourceIndexer } from '../engine/ports';
import { findGitRepository } from './gitRepository';
import { NodeFileSystem } from './nodeFileSystem';

/** An engine over a folder on disk, with the repository the folder belongs to. */
export interface NodeWorkspace {
  engine: WorkspaceEngine;
  /** Absolute folder that repository-relative paths start from. */
  repoRoot: string;
  /** Normalized repository identity from the git remote, when there is one. */
  gitIdentity?: string;
}

/**
 * Builds the engine for a workspace folder. With an explicit repository identity the folder itself is the root
 * (its files are not inside a clone of that repository); otherwise the enclosing git repository's root is.
 */
export async function createNodeWorkspace(folder: string, indexer: SourceIndexer, log: Logger, explicitRepository?: string): Promise<NodeWorkspace> {
  const git = explicitRepository ? undefined : await findGitRepository(folder);
  const repoRoot = git?.root ?? path.resolve(folder);
  // The file system asks the engine which files are relevant; the closure runs only after construction.
  const fs = new NodeFileSystem(repoRoot, path.resolve(folder), (relative) => engine.isRelevant(relative));
  const engine: WorkspaceEngine = new WorkspaceEngine({ fs, indexer, log, now: () => new Date() });
  return { engine, repoRoot, gitIdentity: git?.identity };
}
