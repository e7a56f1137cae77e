import type { ParseProblem } from '../../model/dependency';
import type { RootedGraph } from '../../model/workspaceIndex';
import { fileName, joinPath, type EcosystemIndexer } from './ecosystem';
import { parentDir } from './npmGraph';
import { pinnedVersion } from './pep508';
import { parsePipfile } from './pipfile';
import { parsePipfileLock } from './pipfileLock';
import { parsePoetryLock } from './poetryLock';
import { buildPypiGraph, type PypiDeclaration, type PypiLock, type PypiLockPackage } from './pypiGraph';
import { parsePyproject, type PyprojectManifest } from './pyprojectToml';
import { isRequirementsPath, parseRequirementsFile, type RequirementsFile } from './requirementsFile';
import { resolveRelative } from '../../model/paths';
import { parseUvLock } from './uvLock';
import { environmentFor, installedEnvironments, virtualenvOfMetadata } from './pythonInstalled';

const pyprojectName = 'pyproject.toml';
const pipfileName = 'Pipfile';
const lockParsers = new Map<string, (text: string, path: string) => { value?: PypiLock; problems: ParseProblem[] }>([
  ['poetry.lock', parsePoetryLock],
  ['uv.lock', parseUvLock],
  ['Pipfile.lock', parsePipfileLock],
]);

/**
 * PyPI. Graphs, each rooted at a folder:
 * - `pyproject.toml` with the `poetry.lock` or `uv.lock` next to it (a uv.lock also covers workspace members below it
 *   that it lists as first-party packages); a lockfile alone still gives a graph of its packages;
 * - `Pipfile` with its `Pipfile.lock`;
 * - pip requirements files, one graph per project folder (a `requirements/` folder belongs to its parent), following
 *   `-r` includes (relative to the including file, among the files given, cycles reported) and using `-c` constraint
 *   pins as versions. Requirements files are manifests, not lockfiles: `==` pins give versions, nothing is transitive.
 *
 * A virtualenv's installed metadata (`<venv>/lib/python3.x/site-packages/*.dist-info/METADATA`, which the host reads
 * since the file walker skips virtualenvs) gives the edges of the graphs rooted at its folder or below that have no
 * lockfile with edges: requirements files, a Pipfile.lock, a pyproject.toml without a lock.
 */
export const pypiEcosystem: EcosystemIndexer = {
  ecosystem: 'pypi',

  isManifestFile(path) {
    const name = fileName(path);
    return name === pyprojectName || name === pipfileName || lockParsers.has(name) || isRequirementsPath(path) || virtualenvOfMetadata(path) !== undefined;
  },

  buildGraphs(files) {
    const problems: ParseProblem[] = [];
    const pyprojects = new Map<string, PyprojectManifest>();
    const pipfiles = new Map<string, PypiDeclaration[]>();
    const locks = new Map<string, PypiLock | undefined>();
    const requirements = new Map<string, RequirementsFile>();
    const keep = <T>(parsed: { value?: T; problems: ParseProblem[] }): T | undefined => {
      problems.push(...parsed.problems);
      return parsed.value;
    };
    const environments = installedEnvironments(files);
    problems.push(...environments.problems);
    const installedFor = (rootDir: string): PypiLock | undefined => environmentFor(rootDir, environments.byOwnerDir);
    for (const [path, text] of files) {
      const name = fileName(path);
      const lockParser = lockParsers.get(name);
      if (virtualenvOfMetadata(path)) {
        continue;
      } else if (lockParser) {
        locks.set(path, keep(lockParser(text, path)));
      } else if (name === pyprojectName) {
        const manifest = keep(parsePyproject(text, path));
        if (manifest) {
          pyprojects.set(path, manifest);
        }
      } else if (name === pipfileName) {
        pipfiles.set(path, keep(parsePipfile(text, path)) ?? []);
      } else {
        const file = keep(parseRequirementsFile(text, path));
        if (file) {
          requirements.set(path, file);
        }
      }
    }
    const graphs = [...pyprojectGraphs(pyprojects, locks, files, installedFor), ...pipfileGraphs(pipfiles, locks, files, installedFor)];
    graphs.push(...requirementsGraphs(requirements, problems, installedFor));
    return { graphs, problems };
  },
};

