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
  /** Answers of {@link sitesOf} by their targets, dropped when a file with one of those targets changes. */
  private readonly answers = new Map<string, { targets: ReadonlySet<string>; sites: ImportFact[]; siteTargets: Map<ImportFact, string> }>();

  /** A file's facts changed: its sites (empty when it has none), or undefined when it has no facts any more. */
  update(path: string, sites: readonly ImportFact[] | undefined): void {
    const known = this.files.get(path);
    if (known) {
      this.unlink(path, known);
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
        for (const target of file.targets) {
          if (target !== undefined) {
            this.forgetAnswers(target);
            let paths = this.pathsByTarget.get(target);
            if (!paths) {
              paths = new Set();
              this.pathsByTarget.set(target, paths);
            }
            paths.add(path);
          }
        }
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
      return { sites: answer.sites, targets: answer.siteTargets };
    }
    const paths = new Set([...wanted].flatMap((target) => [...(this.pathsByTarget.get(target) ?? [])]));
    const files = [...paths].map((path) => this.files.get(path)!).sort(byPath);
    const sites: ImportFact[] = [];
    const siteTargets = new Map<ImportFact, string>();
    for (const file of files) {
      file.sites.forEach((site, at) => {
        const target = file.targets?.[at];
        if (target !== undefined && wanted.has(target)) {
          sites.push(site);
          siteTargets.set(site, target);
        }
      });
    }
    this.answers.set(key, { targets: wanted, sites, siteTargets });
    return { sites, targets: siteTargets };
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

  private forgetAnswers(target: string): void {
    this.targetRevisions.set(target, ++this.clock);
    for (const [key, answer] of this.answers) {
      if (answer.targets.has(target)) {
        this.answers.delete(key);
      }
    }
  }

  private unlink(path: string, file: FileSites): void {
    for (const target of file.targets ?? []) {
      if (target !== undefined) {
        this.forgetAnswers(target);
        const paths = this.pathsByTarget.get(target);
        paths?.delete(path);
        if (paths?.size === 0) {
          this.pathsByTarget.delete(target);
        }
      }
    }
  }
}

function byPath(a: FileSites, b: FileSites): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}
