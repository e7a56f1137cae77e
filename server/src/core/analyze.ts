import * as semver from 'semver';
import { decideFromSites, decidePackageReachability, importKeysOf, indexingReachability, locateUnlistedPackage, siteContextOf, unresolvedImportKey, vulnerableCodeOf } from './correlate/reachability';
import { PackageSiteStore } from './correlate/packageSites';
import { isInstalledVersionAffected, locatePackage, type PackageMatch } from './correlate/locatePackage';
import { locateCodeFinding } from './correlate/locateCode';
import { planDirectUpgrade, planTransitiveOverride } from './fixes/npmUpgrade';
import { planManifestUpgrade, specFloor } from './fixes/manifestUpgrade';
import { asVersionOf, fixedVersionsOf } from './fixes/lowestFixedVersion';
import { builtInQuickFix, suggestedQuickFix } from './fixes/suggestedFix';
import { compareVersions } from './versions/compareVersions';
import type { AnalyzedFinding, FixPlan, QuickFix, Reachability } from './model/analysis';
import type { Exposure } from './model/exposure';
import { partitionPoint } from './model/lists';
import type { Finding } from './model/finding';
import type { Policy } from './model/policy';
import type { SourceLocation } from './model/location';
import type { RouteFact } from './model/routeFact';
import type { IacResource } from './model/iacFacts';
import { createEndpointMatcher } from './index/routes/matchEndpoint';
import { isInServiceRoot } from './model/service';
import type { Service } from './model/service';
import { evaluatePolicies, policyDueTime } from './prioritize/policies';
import { iacInternetExposure } from './correlate/iacExposure';
import { assetExposureOf, deployingFileOf } from './correlate/assetExposure';
import type { CallsByPath, WorkspaceIndex } from './model/workspaceIndex';
import { scorePriority } from './prioritize/score';
import { decideFilter, type SurfacePolicy } from './prioritize/surface';
import { matchIgnoreEntry, type IgnoreEntry } from './triage/ignoreFile';
import { baselineStateOf, type Baseline } from './baseline/baseline';
import { isSameJson } from './model/sameJson';

/** Everything known about one service: its findings and its runtime exposure. */
export interface ServiceData {
  service: Service;
  findings: Finding[];
  exposure: Exposure;
  hasExposureData: boolean;
  /** The organisation's policies for the service (absent in snapshots saved before policies existed). */
  policies?: Policy[];
}

/** What the analysis needs besides the findings and the index: the time, and the local ignore entries. */
export interface AnalysisContext {
  now: Date;
  ignores: readonly IgnoreEntry[];
  /** The base of the branch, to tell what it introduces (`--since`, `aspm.diagnostics.scope: changed`). */
  baseline?: Baseline;
  /**
   * The manifests are read but source files are still being indexed: package verdicts that the sources could change
   * are said as `indexing` (see {@link indexingReachability}).
   */
  isIndexing?: boolean;
}

/** Ecosystems whose manifests the index reads; other SCA findings have unknown reachability. */
const indexedEcosystems = new Set(['npm', 'pypi', 'golang', 'maven']);

/**
 * Correlates a service's findings with the workspace, decides reachability, scores and filters them.
 * Pure: the result depends only on the arguments. Sorted by priority, highest first.
 */
export function analyzeService(data: ServiceData, index: WorkspaceIndex, policy: SurfacePolicy, context: AnalysisContext, memo?: AnalysisMemo): AnalyzedFinding[] {
  const routes = new RouteLookup(index.routes, data.service.root, data.exposure);
  const [iacSignal] = data.exposure.isInternetFacing === undefined ? iacInternetExposure(data.service, index.iac) : [];
  const iacInternetFacing = iacSignal ? `${iacSignal.location.path}:${iacSignal.location.range.start.line + 1}: ${iacSignal.message}` : undefined;
  const deployedBy = data.hasExposureData || iacSignal ? deployingFileOf(data.service, index.iac, iacSignal ? [iacSignal] : iacInternetExposure(data.service, index.iac)) : undefined;
  const shared = new SharedLookups(index, data, memo);
  const analyze = (finding: Finding): AnalyzedFinding => analyzeFinding(finding, data, index, policy, context, routes, iacInternetFacing, shared, deployedBy);
  const byPriority = (a: AnalyzedFinding, b: AnalyzedFinding): number => b.priority.score - a.priority.score || a.finding.id.localeCompare(b.finding.id);
  if (!memo) {
    return data.findings.map(analyze).sort(byPriority);
  }
  // Findings are grouped by what their analysis reads (a package's location and reachability, a file's text…);
  // only the groups whose inputs changed are analysed again, the others keep their results (the same objects).
  memo.groups ??= groupFindings(data.findings);
  const stale = new Set<AnalyzedFinding>();
  const fresh: AnalyzedFinding[] = [];
  // The exposure factor names the file that deploys the service: it moves with the IaC.
  // Results read the time only through ignore entries that expire and SLAs that run out: they are kept across
  // analyses while the same entries have expired and the same SLAs have run out.
  const now = context.now.getTime();
  const expiredIgnores = context.ignores.reduce((count, entry) => count + (entry.expires !== undefined && Date.parse(entry.expires) <= now ? 1 : 0), 0);
  const baselineKey = `${context.baseline ? `|b${memo.revisions.iac}` : ''}|d${deployedBy ?? ''}|x${expiredIgnores}`;
  for (const group of memo.groups.values()) {
    const key = groupKeyOf(group, memo.revisions, shared, data.service.root, routes);
    const overdue = group.dueTimes ? countPast(group.dueTimes, now) : 0;
    if (group.results && group.key === key && group.serviceKey === baselineKey && group.overdue === overdue) {
      continue;
    }
    group.results?.forEach((analyzed) => stale.add(analyzed));
    group.key = key;
    group.serviceKey = baselineKey;
    group.results = group.findings.map(analyze);
    group.dueTimes = dueTimesOf(group.results, data);
    group.overdue = group.dueTimes ? countPast(group.dueTimes, now) : 0;
    for (const analyzed of group.results) {
      fresh.push(analyzed);
    }
  }
  if (fresh.length === 0 && stale.size === 0) {
    return memo.sorted;
  }
  // The previous order of the kept results still holds: merged with the new ones, sorted on their own.
  const kept = stale.size > 0 ? memo.sorted.filter((analyzed) => !stale.has(analyzed)) : memo.sorted;
  memo.sorted = mergeSorted(kept, fresh.sort(byPriority), byPriority);
  return memo.sorted;
}

