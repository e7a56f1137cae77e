import type { ImportFact } from '../model/importFact';
import { moduleForImportPath } from '../index/imports/go';
import { isKnownJavaPackage, javaLocalPackages, mavenCoordinatesForJavaPackage } from '../index/imports/mavenCoordinates';
import { pythonLocalModules } from '../index/imports/python';
import { distributionForModule } from '../index/imports/pythonModuleToDistribution';
import type { RootedGraph } from '../model/workspaceIndex';
import { packageKey } from './locatePackage';
import { unresolvedImportKey } from './reachability';
import { npmSiteResolver } from './npmCopies';

/** The package ecosystem an importing file belongs to, by its language. */
export function ecosystemOfSource(path: string): string | undefined {
  if (/\.(?:[cm]?[jt]sx?)$/.test(path)) {
    return 'npm';
  }
  if (path.endsWith('.py')) {
    return 'pypi';
  }
  if (path.endsWith('.go')) {
    return 'golang';
  }
  return path.endsWith('.java') ? 'maven' : undefined;
}

/**
 * Resolves import sites to the packages they load, as `ecosystem:key` (see {@link packageKey}), per language: npm to
 * the installed copy Node loads from the importing file (see {@link npmSiteResolver}); Python modules to distributions (curated table, then the workspace virtualenv's `top_level.txt`
 * index, then the module name), skipping the workspace's own modules (those `sys.path` finds from the importing file); Go import paths to the dependency modules by
 * longest prefix, a replaced module to its replacement (the workspace's own module is not a dependency); Java packages to declared Maven coordinates where
 * they can be told (the curated table, then the packages of the jars in a local Maven/Gradle cache). First-party
 * imports resolve to undefined. A Python module or Java package that names no dependency and is not known to come
 * from an undeclared one resolves to {@link unresolvedImportKey}: it never makes a package look imported, but it
 * keeps the packages whose modules are not known from being called unused. Callers cache per file (see
 * engine/importSiteIndex).
 */
export function importTargetResolver(
  graphs: readonly RootedGraph[],
  files: ReadonlySet<string>,
  topLevelIndex?: ReadonlyMap<string, string>,
  javaPackageIndex?: ReadonlyMap<string, readonly string[]>,
): (site: ImportFact) => string | undefined {
  const names = (ecosystem: string): string[] => graphs.filter((rooted) => rooted.graph.ecosystem === ecosystem).flatMap((rooted) => rooted.graph.packages.map((pkg) => pkg.name));
  // Go code imports a replaced module by its own paths, and loads the module that replaces it.
  const goModuleOf = new Map(graphs.filter((rooted) => rooted.graph.ecosystem === 'golang').flatMap((rooted) => rooted.graph.packages.map((pkg) => [pkg.replacedModule ?? pkg.name, pkg.name] as const)));
  const goModules = [...goModuleOf.keys()];
  const mavenDeclared = [...new Set(names('maven'))].map((name) => {
    const [groupId = '', artifactId = ''] = name.split(':');
    return { groupId, artifactId, name };
  });
  const pypiNames = new Set(names('pypi').map((name) => packageKey('pypi', name)));
  let isLocalPython: ((importingPath: string, topLevel: string) => boolean) | undefined; // on the first Python import: it walks every file
  let localJava: ReadonlySet<string> | undefined; // likewise, on the first Java import
  let npmTarget: ((site: ImportFact) => string | undefined) | undefined;
  return (site) => {
    const ecosystem = ecosystemOfSource(site.path);
    let target: string | undefined;
    switch (ecosystem) {
      case 'npm':
        npmTarget ??= npmSiteResolver(graphs);
        return npmTarget(site);
      case 'pypi':
        isLocalPython ??= pythonLocalModules([...files]);
        if (!isLocalPython(site.path, site.packageName)) {
          const distribution = distributionForModule(site.specifier, topLevelIndex) ?? distributionForModule(site.packageName, topLevelIndex);
          const key = distribution === undefined ? undefined : packageKey('pypi', distribution);
          // A distribution named after the module may be a guess; when no graph has it, the module may come from a
          // declared package of another name (`jose` is python-jose's). Table answers (`yaml` → pyyaml) are no guess.
          const isGuess = key === packageKey('pypi', site.packageName.split('.')[0] ?? '');
          target = key !== undefined && isGuess && !pypiNames.has(key) ? '?' : key;
        }
        break;
      case 'golang':
        target = goModuleOf.get(moduleForImportPath(site.specifier, goModules) ?? '');
        break;
      case 'maven': {
        target = mavenCoordinatesForJavaPackage(site.packageName, mavenDeclared, javaPackageIndex)?.name;
        localJava ??= javaLocalPackages([...files]);
        if (target === undefined && !localJava.has(site.packageName) && !isKnownJavaPackage(site.packageName, javaPackageIndex)) {
          target = '?';
        }
        break;
      }
      default:
        target = undefined;
    }
    if (target === '?' && ecosystem !== undefined) {
      return unresolvedImportKey(ecosystem);
    }
    return target !== undefined && ecosystem !== undefined ? `${ecosystem}:${target}` : undefined;
  };
}
