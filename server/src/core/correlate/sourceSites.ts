import { maxSourceSiteFiles, type AnalyzedFinding, type PriorityBand } from '../model/analysis';
import { advisoryId } from '../model/finding';
import type { SourceLocation } from '../model/location';

/**
 * Which source sites of surfaced vulnerable packages are shown (`aspm.diagnostics.sourceSites`):
 * - `calls`: the calls of the vulnerable functions; for an advisory that names none (or whose calls cannot be
 *   checked: no symbol verdict), the imports of the package instead, since they are then the only evidence. Imports of
 *   a package whose vulnerable functions are known and not called are not marked.
 * - `imports`: every call and every import.
 * - `off`: none.
 */
export type SourceSiteMode = 'calls' | 'imports' | 'off';

/** An advisory of the package reached at a site, with the finding it is (for links back and code actions). */
export interface SiteAdvisory {
  id: string;
  findingId: string;
  serviceId: string;
  band: PriorityBand;
  score: number;
  url?: string;
}

/** One place in source that reaches one version of a vulnerable package, with every advisory of it reached there. */
export interface SourceSiteGroup {
  kind: 'call' | 'import';
  location: SourceLocation;
  packageName: string;
  version?: string;
  /** The vulnerable functions called there (calls only). */
  symbols: string[];
  /** The package imported there when it is another one that depends on the vulnerable package. */
  via?: string;
  /** Highest priority first. */
  advisories: SiteAdvisory[];
  /** The manifest line the package's finding is shown on. */
  manifest?: SourceLocation;
}

/**
 * Groups the source sites of the surfaced package findings of an analysis: one group per site per package version
 * (several advisories of lodash 4.17.4 called at one line are one group), in {@link maxSourceSiteFiles} files per
 * package version at most. Sorted by path, then line.
 */
export function groupSourceSites(findings: readonly AnalyzedFinding[], mode: SourceSiteMode): SourceSiteGroup[] {
  if (mode === 'off') {
    return [];
  }
  const reaching = reachingFindings(findings);
  const grouper = new SiteGrouper(mode);
  const reachedBy = reaching.map((entry) => grouper.groupsOf(entry));
  addAdvisoriesInOrder(reaching, reachedBy);
  return capFilesPerPackage([...grouper.groups.values()]);
}

/** A surfaced package finding with source sites, and the advisory its groups list. */
interface ReachingFinding {
  analyzed: AnalyzedFinding;
  ref: NonNullable<AnalyzedFinding['finding']['package']>;
  sites: NonNullable<AnalyzedFinding['reachability']['sites']>;
  advisory: SiteAdvisory;
}

function reachingFindings(findings: readonly AnalyzedFinding[]): ReachingFinding[] {
  const reaching: ReachingFinding[] = [];
  for (const analyzed of findings) {
    const ref = analyzed.finding.package;
    const sites = analyzed.reachability.sites;
    if (analyzed.isSurfaced && ref && sites) {
      const advisory: SiteAdvisory = {
        id: advisoryId(analyzed.finding),
        findingId: analyzed.finding.id,
        serviceId: analyzed.serviceId,
        band: analyzed.priority.band,
        score: analyzed.priority.score,
        ...(analyzed.finding.links?.advisory ? { url: analyzed.finding.links.advisory } : {}),
      };
      reaching.push({ analyzed, ref, sites, advisory });
    }
  }
  return reaching;
}

/**
 * Makes the groups of each finding's sites. Advisories of one package share their sites (one reachability object):
 * the groups a list of sites reaches are found once per list, in the findings' order (the first finding at a site
 * makes its group).
 */
class SiteGrouper {
  readonly groups = new Map<string, SourceSiteGroup>();
  private readonly groupsOfSites = new Map<string, Map<readonly unknown[], SourceSiteGroup[]>>();

  constructor(private readonly mode: SourceSiteMode) {}

  groupsOf({ analyzed, ref, sites }: ReachingFinding): SourceSiteGroup[] {
    const version = analyzed.package?.version ?? ref.version;
    const showsImports = this.mode === 'imports' || analyzed.reachability.vulnerableCode === undefined;
    const prefix = `${ref.ecosystem}:${ref.name}@${version ?? ''}|${showsImports ? 'i' : 'c'}|`;
    let byList = this.groupsOfSites.get(prefix);
    if (!byList) {
      byList = new Map();
      this.groupsOfSites.set(prefix, byList);
    }
    let reached = byList.get(sites);
    if (!reached) {
      reached = [];
      for (const site of sites) {
        if (site.kind === 'import' && !showsImports) {
          continue;
        }
        const group = this.groupAt(site, analyzed, ref, version);
        if (!reached.includes(group)) {
          reached.push(group);
        }
      }
      byList.set(sites, reached);
    }
    return reached;
  }

  private groupAt(site: ReachingFinding['sites'][number], analyzed: AnalyzedFinding, ref: ReachingFinding['ref'], version: string | undefined): SourceSiteGroup {
    const { start } = site.location.range;
    const key = `${ref.ecosystem}:${ref.name}@${version ?? ''}|${site.location.path}:${start.line}:${start.character}`;
    let group = this.groups.get(key);
    if (!group) {
      group = { kind: site.kind, location: site.location, packageName: ref.name, version, symbols: [], advisories: [], manifest: analyzed.location, ...(site.via ? { via: site.via } : {}) };
      this.groups.set(key, group);
    }
    if (site.symbol && !group.symbols.includes(site.symbol)) {
      group.symbols.push(site.symbol);
    }
    return group;
  }
}

