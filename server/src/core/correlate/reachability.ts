import { maxSourceSiteFiles, type Evidence, type Reachability, type SourceSite } from '../model/analysis';
import type { Exposure } from '../model/exposure';
import type { PackageRef } from '../model/finding';
import type { ImportFact } from '../model/importFact';
import { hasKnownParents, type DeclaredDependency, type DependencyGraph, type ResolvedPackage } from '../model/dependency';
import { isInServiceRoot } from '../model/service';
import type { CallsByPath, RootedGraph } from '../model/workspaceIndex';
import type { SourceLocation } from '../model/location';
import { describeSymbolVerdict, findVulnerableCalls, hasSymbolsToFind, verdictOfScans, type FileCallScan, type SymbolVerdict } from './symbolReachability';
import { scanOf, siteFilesOf, summarizeSites, type SiteContext, type SiteFiles, type SiteKind } from './packageSites';
import { asReplacedModulePath, readVulnerableCode, type VulnerableCode } from './vulnerableCode';
import { packageKey } from './locatePackage';
import type { PackageMatch } from './locatePackage';
import { npmTargetName } from './npmCopies';
import { isSubpathImport } from '../index/imports/packageName';

/**
 * The import targets (see `importTargetResolver`) whose sites make a package imported: its own, then those of the
 * dependencies that pull it in. Sites of other targets never count, so callers may pass only these sites.
 */
export function importKeysOf(match: PackageMatch): string[] {
  if (match.importKeys) {
    return [...match.importKeys.own, ...match.importKeys.introducers];
  }
  const pkg = match.package;
  const keyOf = (name: string): string => `${pkg.ecosystem}:${packageKey(pkg.ecosystem, name)}`;
  return [keyOf(pkg.name), ...match.introducedBy.map((dependency) => keyOf(dependency.name))];
}

/** Import sites listed as evidence at most; the count says how many more there are. */
const maxImportEvidence = 5;

/**
 * Decides the reachability tier of a vulnerable package, strongest first: observed loaded at runtime, imported by
 * application code (directly, or through the direct dependency that pulls it in), then the tiers that lower a
 * finding, each only on positive evidence: dev-only (only development dependencies pull it in, by a graph that knows
 * every dependant), declared (the graph knows every dependant and no import reaches it or them). Without that
 * evidence the tier is `unknown`, with the reason: a graph without edges (flat requirements.txt, go.mod
 * `// indirect`, pom.xml), or imports that no table ties to a package. `imports` may include the sites of
 * {@link unresolvedImportKey}.
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
  vulnerablePackages: readonly string[] = [],
): Reachability {
  const context = siteContextOf(ref, match, importTargets, serviceRoot, vulnerableSymbols, vulnerablePackages);
  return decideFromSites(ref, match, siteFilesOf(summarizeSites(imports, context)), context, exposure, callsByPath);
}

/**
 * How a package's sites are told apart for {@link decideFromSites}: by the targets of the package and of what pulls
 * it in, in the service root, with the advisory's vulnerable code read as the package is imported.
 */
export function siteContextOf(
  ref: PackageRef,
  match: PackageMatch,
  importTargets: ReadonlyMap<ImportFact, string>,
  serviceRoot: string,
  vulnerableSymbols: readonly string[],
  vulnerablePackages: readonly string[],
): SiteContext {
  const [ownKey, ...introducerKeys] = importKeysOf(match);
  return {
    ownKeys: new Set(match.importKeys?.own ?? [ownKey]),
    introducers: new Set(introducerKeys),
    unresolvedKey: unresolvedImportKey(match.package.ecosystem),
    importTargets,
    serviceRoot,
    vulnerable: vulnerableCodeOf(ref, match, vulnerableSymbols, vulnerablePackages),
  };
}

/** The advisory's vulnerable code, read as the package is imported (see {@link siteContextOf}). */
export function vulnerableCodeOf(ref: PackageRef, match: PackageMatch, vulnerableSymbols: readonly string[], vulnerablePackages: readonly string[]): VulnerableCode {
  const pkg = match.package;
  // A Go module built in place of another is imported by that module's paths: read the advisory in those paths.
  const asImported = (path: string): string => asReplacedModulePath(path, pkg.name, pkg.replacedModule);
  return readVulnerableCode(ref.ecosystem, vulnerableSymbols.map(asImported), vulnerablePackages.map(asImported));
}