/**
 * Results of a previous analysis of the same service, to reuse for findings whose inputs did not change. The caller
 * keeps one per service data and drops it when anything besides the index revisions and the time changes (the
 * service data, the policy, the ignore entries, the baseline). The time is compared here: results are made again only
 * when an ignore entry expired or an SLA ran out since.
 */
export interface AnalysisMemo {
  revisions: IndexRevisions;
  groups?: Map<string, FindingGroup>;
  sorted: AnalyzedFinding[];
  /** Fix plans by the declaration they edit, kept while the manifest text they were planned on stays (see {@link plannedFix}). */
  fixPlans?: WeakMap<object, Map<string, { text: string | undefined; plan: FixPlan | undefined }>>;
  /**
   * Each package's reachability with what deciding it read. It depends on the service's data (root, exposure) and
   * the index only, so it may outlive the memo (a new policy, the next minute): see {@link newAnalysisMemo}.
   */
  reachability: ReachabilityCache;
}

/**
 * Package reachability kept across analyses: a package is decided again only when the import sites of its targets
 * or the calls of a file it read changed (see {@link IndexRevisions.importTarget} and {@link IndexRevisions.facts}),
 * so an edit re-decides only the packages the edited file imports, now or before.
 */
export interface ReachabilityCache {
  decisions: Map<string, CachedReachability>;
  /**
   * The file summaries of a package's sites, shared by its decisions (a package with dozens of advisories has one
   * decision per version range and vulnerable code, and the summaries depend on neither): see {@link SharedSiteStore}.
   */
  siteStores: Map<string, SharedSiteStore>;
}

/** An empty {@link ReachabilityCache}. */
export function newReachabilityCache(): ReachabilityCache {
  return { decisions: new Map(), siteStores: new Map() };
}

/**
 * One package's site summaries (other ecosystems than Go) for every decision about it: valid for the graphs and
 * file list of `index`, brought up to the facts revision `at` on use. `version` moves whenever the summaries do, so
 * decisions made on one version read the same summaries.
 */
interface SharedSiteStore {
  store: PackageSiteStore;
  index: string;
  at: number;
  version: number;
  targets: { target: string; revision: number }[];
}

/** Versions of shared site stores, unique across stores: a store made again never repeats an old version. */
let siteStoreVersions = 0;

/** A decided reachability, its memo key, and the revisions of everything the decision read. */
interface CachedReachability {
  reachability: Reachability;
  /** Moves when a decision made again differs (entries are replaced, never removed, so it only grows). */
  serial: number;
  /** `r<serial>`: equal keys of one package, equal reachability. */
  key: string;
  /** The graphs and file list it was decided on (the package's match and import resolution come from them). */
  index: string;
  targets: { target: string; revision: number }[];
  /** Go: the files whose calls or fields the decision read, at their revisions. */
  paths?: { path: string; revision: number }[];
  /** Other ecosystems: the version of the package's shared site summaries the decision was made on. */
  sitesVersion?: number;
}

/** Findings whose analysis reads the same inputs, with their last results and the key of those inputs. */
interface FindingGroup {
  kind: 'package' | 'code' | 'dast' | 'iac';
  findings: Finding[];
  /** package: the reference of the first finding (they share name, version, ranges and vulnerable code). */
  ref?: NonNullable<Finding['package']>;
  /** package: what {@link locatePackage} reads of it, as a string. */
  locateKey?: string;
  /** code: the reported file. */
  path?: string;
  /** dast: the endpoint. */
  endpoint?: { method: string; path: string };
  /** package: the graphs revision at which the package was found unlisted (not located). */
  unlistedAt?: number;
  /**
   * package: the index revisions its key was computed at, so an unchanged index skips even the look-ups; dast: the
   * routes revision of its key.
   */
  inputs?: string;
  /** The key of what the group's analysis reads (see groupKeyOf), and the parts it was made of. */
  inputKey?: string;
  inputParts?: { revision: number; files: number; detail: string };
  /** The input key and the service-wide part of the key ({@link analyzeService}) its results were made with. */
  key?: string;
  serviceKey?: string;
  /** When the SLAs of its results run out, sorted (absent: none has one), and how many had run out for its results. */
  dueTimes?: number[];
  overdue?: number;
  results?: AnalyzedFinding[];
}

/** Counters of the parts of the index, each moved whenever its part changes (see WorkspaceEngine). */
export interface IndexRevisions {
  /** Everything a package's location and reachability read: graphs, imports, calls, files, module indexes. */
  packages: string;
  graphs: number;
  files: number;
  routes: number;
  iac: number;
  /** Moves when the text that {@link WorkspaceIndex.codeText} answers for this path changes. */
  codeText(path: string): number;
  /**
   * Moves when the import sites of a target (see {@link WorkspaceIndex.importSites}) change in any file. With
   * {@link facts}, lets a package's reachability be kept while what it read stays (absent: decided every analysis).
   */
  importTarget?(target: string): number;
  /** Moves when the imports, calls or fields of a file change (its position-only changes included). */
  facts?(path: string): number;
  /** The latest revision of any file's facts ({@link facts}). */
  latestFacts?(): number;
  /**
   * The files whose facts moved after the revision `since`; undefined when that is too long ago to tell. With it, a
   * package decision kept across edits summarizes again only the files changed since (see PackageSiteStore).
   */
  factsChangedSince?(since: number): readonly string[] | undefined;
}

/**
 * Whether package reachability decided for `previous` holds for `next` (see {@link AnalysisMemo.reachability}): the
 * same root and exposure. A pull brings new service data with the same service, most of the time.
 */
