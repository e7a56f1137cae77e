import { partitionPoint } from '../core/model/lists';
import type { ImportFact } from '../core/model/importFact';

/** Resolves an import site to the package it loads (`ecosystem:key`), or undefined for none. */
export type ImportResolver = (site: ImportFact) => string | undefined;

interface FileSites {
  path: string;
  sites: readonly ImportFact[];
  /** Target of each site, once resolved. */
  targets?: (string | undefined)[];
}

/**
 * The import sites of the workspace by the package they load, kept up to date file by file: an edit re-resolves
 * the sites of the edited file only, instead of rebuilding maps over every import of a large monorepo (which also
 * left hundreds of thousands of entries of garbage per keystroke). A new resolver (manifests or files changed)
 * re-resolves everything once.
 */
export class ImportSiteIndex {
  private readonly files = new Map<string, FileSites>();
  /** Paths of the files with at least one site of each target. */
  private readonly pathsByTarget = new Map<string, Set<string>>();
  private readonly unresolved = new Set<string>();
  private resolver?: ImportResolver;
  /** A clock value per target, moved whenever a file's sites of the target change (see {@link revisionOf}). */
  private readonly targetRevisions = new Map<string, number>();
  private clock = 0;
  /** The revision of targets not moved since the resolver last changed. */
  private resolvedAt = 0;
  /**
   * Answers of {@link sitesOf} by their targets. When a file with one of those targets changes, its run of sites in
   * the answer is replaced (they are contiguous, in path order): a keystroke in a file that imports lodash then costs
   * one splice per answer that lists lodash, not a sort of every file importing it.
   */
  private readonly answers = new Map<string, Answer>();
  /** The target of every resolved site, shared by every answer (each site object belongs to one file version). */
  private readonly siteTargets = new Map<ImportFact, string>();

  /** A file's facts changed: its sites (empty when it has none), or undefined when it has no facts any more. */
  update(path: string, sites: readonly ImportFact[] | undefined): void {
    const known = this.files.get(path);
    if (known) {
      this.spliceAnswers(path, this.unlink(path, known));
    }
    if (sites === undefined) {
      this.files.delete(path);
      this.unresolved.delete(path);
      return;
    }
    this.files.set(path, { path, sites });
    this.unresolved.add(path);
  }

  /** Resolves what changed since the last call; everything when the resolver is a new one. */
  sync(resolver: ImportResolver): void {
    if (resolver !== this.resolver) {
      this.resolver = resolver;
      this.pathsByTarget.clear();
      this.answers.clear();
      this.siteTargets.clear();
      this.targetRevisions.clear();
      this.resolvedAt = ++this.clock;
      for (const [path, file] of this.files) {
        file.targets = undefined;
        this.unresolved.add(path);
      }
    }
    for (const path of this.unresolved) {
      const file = this.files.get(path);
      if (file) {
        file.targets = file.sites.map(resolver);
        file.sites.forEach((site, at) => {
          const target = file.targets![at];
          if (target !== undefined) {
            this.siteTargets.set(site, target);
            this.moved(target);
            let paths = this.pathsByTarget.get(target);
            if (!paths) {
              paths = new Set();
              this.pathsByTarget.set(target, paths);
            }
            paths.add(path);
          }
        });
        this.spliceAnswers(path, new Set(file.targets.filter((target): target is string => target !== undefined)), file);
      }
    }
    this.unresolved.clear();
  }

  /**
   * The sites of any of `targets` with their targets, in path order then position: the same whatever order the
   * files were indexed in (a cold index reads them concurrently).
   * Answers are kept until a file with one of the targets changes: callers must not modify them.
   */
  sitesOf(targets: readonly string[]): { sites: readonly ImportFact[]; targets: ReadonlyMap<ImportFact, string> } {
    const wanted = new Set(targets);
    const key = [...wanted].sort().join('\n');
    const answer = this.answers.get(key);
    if (answer) {
      return { sites: answer.sites, targets: this.siteTargets };
    }
    const paths = new Set([...wanted].flatMap((target) => [...(this.pathsByTarget.get(target) ?? [])]));
    const files = [...paths].map((path) => this.files.get(path)!).sort(byPath);
    const sites: ImportFact[] = [];
    const sitePaths: string[] = [];
    for (const file of files) {
      for (const site of wantedSites(file, wanted)) {
        sites.push(site);
        sitePaths.push(file.path);
      }
    }
    this.answers.set(key, { targets: wanted, sites, sitePaths });
    return { sites, targets: this.siteTargets };
  }

  /** Every site in order and every resolved target: for callers that need them all (costly on a large workspace). */
  everything(): { sites: ImportFact[]; targets: Map<ImportFact, string> } {
    const sites: ImportFact[] = [];
    const targets = new Map<ImportFact, string>();
    for (const file of [...this.files.values()].sort(byPath)) {
      file.sites.forEach((site, at) => {
        sites.push(site);
        const target = file.targets?.[at];
        if (target !== undefined) {
          targets.set(site, target);
        }
      });
    }
    return { sites, targets };
  }

  /**
   * Moves whenever the sites of `target` change in any file (added, removed, or moved within their file), and when
   * the resolver changes: equal revisions, equal answers of {@link sitesOf} for it.
   */
  revisionOf(target: string): number {
    return this.targetRevisions.get(target) ?? this.resolvedAt;
  }

  private moved(target: string): void {
    this.targetRevisions.set(target, ++this.clock);
  }

  /**
   * Replaces the run of `path`'s sites in every answer listing any of `targets` (its sites are contiguous there, in
   * path order) by its current sites of the answer's targets: `file` resolved, or none when `file` is not given.
   */
  private spliceAnswers(path: string, targets: ReadonlySet<string>, file?: FileSites): void {
    if (targets.size === 0) {
      return;
    }
    for (const answer of this.answers.values()) {
      if (![...targets].some((target) => answer.targets.has(target))) {
        continue;
      }
      const start = partitionPoint(answer.sitePaths, (known) => known < path);
      let end = start;
      while (end < answer.sitePaths.length && answer.sitePaths[end] === path) {
        end++;
      }
      const added = file ? wantedSites(file, answer.targets) : [];
      // New arrays: callers may still hold the previous answer.
      answer.sites = answer.sites.slice(0, start).concat(added, answer.sites.slice(end));
      answer.sitePaths = answer.sitePaths.slice(0, start).concat(added.map(() => path), answer.sitePaths.slice(end));
    }
  }

  /** Forgets a file's resolved sites; answers the targets they had. */
  private unlink(path: string, file: FileSites): Set<string> {
    const targets = new Set<string>();
    file.sites.forEach((site, at) => {
      const target = file.targets?.[at];
      if (target !== undefined) {
        targets.add(target);
        this.siteTargets.delete(site);
        this.moved(target);
        const paths = this.pathsByTarget.get(target);
        paths?.delete(path);
        if (paths?.size === 0) {
          this.pathsByTarget.delete(target);
        }
      }
    });
    return targets;
  }
}

/** An answer of {@link ImportSiteIndex.sitesOf}: its sites in path order, and the path of each. */
interface Answer {
  targets: ReadonlySet<string>;
  sites: ImportFact[];
  sitePaths: string[];
}

/** A file's resolved sites of any of `targets`, in file order. */
function wantedSites(file: FileSites, targets: ReadonlySet<string>): ImportFact[] {
  return file.sites.filter((_site, at) => {
    const target = file.targets?.[at];
    return target !== undefined && targets.has(target);
  });
}

function byPath(a: FileSites, b: FileSites): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}