/**
 * {@link decidePackageReachability} from the summaries of the files with sites, in path order (see
 * {@link PackageSiteStore}): what it reads of all of them is merged here, so a decision made from summaries kept
 * across edits is the one a fresh analysis makes.
 */
export function decideFromSites(ref: PackageRef, match: PackageMatch, files: SiteFiles, context: SiteContext, exposure: Exposure, callsByPath: CallsByPath = new Map()): Reachability {
  const pkg = match.package;
  const { importTargets, vulnerable } = context;
  const evidence: Evidence[] = [];
  const runtime = loadedAtRuntime(ref, pkg, exposure);
  if (runtime) {
    evidence.push({ kind: 'runtime', message: `${runtime.name}${runtime.version ? `@${runtime.version}` : ''} observed loaded in production` });
  }
  const isOwn = (site: ImportFact): boolean => context.ownKeys.has(importTargets.get(site) ?? '');
  const replacedBy = pkg.replacedModule === undefined ? '' : `, which ${match.introducedBy[0]?.manifestPath ?? 'go.mod'} replaces with ${pkg.name}`;
  const ownName = (site: ImportFact): string => (vulnerable.packages.length > 0 ? site.specifier : (pkg.replacedModule ?? pkg.name));
  // An npm subpath import (`#db`) names the package its `imports` map resolved it to, and says how.
  const importedName = (site: ImportFact): string => (isSubpathImport(site.specifier) ? `${npmTargetName(importTargets.get(site) ?? '')} (through ${site.specifier})` : site.packageName);
  const viaName = (site: ImportFact): string => (isOwn(site) ? `${ownName(site)}${isSubpathImport(site.specifier) ? ` (through ${site.specifier})` : ''}${replacedBy}` : `${importedName(site)}, which pulls in ${pkg.name}`);
  const sites = new MergedSites(files);
  const cite = (kind: SiteKind, evidenceKind: Evidence['kind'], verb: string): void => {
    for (const site of sites.first(kind, maxImportEvidence)) {
      const how = site.loadedBy ? `${site.loadedBy.trigger}, which loads` : verb;
      evidence.push({ kind: evidenceKind, message: `${site.path}:${site.range.start.line + 1} ${how} ${viaName(site)}`, location: { path: site.path, range: site.range } });
    }
    const count = sites.count(kind);
    if (count > maxImportEvidence) {
      evidence.push({ kind: 'note', message: `…and ${count - maxImportEvidence} more ${verb} sites` });
    }
  };
  cite('app', 'import', 'imports');
  if (!pkg.isDirect && pkg.chain.length > 1) {
    evidence.push({ kind: 'chain', message: `dependency path: ${pkg.chain.join(' → ')}` });
  }
  const declaration = match.introducedBy[0];
  if (declaration) {
    evidence.push({
      kind: 'declaration',
      message: `${pkg.isDirect || declaration.name === pkg.name ? 'declared' : `pulled in by ${declaration.name}, declared`} in ${declaration.manifestPath} (${scopeLabel(declaration.scope, ref.ecosystem)})`,
      location: { path: declaration.manifestPath, range: declaration.range },
    });
  }
  cite('test', 'test-import', 'imports (test code)');
  cite('type', 'type-import', 'imports only types of');

  // Read through the context's own keys and import targets only: the same for every advisory of the package.
  const makeImportSites = (): SourceSite[] => importSitesOf(files, (site) => (isOwn(site) ? undefined : importedName(site)));
  const importSites = files.derive ? files.derive('importSites', [context.ownKeys, importTargets], makeImportSites) : makeImportSites();
  if (runtime) {
    return { tier: 'runtime-loaded', summary: `${pkg.name} is loaded at runtime in production`, evidence, ...(importSites.length > 0 ? { sites: importSites } : {}) };
  }
  if (sites.count('app') > 0) {
    return decideImported({ pkg, match, evidence, vulnerable, callsByPath, importSites, replacedBy, ownName, importedName }, sites);
  }
  const compiledVerdict = decideByCompiledPackages(pkg, vulnerable.packages, declaration, evidence);
  if (compiledVerdict) {
    return compiledVerdict;
  }
  return decideUnimported({ ref, pkg, match, evidence, vulnerable, declaration, cite }, sites);
}