export function hasSameReachabilityInputs(previous: ServiceData, next: ServiceData): boolean {
  return previous === next || (previous.service.root === next.service.root && JSON.stringify(previous.exposure) === JSON.stringify(next.exposure));
}

/**
 * A new, empty memo for {@link analyzeService}. `reachability` may be the previous memo's when the service's data
 * (its root and exposure) is the same.
 */
export function newAnalysisMemo(revisions: IndexRevisions, reachability: ReachabilityCache = newReachabilityCache()): AnalysisMemo {
  return { revisions, sorted: [], reachability };
}

function groupFindings(findings: readonly Finding[]): Map<string, FindingGroup> {
  const groups = new Map<string, FindingGroup>();
  for (const finding of findings) {
    const ref = finding.package;
    let id: string;
    let group: Omit<FindingGroup, 'findings'>;
    if (ref) {
      const locateKey = locateKeyOf(ref);
      id = `p\0${locateKey}\0${(ref.vulnerableSymbols ?? []).join(',')}\0${(ref.vulnerablePackages ?? []).join(',')}`;
      group = { kind: 'package', ref, locateKey };
    } else if (finding.kind === 'dast' && finding.endpoint && !finding.location) {
      id = `d\0${finding.endpoint.method}\0${finding.endpoint.path}`;
      group = { kind: 'dast', endpoint: finding.endpoint };
    } else if (finding.kind === 'iac' && finding.resource && !finding.location?.startLine) {
      id = 'i';
      group = { kind: 'iac' };
    } else {
      id = `c\0${finding.location?.path ?? ''}`;
      group = { kind: 'code', path: finding.location?.path };
    }
    const existing = groups.get(id);
    if (existing) {
      existing.findings.push(finding);
    } else {
      groups.set(id, { ...group, findings: [finding] });
    }
  }
  return groups;
}

/**
 * The inputs of a group's analysis besides the service's data: for package findings the graphs and the package's
 * reachability (equal reachability, equal results), for code findings their file's text, the file list and the
 * routes, for DAST the routes, for IaC the resources.
 */
function groupKeyOf(group: FindingGroup, revisions: IndexRevisions, shared: SharedLookups, root: string, routes: RouteLookup): string {
  switch (group.kind) {
    case 'package': {
      if (group.inputs !== revisions.packages || group.inputKey === undefined) {
        const ref = group.ref!;
        // Locating reads only the graphs: a package they do not list stays unlisted while they stay (an edit moves
        // the other revisions, and most advisories name packages the workspace does not have).
        const isStillUnlisted = group.unlistedAt === revisions.graphs;
        const match = !isStillUnlisted && indexedEcosystems.has(ref.ecosystem) ? shared.locate(ref, group.locateKey) : undefined;
        group.unlistedAt = match ? undefined : revisions.graphs;
        group.inputs = revisions.packages;
        keyOf(group, 'p', revisions.graphs, revisions.files, match ? shared.reachabilityKey(ref, match, root) : '');
      }
      return group.inputKey!;
    }
    case 'dast':
      // The route that handles the endpoint (where it is declared): other routes moving changes nothing here. It is
      // looked up again only when the routes or the file list moved.
      if (group.inputs !== `${revisions.routes}` || group.inputKey === undefined) {
        group.inputs = `${revisions.routes}`;
        keyOf(group, 'd', 0, revisions.files, JSON.stringify(routes.handlerOf(group.endpoint!) ?? null));
      }
      return group.inputKey!;
    case 'iac':
      return keyOf(group, 'i', revisions.iac, 0, '');
    case 'code':
      // Routes matter to code findings only through the public handlers of their own file.
      return group.path === undefined ? keyOf(group, 'c', 0, revisions.files, '') : keyOf(group, 'c', revisions.codeText(group.path), revisions.files, `:${routes.publicHandlersKey(group.path)}`);
  }
}

/**
 * A group's input key from its parts: the same string object while the parts stay, so that the keys of tens of
 * thousands of groups are compared by reference after an edit, not built and compared again.
 */
function keyOf(group: FindingGroup, kind: string, revision: number, files: number, detail: string): string {
  const parts = group.inputParts;
  if (group.inputKey === undefined || !parts || parts.revision !== revision || parts.files !== files || parts.detail !== detail) {
    group.inputParts = { revision, files, detail };
    group.inputKey = `${kind}${revision}:${files}:${detail}`;
  }
  return group.inputKey;
}

/** What {@link locatePackage} reads of a package reference, as a string. */
function locateKeyOf(ref: NonNullable<Finding['package']>): string {
  return `${ref.ecosystem}\0${ref.name}\0${ref.version ?? '\u0001'}\0${ref.vulnerableRange ?? ''}\0${ref.fixedVersions.join(',')}`;
}

/** The SLA due times of analysed findings, sorted; undefined when none has one (see {@link policyDueTime}). */
function dueTimesOf(results: readonly AnalyzedFinding[], data: ServiceData): number[] | undefined {
  const times: number[] = [];
  for (const analyzed of results) {
    const due = analyzed.policy?.dueDate === undefined ? undefined : policyDueTime(analyzed.finding, analyzed.reachability.tier, data.exposure, data.policies ?? []);
    if (due !== undefined) {
      times.push(due);
    }
  }
  return times.length === 0 ? undefined : times.sort((a, b) => a - b);
}

/** How many of the sorted times `now` is past. */
function countPast(times: readonly number[], now: number): number {
  let count = 0;
  while (count < times.length && now > times[count]!) {
    count++;
  }
  return count;
}

/**
 * Two lists sorted by `compare`, merged into one (on ties, `left` first). Each item of `right` (the few results made
 * again after an edit) finds its place by binary search, so tens of thousands of kept results are copied, not compared.
 */
function mergeSorted<T>(left: readonly T[], right: readonly T[], compare: (a: T, b: T) => number): T[] {
  const merged: T[] = [];
  let l = 0;
  for (const item of right) {
    const low = partitionPoint(left, (kept) => compare(kept, item) <= 0, l);
    while (l < low) {
      merged.push(left[l++]!);
    }
    merged.push(item);
  }
  while (l < left.length) {
    merged.push(left[l++]!);
  }
  return merged;
}