/** The installed environment serving a project folder, if the workspace has one. */
type InstalledFor = (rootDir: string) => PypiLock | undefined;

function pyprojectGraphs(pyprojects: ReadonlyMap<string, PyprojectManifest>, locks: ReadonlyMap<string, PypiLock | undefined>, files: ReadonlyMap<string, string>, installedFor: InstalledFor): RootedGraph[] {
  const dirs = new Set<string>();
  for (const path of files.keys()) {
    const name = fileName(path);
    if (name === pyprojectName || name === 'poetry.lock' || name === 'uv.lock') {
      dirs.add(parentDir(path));
    }
  }
  // uv workspaces: one uv.lock at the workspace root locks the members, which it lists as first-party packages.
  const claimedBy = new Map<string, string>();
  for (const dir of dirs) {
    const lockPath = joinPath(dir, 'uv.lock');
    const firstParty = new Set(locks.get(lockPath)?.packages.filter((entry) => entry.isFirstParty).map((entry) => entry.name));
    for (const [path, manifest] of pyprojects) {
      const memberDir = parentDir(path);
      const isBelow = dir === '' ? memberDir !== '' : memberDir.startsWith(`${dir}/`);
      const hasOwnLock = files.has(joinPath(memberDir, 'poetry.lock')) || files.has(joinPath(memberDir, 'uv.lock'));
      if (isBelow && !hasOwnLock && manifest.name !== undefined && firstParty.has(manifest.name)) {
        claimedBy.set(path, lockPath);
      }
    }
  }
  const graphs: RootedGraph[] = [];
  for (const dir of [...dirs].sort()) {
    const manifestPath = joinPath(dir, pyprojectName);
    if (claimedBy.has(manifestPath)) {
      continue;
    }
    const lockPath = [joinPath(dir, 'poetry.lock'), joinPath(dir, 'uv.lock')].find((path) => files.has(path));
    const members = [...pyprojects.entries()].filter(([path]) => path === manifestPath || (lockPath !== undefined && claimedBy.get(path) === lockPath));
    const declarations = members.flatMap(([, manifest]) => manifest.declarations);
    const lock = lockPath === undefined ? undefined : locks.get(lockPath);
    if (declarations.length === 0 && !lock) {
      continue;
    }
    const rootManifestPath = pyprojects.has(manifestPath) ? manifestPath : (lockPath ?? manifestPath);
    graphs.push({ rootDir: dir, rootManifestPath, overrides: {}, graph: buildPypiGraph(declarations, lock, undefined, installedFor(dir)) });
  }
  return graphs;
}

function pipfileGraphs(pipfiles: ReadonlyMap<string, PypiDeclaration[]>, locks: ReadonlyMap<string, PypiLock | undefined>, files: ReadonlyMap<string, string>, installedFor: InstalledFor): RootedGraph[] {
  const dirs = new Set([...files.keys()].filter((path) => fileName(path) === pipfileName || fileName(path) === 'Pipfile.lock').map(parentDir));
  return [...dirs].sort().flatMap((dir) => {
    const manifestPath = joinPath(dir, pipfileName);
    const lockPath = joinPath(dir, 'Pipfile.lock');
    const declarations = pipfiles.get(manifestPath) ?? [];
    const lock = locks.get(lockPath);
    if (declarations.length === 0 && !lock) {
      return [];
    }
    const rootManifestPath = pipfiles.has(manifestPath) ? manifestPath : lockPath;
    return [{ rootDir: dir, rootManifestPath, overrides: {}, graph: buildPypiGraph(declarations, lock, undefined, installedFor(dir)) }];
  });
}

/** Folder a requirements file belongs to: `requirements/dev.txt` belongs to the folder holding `requirements/`. */
function projectDirOf(path: string): string {
  const dir = parentDir(path);
  return ['requirements', 'reqs'].includes(fileName(dir).toLowerCase()) ? parentDir(dir) : dir;
}