/** The files' sites of each kind taken together, in file order: walked only as far as needed, over the files of the kind. */
class MergedSites {
  constructor(readonly files: SiteFiles) {}

  /** How many sites of a kind. */
  count(kind: SiteKind): number {
    return this.files.count(kind);
  }

  /** The first `limit` sites of a kind. */
  first(kind: SiteKind, limit: number): ImportFact[] {
    const first: ImportFact[] = [];
    for (const file of this.files.filesWith(kind)) {
      for (const site of file[kind]) {
        if (first.length >= limit) {
          return first;
        }
        first.push(site);
      }
    }
    return first;
  }

  /** Every site of a kind (for the few verdicts that read them all). */
  all(kind: SiteKind): ImportFact[] {
    return this.files.filesWith(kind).flatMap((file) => file[kind]);
  }

  /** The distinct values of `name` over the sites of a kind, in order. */
  distinct(kind: SiteKind, name: (site: ImportFact) => string): string[] {
    const names = new Set<string>();
    for (const file of this.files.filesWith(kind)) {
      for (const site of file[kind]) {
        names.add(name(site));
      }
    }
    return [...names];
  }
}

/** The exposure data's record of the package loaded in production, if it has one. */
function loadedAtRuntime(ref: PackageRef, pkg: ResolvedPackage, exposure: Exposure): NonNullable<Exposure['loadedPackages']>[number] | undefined {
  return exposure.loadedPackages?.find(
    (loaded) => loaded.ecosystem === ref.ecosystem && loaded.name === ref.name && (!loaded.version || !pkg.version || loaded.version === pkg.version),
  );
}

/** What the verdict functions below share: the package, its evidence so far, and how sites are told and named. */
interface VerdictContext {
  ref: PackageRef;
  pkg: ResolvedPackage;
  match: PackageMatch;
  evidence: Evidence[];
  vulnerable: VulnerableCode;
  declaration: DeclaredDependency | undefined;
  callsByPath: CallsByPath;
  importSites: SourceSite[];
  replacedBy: string;
  ownName: (site: ImportFact) => string;
  importedName: (site: ImportFact) => string;
  cite: (kind: SiteKind, evidenceKind: Evidence['kind'], verb: string) => void;
}

/** Application code imports the package or what pulls it in: `symbol-called` when a call reaches a vulnerable symbol, else `imported`. */
function decideImported(
  context: Pick<VerdictContext, 'pkg' | 'match' | 'evidence' | 'vulnerable' | 'callsByPath' | 'importSites' | 'replacedBy' | 'ownName' | 'importedName'>,
  sites: MergedSites,
): Reachability {
  const { pkg, match, evidence, vulnerable, callsByPath, importSites, replacedBy, ownName, importedName } = context;
  const ownCount = sites.count('ownApp');
  const direct = ownCount > 0;
  // A package its loader loads is called by the loader, not through the application's bindings: no call verdict.
  const loads = sites.count('ownLoads');
  const verdict = direct && loads === 0 ? callVerdict(sites, callsByPath, vulnerable) : { kind: 'unknown' as const };
  if (verdict.kind === 'called') {
    evidence.unshift(...verdict.evidence);
    return {
      tier: 'symbol-called',
      summary: `application code calls the vulnerable ${verdict.symbols.join(', ')} of ${pkg.name}`,
      evidence,
      vulnerableCode: { symbols: verdict.symbols, isCalled: true },
      sites: [...verdict.sites, ...importSites],
    };
  }
  const words = describeSymbolVerdict(verdict, pkg.name);
  evidence.push(...words.notes);
  // Loaded only by configuration (or through a package that is): the configuring line says why.
  const loadSite = direct ? (loads === ownCount ? sites.first('ownLoads', 1)[0] : undefined) : sites.first('app', 1)[0];
  const loaded = loadSite?.loadedBy && `${loadSite.path}:${loadSite.range.start.line + 1} ${loadSite.loadedBy.trigger}, which loads ${loadSite.packageName}`;
  const ownNames = (): string => (vulnerable.packages.length > 0 ? sites.distinct('ownApp', ownName).join(', ') : (pkg.replacedModule ?? pkg.name));
  const summary = loaded
    ? `${loaded}${direct ? '' : `, which depends on ${pkg.name}`}`
    : direct
      ? `application code imports ${ownNames()}${replacedBy} (${count(sites.count('app'), 'site')})`
      : `application code imports ${importedName(sites.first('app', 1)[0]!)}, which depends on ${pkg.name}`;
  const edgeSource = match.graph.graph.edgeSource;
  if (!direct && edgeSource) {
    const source = /site-packages$/.test(edgeSource) ? `the Requires-Dist metadata of the packages installed in ${edgeSource}` : `the \`# via\` annotations pip-compile wrote in ${edgeSource}`;
    evidence.push({ kind: 'chain', message: `who requires ${pkg.name}: ${source}` });
  }
  const notCalled = words.summary;
  if (pkg.isDevOnly) {
    evidence.push({ kind: 'note', message: `${pkg.name} is only a dev dependency but application code imports it (bundled?)` });
  }
  return {
    tier: 'imported',
    summary: summary + notCalled,
    evidence,
    ...(verdict.kind === 'not-called' ? { vulnerableCode: { symbols: verdict.symbols, isCalled: false } } : {}),
    sites: importSites,
  };
}