/**
 * Look-ups many findings of one service share, computed once per analysis: where a package is (thousands of
 * advisories name the same few packages) and its reachability (the same for every advisory with the same vulnerable
 * symbols).
 */
class SharedLookups {
  private readonly matches = new Map<string, PackageMatch | undefined>();
  private readonly reachabilities = new Map<PackageMatch, Map<string, { reachability: Reachability; key: string }>>();
  private readonly fixes = new Map<PackageMatch, Map<string, QuickFix | undefined>>();

  constructor(
    private readonly index: WorkspaceIndex,
    private readonly data: ServiceData,
    private readonly memo?: AnalysisMemo,
  ) {}

  locate(ref: NonNullable<Finding['package']>, key = locateKeyOf(ref)): PackageMatch | undefined {
    if (!this.matches.has(key)) {
      this.matches.set(key, locatePackage(this.index, this.data.service.root, ref));
    }
    return this.matches.get(key);
  }

  /**
   * The built-in fix of a package finding: the same edit for every advisory of a package version that names the same
   * fixed versions (thousands on one manifest line), so it is planned once per analysis.
   */
  quickFix(finding: Finding, match: PackageMatch): QuickFix | undefined {
    const fixed = finding.package ? fixedVersionsOf(finding.package.ecosystem, finding.package.fixedVersions, finding.package.vulnerableRange) : [];
    const key = fixed.join('\0');
    let byFixed = this.fixes.get(match);
    if (!byFixed) {
      byFixed = new Map();
      this.fixes.set(match, byFixed);
    }
    if (!byFixed.has(key)) {
      byFixed.set(key, builtInQuickFix(this.memo ? plannedFix(this.memo, fixed, match, this.index) : planFixTo(fixed, match, this.index)));
    }
    return byFixed.get(key);
  }

  reachability(ref: NonNullable<Finding['package']>, match: PackageMatch, root: string): Reachability {
    return this.entry(ref, match, root).reachability;
  }

  /** The reachability as a string: equal strings, equal results, so a memoized result stays valid. */
  reachabilityKey(ref: NonNullable<Finding['package']>, match: PackageMatch, root: string): string {
    return this.entry(ref, match, root).key;
  }

  /** Per match (one object per package within an analysis, see {@link locate}), per name and vulnerable code. */
  private entry(ref: NonNullable<Finding['package']>, match: PackageMatch, root: string): { reachability: Reachability; key: string } {
    const symbols = ref.vulnerableSymbols ?? [];
    const packages = ref.vulnerablePackages ?? [];
    const key = `${ref.ecosystem}\0${ref.name}\0${symbols.join(',')}\0${packages.join(',')}`;
    let byKey = this.reachabilities.get(match);
    if (!byKey) {
      byKey = new Map();
      this.reachabilities.set(match, byKey);
    }
    let entry = byKey.get(key);
    if (!entry) {
      entry = this.decide(ref, match, root, `${locateKeyOf(ref)}\0${key}`);
      byKey.set(key, entry);
    }
    return entry;
  }

  /**
   * Decides a package's reachability, or keeps the last decision while nothing it read changed. Only the sites of
   * the package, of what pulls it in and those tied to no package can count; with the look-up, only those are read.
   */
  private decide(ref: NonNullable<Finding['package']>, match: PackageMatch, root: string, cacheKey: string): { reachability: Reachability; key: string } {
    const index = this.index;
    const symbols = ref.vulnerableSymbols ?? [];
    const packages = ref.vulnerablePackages ?? [];
    const targets = [...importKeysOf(match), unresolvedImportKey(ref.ecosystem)];
    const revisions = this.memo?.revisions;
    const importTarget = revisions?.importTarget;
    const factsOf = revisions?.facts;
    if (!index.importSites || !importTarget || !factsOf || !this.memo) {
      const candidates = index.importSites ? index.importSites(targets) : { sites: index.imports, targets: index.importTargets };
      const reachability = decidePackageReachability(ref, match, candidates.sites, candidates.targets, root, this.data.exposure, index.callsByPath, symbols, packages);
      return { reachability, key: JSON.stringify(reachability) };
    }
    const at = `${revisions.graphs}:${revisions.files}`;
    const cached = this.memo.reachability.decisions.get(cacheKey);
    const isTargetKept = (read: { target: string; revision: number }): boolean => importTarget(read.target) === read.revision;
    let decision: Reachability;
    let kept: Pick<CachedReachability, 'paths' | 'sitesVersion'>;
    if (ref.ecosystem !== 'golang' && revisions.factsChangedSince && revisions.latestFacts) {
      const shared = this.siteStoreOf(ref, match, root, targets, at);
      if (cached?.index === at && cached.sitesVersion === shared.version) {
        return cached;
      }
      const context = { ...shared.store.context, vulnerable: vulnerableCodeOf(ref, match, symbols, packages) };
      decision = decideFromSites(ref, match, shared.store, context, this.data.exposure, index.callsByPath);
      kept = { sitesVersion: shared.version };
    } else {
      // Go follows calls through the struct fields of other files of a folder: every file read is checked.
      if (cached?.index === at && cached.paths && cached.targets.every(isTargetKept) && cached.paths.every((read) => factsOf(read.path) === read.revision)) {
        return cached;
      }
      const candidates = index.importSites(targets);
      const read = new Set<string>();
      const calls = index.callsByPath;
      const recording: CallsByPath = {
        get: (path) => {
          read.add(path);
          return calls.get(path);
        },
        ...(calls.fieldsOf && {
          fieldsOf: (path: string) => {
            read.add(path);
            return calls.fieldsOf!(path);
          },
        }),
        // The files of a folder move only with the file list, which the cached decision is checked against.
        ...(calls.filesIn && { filesIn: (folder: string) => calls.filesIn!(folder) }),
        ...(calls.goResultTypes && { goResultTypes: (importPath: string) => calls.goResultTypes!(importPath) }),
      };
      decision = decidePackageReachability(ref, match, candidates.sites, candidates.targets, root, this.data.exposure, recording, symbols, packages);
      kept = { paths: [...read].map((path) => ({ path, revision: factsOf(path) })) };
    }
    // The key stays short (the JSON of a package imported in thousands of files is large, and the keys of its groups
    // are compared after every edit): it moves only when the decision's JSON does. Compared without serializing.
    const isSame = cached !== undefined && isSameJson(cached.reachability, decision);
    const serial = isSame ? cached.serial : (cached?.serial ?? 0) + 1;
    const decided: CachedReachability = {
      reachability: isSame ? cached.reachability : decision,
      serial,
      key: `r${serial}`,
      index: at,
      targets: targets.map((target) => ({ target, revision: importTarget(target) })),
      ...kept,
    };
    this.memo.reachability.decisions.set(cacheKey, decided);
    return decided;
  }

