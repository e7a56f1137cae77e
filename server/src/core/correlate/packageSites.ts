import type { ImportFact } from '../model/importFact';
import { partitionPoint } from '../model/lists';
import { isInServiceRoot } from '../model/service';
import { isTestPath, type CallsByPath } from '../model/workspaceIndex';
import { groupByPath, isWildcard, scanFileCalls, type FileCallScan } from './symbolReachability';
import type { VulnerableCode } from './vulnerableCode';

/** What tells a package's sites apart: the same for every file of one decision (see {@link summarizeFileSites}). */
export interface SiteContext {
  /** Import targets of the package itself, and of the dependencies that pull it in. */
  ownKeys: ReadonlySet<string>;
  introducers: ReadonlySet<string>;
  /** The target of sites tied to no package (see `unresolvedImportKey`). */
  unresolvedKey: string;
  importTargets: ReadonlyMap<ImportFact, string>;
  serviceRoot: string;
  vulnerable: VulnerableCode;
}

/**
 * What one file's import sites contribute to a package's reachability: its sites of the package (or of what pulls it
 * in) by kind, and the scan of its calls. A decision merges these in path order, so that after an edit only the
 * edited file is summarized again (see {@link PackageSiteStore}).
 */
export interface FileSites {
  readonly path: string;
  /** Sites of application code (not type-only, not in test files); Go: not of another package of the module. */
  readonly app: readonly ImportFact[];
  readonly test: readonly ImportFact[];
  readonly type: readonly ImportFact[];
  /** Go: application sites of the module's packages other than the vulnerable ones. */
  readonly otherApp: readonly ImportFact[];
  /** Application sites tied to no package. */
  readonly unresolved: readonly ImportFact[];
  /** The application sites of the package itself, those of them a loader loads, and those with bindings. */
  readonly ownApp: readonly ImportFact[];
  readonly ownLoads: readonly ImportFact[];
  readonly tracked: readonly ImportFact[];
  /** The first of `tracked` that imports by wildcard. */
  readonly wildcard?: ImportFact;
  /** The scan of the file's calls through `tracked` (not Go), made on first use. */
  scan?: FileCallScan;
}

/** One file's summary, from its sites among a decision's candidates (all of one path, in file order). */
export function summarizeFileSites(path: string, sites: readonly ImportFact[], context: SiteContext): FileSites {
  const { ownKeys, introducers, unresolvedKey, importTargets, serviceRoot, vulnerable } = context;
  const summary = { path, app: [] as ImportFact[], test: [] as ImportFact[], type: [] as ImportFact[], otherApp: [] as ImportFact[], unresolved: [] as ImportFact[], ownApp: [] as ImportFact[], ownLoads: [] as ImportFact[], tracked: [] as ImportFact[] };
  let wildcard: ImportFact | undefined;
  // Go advisories name the vulnerable packages of the module: imports of its other packages do not reach them.
  const vulnerablePackages = vulnerable.ecosystem === 'golang' && vulnerable.packages.length > 0 ? new Set(vulnerable.packages) : undefined;
  for (const site of sites) {
    const target = importTargets.get(site);
    if (target === undefined || !isInServiceRoot(site.path, serviceRoot)) {
      continue;
    }
    const isApp = !site.isTypeOnly && !isTestPath(site.path);
    if (target === unresolvedKey && isApp) {
      summary.unresolved.push(site);
    }
    const isOwn = ownKeys.has(target);
    if (!isOwn && !introducers.has(target)) {
      continue;
    }
    if (isOwn && vulnerablePackages && !vulnerablePackages.has(site.specifier)) {
      if (isApp) {
        summary.otherApp.push(site);
      }
      continue;
    }
    (site.isTypeOnly ? summary.type : isTestPath(site.path) ? summary.test : summary.app).push(site);
    if (isApp && isOwn) {
      summary.ownApp.push(site);
      if (site.loadedBy) {
        summary.ownLoads.push(site);
      }
      if (site.bindings !== undefined) {
        summary.tracked.push(site);
        wildcard ??= isWildcard(site) ? site : undefined;
      }
    }
  }
  return wildcard ? { ...summary, wildcard } : summary;
}

/** A file's scan of its calls (see {@link FileSites.scan}), kept on the summary. */
export function scanOf(file: FileSites, calls: CallsByPath, vulnerable: VulnerableCode): FileCallScan {
  file.scan ??= scanFileCalls(file.path, file.tracked, calls, vulnerable);
  return file.scan;
}

/** Sites grouped into their files' summaries, in the order the files first appear (path order for the index's lists). */
export function summarizeSites(sites: readonly ImportFact[], context: SiteContext): FileSites[] {
  return [...groupByPath(sites)].map(([path, fileSites]) => summarizeFileSites(path, fileSites, context)).filter(hasAnySite);
}

function hasAnySite(file: FileSites): boolean {
  return file.app.length + file.test.length + file.type.length + file.otherApp.length + file.unresolved.length > 0;
}

/**
 * The file summaries of one package decision, kept up to date file by file: {@link update} summarizes again only the
 * files whose facts changed, from the candidates (in path order, as the index answers them). Valid while the
 * decision's context is (the same graphs, file list, service root and vulnerable code).
 */
export class PackageSiteStore {
  /** In path order. */
  private readonly list: FileSites[] = [];

  constructor(
    private readonly context: SiteContext,
    sites: readonly ImportFact[],
  ) {
    this.list = summarizeSites(sites, context);
  }

  /** The summaries in path order (callers must not modify it; it changes with {@link update}). */
  get files(): readonly FileSites[] {
    return this.list;
  }

  /** Summarizes again the files of `paths` from their runs in `sites` (sorted by path); a file without sites is dropped. */
  update(paths: Iterable<string>, sites: readonly ImportFact[]): void {
    for (const path of paths) {
      const start = partitionPoint(sites, (site) => site.path < path);
      let end = start;
      while (end < sites.length && sites[end]!.path === path) {
        end++;
      }
      const file = summarizeFileSites(path, sites.slice(start, end), this.context);
      const at = partitionPoint(this.list, (known) => known.path < path);
      const isKnown = this.list[at]?.path === path;
      if (!hasAnySite(file)) {
        if (isKnown) {
          this.list.splice(at, 1);
        }
      } else if (isKnown) {
        this.list[at] = file;
      } else {
        this.list.splice(at, 0, file);
      }
    }
  }

  /** Whether a file has sites among the summaries. */
  has(path: string): boolean {
    return this.list[partitionPoint(this.list, (known) => known.path < path)]?.path === path;
  }
}