/**
 * What the calls through the package's own application sites say (see {@link findVulnerableCalls}): each file's scan
 * is kept on its summary; Go follows calls through other files of the folder, so it is scanned whole.
 */
function callVerdict(sites: MergedSites, callsByPath: CallsByPath, vulnerable: VulnerableCode): SymbolVerdict {
  if (vulnerable.ecosystem === 'golang') {
    return findVulnerableCalls(sites.all('ownApp'), callsByPath, vulnerable);
  }
  if (!hasSymbolsToFind(vulnerable) || sites.count('tracked') === 0) {
    return { kind: 'unknown' };
  }
  const tracked = sites.files.filesWith('tracked');
  const scans = function* (): Generator<FileCallScan> {
    for (const file of tracked) {
      yield scanOf(file, callsByPath, vulnerable);
    }
  };
  return verdictOfScans(sites.files.scansForVerdict?.(callsByPath, vulnerable) ?? scans(), vulnerable, {
    isWholePackageImported: () => false, // asked of Go only
    wildcard: () => tracked.find((file) => file.wildcard !== undefined)?.wildcard,
  });
}

/**
 * No application file imports the package or what pulls it in: the tiers that lower a finding, each only on
 * positive evidence (see README.md), else `unknown` with the reason.
 */
function decideUnimported(context: Pick<VerdictContext, 'ref' | 'pkg' | 'match' | 'evidence' | 'vulnerable' | 'declaration' | 'cite'>, sites: MergedSites): Reachability {
  const { ref, pkg, match, evidence, vulnerable, declaration, cite } = context;
  // Below here the verdict would lower the finding: only positive evidence may do that (see README.md).
  const devOnly = { tier: 'dev-only' as const, summary: `${pkg.name} is only used in development (pulled in by ${ref.ecosystem === 'npm' ? 'devDependencies' : 'development or test dependencies'})`, evidence };
  if (pkg.isDevOnly && isScopeFinal(match)) {
    return devOnly;
  }
  if (sites.count('unresolved') > 0) {
    for (const site of sites.first('unresolved', maxImportEvidence)) {
      evidence.push({ kind: 'import', message: `${site.path}:${site.range.start.line + 1} imports ${site.packageName}, which no dependency is known to provide`, location: { path: site.path, range: site.range } });
    }
    const names = sites.distinct('unresolved', (site) => site.packageName);
    return {
      tier: 'unknown',
      summary: `no import is tied to ${pkg.name}, but application code imports ${names.slice(0, 3).join(', ')}${names.length > 3 ? ', …' : ''}, which no dependency is known to provide: ${names.length === 1 ? 'it' : 'one of them'} may belong to ${pkg.name}`,
      evidence,
    };
  }
  const isGraphKnown = hasKnownParents(pkg, match.graph.graph);
  if (pkg.isDevOnly && isGraphKnown) {
    return devOnly;
  }
  if (sites.count('otherApp') > 0) {
    cite('otherApp', 'import', 'imports');
    const imported = sites.distinct('otherApp', (site) => site.specifier).join(', ');
    const otherPackages = `application code imports ${imported}, not the vulnerable ${vulnerable.packages.join(', ')}`;
    // Positive evidence only where no other module may import the vulnerable package instead: a graph says who
    // imports what, or go.mod requires nothing else (see README.md, "Absence of evidence is unknown").
    const others = otherRequires(pkg, match.graph.graph);
    if (isGraphKnown || (pkg.isDirect && others.length === 0)) {
      return { tier: 'declared', summary: otherPackages, evidence };
    }
    if (!pkg.isDirect) {
      evidence.push({ kind: 'note', message: otherPackages }); // the `// indirect` reason below says more
    } else {
      const reason = `${otherPackages}; go.mod also requires ${others.slice(0, 3).join(', ')}${others.length > 3 ? ` and ${others.length - 3} more` : ''}, which may import it, and records no graph of who imports what (go.sum is not one)`;
      evidence.push({ kind: 'note', message: reason });
      return { tier: 'unknown', summary: `${pkg.name}: ${reason}`, evidence };
    }
  }
  const why = sites.count('test') > 0 ? 'only test code imports it' : sites.count('type') > 0 ? 'only type imports name it' : 'nothing imports it';
  if (!isGraphKnown) {
    const reason = pkg.unknownParentsReason ?? unknownParentsReason(pkg, declaration);
    evidence.push({ kind: 'note', message: reason });
    const devOnly = pkg.isDevOnly ? ' and only development dependencies declare it' : '';
    return { tier: 'unknown', summary: `${pkg.name}: ${why}${devOnly}, but ${reason}`, evidence };
  }
  return { tier: 'declared', summary: `${pkg.name} is declared but ${why}`, evidence };
}

