import type { Connection, Diagnostic } from 'vscode-languageserver/node';
import type { Settings } from '../../../shared/src/settings';
import { surfacePolicyOf } from './settings';
import type { AnalyzedFinding } from '../core/model/analysis';
import { groupSourceSites, isSameSiteGroupList, type SourceSiteGroup, type SourceSiteMode } from '../core/correlate/sourceSites';
import { findingsByPath } from '../engine/workspaceEngine';
import type { Analysis } from '../engine/ports';
import { sameElements } from '../core/model/lists';
import { problemToDiagnostic, toGroupDiagnostic } from './convert';
import { shownGroups } from './findingGroups';
import type { FolderSession } from './folderSession';
import { toSourceSiteDiagnostic, withSiteLinks } from './sourceSiteDiagnostics';

/** Delay that coalesces bursts of edits and file events into one publication. */
const publishDelayMs = 50;

/**
 * Publishes the surfaced findings and input problems of every folder as diagnostics, debounced, and clears the
 * files that no longer have any. A package version's advisories on one manifest line are one diagnostic.
 *
 * Each file's diagnostics are built from parts (its findings' groups, the source sites in it, the links of its
 * manifest lines to those sites, its input problems), each kept with a version that moves only when the part's
 * inputs change: the same analysed findings (the engine keeps the objects of findings whose inputs did not move),
 * the same site groups, the same problems. A publication after an edit converts and sends only the files whose
 * versions moved, plus the edited one.
 */
export class DiagnosticsPublisher {
  /** The fingerprint last sent for each URI: equal fingerprints, equal diagnostics. */
  private published = new Map<string, string>();
  private readonly folders = new WeakMap<FolderSession, FolderDiagnostics>();
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  /** Whether the scheduled publication may leave out URIs whose diagnostics are unchanged. */
  private isChangeOnly = true;
  /** URIs the scheduled publication sends even when unchanged (the edited documents). */
  private touched = new Set<string>();
  /** The analysis each folder's diagnostics were last made from: what the editor shows. */
  private readonly shown = new WeakMap<FolderSession, Analysis>();

  constructor(
    private readonly connection: Connection,
    private readonly sessions: () => FolderSession[],
    private readonly settingsOf: (folderUri: string) => Promise<Settings>,
    private readonly onPublished: () => void,
  ) {}

  /** Publishes every folder's diagnostics soon (debounced), every file of them. */
  schedule(): void {
    this.isChangeOnly = false;
    this.start();
  }

  /**
   * Publishes soon, but only the URIs whose diagnostics changed since they were last sent, plus `touchedUri` (an
   * edited document, which hears back whether or not its diagnostics moved): for edits, and for follow-up work
   * (facts settled after an edit) that usually changes nothing the user sees.
   */
  scheduleChanges(touchedUri?: string): void {
    if (touchedUri !== undefined) {
      this.touched.add(touchedUri);
    }
    this.start();
  }

  /**
   * The analysis a folder's published diagnostics were made from (none before its first publication). A hover reads
   * it rather than waiting for the analysis of an edit still being made: it then explains the squiggles on screen.
   */
  publishedAnalysisOf(session: FolderSession): Analysis | undefined {
    return this.shown.get(session);
  }

  private start(): void {
    if (this.timer) {
      clearTimeout(this.timer);
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const isChangeOnly = this.isChangeOnly;
      const touched = this.touched;
      this.isChangeOnly = true;
      this.touched = new Set();
      this.running = (this.running ?? Promise.resolve()).then(() => this.publishNow(isChangeOnly, touched)).catch((error: unknown) => {
        this.connection.console.error(`Publishing diagnostics failed: ${(error as Error).stack ?? String(error)}`);
      });
    }, publishDelayMs);
  }

  private async publishNow(isChangeOnly: boolean, touched: ReadonlySet<string>): Promise<void> {
    const byUri = new Map<string, FileDiagnostics>();
    for (const session of this.sessions()) {
      const settings = await this.settingsOf(session.uri);
      const analysis = session.engine.analyze(surfacePolicyOf(settings, session.engine.currentBaseline !== undefined));
      this.shown.set(session, analysis);
      let folder = this.folders.get(session);
      if (!folder) {
        folder = new FolderDiagnostics(session);
        this.folders.set(session, folder);
      }
      for (const [path, file] of folder.files(analysis, settings.diagnostics.sourceSites)) {
        const uri = session.uriOf(path);
        const other = byUri.get(uri);
        // Nested folders may both report a file: its diagnostics are theirs together.
        byUri.set(uri, other ? { fingerprint: `${other.fingerprint}+${file.fingerprint}`, build: () => [...other.build(), ...file.build()] } : file);
      }
    }
    const published = new Map<string, string>();
    for (const [uri, file] of byUri) {
      published.set(uri, file.fingerprint);
      if (!isChangeOnly || touched.has(uri) || this.published.get(uri) !== file.fingerprint) {
        await this.connection.sendDiagnostics({ uri, diagnostics: file.build() });
      }
    }
    for (const uri of this.published.keys()) {
      if (!byUri.has(uri)) {
        await this.connection.sendDiagnostics({ uri, diagnostics: [] });
      }
    }
    this.published = published;
    this.onPublished();
  }
}

