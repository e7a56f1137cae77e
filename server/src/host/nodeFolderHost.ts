import { realpath } from 'node:fs/promises';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { FolderHost, FolderPorts, FolderWorkspace, Logger } from '../engine/ports';
import { loadCaCertificates } from './caCertificates';
import { confineSettingPath, globsOutside, realPathInside } from './confinedPath';
import { defaultBaseRef, GitBaselineSource } from './gitBaseline';
import { isVendorModulesPath } from './goDependencySources';
import { createNodeWorkspace, loadGoDependencySources, loadMavenJarPackages, loadVirtualenvs } from './nodeEngine';
import { loadOsvFolder } from './osvSource';
import type { TreeSitterHost } from './treeSitterHost';
import { WorkerIndexer } from './workerIndexer';
import { ignoreFileNames } from './workspaceIgnore';

/**
 * The folder service's I/O on Node: folders on disk, tree-sitter (loaded once, when the first folder opens), worker
 * threads, OSV folders, CA certificates and git. The outbound calls (sources, the OSV API) live in backend/ and are
 * passed in by the composition roots, and so is the engine each folder gets (host/ does not build engines).
 */
export function createNodeFolderHost(
  treeSitter: () => Promise<TreeSitterHost>,
  log: Logger,
  outbound: Pick<FolderHost, 'openSources' | 'queryOsvApi' | 'checkSourceToken'>,
  createEngine: (ports: FolderPorts) => FolderWorkspace['engine'],
): FolderHost {
  let host: Promise<TreeSitterHost> | undefined;
  return {
    openWorkspace: async (folderUri, options) => openNodeWorkspace(fileURLToPath(folderUri), await (host ??= treeSitter()), log, options, createEngine),
    confineSettingPath,
    globsOutside,
    loadCaCertificates,
    loadOsvFolder: (dir, source) => loadOsvFolder(dir, { source }),
    defaultBaseRef,
    baselineSource: (repoRoot) => new GitBaselineSource(repoRoot),
    ...outbound,
  };
}

async function openNodeWorkspace(
  folder: string,
  host: TreeSitterHost,
  log: Logger,
  options: Parameters<FolderHost['openWorkspace']>[1],
  createEngine: (ports: FolderPorts) => FolderWorkspace['engine'],
): Promise<FolderWorkspace> {
  const fsPath = path.resolve(folder);
  const workspace = await createNodeWorkspace(fsPath, host, log, options, createEngine);
  const { engine, repoRoot } = workspace;
  return {
    engine,
    fsPath,
    repoRoot,
    gitIdentity: workspace.gitIdentity,
    uriOf: (relativePath) => pathToFileURL(path.join(repoRoot, ...relativePath.split('/'))).toString(),
    pathOf: (uri) => {
      if (!uri.startsWith('file:')) {
        return undefined;
      }
      const full = path.resolve(fileURLToPath(uri));
      const inFolder = path.relative(fsPath, full);
      return inFolder.startsWith('..') || path.isAbsolute(inFolder) ? undefined : path.relative(repoRoot, full).split(path.sep).join('/');
    },
    realPathOf: async (relativePath) => {
      const real = await realPathInside(fsPath, path.join(repoRoot, ...relativePath.split('/')));
      const realRoot = real && (await realpath(repoRoot).catch(() => undefined));
      return real && realRoot ? path.relative(realRoot, real).split(path.sep).join('/') : undefined;
    },
    startWorkers: () => {
      const workers = new WorkerIndexer({ folder: workspace.indexOptions, handles: (file) => workspace.indexer.handles(file), log, fallback: workspace.indexer });
      return { indexer: workers, started: () => workers.stats.started, dispose: () => workers.dispose() };
    },
    isIgnoreRules: (relativePath) => ignoreFileNames.includes(path.posix.basename(relativePath)),
    isInstalledPackagesSource: isVendorModulesPath,
    loadInstalledPackages: async () => {
      await loadVirtualenvs(engine, fsPath, repoRoot);
      await loadMavenJarPackages(engine);
      await loadGoDependencySources(engine, repoRoot, host);
    },
  };
}