/**
 * What a build record of the packages compiled in (dep's `Gopkg.lock`, `vendor/modules.txt`) says when no application
 * file imports the module: `declared` when the vulnerable package (or, without one, any package of the module) is not
 * compiled in, `imported` (by a dependency) when it is. Undefined without such a record.
 */
function decideByCompiledPackages(pkg: ResolvedPackage, vulnerablePackages: readonly string[], declaration: DeclaredDependency | undefined, evidence: Evidence[]): Reachability | undefined {
  const compiled = pkg.compiledPackages;
  const at = pkg.compiledPackagesSource ?? (declaration && { path: declaration.manifestPath, range: declaration.range });
  if (compiled === undefined || !at) {
    return undefined;
  }
  const where = `${at.path}:${at.range.start.line + 1}`;
  const compiledVulnerable = vulnerablePackages.length === 0 ? compiled : compiled.filter((path) => vulnerablePackages.includes(path));
  if (compiledVulnerable.length === 0) {
    // The record lists the module's packages the build compiles in: positive evidence that the vulnerable one is not.
    const listed = compiled.length === 0 ? `no package of ${pkg.name}` : `${compiled.slice(0, 3).join(', ')}${compiled.length > 3 ? ', …' : ''}`;
    evidence.push({ kind: 'note', message: `${where} lists ${listed} as compiled into the build`, location: at });
    const what = vulnerablePackages.length > 0 ? `the vulnerable ${vulnerablePackages.join(', ')} is not one of them` : 'none is compiled in';
    return { tier: 'declared', summary: `${at.path} records the packages of ${pkg.name} the build compiles in, and ${what}`, evidence };
  }
  const listed = `${compiled.slice(0, 3).join(', ')}${compiled.length > 3 ? `, and ${compiled.length - 3} more` : ''}`;
  evidence.push({ kind: 'note', message: `${where} lists ${listed} as compiled into the build`, location: at });
  const tests = at.path.endsWith('modules.txt') ? 'go mod vendor also counts the imports of the module\'s tests' : 'dep also counts the imports of tests';
  return {
    tier: 'imported',
    summary: `${at.path} records that the build compiles in ${listed}; no application file imports ${pkg.name}, so a dependency does (${tests})`,
    evidence,
  };
}

/**
 * Application import sites as source sites, in {@link maxSourceSiteFiles} files at most, the first by path (files
 * usually come in path order, and then nothing is sorted); `via` names another package imported.
 */
function importSitesOf(files: SiteFiles, via: (site: ImportFact) => string | undefined): SourceSite[] {
  const withApp = files.filesWith('app');
  let kept = withApp.slice(0, maxSourceSiteFiles);
  if (!files.isPathOrdered && withApp.some((file, at) => at > 0 && withApp[at - 1]!.path >= file.path)) {
    const paths = new Set(withApp.map((file) => file.path).sort().slice(0, maxSourceSiteFiles));
    kept = withApp.filter((file) => paths.has(file.path));
  }
  const sites: SourceSite[] = [];
  for (const file of kept) {
    for (const site of file.app) {
      const viaPackage = via(site);
      sites.push({ kind: 'import', location: { path: site.path, range: site.range }, ...(viaPackage ? { via: viaPackage } : {}) });
    }
  }
  return sites;
}

