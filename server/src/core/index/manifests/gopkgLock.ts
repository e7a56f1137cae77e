import type { DependencyGraph, Parsed, ResolvedPackage } from '../../model/dependency';
import type { Range } from '../../model/location';
import { lockEntryDeclaration } from './lockEntryDeclaration';
import { tomlString, tomlStrings, tomlTableAt } from './tomlDocument';
import { readNamedArrayTables } from './tomlLockPackages';

/** One `[[projects]]` entry of a dep `Gopkg.lock`. */
export interface GopkgProject {
  /** The project root, an import path prefix (`github.com/valyala/fasthttp`). */
  name: string;
  /** The released version (`v1.2.3`), when dep locked one rather than a branch or revision. */
  version?: string;
  revision?: string;
  /** The project's packages the build compiles in, relative to `name` (`.` is the root package). */
  packages: string[];
  /** The `name = "…"` line. */
  range: Range;
}

/** A parsed `Gopkg.lock`. */
export interface GopkgLock {
  path: string;
  projects: GopkgProject[];
  /** `[solve-meta] input-imports`: the import paths of dependencies that the root project imports (dep ≥ 0.5). */
  inputImports?: string[];
}

/**
 * Reads dep's `Gopkg.lock` (TOML): each `[[projects]]` with its name, version or revision and the `packages` of it
 * that the build compiles in, plus `[solve-meta] input-imports`. Never throws; a project without a name is skipped.
 */
export function parseGopkgLock(text: string, path: string): Parsed<GopkgLock> {
  const tables = readNamedArrayTables(text, path, 'projects', 'Gopkg.lock');
  if (!tables.value) {
    return { problems: tables.problems };
  }
  const projects: GopkgProject[] = tables.value.entries.map(({ entry, name, range }) => ({
    name,
    version: tomlString(entry.version),
    revision: tomlString(entry.revision),
    packages: tomlStrings(entry.packages),
    range,
  }));
  const solveMeta = tomlTableAt(tables.value.root, ['solve-meta']);
  const inputImports = solveMeta && Array.isArray(solveMeta['input-imports']) ? tomlStrings(solveMeta['input-imports']) : undefined;
  return { value: { path, projects, inputImports }, problems: [] };
}

/**
 * The Go graph of a project managed by dep: every locked project is a package, introduced by its own lock entry
 * (dep records no edges, so no project's dependants are known). A project the root imports (`input-imports`) is
 * direct. Each keeps the packages the lock says the build compiles in, which is positive evidence that the program
 * imports them, directly or through a dependency.
 */
export function buildGopkgGraph(lock: GopkgLock): DependencyGraph {
  const imported = lock.inputImports ?? [];
  const packages: ResolvedPackage[] = lock.projects.map((project) => ({
    ecosystem: 'golang',
    name: project.name,
    version: project.version,
    ...(project.version === undefined && project.revision !== undefined ? { revision: project.revision } : {}),
    isDirect: imported.some((importPath) => importPath === project.name || importPath.startsWith(`${project.name}/`)),
    isDevOnly: false,
    introducedBy: [lockEntryDeclaration(project.name, project.version ?? project.revision, 'prod', lock.path, project.range)],
    chain: [project.name],
    hasKnownParents: false,
    compiledPackages: project.packages.map((pkg) => (pkg === '.' ? project.name : `${project.name}/${pkg.replace(/^\.\//, '')}`)),
  }));
  return { ecosystem: 'golang', declared: [], packages, hasLockfile: true };
}
