import type { ImportFact } from '../index/imports/importFact';
import { moduleForImportPath } from '../index/imports/go';
import { mavenCoordinatesForJavaPackage } from '../index/imports/mavenCoordinates';
import { pythonLocalModules } from '../index/imports/python';
import { distributionForModule } from '../index/imports/pythonModuleToDistribution';
import type { RootedGraph } from '../model/workspaceIndex';
import { packageKey } from './locatePackage';
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
 * index, then the module name), skipping the workspace's own modules; Go import paths to the dependency modules by
 * longest prefix (the workspace's own module is not a dependency); Java packages to declared Maven coordinates where
 * they can be told. Sites that cannot be told (and first-party imports) resolve to undefined, so they never make a
 * package look imported. Callers cache per file (see engine/importSiteIndex).
 */
export function importTargetResolver(graphs: readonly RootedGraph[], files: ReadonlySet<string>, topLevelIndex?: ReadonlyMap<string, string>): (site: ImportFact) => string | undefined {
  const names = (ecosystem: string): string[] => graphs.filter((rooted) => rooted.graph.ecosystem === ecosystem).flatMap((rooted) => rooted.graph.packages.map((pkg) => pkg.name));
  const goModules = [...new Set(names('golang'))];
  const mavenDeclared = [...new Set(names('maven'))].map((name) => {
    const [groupId = '', artifactId = ''] = name.split(':');
    return { groupId, artifactId, name };
  });
  let localPython: ReadonlySet<string> | undefined; // computed on the first Python import: it walks every file
  let npmTarget: ((site: ImportFact) => string) | undefined;
  return (site) => {
    const ecosystem = ecosystemOfSource(site.path);
    let target: string | undefined;
    switch (ecosystem) {
      case 'npm':
        npmTarget ??= npmSiteResolver(graphs);
        return npmTarget(site);
      case 'pypi':
        localPython ??= pythonLocalModules([...files]);
        if (!localPython.has(site.packageName)) {
          const distribution = distributionForModule(site.specifier, topLevelIndex) ?? distributionForModule(site.packageName, topLevelIndex);
          target = distribution === undefined ? undefined : packageKey('pypi', distribution);
        }
        break;
      case 'golang':
        target = moduleForImportPath(site.specifier, goModules);
        break;
      case 'maven':
        target = mavenCoordinatesForJavaPackage(site.packageName, mavenDeclared)?.name;
        break;
      default:
        target = undefined;
    }
    return target !== undefined && ecosystem !== undefined ? `${ecosystem}:${target}` : undefined;
  };
}