  /**
   * The package's shared site summaries (see {@link SharedSiteStore}), brought up to the latest facts: the files
   * changed since are summarized again unless none of them had sites and the targets' sites did not move.
   */
  private siteStoreOf(ref: NonNullable<Finding['package']>, match: PackageMatch, root: string, targets: readonly string[], at: string): SharedSiteStore {
    const revisions = this.memo!.revisions;
    const importTarget = revisions.importTarget!;
    const latest = revisions.latestFacts!();
    const currentTargets = (): SharedSiteStore['targets'] => targets.map((target) => ({ target, revision: importTarget(target) }));
    // What the summaries read of the match: its import targets and which of them are the package's own.
    const key = [ref.ecosystem, root, ...(match.importKeys?.own ?? []), '', ...targets].join('\0');
    const stores = this.memo!.reachability.siteStores;
    const known = stores.get(key);
    if (known?.index === at) {
      const changed = known.at === latest ? [] : revisions.factsChangedSince!(known.at);
      if (changed) {
        if (!known.targets.every((read) => importTarget(read.target) === read.revision) || changed.some((path) => known.store.has(path))) {
          known.store.update(changed, this.index.importSites!(targets).sites);
          known.version = ++siteStoreVersions;
          known.targets = currentTargets();
        }
        known.at = latest;
        return known;
      }
    }
    const candidates = this.index.importSites!(targets);
    const made: SharedSiteStore = { store: new PackageSiteStore(siteContextOf(ref, match, candidates.targets, root, [], []), candidates.sites), index: at, at: latest, version: ++siteStoreVersions, targets: currentTargets() };
    stores.set(key, made);
    return made;
  }
}

/** The package a finding names, with what the finding says of it. */
type FindingPackage = NonNullable<Finding['package']>;

/** Where a finding sits in the workspace and how reachable it is there: the part of the analysis each kind decides. */
interface PlacedFinding {
  reachability: Reachability;
  location?: AnalyzedFinding['location'];
  locationStatus?: AnalyzedFinding['locationStatus'];
  isFixedInWorkspace?: boolean;
  pendingInstallVersion?: string;
  /** The public, unauthenticated route whose handler holds a code finding. */
  publicEntryPoint?: string;
  fix?: QuickFix;
  fixWithheld?: string;
  fixUnavailable?: AnalyzedFinding['fixUnavailable'];
}

function analyzeFinding(
  finding: Finding,
  data: ServiceData,
  index: WorkspaceIndex,
  policy: SurfacePolicy,
  context: AnalysisContext,
  routes: RouteLookup,
  iacInternetFacing: string | undefined,
  shared: SharedLookups,
  deployedBy: string | undefined,
): AnalyzedFinding {
  const ref = finding.package;
  const match = ref && indexedEcosystems.has(ref.ecosystem) ? shared.locate(ref) : undefined;
  const placed = placeFinding(finding, match, data, index, routes, shared);
  const { location, isFixedInWorkspace = false, pendingInstallVersion, publicEntryPoint } = placed;
  // While sources are still being indexed, a package verdict the sources could change is said as `indexing`.
  const reachability = context.isIndexing && ref && match ? indexingReachability(ref.name, placed.reachability) : placed.reachability;
  // Runtime exposure is the service's; it counts for the assets the service deploys, not for its tests and tooling.
  const asset = assetExposureOf(location?.path ?? finding.location?.path, data.service, deployedBy);
  const priority = scorePriority({ finding, tier: reachability.tier, exposure: data.exposure, hasExposureData: data.hasExposureData, publicEntryPoint, iacInternetFacing, asset });
  const ignoredBy = matchIgnoreEntry(context.ignores, finding, location?.path ?? finding.location?.path, context.now);
  const filterReason = decideFilter(finding, location !== undefined, isFixedInWorkspace, pendingInstallVersion, reachability, priority, policy, ignoredBy, match && lockCommandOf(match));
  const analyzed: AnalyzedFinding = {
    finding,
    serviceId: data.service.id,
    location,
    locationStatus: placed.locationStatus,
    package: match?.package,
    isFixedInWorkspace,
    pendingInstallVersion,
    reachability,
    priority,
    isSurfaced: filterReason === undefined,
    filterReason,
    policy: evaluatePolicies(finding, reachability.tier, data.exposure, data.policies ?? [], context.now),
    fix: placed.fix,
    fixWithheld: placed.fixWithheld,
    ...(placed.fixUnavailable && { fixUnavailable: placed.fixUnavailable }),
  };
  return context.baseline ? comparedWithBaseline(analyzed, context.baseline, index, policy) : analyzed;
}

/** Places a finding by its kind: a package (located or not), a DAST endpoint, an IaC resource, else code. */
function placeFinding(finding: Finding, match: PackageMatch | undefined, data: ServiceData, index: WorkspaceIndex, routes: RouteLookup, shared: SharedLookups): PlacedFinding {
  const root = data.service.root;
  const ref = finding.package;
  if (ref && match) {
    return placeInstalledPackage(finding, ref, match, shared, root);
  }
  if (ref) {
    return placeUnlocatedPackage(ref, index, root);
  }
  if (finding.kind === 'dast' && finding.endpoint && !finding.location) {
    return placeDastFinding(finding.endpoint, routes);
  }
  if (finding.kind === 'iac' && finding.resource && !finding.location?.startLine) {
    return placeIacFinding(finding.resource, finding.location?.path, index);
  }
  return placeCodeFinding(finding, data, index, routes);
}

