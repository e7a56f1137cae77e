import type { ParseProblem } from '../../model/dependency';
import type { RootedGraph } from '../../model/workspaceIndex';

/**
 * Reads the manifests and lockfiles of one package ecosystem into dependency graphs. Implementations are pure:
 * they get file texts, never touch the disk, and report bad input as problems instead of throwing.
 */
export interface EcosystemIndexer {
  /** purl type: `npm`, `pypi`, `golang`, `maven`. */
  ecosystem: string;
  /** Whether a repository-relative path is a manifest or lockfile this indexer reads. */
  isManifestFile(path: string): boolean;
  /** Builds every graph from the texts of all this ecosystem's files in the workspace. */
  buildGraphs(files: ReadonlyMap<string, string>): { graphs: RootedGraph[]; problems: ParseProblem[] };
}

/** Last path segment. */
export function fileName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** `dir/name`, or `name` at the root. */
export function joinPath(dir: string, name: string): string {
  return dir === '' ? name : name === '' ? dir : `${dir}/${name}`;
}