/**
 * The advisories go in in their order (a stable sort), so no group has to sort its own: thousands of advisories of
 * one package at each of its sites made that the most of the time.
 */
function addAdvisoriesInOrder(reaching: readonly ReachingFinding[], reachedBy: readonly SourceSiteGroup[][]): void {
  const order = reaching.map((_, index) => index).sort((a, b) => byAdvisoryOrder(reaching[a]!.advisory, reaching[b]!.advisory));
  const keys = reaching.map(({ advisory }) => `${advisory.serviceId}\0${advisory.findingId}`);
  // A group lists each finding once; a finding reaches each of its groups once, so only a finding id that repeats
  // (the same finding pulled twice) can add an advisory twice: the per-group sets are kept only then.
  const hasRepeats = new Set(keys).size < keys.length;
  const known = new Map<SourceSiteGroup, Set<string>>();
  for (const index of order) {
    const { advisory } = reaching[index]!;
    const advisoryKey = keys[index]!;
    for (const group of reachedBy[index]!) {
      if (!hasRepeats) {
        group.advisories.push(advisory);
        continue;
      }
      let inGroup = known.get(group);
      if (!inGroup) {
        inGroup = new Set();
        known.set(group, inGroup);
      }
      if (!inGroup.has(advisoryKey)) {
        inGroup.add(advisoryKey);
        group.advisories.push(advisory);
      }
    }
  }
}

/**
 * Whether two site groups make the same diagnostic: compared field by field, without building a string of each
 * group's advisories (thousands of them at each site of a package with many advisories, after every edit).
 */
export function isSameSiteGroup(a: SourceSiteGroup, b: SourceSiteGroup): boolean {
  return (
    a === b ||
    (a.kind === b.kind &&
      a.packageName === b.packageName &&
      a.version === b.version &&
      a.via === b.via &&
      isSameLocation(a.location, b.location) &&
      (a.manifest === b.manifest || (a.manifest !== undefined && b.manifest !== undefined && isSameLocation(a.manifest, b.manifest))) &&
      a.symbols.length === b.symbols.length &&
      a.symbols.every((symbol, at) => symbol === b.symbols[at]) &&
      a.advisories[0]?.serviceId === b.advisories[0]?.serviceId &&
      a.advisories[0]?.url === b.advisories[0]?.url &&
      a.advisories.length === b.advisories.length &&
      a.advisories.every((advisory, at) => advisory.id === b.advisories[at]!.id && advisory.findingId === b.advisories[at]!.findingId))
  );
}

/** Whether two lists of site groups are the same groups in the same order (see {@link isSameSiteGroup}). */
export function isSameSiteGroupList(a: readonly SourceSiteGroup[], b: readonly SourceSiteGroup[]): boolean {
  return a.length === b.length && a.every((group, at) => isSameSiteGroup(group, b[at]!));
}

function isSameLocation(a: SourceLocation, b: SourceLocation): boolean {
  const { start, end } = a.range;
  const other = b.range;
  return a.path === b.path && start.line === other.start.line && start.character === other.start.character && end.line === other.end.line && end.character === other.end.character;
}

/** Sorted by path, then line; at most {@link maxSourceSiteFiles} files per package version. */
function capFilesPerPackage(groups: SourceSiteGroup[]): SourceSiteGroup[] {
  const sorted = groups.sort((a, b) => a.location.path.localeCompare(b.location.path) || a.location.range.start.line - b.location.range.start.line || a.location.range.start.character - b.location.range.start.character);
  const filesByPackage = new Map<string, Set<string>>();
  return sorted.filter((group) => {
    const key = `${group.packageName}@${group.version ?? ''}`;
    const files = filesByPackage.get(key) ?? new Set<string>();
    filesByPackage.set(key, files);
    if (!files.has(group.location.path) && files.size >= maxSourceSiteFiles) {
      return false;
    }
    files.add(group.location.path);
    return true;
  });
}

/** Highest priority first, then by advisory id. */
function byAdvisoryOrder(a: SiteAdvisory, b: SiteAdvisory): number {
  return b.score - a.score || a.id.localeCompare(b.id);
}

/**
 * One line for a site: `lodash 4.17.4: template is vulnerable (GHSA-35jh-r3h4-6jhm, +2 more) — called here`,
 * `jws 3.1.4: GHSA-h6ch-v84p-w6p9 — imported here`, `jws 3.1.4: … — jsonwebtoken, which depends on it, is imported here`.
 */
export function describeSourceSite(group: SourceSiteGroup): string {
  const [first, ...rest] = group.advisories;
  const advisories = `${first?.id ?? ''}${rest.length > 0 ? `, +${rest.length} more` : ''}`;
  const subject = `${group.packageName}${group.version ? ` ${group.version}` : ''}`;
  if (group.kind === 'call') {
    const symbols = group.symbols.length > 0 ? group.symbols.join(', ') : 'a vulnerable function';
    return `${subject}: ${symbols} ${group.symbols.length > 1 ? 'are' : 'is'} vulnerable (${advisories}) — called here`;
  }
  const what = group.advisories.length > 1 ? `${group.advisories.length} advisories (${advisories})` : advisories;
  return group.via ? `${subject}: ${what} — ${group.via}, which depends on it, is imported here` : `${subject}: ${what} — imported here`;
}