function requirementsGraphs(files: ReadonlyMap<string, RequirementsFile>, problems: ParseProblem[], installedFor: InstalledFor): RootedGraph[] {
  const resolved = new Map<string, { kind: 'requirement' | 'constraint'; target: string; include: RequirementsFile['includes'][number] }[]>();
  const includedBy = new Set<string>();
  const constraintTargets = new Set<string>();
  for (const [path, file] of files) {
    const edges = file.includes.flatMap((include) => {
      const target = resolveRelative(parentDir(path), include.target);
      if (target === undefined || !files.has(target)) {
        problems.push({ path, message: `Included file ${include.target} is not among the indexed requirements files`, range: include.range });
        return [];
      }
      (include.kind === 'requirement' ? includedBy : constraintTargets).add(target);
      return [{ kind: include.kind, target, include }];
    });
    resolved.set(path, edges);
  }
  const isConstraintsOnly = (path: string): boolean =>
    !includedBy.has(path) && (constraintTargets.has(path) || fileName(path).toLowerCase().includes('constraints'));
  const reported = new Set<string>();
  // Walks `-r` includes depth-first; an include back onto the current path is a cycle, reported and not followed.
  const collect = (path: string, stack: string[], members: Set<string>, constraints: Set<string>): void => {
    members.add(path);
    for (const { kind, target, include } of resolved.get(path) ?? []) {
      if (kind === 'constraint') {
        constraints.add(target);
      } else if (stack.includes(target)) {
        const key = `${path}:${include.range.start.line}`;
        if (!reported.has(key)) {
          reported.add(key);
          problems.push({ path, message: `Circular include: ${[...stack.slice(stack.indexOf(target)), target].join(' → ')}`, range: include.range });
        }
      } else if (!members.has(target)) {
        collect(target, [...stack, target], members, constraints);
      }
    }
  };
  const candidates = [...files.keys()].filter((path) => !isConstraintsOnly(path)).sort();
  const roots = candidates.filter((path) => !includedBy.has(path));
  const reached = new Set<string>();
  const groups = new Map<string, { roots: string[]; members: Set<string>; constraints: Set<string> }>();
  const addRoot = (root: string): void => {
    const dir = projectDirOf(root);
    const group = groups.get(dir) ?? { roots: [], members: new Set<string>(), constraints: new Set<string>() };
    groups.set(dir, group);
    group.roots.push(root);
    collect(root, [root], group.members, group.constraints);
    group.members.forEach((member) => reached.add(member));
  };
  roots.forEach(addRoot);
  // Files only reachable through a cycle have no root of their own: start from the first of them.
  for (const path of candidates) {
    if (!reached.has(path)) {
      addRoot(path);
    }
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([dir, group]) => {
      const declarations = [...group.members].flatMap((member) => files.get(member)?.requirements ?? []);
      const constraints = new Map<string, string>();
      for (const constraintPath of group.constraints) {
        for (const { declared, pinnedVersion: pin } of files.get(constraintPath)?.requirements ?? []) {
          const version = pin ?? pinnedVersion(declared.spec);
          if (version !== undefined && !constraints.has(declared.name)) {
            constraints.set(declared.name, version);
          }
        }
      }
      const preferred = joinPath(dir, 'requirements.txt');
      // `requirements.txt` is often included by `requirements-dev.txt` and so not a root, yet it is the project's manifest.
      const rootManifestPath = group.members.has(preferred) ? preferred : group.roots[0]!;
      const compiled = compiledLock(declarations, rootManifestPath);
      return { rootDir: dir, rootManifestPath, overrides: {}, graph: buildPypiGraph(declarations, compiled, constraints, compiled ? undefined : installedFor(dir)) };
    });
}

/**
 * The graph pip-compile wrote into its output: when every requirement says what it is there for (`# via requests`),
 * each `via` package is an edge to it, so the file is a lockfile with edges. Undefined for hand-written files.
 */
function compiledLock(declarations: readonly PypiDeclaration[], path: string): PypiLock | undefined {
  if (declarations.length === 0 || declarations.some((declaration) => declaration.via === undefined)) {
    return undefined;
  }
  const packages: PypiLockPackage[] = declarations.map((declaration) => ({
    name: declaration.declared.name,
    version: declaration.pinnedVersion,
    dependencies: [],
    extras: new Map(),
    isFirstParty: false,
    range: declaration.declared.range,
  }));
  const byName = new Map(packages.map((entry) => [entry.name, entry]));
  for (const declaration of declarations) {
    for (const parent of declaration.via ?? []) {
      byName.get(parent)?.dependencies.push({ name: declaration.declared.name, extras: [] });
    }
  }
  return { path, packages, hasEdges: true, edgesFrom: path };
}