/** One file's diagnostics: a fingerprint of their parts' versions, and how to build them. */
interface FileDiagnostics {
  fingerprint: string;
  build(): Diagnostic[];
}

/** Some of a file's diagnostics as last built, with a version that moved when they were built differently. */
interface Part {
  version: number;
  diagnostics: Diagnostic[];
}

/** A file's diagnostics (none when its parts are empty) and the parts they were made of. */
interface MadeFile {
  own?: Part;
  sites?: Part;
  problem?: Part;
  file?: FileDiagnostics;
}

function fileOf(candidates: readonly (Part | undefined)[]): FileDiagnostics | undefined {
  const parts = candidates.filter((part): part is Part => part !== undefined && part.diagnostics.length > 0);
  return parts.length === 0 ? undefined : { fingerprint: parts.map((part) => part.version).join(':'), build: () => parts.flatMap((part) => part.diagnostics) };
}

/** Versions are unique across folders and publishers, so a fingerprint never names two contents. */
let lastVersion = 0;
const nextVersion = (): number => ++lastVersion;

/** The parts of the diagnostics of one folder's files, kept between publications (see DiagnosticsPublisher). */
class FolderDiagnostics {
  /** By path: the analysed findings located there (as listed last time) and their groups' diagnostics. */
  private groups = new Map<string, Part & { findings: readonly AnalyzedFinding[] }>();
  /** The source sites: the findings they came from, the diagnostics by path, and the sites linked from each manifest. */
  private sites: { mode?: SourceSiteMode; findings: readonly AnalyzedFinding[]; byPath: Map<string, Part & { groups: SourceSiteGroup[] }>; linksByManifest: Map<string, { version: number; groups: SourceSiteGroup[] }> } = {
    findings: [],
    byPath: new Map(),
    linksByManifest: new Map(),
  };
  /** By manifest path: its group diagnostics with the links to their sites, for the versions they were built from. */
  private linked = new Map<string, Part & { from: string }>();
  private problems = new Map<string, Part & { key: string }>();
  /** Each file's diagnostics as last made, with the parts they were made of. */
  private made = new Map<string, MadeFile>();

  constructor(private readonly session: FolderSession) {}

  /** Every file with diagnostics under this analysis, by path. */
  files(analysis: Analysis, mode: SourceSiteMode): Map<string, FileDiagnostics> {
    const uriOf = (path: string): string => this.session.uriOf(path);
    const folderUri = this.session.uri;
    const groups = this.updateGroups(findingsByPath(analysis), uriOf, folderUri);
    this.updateSites(analysis, mode, uriOf, folderUri);
    const problems = this.updateProblems();
    const files = new Map<string, FileDiagnostics>();
    const made = new Map<string, MadeFile>();
    const add = (path: string): void => {
      if (made.has(path)) {
        return;
      }
      const own = this.withLinks(path, groups.get(path), uriOf);
      const sites = this.sites.byPath.get(path);
      const problem = problems.get(path);
      // The same parts, the same file: kept as it was (thousands of files per publication, few of them changed).
      const previous = this.made.get(path);
      const entry = previous && previous.own === own && previous.sites === sites && previous.problem === problem ? previous : { own, sites, problem, file: fileOf([own, sites, problem]) };
      made.set(path, entry);
      if (entry.file) {
        files.set(path, entry.file);
      }
    };
    groups.forEach((_, path) => add(path));
    this.sites.byPath.forEach((_, path) => add(path));
    problems.forEach((_, path) => add(path));
    this.made = made;
    return files;
  }