/**
 * Where a vulnerable package that no graph of the service lists is shown, when a graph cannot list it: a manifest of
 * the package's ecosystem that records no transitive packages (a requirements.txt or pom.xml without a lockfile or
 * installed metadata) may well install it through a declared dependency, so the finding is `unknown` on that
 * manifest's first line rather than "not in this workspace". Undefined when every such graph lists all it installs.
 */
export function locateUnlistedPackage(graphs: readonly RootedGraph[], serviceRoot: string, ref: PackageRef): { location: SourceLocation; reachability: Reachability } | undefined {
  const partial = graphs.find(
    (rooted) => rooted.graph.ecosystem === ref.ecosystem && !rooted.graph.hasLockfile && rooted.graph.edgeSource === undefined && isInServiceRoot(rooted.rootManifestPath, serviceRoot),
  );
  if (!partial) {
    return undefined;
  }
  const manifest = partial.rootManifestPath;
  const location = { path: manifest, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
  return {
    location,
    reachability: {
      tier: 'unknown',
      summary: `${ref.name} is not listed in ${manifest}, which has no lockfile to list every package it installs: something declared there may pull it in`,
      evidence: [{ kind: 'declaration', message: `${manifest} lists no transitive packages`, location }],
    },
  };
}

/**
 * The import target of sites whose package could not be told (a Python module or Java package no table, installed
 * metadata or jar maps to a dependency): any package of that ecosystem whose modules are not all known may be it.
 */
export function unresolvedImportKey(ecosystem: string): string {
  return `${ecosystem}:?`;
}

/**
 * Maven's dependency mediation keeps the nearest declaration's scope: a pom.xml that declares a package with test or
 * provided scope keeps it off the runtime classpath even when something else also depends on it.
 */
function isScopeFinal(match: PackageMatch): boolean {
  return match.package.ecosystem === 'maven' && match.package.isDirect && match.introducedBy.every((dependency) => dependency.manifestPath.endsWith('pom.xml'));
}

/** The other modules a go.mod requires (any of them may import a package of this one). */
function otherRequires(pkg: ResolvedPackage, graph: DependencyGraph): string[] {
  return [...new Set(graph.packages.map((other) => other.name).filter((name) => name !== pkg.name && name !== pkg.replacedModule))];
}

/** Why a package's graph cannot say what depends on it, in the words of the file that lacks the edges. */
function unknownParentsReason(pkg: ResolvedPackage, declaration: DeclaredDependency | undefined): string {
  const manifest = declaration?.manifestPath ?? 'the manifest';
  const file = manifest.slice(manifest.lastIndexOf('/') + 1);
  switch (pkg.ecosystem) {
    case 'golang':
      if (file === 'go.mod' && !pkg.isDirect) {
        return `go.mod marks it \`// indirect\` (a dependency requires it) and records no dependency graph (go.sum is not one), so which dependency pulls it in is not known`;
      }
      return `${file} records no dependency graph, so whether another module also requires it is not known`;
    case 'pypi':
      if (file === 'Pipfile.lock') {
        return 'Pipfile.lock records no dependency edges, so what pulls it in is not known';
      }
      return `${file} records no dependency graph (no lockfile or installed package metadata says who requires what), so it may be pulled in by another requirement`;
    case 'maven':
      return `${file} records no transitive dependency graph, so whether another dependency pulls it in is not known`;
    default:
      return `no lockfile records the dependency graph, so whether another dependency pulls it in is not known`;
  }
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

/**
 * The verdict said while source files are still being indexed: only runtime evidence (from the backend, not the
 * sources) is final; any other tier could still move once every file is read. The evidence found so far is kept.
 */
export function indexingReachability(packageName: string, provisional: Reachability): Reachability {
  if (provisional.tier === 'runtime-loaded') {
    return provisional;
  }
  return {
    tier: 'indexing',
    summary: `${packageName}: source files are still being indexed; the verdict follows when they are`,
    evidence: provisional.evidence,
  };
}
