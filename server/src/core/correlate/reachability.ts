import type { Evidence, Reachability } from '../model/analysis';
import type { Exposure } from '../model/exposure';
import type { PackageRef } from '../model/finding';
import type { ImportFact } from '../index/imports/importFact';
import { isInServiceRoot } from '../model/service';
import { isTestPath, type CallsByPath } from '../model/workspaceIndex';
import { findVulnerableCalls } from './symbolReachability';
import { packageKey } from './locatePackage';
import type { PackageMatch } from './locatePackage';

/**
 * The import targets (see `importTargetResolver`) whose sites make a package imported: its own, then those of the
 * dependencies that pull it in. Sites of other targets never count, so callers may pass only these sites.
 */
export function importKeysOf(match: PackageMatch): string[] {
  const pkg = match.package;
  const keyOf = (name: string): string => `${pkg.ecosystem}:${packageKey(pkg.ecosystem, name)}`;
  return [keyOf(pkg.name), ...match.introducedBy.map((dependency) => keyOf(dependency.name))];
}

/** Import sites listed as evidence at most; the count says how many more there are. */
const maxImportEvidence = 5;

/**
 * Decides the reachability tier of a vulnerable package, strongest first: observed loaded at runtime, imported by
 * application code (directly, or through the direct dependency that pulls it in), declared only, dev-only.
 */
export function decidePackageReachability(
  ref: PackageRef,
  match: PackageMatch,
  imports: readonly ImportFact[],
  importTargets: ReadonlyMap<ImportFact, string>,
  serviceRoot: string,
  exposure: Exposure,
  callsByPath: CallsByPath = new Map(),
  vulnerableSymbols: readonly string[] = [],
): Reachability {
  const pkg = match.package;
  const evidence: Evidence[] = [];
  const runtime = exposure.loadedPackages?.find(
    (loaded) => loaded.ecosystem === ref.ecosystem && loaded.name === ref.name && (!loaded.version || !pkg.version || loaded.version === pkg.version),
  );
  if (runtime) {
    evidence.push({ kind: 'runtime', message: `${runtime.name}${runtime.version ? `@${runtime.version}` : ''} observed loaded in production` });
  }
  const [ownKey, ...introducerKeys] = importKeysOf(match);
  const introducers = new Set(introducerKeys);
  const isOwn = (site: ImportFact): boolean => importTargets.get(site) === ownKey;
  const viaName = (site: ImportFact): string => (isOwn(site) ? pkg.name : `${site.packageName}, which pulls in ${pkg.name}`);
  const sites = imports.filter((site) => {
    const target = importTargets.get(site);
    return target !== undefined && isInServiceRoot(site.path, serviceRoot) && (target === ownKey || introducers.has(target));
  });
  const appSites = sites.filter((site) => !site.isTypeOnly && !isTestPath(site.path));
  const testSites = sites.filter((site) => !site.isTypeOnly && isTestPath(site.path));
  const typeSites = sites.filter((site) => site.isTypeOnly);
  const cite = (list: ImportFact[], kind: Evidence['kind'], verb: string): void => {
    for (const site of list.slice(0, maxImportEvidence)) {
      evidence.push({ kind, message: `${site.path}:${site.range.start.line + 1} ${verb} ${viaName(site)}`, location: { path: site.path, range: site.range } });
    }
    if (list.length > maxImportEvidence) {
      evidence.push({ kind: 'note', message: `…and ${list.length - maxImportEvidence} more ${verb} sites` });
    }
  };
  cite(appSites, 'import', 'imports');
  if (!pkg.isDirect && pkg.chain.length > 1) {
    evidence.push({ kind: 'chain', message: `dependency path: ${pkg.chain.join(' → ')}` });
  }
  const declaration = match.introducedBy[0];
  if (declaration) {
    evidence.push({
      kind: 'declaration',
      message: `${pkg.isDirect ? 'declared' : `pulled in by ${declaration.name}, declared`} in ${declaration.manifestPath} (${scopeLabel(declaration.scope, ref.ecosystem)})`,
      location: { path: declaration.manifestPath, range: declaration.range },
    });
  }
  cite(testSites, 'test-import', 'imports (test code)');
  cite(typeSites, 'type-import', 'imports only types of');

  if (runtime) {
    return { tier: 'runtime-loaded', summary: `${pkg.name} is loaded at runtime in production`, evidence };
  }
  if (appSites.length > 0) {
    const direct = appSites.some(isOwn);
    const verdict = vulnerableSymbols.length > 0 && direct ? findVulnerableCalls(appSites.filter(isOwn), callsByPath, vulnerableSymbols) : { kind: 'unknown' as const };
    if (verdict.kind === 'called') {
      evidence.unshift(...verdict.evidence);
      return { tier: 'symbol-called', summary: `application code calls the vulnerable ${verdict.symbols.join(', ')} of ${pkg.name}`, evidence, vulnerableCode: { symbols: verdict.symbols, isCalled: true } };
    }
    if (verdict.kind === 'not-called') {
      evidence.push({ kind: 'note', message: `vulnerable function ${verdict.symbols.join(', ')} not called (${verdict.callsChecked} calls on ${pkg.name} checked); still imported, so kept at this tier` });
    }
    const summary = direct
      ? `application code imports ${pkg.name} (${count(appSites.length, 'site')})`
      : `application code imports ${appSites[0]!.packageName}, which depends on ${pkg.name}`;
    const notCalled = verdict.kind === 'not-called' ? `; the vulnerable ${verdict.symbols.join(', ')} is not called` : '';
    if (pkg.isDevOnly) {
      evidence.push({ kind: 'note', message: `${pkg.name} is only a dev dependency but application code imports it (bundled?)` });
    }
    return { tier: 'imported', summary: summary + notCalled, evidence, ...(verdict.kind === 'not-called' ? { vulnerableCode: { symbols: verdict.symbols, isCalled: false } } : {}) };
  }
  if (pkg.isDevOnly) {
    return { tier: 'dev-only', summary: `${pkg.name} is only used in development (pulled in by ${ref.ecosystem === 'npm' ? 'devDependencies' : 'development or test dependencies'})`, evidence };
  }
  const why = testSites.length > 0 ? 'only test code imports it' : typeSites.length > 0 ? 'only type imports name it' : 'nothing imports it';
  return { tier: 'declared', summary: `${pkg.name} is declared but ${why}`, evidence };
}

function scopeLabel(scope: string, ecosystem: string): string {
  if (ecosystem === 'npm') {
    return scope === 'dev' ? 'devDependencies' : scope === 'prod' ? 'dependencies' : `${scope}Dependencies`;
  }
  return scope === 'dev' ? 'development/test scope' : scope === 'prod' ? 'runtime scope' : `${scope} scope`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
