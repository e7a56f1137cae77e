import type { ParseProblem } from '../../model/dependency';
import type { RootedGraph } from '../../model/workspaceIndex';
import { fileName, joinPath, type EcosystemIndexer } from './ecosystem';
import { buildGolangGraph } from './golangGraph';
import { buildGopkgGraph, parseGopkgLock } from './gopkgLock';
import { parseGoMod } from './goMod';
import { parseGoSum } from './goSum';
import { parentDir } from './npmGraph';
import { parseVendorModules, type VendoredModule } from './vendorModules';
import type { DependencyGraph } from '../../model/dependency';

/** Written by `go mod vendor` next to go.mod; the host reads it (the walker never enters `vendor/`). */
const vendorModulesName = 'vendor/modules.txt';

/**
 * The graph with what `vendor/modules.txt` says of each module it lists at the version go.mod selects: the packages
 * compiled in (none, for a module listed without package lines). A module it does not list, or lists at another
 * version (a stale vendor folder, which `go build` refuses), keeps what go.mod says.
 */
function withVendoredPackages(graph: DependencyGraph, path: string, modules: readonly VendoredModule[]): DependencyGraph {
  const byModule = new Map(modules.map((module) => [module.module, module]));
  return {
    ...graph,
    packages: graph.packages.map((pkg) => {
      const vendored = byModule.get(pkg.replacedModule ?? pkg.name);
      if (!vendored || (pkg.replacedModule === undefined && vendored.version !== pkg.version)) {
        return pkg;
      }
      return { ...pkg, compiledPackages: vendored.packages, compiledPackagesSource: { path, range: vendored.range } };
    }),
  };
}

/**
 * Go modules: one graph per go.mod, backed by the go.sum next to it. Versions keep their `v` prefix, as in purls
 * (`pkg:golang/github.com/gin-gonic/gin@v1.9.1`). A go.sum without a go.mod is ignored. A project still on dep has
 * a `Gopkg.lock` and no go.mod: its lock is the graph. A `vendor/modules.txt` beside go.mod (read by the host) says
 * which packages of each module are compiled in.
 */
export const golangEcosystem: EcosystemIndexer = {
  ecosystem: 'golang',

  isManifestFile(path) {
    const name = fileName(path);
    return name === 'go.mod' || name === 'go.sum' || name === 'Gopkg.lock' || path === vendorModulesName || path.endsWith(`/${vendorModulesName}`);
  },

  buildGraphs(files) {
    const problems: ParseProblem[] = [];
    const graphs: RootedGraph[] = [];
    for (const [path, text] of [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (fileName(path) === 'Gopkg.lock' && !files.has(joinPath(parentDir(path), 'go.mod'))) {
        const lock = parseGopkgLock(text, path);
        problems.push(...lock.problems);
        if (lock.value) {
          graphs.push({ rootDir: parentDir(path), rootManifestPath: path, overrides: {}, graph: buildGopkgGraph(lock.value) });
        }
        continue;
      }
      if (fileName(path) !== 'go.mod') {
        continue;
      }
      const goMod = parseGoMod(text, path);
      problems.push(...goMod.problems);
      if (!goMod.value) {
        continue;
      }
      const rootDir = parentDir(path);
      const sumPath = joinPath(rootDir, 'go.sum');
      const sumText = files.get(sumPath);
      const goSum = sumText === undefined ? undefined : parseGoSum(sumText, sumPath);
      problems.push(...(goSum?.problems ?? []));
      const built = buildGolangGraph(goMod.value, goSum?.value ? { path: sumPath, entries: goSum.value } : undefined);
      problems.push(...built.problems);
      const vendorPath = joinPath(rootDir, vendorModulesName);
      const vendorText = files.get(vendorPath);
      const vendored = vendorText === undefined ? undefined : parseVendorModules(vendorText, vendorPath);
      problems.push(...(vendored?.problems ?? []));
      graphs.push({ rootDir, rootManifestPath: path, overrides: {}, graph: vendored?.value ? withVendoredPackages(built.graph, vendorPath, vendored.value) : built.graph });
    }
    return { graphs, problems };
  },
};
