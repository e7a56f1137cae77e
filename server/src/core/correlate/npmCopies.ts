import type { ImportFact } from '../model/importFact';
import { parentDir } from '../index/manifests/npmGraph';
import { resolveFromCopy, resolveFromFolder } from '../index/manifests/npmResolution';
import type { DeclaredDependency, ResolvedPackage } from '../model/dependency';
import type { NpmResolution, RootedGraph } from '../model/workspaceIndex';

/**
 * The import target of an npm site: `npm:<name>@<copy>` for the copy it loads, or `npm:<name>` where no lockfile
 * tells which copy (no lockfile, or no recorded folder holds the name). Every copy of a name accepts the name alone,
 * so a site that cannot be placed still counts for each of them: never hidden on a guess.
 */
export function npmImportTarget(name: string, copy?: string): string {
  return copy === undefined ? `npm:${name}` : `npm:${name}@${copy}`;
}

/**
 * Resolves npm import sites with Node's algorithm from the importing file's folder: the nearest `node_modules`
 * copy up the tree as the lockfiles record them (a workspace package's own nested copies first, a symlinked
 * workspace package to its folder), or the importer's resolution for yarn and pnpm. A subpath (`lodash/template`)
 * loads its package. A package loaded by configuration (`loadedBy`) is resolved from the loader's copy, as the
 * loader's own `require` finds it. Answers are cached per folder and name: files of one folder share them.
 */
export function npmSiteResolver(graphs: readonly RootedGraph[]): (site: ImportFact) => string {
  const resolution = mergedResolution(graphs);
  // Node's lookup, memoized per folder and name: a folder's answer is its own copy or its parent's (null: none).
  const found = new Map<string, Map<string, string | null>>();
  const copyFrom = (folder: string, name: string): string | null => {
    let names = found.get(folder);
    if (!names) {
      names = new Map();
      found.set(folder, names);
    }
    let copy = names.get(name);
    if (copy === undefined) {
      copy = resolution.folders.get(folder)?.get(name) ?? (folder === '' ? null : copyFrom(parentDir(folder), name));
      names.set(name, copy);
    }
    return copy;
  };
  const targets = new Map<string, Map<string, string>>();
  // Sites come file by file: the file's folder is looked up once per file.
  let lastPath: string | undefined;
  let from = '';
  let answers = new Map<string, string>();
  return (site) => {
    if (site.path !== lastPath) {
      lastPath = site.path;
      from = parentDir(site.path);
      answers = targets.get(from) ?? new Map<string, string>();
      targets.set(from, answers);
    }
    const loader = site.loadedBy?.loader;
    const key = loader === undefined ? site.packageName : `${site.packageName}\0${loader}`;
    let target = answers.get(key);
    if (target === undefined) {
      const loaderCopy = loader === undefined ? null : copyFrom(from, loader);
      const copy = (loaderCopy === null ? undefined : resolveFromCopy(resolution, loaderCopy, site.packageName)) ?? copyFrom(from, site.packageName) ?? undefined;
      target = npmImportTarget(site.packageName, copy);
      answers.set(key, target);
    }
    return target;
  };
}

/**
 * The import targets of some copies of one package (the copies of the version a finding names), each with its
 * graph and its introducers: those that load a copy itself, and those of the direct dependencies that pull a copy
 * in, each resolved from its declaring manifest's folder. Both include the bare names, which sites no lockfile
 * places resolve to.
 */
export function npmImportKeys(copies: readonly { graph: RootedGraph; package: ResolvedPackage; introducedBy: readonly DeclaredDependency[] }[]): { own: string[]; introducers: string[] } {
  const own = new Set<string>();
  const introducers = new Set<string>();
  for (const { graph, package: pkg, introducedBy } of copies) {
    own.add(npmImportTarget(pkg.name, pkg.copy));
    own.add(npmImportTarget(pkg.name));
    for (const dependency of introducedBy) {
      const copy = graph.resolution && resolveFromFolder(graph.resolution.folders, parentDir(dependency.manifestPath), dependency.name);
      if (copy !== undefined) {
        introducers.add(npmImportTarget(dependency.name, copy));
      }
      introducers.add(npmImportTarget(dependency.name));
    }
  }
  return { own: [...own], introducers: [...introducers].filter((key) => !own.has(key)) };
}

/** The folders and copies of every npm lockfile of the workspace as one resolution. */
function mergedResolution(graphs: readonly RootedGraph[]): NpmResolution {
  const folders = new Map<string, ReadonlyMap<string, string>>();
  const copies = new Map<string, ReadonlyMap<string, string>>();
  for (const { resolution } of graphs) {
    for (const [folder, names] of resolution?.folders ?? []) {
      folders.set(folder, folders.has(folder) ? new Map([...names, ...folders.get(folder)!]) : names);
    }
    for (const [copy, names] of resolution?.copies ?? []) {
      copies.set(copy, names);
    }
  }
  return { folders, copies };
}
