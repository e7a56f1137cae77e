import type { ImportFact } from '../model/importFact';
import { partitionPoint, sameElements } from '../model/lists';
import { isInServiceRoot } from '../model/service';
import { isTestPath, type CallsByPath } from '../model/workspaceIndex';
import { groupByPath, isWildcard, scanEvidenceCaps, scanFileCalls, type FileCallScan } from './symbolReachability';
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
  /**
   * The scans of the file's calls through `tracked` (not Go) by the vulnerable code they look for (see
   * {@link vulnerableCodeKey}), made on first use: the summary is shared by the decisions about its package, which may
   * look for different symbols.
   */
  scans?: Map<string, FileCallScan>;
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

/** A file's scan of its calls for some vulnerable code (see {@link FileSites.scans}), kept on the summary. */
export function scanOf(file: FileSites, calls: CallsByPath, vulnerable: VulnerableCode, key = vulnerableCodeKey(vulnerable)): FileCallScan {
  file.scans ??= new Map();
  let scan = file.scans.get(key);
  if (!scan) {
    scan = scanFileCalls(file.path, file.tracked, calls, vulnerable);
    file.scans.set(key, scan);
  }
  return scan;
}

const vulnerableCodeKeys = new WeakMap<VulnerableCode, string>();

/** Equal keys, equal vulnerable code (each decision reads its own once, then asks for many files). */
function vulnerableCodeKey(vulnerable: VulnerableCode): string {
  let key = vulnerableCodeKeys.get(vulnerable);
  if (key === undefined) {
    key = JSON.stringify(vulnerable);
    vulnerableCodeKeys.set(vulnerable, key);
  }
  return key;
}

/** Sites grouped into their files' summaries, in the order the files first appear (path order for the index's lists). */
export function summarizeSites(sites: readonly ImportFact[], context: SiteContext): FileSites[] {
  return [...groupByPath(sites)].map(([path, fileSites]) => summarizeFileSites(path, fileSites, context)).filter(hasAnySite);
}

function hasAnySite(file: FileSites): boolean {
  return file.app.length + file.test.length + file.type.length + file.otherApp.length + file.unresolved.length > 0;
}

/** The lists of {@link FileSites} that a decision reads across files. */
export type SiteKind = 'app' | 'test' | 'type' | 'otherApp' | 'unresolved' | 'ownApp' | 'ownLoads' | 'tracked';

const siteKinds: readonly SiteKind[] = ['app', 'test', 'type', 'otherApp', 'unresolved', 'ownApp', 'ownLoads', 'tracked'];

/**
 * The file summaries of one decision with what it reads across them: per kind of site, the files that have some and
 * how many there are. A decision walks only the files of the kinds it reads, and only as far as it cites.
 */
export interface SiteFiles {
  /** Every summary; in path order when {@link isPathOrdered}. */
  readonly files: readonly FileSites[];
  readonly isPathOrdered: boolean;
  /** The files with sites of a kind, in the order of {@link files}. */
  filesWith(kind: SiteKind): readonly FileSites[];
  /** How many sites of a kind the files have together. */
  count(kind: SiteKind): number;
  /**
   * A value made from the files and the given context parts only, kept by the store until its files change
   * (undefined: nothing is kept). Every decision about a package reads the same import sites, for instance.
   */
  derive?<T>(key: string, inputs: readonly unknown[], make: () => T): T;
  /**
   * Scans that give `verdictOfScans` the verdict of every tracked file's scan (see {@link scanOf}) without listing
   * each: when undefined, the caller scans the tracked files.
   */
  scansForVerdict?(calls: CallsByPath, vulnerable: VulnerableCode): FileCallScan[];
}

/** {@link SiteFiles} over a list of summaries, each kind's files and count found on first use. */
export function siteFilesOf(files: readonly FileSites[]): SiteFiles {
  const byKind = new Map<SiteKind, { files: FileSites[]; count: number }>();
  const entry = (kind: SiteKind): { files: FileSites[]; count: number } => {
    let found = byKind.get(kind);
    if (!found) {
      found = { files: files.filter((file) => file[kind].length > 0), count: 0 };
      found.count = found.files.reduce((sum, file) => sum + file[kind].length, 0);
      byKind.set(kind, found);
    }
    return found;
  };
  return { files, isPathOrdered: false, filesWith: (kind) => entry(kind).files, count: (kind) => entry(kind).count };
}

