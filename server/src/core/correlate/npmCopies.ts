import type { ImportFact } from '../model/importFact';
import { parentDir } from '../index/manifests/npmGraph';
import { resolveFromCopy, resolveFromFolder } from '../index/manifests/npmResolution';
import type { DeclaredDependency, ResolvedPackage } from '../model/dependency';
import type { NpmPackageScope, NpmResolution, RootedGraph } from '../model/workspaceIndex';
import { isSelfReference, nodeConditions, packageScopeOf, resolveSubpathImport } from '../index/manifests/npmPackageScope';
import { packageNameOfSpecifier } from '../index/imports/packageName';

/**
 * The import target of an npm site: `npm:<name>@<copy>` for the copy it loads, or `npm:<name>` where no lockfile
 * tells which copy (no lockfile, or no recorded folder holds the name). Every copy of a name accepts the name alone,
 * so a site that cannot be placed still counts for each of them: never hidden on a guess.
 */
export function npmImportTarget(name: string, copy?: string): string {
  return copy === undefined ? `npm:${name}` : `npm:${name}@${copy}`;
}

/** The package name of an npm import target (`npm:@scope/name@node_modules/@scope/name` → `@scope/name`). */
export function npmTargetName(target: string): string {
  const key = target.slice('npm:'.length);
  const at = key.indexOf('@', key.startsWith('@') ? 1 : 0);
  return at < 0 ? key : key.slice(0, at);
}

/**
 * Resolves npm import sites with Node's algorithm from the importing file's folder: the nearest `node_modules`
 * copy up the tree as the lockfiles record them (a workspace package's own nested copies first, a symlinked
 * workspace package to its folder), or the importer's resolution for yarn and pnpm. A subpath (`lodash/template`)
 * loads its package. A package loaded by configuration (`loadedBy`) is resolved from the loader's copy, as the
 * loader's own `require` finds it. Through the importing file's package scope (nearest `package.json`): a subpath
 * import (`#db`) loads what its `imports` map gives for the site's conditions (a package, resolved from that
 * `package.json`'s folder, or a file of the package: undefined), and a self-reference (the package's own name, with
 * `exports`) loads the package's own files (undefined), never a copy of that name in `node_modules`. Answers are
 * cached per folder and name: files of one folder share them.
 */
export function npmSiteResolver(graphs: readonly RootedGraph[]): (site: ImportFact) => string | undefined {
  const resolution = mergedResolution(graphs);
  const scopes = new Map(graphs.flatMap((graph) => [...(graph.packageScopes ?? [])]));
  const copyFrom = folderLookup(resolution);
  const targets = new Map<string, Map<string, string | null>>();
  // One string per target, however many folders resolve to it (they are kept by every site of the workspace).
  const targetStrings = new Map<string, string>();
  const shared = (target: string): string => {
    const known = targetStrings.get(target);
    if (known !== undefined) {
      return known;
    }
    targetStrings.set(target, target);
    return target;
  };
  // Sites come file by file: the file's folder and package scope are looked up once per file.
  let lastPath: string | undefined;
  let from = '';
  let scope: NpmPackageScope | undefined;
  let answers = new Map<string, string | null>();
  const resolve = (site: ImportFact): string | null => {
    const loader = site.loadedBy?.loader;
    if (loader !== undefined) {
      const loaderCopy = copyFrom(from, loader);
      const copy = (loaderCopy === null ? undefined : resolveFromCopy(resolution, loaderCopy, site.packageName)) ?? copyFrom(from, site.packageName) ?? undefined;
      return npmImportTarget(site.packageName, copy);
    }
    let name: string | undefined = site.packageName;
    let folder = from;
    if (site.specifier.startsWith('#')) {
      const target = scope && resolveSubpathImport(scope, site.specifier, nodeConditions(site.kind === 'require' || site.kind === 'import-equals'));
      name = target?.kind === 'package' ? packageNameOfSpecifier(target.specifier) : undefined;
      folder = scope?.folder ?? from;
    }
    if (name === undefined || (scope && isSelfReference(scope, name))) {
      return null;
    }
    return npmImportTarget(name, copyFrom(folder, name) ?? undefined);
  };
  return (site) => {
    if (site.path !== lastPath) {
      lastPath = site.path;
      from = parentDir(site.path);
      scope = packageScopeOf(scopes, from);
      answers = targets.get(from) ?? new Map<string, string | null>();
      if (targets.size >= maxCachedFolders) {
        targets.clear();
      }
      targets.set(from, answers);
    }
    const loader = site.loadedBy?.loader;
    const key = loader !== undefined ? `${site.packageName}\0${loader}` : site.specifier.startsWith('#') ? `${site.specifier}\0${site.kind}` : site.packageName;
    let target = answers.get(key);
    if (target === undefined) {
      const resolved = resolve(site);
      target = resolved === null ? null : shared(resolved);
      answers.set(key, target);
    }
    return target ?? undefined;
  };
}

/**
 * Folders whose answers a resolver keeps. Files are resolved folder by folder, so a few hundred keep the hits; a
 * memo of every folder of a large workspace (a map each) cost ~6 MB at 10,000 files.
 */
const maxCachedFolders = 512;

/** Node's lookup over the recorded folders, memoized per folder and name: a folder's own copy or its parent's (null: none). */
function folderLookup(resolution: NpmResolution): (folder: string, name: string) => string | null {
  const found = new Map<string, Map<string, string | null>>();
  const copyFrom = (folder: string, name: string): string | null => {
    let names = found.get(folder);
    if (!names) {
      names = new Map();
      if (found.size >= maxCachedFolders) {
        found.clear();
      }
      found.set(folder, names);
    }
    let copy = names.get(name);
    if (copy === undefined) {
      copy = resolution.folders.get(folder)?.get(name) ?? (folder === '' ? null : copyFrom(parentDir(folder), name));
      names.set(name, copy);
    }
    return copy;
  };
  return copyFrom;
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