  /** The group diagnostics of each file, converted again only where its analysed findings are other objects. */
  private updateGroups(byPath: ReadonlyMap<string, AnalyzedFinding[]>, uriOf: (path: string) => string, folderUri: string): Map<string, Part> {
    const next = new Map<string, Part & { findings: readonly AnalyzedFinding[] }>();
    for (const [path, findings] of byPath) {
      const previous = this.groups.get(path);
      if (previous && (previous.findings === findings || sameElements(previous.findings, findings))) {
        // The same part object (its diagnostics did not change), so the file made of it is kept too.
        previous.findings = findings;
        next.set(path, previous);
        continue;
      }
      const diagnostics = shownGroups(findings).map((group) => toGroupDiagnostic(group, uriOf, folderUri));
      next.set(path, { version: nextVersion(), diagnostics, findings });
    }
    this.groups = next;
    return next;
  }

  /** The source-site diagnostics, grouped again only when the surfaced package findings with sites changed. */
  private updateSites(analysis: Analysis, mode: SourceSiteMode, uriOf: (path: string) => string, folderUri: string): void {
    const findings: AnalyzedFinding[] = [];
    for (const service of analysis.services) {
      for (const analyzed of service.findings) {
        if (analyzed.isSurfaced && analyzed.finding.package && analyzed.reachability.sites) {
          findings.push(analyzed);
        }
      }
    }
    if (this.sites.mode === mode && sameElements(this.sites.findings, findings)) {
      return;
    }
    const byPath = new Map<string, SourceSiteGroup[]>();
    const byManifest = new Map<string, SourceSiteGroup[]>();
    for (const group of groupSourceSites(findings, mode)) {
      addTo(byPath, group.location.path, group);
      if (group.manifest) {
        addTo(byManifest, group.manifest.path, group);
      }
    }
    const parts = new Map<string, Part & { groups: SourceSiteGroup[] }>();
    for (const [path, groups] of byPath) {
      const previous = this.sites.byPath.get(path);
      parts.set(path, previous && isSameSiteGroupList(previous.groups, groups) ? previous : { groups, version: nextVersion(), diagnostics: groups.map((group) => toSourceSiteDiagnostic(group, uriOf, folderUri)) });
    }
    const linksByManifest = new Map<string, { version: number; groups: SourceSiteGroup[] }>();
    for (const [path, groups] of byManifest) {
      const previous = this.sites.linksByManifest.get(path);
      linksByManifest.set(path, { version: previous && isSameSiteGroupList(previous.groups, groups) ? previous.version : nextVersion(), groups });
    }
    this.sites = { mode, findings, byPath: parts, linksByManifest };
  }

  /** A file's group diagnostics, with the links of its manifest lines to their source sites when it has any. */
  private withLinks(path: string, own: Part | undefined, uriOf: (path: string) => string): Part | undefined {
    const links = this.sites.linksByManifest.get(path);
    if (!own || !links || own.diagnostics.length === 0) {
      this.linked.delete(path);
      return own;
    }
    const from = `${own.version}:${links.version}`;
    let linked = this.linked.get(path);
    if (linked?.from !== from) {
      linked = { from, version: nextVersion(), diagnostics: withSiteLinks(own.diagnostics, links.groups, uriOf) };
      this.linked.set(path, linked);
    }
    return linked;
  }

  /** The input problems of each file (few and small: compared as JSON). */
  private updateProblems(): Map<string, Part> {
    const next = new Map<string, Part & { key: string }>();
    for (const path of this.session.engine.filesWithProblems()) {
      const problems = this.session.engine.problemsOf(path);
      const key = JSON.stringify(problems);
      const previous = this.problems.get(path);
      next.set(path, previous?.key === key ? previous : { key, version: nextVersion(), diagnostics: problems.map(problemToDiagnostic) });
    }
    this.problems = next;
    return next;
  }
}

function addTo<T>(lists: Map<string, T[]>, key: string, item: T): void {
  const list = lists.get(key);
  if (list) {
    list.push(item);
  } else {
    lists.set(key, [item]);
  }
}