/**
 * The file summaries of one package decision, kept up to date file by file: {@link update} summarizes again only the
 * files whose facts changed, from the candidates (in path order, as the index answers them). Valid while the
 * context is (the same graphs, file list and service root). Outside Go the summaries do not depend on the vulnerable
 * code, so every decision about the package shares them; the scans are kept by vulnerable code. The files of each kind and
 * their counts ({@link SiteFiles}) move with the files, so a decision after an edit does not walk every file again.
 */
export class PackageSiteStore implements SiteFiles {
  /** In path order. */
  private readonly list: FileSites[] = [];
  /** Per kind, the files with sites of it (in path order) and how many sites they have. */
  private readonly kinds = new Map<SiteKind, { files: FileSites[]; count: number }>();
  readonly isPathOrdered = true;
  /** Values made from the files (see {@link derive}), with the inputs they were made with; cleared by {@link update}. */
  private readonly derived = new Map<string, { inputs: readonly unknown[]; value: unknown }>();
  /**
   * The tracked files' scans taken together, by the vulnerable code they look for, from the first
   * {@link scansForVerdict} for it on (see {@link ScanTotals}).
   */
  private readonly totalsByCode = new Map<string, ScanTotals>();

  constructor(
    readonly context: SiteContext,
    sites: readonly ImportFact[],
  ) {
    this.list = summarizeSites(sites, context);
    if (this.list.some((file, at) => at > 0 && this.list[at - 1]!.path >= file.path)) {
      this.list.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)); // the index answers in path order; kept whatever it does
    }
    for (const kind of siteKinds) {
      const files = this.list.filter((file) => file[kind].length > 0);
      this.kinds.set(kind, { files, count: files.reduce((sum, file) => sum + file[kind].length, 0) });
    }
  }

  /** The summaries in path order (callers must not modify it; it changes with {@link update}). */
  get files(): readonly FileSites[] {
    return this.list;
  }

  filesWith(kind: SiteKind): readonly FileSites[] {
    return this.kinds.get(kind)!.files;
  }

  count(kind: SiteKind): number {
    return this.kinds.get(kind)!.count;
  }

  derive<T>(key: string, inputs: readonly unknown[], make: () => T): T {
    const kept = this.derived.get(key);
    if (kept && sameElements(kept.inputs, inputs)) {
      return kept.value as T;
    }
    const value = make();
    this.derived.set(key, { inputs, value });
    return value;
  }

  /** Summarizes again the files of `paths` from their runs in `sites` (sorted by path); a file without sites is dropped. */
  update(paths: Iterable<string>, sites: readonly ImportFact[]): void {
    this.derived.clear();
    for (const path of paths) {
      const start = partitionPoint(sites, (site) => site.path < path);
      let end = start;
      while (end < sites.length && sites[end]!.path === path) {
        end++;
      }
      const file = summarizeFileSites(path, sites.slice(start, end), this.context);
      const at = partitionPoint(this.list, (known) => known.path < path);
      const known = this.list[at]?.path === path ? this.list[at] : undefined;
      if (known) {
        this.moveKinds(known, -1);
        this.dropScan(known);
      }
      if (!hasAnySite(file)) {
        if (known) {
          this.list.splice(at, 1);
        }
        continue;
      }
      if (known) {
        this.list[at] = file;
      } else {
        this.list.splice(at, 0, file);
      }
      this.moveKinds(file, 1);
      if (file.tracked.length > 0) {
        for (const totals of this.totalsByCode.values()) {
          totals.pending.add(file);
        }
      }
    }
  }

  /**
   * The scans `verdictOfScans` reads, equivalent to every tracked file's in path order: one that carries the sums,
   * then those of the first files that cite unchecked calls, and of those that cite checked ones (as many as the
   * verdict cites), then those of every file with a vulnerable call, each with only those parts. A file summarized again is scanned again; the
   * others keep their scans.
   */
  scansForVerdict(calls: CallsByPath, vulnerable: VulnerableCode): FileCallScan[] {
    const key = vulnerableCodeKey(vulnerable);
    let totals = this.totalsByCode.get(key);
    if (!totals) {
      totals = { key, uncheckedCount: 0, callsChecked: 0, citing: { unchecked: [], checked: [] }, withHits: [], pending: new Set(this.filesWith('tracked')) };
      this.totalsByCode.set(key, totals);
    }
    for (const file of totals.pending) {
      const scan = scanOf(file, calls, vulnerable, key);
      totals.uncheckedCount += scan.uncheckedCount;
      totals.callsChecked += scan.callsChecked;
      for (const part of ['unchecked', 'checked'] as const) {
        if (scan[part].length > 0) {
          insertByPath(totals.citing[part], file);
        }
      }
      if (hasHits(scan)) {
        insertByPath(totals.withHits, file);
      }
    }
    totals.pending.clear();
    const none = { uncheckedCount: 0, callsChecked: 0, unchecked: [], checked: [], hits: [], hitSymbols: [], hitSites: [] };
    const scans: FileCallScan[] = [{ ...none, uncheckedCount: totals.uncheckedCount, callsChecked: totals.callsChecked }];
    for (const part of ['unchecked', 'checked'] as const) {
      let cited = 0;
      for (let at = 0; at < totals.citing[part].length && cited < scanEvidenceCaps[part]; at++) {
        const evidence = totals.citing[part][at]!.scans!.get(key)![part];
        scans.push({ ...none, [part]: evidence });
        cited += evidence.length;
      }
    }
    for (const file of totals.withHits) {
      const { hits, hitSymbols, hitSites } = file.scans!.get(key)!;
      scans.push({ ...none, hits, hitSymbols, hitSites });
    }
    return scans;
  }

  /** Takes a file's scans out of the totals (a file summarized again is scanned again). */
  private dropScan(file: FileSites): void {
    if (file.tracked.length === 0) {
      return;
    }
    for (const totals of this.totalsByCode.values()) {
      if (totals.pending.delete(file)) {
        continue;
      }
      const scan = file.scans!.get(totals.key)!;
      totals.uncheckedCount -= scan.uncheckedCount;
      totals.callsChecked -= scan.callsChecked;
      for (const part of ['unchecked', 'checked'] as const) {
        if (scan[part].length > 0) {
          removeByPath(totals.citing[part], file.path);
        }
      }
      if (hasHits(scan)) {
        removeByPath(totals.withHits, file.path);
      }
    }
  }


  /** Whether a file has sites among the summaries. */
  has(path: string): boolean {
    return this.list[partitionPoint(this.list, (known) => known.path < path)]?.path === path;
  }

  /** Adds a file to (`1`) or removes it from (`-1`) the lists of the kinds it has sites of. */
  private moveKinds(file: FileSites, sign: 1 | -1): void {
    for (const kind of siteKinds) {
      if (file[kind].length === 0) {
        continue;
      }
      const entry = this.kinds.get(kind)!;
      if (sign > 0) {
        insertByPath(entry.files, file);
      } else {
        removeByPath(entry.files, file.path);
      }
      entry.count += sign * file[kind].length;
    }
  }
}

/**
 * What a store's tracked files' scans say together: the sums, the files whose scans cite unchecked calls, checked
 * calls, and vulnerable ones (each in path order; most files cite checked calls, few the others), and the files
 * summarized since, to scan at the next verdict.
 */
interface ScanTotals {
  /** The vulnerable code looked for (see {@link vulnerableCodeKey}). */
  key: string;
  uncheckedCount: number;
  callsChecked: number;
  citing: { unchecked: FileSites[]; checked: FileSites[] };
  withHits: FileSites[];
  pending: Set<FileSites>;
}

function hasHits(scan: FileCallScan): boolean {
  return scan.hits.length > 0 || scan.hitSymbols.length > 0 || scan.hitSites.length > 0;
}

function insertByPath(files: FileSites[], file: FileSites): void {
  files.splice(partitionPoint(files, (known) => known.path < file.path), 0, file);
}

function removeByPath(files: FileSites[], path: string): void {
  const at = partitionPoint(files, (known) => known.path < path);
  if (files[at]?.path === path) {
    files.splice(at, 1);
  }
}
