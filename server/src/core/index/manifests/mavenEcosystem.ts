import type { ParseProblem } from '../../model/dependency';
import type { RootedGraph } from '../../model/workspaceIndex';
import { declaredPackages } from './declaredPackages';
import { fileName, joinPath, type EcosystemIndexer } from './ecosystem';
import { parseGradleBuild } from './gradleBuild';
import { buildGradleGraph } from './gradleGraph';
import { parseGradleLockfile } from './gradleLockfile';
import { modulePomPaths, resolveMavenProjects } from './mavenProject';
import { parentDir } from './npmGraph';
import { parsePom, type Pom } from './pomXml';

const gradleBuildNames = ['build.gradle.kts', 'build.gradle'];
const gradleLockName = 'gradle.lockfile';

/**
 * Maven coordinates (purl type `maven`, names `groupId:artifactId`), from two build tools:
 * - Maven: one graph per aggregator pom not itself a module of another, covering its `<modules>` recursively; a pom
 *   outside any aggregator gets its own graph. Maven has no lockfile, so graphs hold the declared dependencies only,
 *   with their effective versions (see `resolveMavenProjects`).
 * - Gradle: one graph per folder holding `build.gradle(.kts)` and/or `gradle.lockfile`.
 */
export const mavenEcosystem: EcosystemIndexer = {
  ecosystem: 'maven',

  isManifestFile(path) {
    const name = fileName(path);
    return name === 'pom.xml' || name === gradleLockName || gradleBuildNames.includes(name);
  },

  buildGraphs(files) {
    const problems: ParseProblem[] = [];
    const poms = new Map<string, Pom>();
    for (const [path, text] of files) {
      if (fileName(path) === 'pom.xml') {
        const parsed = parsePom(text, path);
        problems.push(...parsed.problems);
        if (parsed.value) {
          poms.set(path, parsed.value);
        }
      }
    }
    const graphs = [...mavenGraphs(poms, problems), ...gradleGraphs(files, problems)];
    return { graphs, problems };
  },
};

function mavenGraphs(poms: ReadonlyMap<string, Pom>, problems: ParseProblem[]): RootedGraph[] {
  const projects = resolveMavenProjects(poms);
  problems.push(...projects.problems);
  const modules = new Set([...poms.values()].flatMap(modulePomPaths));
  const graphs: RootedGraph[] = [];
  const assigned = new Set<string>();
  const collect = (path: string, members: string[]): void => {
    const pom = poms.get(path);
    if (!pom || members.includes(path)) {
      return;
    }
    members.push(path);
    pom.modules.forEach((module) => {
      const modulePath = modulePomPaths({ ...pom, modules: [module] })[0];
      if (modulePath === undefined || !poms.has(modulePath)) {
        problems.push({ path, message: `Module ${module} has no pom.xml in the repository`, range: pom.modulesRange });
      } else {
        collect(modulePath, members);
      }
    });
  };
  // Roots first; then poms only reachable through a cycle of <modules>, so that every pom lands in one graph.
  const roots = [...poms.keys()].filter((path) => !modules.has(path)).sort();
  for (const path of [...roots, ...[...poms.keys()].sort()]) {
    if (assigned.has(path)) {
      continue;
    }
    const members: string[] = [];
    collect(path, members);
    members.forEach((member) => assigned.add(member));
    const declarations = members.flatMap((member) => projects.declarations.get(member) ?? []);
    // The modules of a multi-module build are first-party components of the application, like npm workspaces.
    const workspacePackages = members
      .filter((member) => member !== path)
      .flatMap((member) => {
        const [groupId, artifactId, version] = (projects.coordinates.get(member) ?? '').split(':');
        return groupId && artifactId && groupId !== 'undefined' && artifactId !== 'undefined'
          ? [{ name: `${groupId}:${artifactId}`, ...(version && version !== 'undefined' && !version.includes('${') ? { version } : {}), manifestPath: member }]
          : [];
      });
    graphs.push({
      ...(workspacePackages.length > 0 ? { workspacePackages } : {}),
      rootDir: parentDir(path),
      rootManifestPath: path,
      overrides: {},
      graph: {
        ecosystem: 'maven',
        declared: declarations.map((declaration) => declaration.declared),
        hasLockfile: false,
        // A dependency on a module of the repository is first-party code, like an npm workspace link.
        packages: declaredPackages('maven', declarations.filter((declaration) => !projects.firstParty.has(declaration.declared.name))),
      },
    });
  }
  return graphs;
}

function gradleGraphs(files: ReadonlyMap<string, string>, problems: ParseProblem[]): RootedGraph[] {
  const dirs = new Set([...files.keys()].filter((path) => fileName(path) === gradleLockName || gradleBuildNames.includes(fileName(path))).map(parentDir));
  return [...dirs].sort().map((dir) => {
    const buildPath = gradleBuildNames.map((name) => joinPath(dir, name)).find((path) => files.has(path));
    const lockPath = joinPath(dir, gradleLockName);
    const buildText = buildPath === undefined ? undefined : files.get(buildPath);
    const build = buildText === undefined || buildPath === undefined ? undefined : parseGradleBuild(buildText, buildPath);
    const lockText = files.get(lockPath);
    const lock = lockText === undefined ? undefined : parseGradleLockfile(lockText, lockPath);
    problems.push(...(build?.problems ?? []), ...(lock?.problems ?? []));
    return {
      rootDir: dir,
      rootManifestPath: buildPath ?? lockPath,
      overrides: {},
      graph: buildGradleGraph(build?.value ?? [], lock?.value && { path: lockPath, entries: lock.value }),
    };
  });
}
