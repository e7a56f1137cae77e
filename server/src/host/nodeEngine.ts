import * as path from 'node:path';
import type { FolderPorts, IndexedFolder, Logger, SourceIndexer } from '../engine/ports';
import { createSecretIndexer, createSourceIndexer, reportPathMatcher, type FolderIndexOptions } from './sourceIndexer';
import { WorkerIndexer } from './workerIndexer';
import type { TreeSitterHost } from './treeSitterHost';
import { findGitRepository } from './gitRepository';
import { NodeFileSystem } from './nodeFileSystem';
import { ignoreFilePath } from '../core/triage/ignoreFile';
import { readVirtualenvs } from './pythonTopLevel';
import { readMavenJarPackages } from './mavenJarPackages';
import { goModuleCache, readGoResultTypes, readVendorModules } from './goDependencySources';

/** An engine over a folder on disk, with the repository the folder belongs to. */
export interface NodeWorkspace<Engine extends IndexedFolder = IndexedFolder> {
  engine: Engine;
  /** Absolute folder that repository-relative paths start from. */
  repoRoot: string;
  /** Normalized repository identity from the git remote, when there is one. */
  gitIdentity?: string;
  /** What the folder's indexer composition is built from (worker threads build the same one). */
  indexOptions: FolderIndexOptions;
  /** The in-thread indexer (open documents, single file changes). */
  indexer: SourceIndexer;
}

/**
 * Builds the engine for a workspace folder from its ports on disk (`createEngine`: the composition root's engine).
 * With an explicit repository identity the folder itself is the root (its files are not inside a clone of that
 * repository); otherwise the enclosing git repository's root is.
 */
export async function createNodeWorkspace<Engine extends IndexedFolder>(
  folder: string,
  host: TreeSitterHost,
  log: Logger,
  options: { explicitRepository?: string; sarifGlobs: readonly string[]; includeIgnored?: readonly string[] },
  createEngine: (ports: FolderPorts) => Engine,
): Promise<NodeWorkspace<Engine>> {
  const git = options.explicitRepository ? undefined : await findGitRepository(folder);
  const repoRoot = git?.root ?? path.resolve(folder);
  const indexOptions = { repoRoot, folder: path.resolve(folder), sarifGlobs: options.sarifGlobs };
  // Open documents are scanned for secrets in a worker of their own (started when needed, ended after a minute
  // idle), so a large document never holds up the message loop; in this thread when no worker can start.
  const secretsHere = createSecretIndexer(indexOptions);
  const secretWorker = new WorkerIndexer({ folder: indexOptions, handles: (file) => secretsHere.handles(file), workers: 1, parts: 'secrets', idleMs: 60_000, log, fallback: secretsHere });
  const indexer = createSourceIndexer(host, indexOptions, (file, text) => secretWorker.index(file, text));
  const isReport = reportPathMatcher(indexOptions);
  // The file system asks the engine which files are relevant; the closure runs only after construction. Inputs the
  // user named (the local ignore list, report globs) are read even where .gitignore would hide them.
  const ignoreOptions = { includeIgnored: options.includeIgnored ?? [], alwaysRead: [ignoreFilePath, ...options.sarifGlobs] };
  const fs = new NodeFileSystem(repoRoot, path.resolve(folder), (relative) => engine.isRelevant(relative), (relative) => engine.maxBytesOf(relative), ignoreOptions);
  const engine = createEngine({ fs, indexer, log, now: () => new Date(), isReport });
  return { engine, repoRoot, gitIdentity: git?.identity, indexOptions, indexer };
}

/**
 * Reads the virtualenvs under `folder` into the engine: their module → distribution index (for Python imports) and
 * their installed metadata (the `Requires-Dist` edges of the PyPI graphs). Nothing found, nothing set.
 */
export async function loadVirtualenvs(engine: IndexedFolder, folder: string, repoRoot: string): Promise<void> {
  const found = await readVirtualenvs(folder, repoRoot).catch(() => undefined);
  if (found && found.topLevel.size > 0) {
    engine.setPythonTopLevel(found.topLevel);
  }
  if (found && found.metadata.size > 0) {
    engine.setEnvironmentManifests(found.metadata);
  }
}

/**
 * Reads which Java packages the workspace's Maven artifacts hold, from their jars in the local Maven repository or
 * Gradle cache, so Java imports map to artifacts that the curated table does not know. Nothing cached, nothing set.
 */
export async function loadMavenJarPackages(engine: IndexedFolder): Promise<void> {
  const artifacts = engine.installedPackages().filter((pkg) => pkg.ecosystem === 'maven');
  if (artifacts.length === 0) {
    return;
  }
  const index = await readMavenJarPackages(artifacts).catch(() => undefined);
  if (index && index.size > 0) {
    engine.setJavaPackageIndex(index);
  }
}

/**
 * Reads what the Go build has beside go.mod and the walker skips: each `vendor/modules.txt` (which packages of each
 * module are compiled in) into the graphs, and what the imported dependency packages' functions return (from
 * `vendor/`, else the local module cache, read only) for calls on values of their types. Nothing found, nothing set.
 */
export async function loadGoDependencySources(engine: IndexedFolder, repoRoot: string, host: TreeSitterHost): Promise<void> {
  const index = engine.workspaceIndex();
  const goGraphs = index.graphs.filter((rooted) => rooted.graph.ecosystem === 'golang' && rooted.rootManifestPath.endsWith('go.mod'));
  if (goGraphs.length === 0) {
    return;
  }
  // Set even when empty: read again after `go mod vendor` or a deleted vendor/, the old list must not stay.
  const vendor = await readVendorModules(repoRoot, goGraphs.map((rooted) => rooted.rootDir)).catch(() => new Map<string, string>());
  engine.setEnvironmentManifests(vendor, 'go-vendor');
  const modules = goGraphs.flatMap((rooted) => rooted.graph.packages.map((pkg) => ({ rootDir: rooted.rootDir, name: pkg.name, version: pkg.version, replacedModule: pkg.replacedModule })));
  const importPaths = index.imports.filter((site) => site.path.endsWith('.go')).map((site) => site.specifier);
  const types = await readGoResultTypes(host, repoRoot, modules, importPaths, await goModuleCache()).catch(() => undefined);
  if (types) {
    engine.setGoResultTypes(types);
  }
}
