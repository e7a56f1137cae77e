import type { ParseProblem } from '../../model/dependency';
import type { RootedGraph } from '../../model/workspaceIndex';
import { fileName, joinPath, type EcosystemIndexer } from './ecosystem';
import { buildNpmGraph, parentDir } from './npmGraph';
import { parseNpmLockfile, type NpmLockfile } from './npmLockfile';
import { parseNpmManifest, type NpmManifest } from './npmManifest';

const manifestName = 'package.json';
const lockfileNames = ['package-lock.json', 'npm-shrinkwrap.json'];

/**
 * npm: one graph per lockfile over the root manifest and the workspace manifests the lockfile lists as importers;
 * manifests no lockfile covers get a graph of their own declarations.
 */
export const npmEcosystem: EcosystemIndexer = {
  ecosystem: 'npm',

  isManifestFile(path) {
    const name = fileName(path);
    return name === manifestName || lockfileNames.includes(name);
  },

  buildGraphs(files) {
    const problems: ParseProblem[] = [];
    const manifests = new Map<string, NpmManifest>();
    const lockfiles = new Map<string, NpmLockfile | undefined>();
    for (const [path, text] of files) {
      if (fileName(path) === manifestName) {
        const parsed = parseNpmManifest(text, path);
        problems.push(...parsed.problems);
        if (parsed.value) {
          manifests.set(path, parsed.value);
        }
      } else {
        const parsed = parseNpmLockfile(text, path);
        problems.push(...parsed.problems);
        lockfiles.set(path, parsed.value);
      }
    }
    const covered = new Set<string>();
    const graphs: RootedGraph[] = [];
    for (const [lockPath, lockfile] of lockfiles) {
      const rootDir = parentDir(lockPath);
      const rootManifestPath = joinPath(rootDir, manifestName);
      // An unreadable lockfile still leaves the root manifest's own declarations.
      const importerDirs = lockfile ? [...lockfile.entries.keys()].filter((key) => !key.includes('node_modules')) : [''];
      const members = importerDirs.flatMap((dir) => {
        const path = joinPath(joinPath(rootDir, dir), manifestName);
        covered.add(path);
        const manifest = manifests.get(path);
        return manifest ? [manifest] : [];
      });
      if (members.length > 0) {
        const overrides = manifests.get(rootManifestPath)?.overrides ?? {};
        graphs.push({ rootDir, rootManifestPath, overrides, graph: buildNpmGraph(rootDir, members, lockfile) });
      }
    }
    for (const [path, manifest] of manifests) {
      if (!covered.has(path)) {
        graphs.push({ rootDir: parentDir(path), rootManifestPath: path, overrides: manifest.overrides, graph: buildNpmGraph(parentDir(path), [manifest]) });
      }
    }
    return { graphs, problems };
  },
};