/** A package the workspace installs: reachable as its sites show, fixed once the installed version is not affected. */
function placeInstalledPackage(finding: Finding, ref: FindingPackage, match: PackageMatch, shared: SharedLookups, root: string): PlacedFinding {
  const declaration = match.introducedBy[0]!;
  const pendingInstallVersion = requestedVersion(match);
  const isFixedInWorkspace = !isInstalledVersionAffected(finding, pendingInstallVersion ?? match.package.version);
  const fix = isFixedInWorkspace ? undefined : shared.quickFix(finding, match);
  return {
    reachability: shared.reachability(ref, match, root),
    location: { path: declaration.manifestPath, range: declaration.range },
    pendingInstallVersion,
    isFixedInWorkspace,
    fix,
    fixUnavailable: fix || isFixedInWorkspace ? undefined : fixUnavailableOf(finding, match),
  };
}

/** A package the graphs do not list. A manifest that lists no transitive packages cannot show that the package is absent: it stays, unknown, on it. */
function placeUnlocatedPackage(ref: FindingPackage, index: WorkspaceIndex, root: string): PlacedFinding {
  const isIndexed = indexedEcosystems.has(ref.ecosystem);
  const unlisted = isIndexed ? locateUnlistedPackage(index.graphs, root, ref) : undefined;
  return {
    location: unlisted?.location,
    reachability: unlisted?.reachability ?? {
      tier: 'unknown',
      summary: isIndexed ? `${ref.name} is not found in the manifests or lockfiles of this service` : `${ref.ecosystem} dependencies are not indexed yet`,
      evidence: [],
    },
  };
}

/** A DAST finding without a file: at the handler of the route its endpoint matches, observed at run time. */
function placeDastFinding(endpoint: NonNullable<Finding['endpoint']>, routes: RouteLookup): PlacedFinding {
  const route = routes.handlerOf(endpoint);
  const observed = `${endpoint.method.toUpperCase()} ${endpoint.path}`;
  return {
    location: route?.location,
    reachability: route
      ? {
          tier: 'runtime-loaded',
          summary: `observed against the running service at ${observed}, handled by ${route.method} ${route.path}`,
          evidence: [{ kind: 'runtime', message: `${observed} is handled by the ${route.framework} route ${route.method} ${route.path}`, location: route.location }],
        }
      : { tier: 'unknown', summary: `no route of this workspace matches ${observed}`, evidence: [] },
  };
}

/** An IaC finding without a line: at the declaration of its resource. */
function placeIacFinding(ref: NonNullable<Finding['resource']>, path: string | undefined, index: WorkspaceIndex): PlacedFinding {
  const resource = locateIacResource(ref, index.iac.resources, path);
  return {
    location: resource?.location,
    reachability: resource
      ? { tier: 'unknown', summary: `declared by ${resource.address}`, evidence: [{ kind: 'declaration', message: `${resource.tool} resource ${resource.address}`, location: resource.location }] }
      : { tier: 'unknown', summary: `no resource ${ref.address ?? ref.name ?? ''} in this workspace`, evidence: [] },
  };
}

/** A code finding (SAST, secret, located DAST or IaC): followed to where its code is now, inside a public handler or not. */
function placeCodeFinding(finding: Finding, data: ServiceData, index: WorkspaceIndex, routes: RouteLookup): PlacedFinding {
  const located = locateCodeFinding(finding, index.files, finding.location ? index.codeText(finding.location.path) : undefined);
  const location = located?.location;
  const locationStatus = located?.status;
  // A scanner's fix is only offered while the code still looks like what it was written for.
  const { fix, withheld: fixWithheld } = locationStatus === 'exact' ? suggestedQuickFix(finding, data.findings) : {};
  const entry = location ? routes.publicHandlerAround(location) : undefined;
  return { location, locationStatus, publicEntryPoint: entry, fix, fixWithheld, reachability: codeReachability(finding, location, locationStatus, entry) };
}

/** What the workspace says of a code finding's reach: its place (and whether the code changed since), and a public handler around it. */
function codeReachability(finding: Finding, location: AnalyzedFinding['location'], locationStatus: AnalyzedFinding['locationStatus'], entry: string | undefined): Reachability {
  const where = location ? `${location.path}:${location.range.start.line + 1}` : '';
  return {
    tier: 'unknown',
    summary: entry
      ? `code finding inside the handler of ${entry}, which is public and unauthenticated`
      : location && finding.kind === 'secret'
        ? 'a committed secret: anyone who can read the repository can use it, whatever code runs'
        : location
          ? 'code finding; reachability of its code path is not analysed'
        : 'the reported file is not in this workspace',
    evidence: location
      ? [
          {
            kind: 'location',
            message:
              locationStatus === 'stale'
                ? `reported at ${where}, but that code has changed since the scan: possibly stale`
                : locationStatus === 'moved'
                  ? `reported at line ${finding.location?.startLine}; the code moved to ${where} since the scan`
                  : `reported at ${where}`,
            location,
          },
          ...(entry ? [{ kind: 'runtime' as const, message: `${entry} is observed public and unauthenticated in production (exposure)` }] : []),
        ]
      : [],
  };
}

/** How the finding compares with the base of the branch; in new-code mode only what the branch introduces is published, the rest stays listed with this reason. */
function comparedWithBaseline(analyzed: AnalyzedFinding, baseline: Baseline, index: WorkspaceIndex, policy: SurfacePolicy): AnalyzedFinding {
  const baselineState = baselineStateOf(analyzed, baseline, (at) => iacResourceAround(index.iac.resources, at));
  const isOld = baselineState === 'unchanged' || baselineState === 'absent';
  const unchanged = policy.scope === 'changed' && isOld && analyzed.filterReason === undefined
    ? { code: 'unchanged' as const, message: `present before this branch (${baseline.ref}, merge-base ${baseline.commit.slice(0, 8)})` }
    : undefined;
  return { ...analyzed, baselineState, ...(unchanged ? { isSurfaced: false, filterReason: unchanged } : {}) };
}

/** The IaC resource whose declaration holds a location. */
function iacResourceAround(resources: readonly IacResource[], at: SourceLocation): IacResource | undefined {
  const line = at.range.start.line;
  return resources.find((resource) => resource.location.path === at.path && resource.location.range.start.line <= line && line <= resource.location.range.end.line);
}

/**
 * The IaC resource a scanner names: by address (`aws_security_group.web`, `Deployment/default/api`), else by type
 * and name; in the reported file when one is given.
 */
function locateIacResource(wanted: NonNullable<Finding['resource']>, resources: readonly IacResource[], path: string | undefined): IacResource | undefined {
  const inFile = path ? resources.filter((resource) => resource.location.path === path) : resources;
  const pool = inFile.length > 0 ? inFile : resources;
  return (
    (wanted.address ? pool.find((resource) => resource.address === wanted.address || resource.address.endsWith(`.${wanted.address}`)) : undefined) ??
    pool.find((resource) => wanted.name !== undefined && resource.name === wanted.name && (wanted.type === undefined || resource.type === wanted.type))
  );
}

type EndpointMatcher = (endpoint: { method: string; path: string }) => readonly RouteFact[];

/** The matcher of a service's routes, by the routes array and the root: routes rarely change between edits. */
const matchersByRoutes = new WeakMap<readonly RouteFact[], Map<string, EndpointMatcher>>();
/**
 * Compiled matchers by what they read of the routes (each one's method and path, in order), a few at most: an edit
 * that only moves routes (a line added above them) makes a new routes array but needs no new matcher.
 */
const matchersBySignature = new Map<string, { routes: readonly RouteFact[]; matcher: EndpointMatcher }>();
const maxKeptMatchers = 8;

/** A matcher of the routes in a service root; it answers the routes of `all` (not those it was compiled from). */
function endpointMatcherOf(all: readonly RouteFact[], root: string): EndpointMatcher {
  let byRoot = matchersByRoutes.get(all);
  if (!byRoot) {
    byRoot = new Map();
    matchersByRoutes.set(all, byRoot);
  }
  let matcher = byRoot.get(root);
  if (!matcher) {
    const routes = all.filter((route) => isInServiceRoot(route.location.path, root));
    const signature = routes.map((route) => `${route.method} ${route.path}`).join('\n');
    let compiled = matchersBySignature.get(signature);
    if (!compiled) {
      compiled = { routes, matcher: createEndpointMatcher(routes) };
      if (matchersBySignature.size >= maxKeptMatchers) {
        matchersBySignature.delete(matchersBySignature.keys().next().value!);
      }
      matchersBySignature.set(signature, compiled);
    }
    if (compiled.routes === routes) {
      matcher = compiled.matcher;
    } else {
      // The same routes at other places: answered by position in the current list.
      const { routes: compiledRoutes, matcher: compiledMatcher } = compiled;
      const positions = new Map(compiledRoutes.map((route, at) => [route, at]));
      matcher = (endpoint) => compiledMatcher(endpoint).map((route) => routes[positions.get(route)!]!);
    }
    byRoot.set(root, matcher);
  }
  return matcher;
}

/** Routes of a service, for DAST endpoints and for code findings inside public handlers. */
class RouteLookup {
  /** Routes whose endpoint the exposure data shows public and unauthenticated, with that endpoint. */
  private readonly publicRoutes: { route: RouteFact; endpoint: string }[] = [];
  private publicKeys?: Map<string, string>;

  constructor(
    private readonly allRoutes: readonly RouteFact[],
    private readonly serviceRoot: string,
    exposure: Exposure,
  ) {
    for (const endpoint of exposure.endpoints) {
      if (endpoint.exposure === 'public' && endpoint.isAuthenticated === false) {
        for (const route of this.match(endpoint)) {
          this.publicRoutes.push({ route, endpoint: `${endpoint.method} ${endpoint.path}` });
        }
      }
    }
  }

  /** The service's routes that handle an endpoint, best first (shared: not to be changed). */
  private match(endpoint: { method: string; path: string }): readonly RouteFact[] {
    return endpointMatcherOf(this.allRoutes, this.serviceRoot)(endpoint);
  }

  /** The route that best handles an endpoint. */
  handlerOf(endpoint: { method: string; path: string }): RouteFact | undefined {
    return this.match(endpoint)[0];
  }

  /** The public, unauthenticated handlers of a file as a string: equal strings, equal answers of publicHandlerAround. */
  publicHandlersKey(path: string): string {
    if (!this.publicKeys) {
      const byPath = new Map<string, { handler: unknown; endpoint: string }[]>();
      for (const { route, endpoint } of this.publicRoutes) {
        byPath.set(route.location.path, [...(byPath.get(route.location.path) ?? []), { handler: route.handlerRange, endpoint }]);
      }
      this.publicKeys = new Map([...byPath].map(([file, handlers]) => [file, JSON.stringify(handlers)]));
    }
    return this.publicKeys.get(path) ?? '';
  }

  /** `POST /rest/user/login` when the location lies in a handler whose endpoint is public and unauthenticated. */
  publicHandlerAround(location: SourceLocation): string | undefined {
    const line = location.range.start.line;
    return this.publicRoutes.find(({ route }) => {
      const handler = route.handlerRange;
      return route.location.path === location.path && handler !== undefined && handler.start.line <= line && line <= handler.end.line;
    })?.endpoint;
  }
}

/**
 * The lowest version the manifest now demands when the lockfile no longer satisfies it: a direct dependency's
 * bumped range, or an override of a transitive one. Undefined while the lockfile is in sync.
 */
/** The command that brings a package's lockfile up to its manifest. */
function lockCommandOf(match: PackageMatch): string {
  switch (match.package.ecosystem) {
    case 'npm':
      return `${match.graph.packageManager ?? 'npm'} install`;
    case 'pypi':
      return 'the project\'s lock tool (poetry lock, uv lock, pipenv lock or pip-compile)';
    case 'golang':
      return 'go mod tidy';
    default:
      return match.introducedBy[0]?.manifestPath.includes('gradle') ? 'gradle dependencies --write-locks' : 'mvn dependency:resolve';
  }
}

function requestedVersion(match: PackageMatch): string | undefined {
  const installed = match.package.version;
  if (match.package.ecosystem !== 'npm') {
    // A manifest that asks for at least a version its lockfile does not have yet (`==2.3.2`, `^5.4` over a lock of
    // 5.3.1): the floor is what the next lock or install brings. Ranges with several clauses are not read.
    const declaration = match.introducedBy[0]!;
    const floor = match.package.isDirect && declaration.name === match.package.name ? specFloor(declaration.spec) : undefined;
    const ecosystem = match.package.ecosystem;
    return floor && installed && (compareVersions(ecosystem, asVersionOf(ecosystem, installed), asVersionOf(ecosystem, floor)) ?? 0) < 0 ? floor : undefined;
  }
  const declaration = match.introducedBy[0]!;
  const overrides = match.graph.overrides;
  const spec =
    overrides[`${declaration.name}>${match.package.name}`] ??
    overrides[match.package.name] ??
    (match.package.isDirect && declaration.name === match.package.name ? declaration.spec : undefined);
  if (!installed || !spec || !semver.validRange(spec) || semver.satisfies(installed, spec)) {
    return undefined;
  }
  return semver.minVersion(spec)?.version;
}

/**
 * The edit that moves the package of an SCA finding, as this service's manifests declare it, to `version`: an upgrade
 * of the direct dependency, or an override of a transitive npm package under the dependency that pulls it in. For
 * a package's fix chosen over several advisories (core/group). Undefined where no edit is planned (see planFixTo).
 */
export function planUpgradeTo(finding: Finding, serviceRoot: string, index: WorkspaceIndex, version: string): FixPlan | undefined {
  const ref = finding.package;
  const match = ref && indexedEcosystems.has(ref.ecosystem) ? locatePackage(index, serviceRoot, ref) : undefined;
  return match ? planFixTo([version], match, index) : undefined;
}

/** Why no upgrade is offered for a package whose declaration does not write its version (see `VersionSource`). */
function fixUnavailableOf(finding: Finding, match: PackageMatch): AnalyzedFinding['fixUnavailable'] {
  const declaration = match.introducedBy[0];
  const source = declaration?.name === match.package.name ? declaration.versionSource : undefined;
  const fixed = finding.package ? fixedVersionsOf(finding.package.ecosystem, finding.package.fixedVersions, finding.package.vulnerableRange) : [];
  if (!source || fixed.length === 0) {
    return undefined;
  }
  return { message: `no one-click upgrade: the version of ${match.package.name} comes from ${source.description}; ${source.why}`, ...(source.location && { location: source.location }) };
}

/**
 * {@link planFixTo}, kept across analyses: an edit of a file that imports a package analyses its findings again, and
 * planning parses the manifest. A plan reads the declaration (kept by identity: graphs are rebuilt, not changed), the
 * package and graph fields named in the key, and the text of one manifest, compared by value.
 */
function plannedFix(memo: AnalysisMemo, fixedVersions: readonly string[], match: PackageMatch, index: WorkspaceIndex): FixPlan | undefined {
  const declaration = match.introducedBy[0];
  if (!declaration) {
    return planFixTo(fixedVersions, match, index);
  }
  const pkg = match.package;
  const isOwnManifest = pkg.ecosystem !== 'npm' || (pkg.isDirect && declaration.name === pkg.name);
  const text = index.manifestText(isOwnManifest ? declaration.manifestPath : match.graph.rootManifestPath);
  const key = [fixedVersions.join(','), pkg.ecosystem, pkg.name, pkg.version ?? '', pkg.isDirect, match.graph.rootManifestPath, match.graph.packageManager ?? ''].join('\0');
  memo.fixPlans ??= new WeakMap();
  let plans = memo.fixPlans.get(declaration);
  if (!plans) {
    plans = new Map();
    memo.fixPlans.set(declaration, plans);
  }
  const kept = plans.get(key);
  if (kept && kept.text === text) {
    return kept.plan;
  }
  const plan = planFixTo(fixedVersions, match, index);
  plans.set(key, { text, plan });
  return plan;
}

function planFixTo(fixedVersions: readonly string[], match: PackageMatch, index: WorkspaceIndex): FixPlan | undefined {
  if (fixedVersions.length === 0) {
    return undefined;
  }
  const declaration = match.introducedBy[0]!;
  if (match.package.ecosystem !== 'npm') {
    // A direct dependency's version is rewritten where its manifest writes it (a Maven property's value when only it
    // uses the property); other transitive pins (constraints files, dependencyManagement) are left to the hover.
    // A go.mod `// indirect` require is the module's own line too: raised there (the title says to run go mod tidy).
    const isOwnLine = match.package.isDirect || (match.package.ecosystem === 'golang' && /(^|\/)go\.mod$/.test(declaration.manifestPath));
    const text = isOwnLine && declaration.name === match.package.name ? index.manifestText(declaration.manifestPath) : undefined;
    return text === undefined ? undefined : planManifestUpgrade(match.package.ecosystem, declaration, text, fixedVersions, match.package.version);
  }
  if (match.package.isDirect && declaration.name === match.package.name) {
    const text = index.manifestText(declaration.manifestPath);
    return text === undefined ? undefined : planDirectUpgrade(declaration, text, fixedVersions, match.package.version);
  }
  const rootText = index.manifestText(match.graph.rootManifestPath);
  return rootText === undefined
    ? undefined
    : planTransitiveOverride(match.package.name, declaration.name, match.graph.rootManifestPath, rootText, fixedVersions, match.package.version, match.graph.packageManager);
}
