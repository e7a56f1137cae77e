import type { Connection, Diagnostic } from 'vscode-languageserver/node';
import type { Settings } from '../../../shared/src/settings';
import { surfacePolicyOf } from './settings';
import type { AnalyzedFinding } from '../core/model/analysis';
import { problemToDiagnostic, toGroupDiagnostic } from './convert';
import { shownGroups } from './findingGroups';
import type { FolderSession } from './folderSession';
import { addSourceSiteDiagnostics } from './sourceSiteDiagnostics';

/** Delay that coalesces bursts of edits and file events into one publication. */
const publishDelayMs = 50;

/**
 * Publishes the surfaced findings and input problems of every folder as diagnostics, debounced, and clears the
 * files that no longer have any. A package version's advisories on one manifest line are one diagnostic.
 */
export class DiagnosticsPublisher {
  /** What was last sent for each URI (as JSON), so a publication that would change nothing can be left out. */
  private published = new Map<string, string>();
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  /** Whether the scheduled publication may leave out URIs whose diagnostics are unchanged. */
  private isChangeOnly = true;

  constructor(
    private readonly connection: Connection,
    private readonly sessions: () => FolderSession[],
    private readonly settingsOf: (folderUri: string) => Promise<Settings>,
    private readonly onPublished: () => void,
  ) {}

  /** Publishes every folder's diagnostics soon (debounced). */
  schedule(): void {
    this.isChangeOnly = false;
    this.start();
  }

  /**
   * Publishes soon, but only the URIs whose diagnostics changed since they were last sent: for follow-up work
   * (facts settled after an edit) that usually changes nothing the user sees.
   */
  scheduleChanges(): void {
    this.start();
  }

  private start(): void {
    if (this.timer) {
      clearTimeout(this.timer);
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const isChangeOnly = this.isChangeOnly;
      this.isChangeOnly = true;
      this.running = (this.running ?? Promise.resolve()).then(() => this.publishNow(isChangeOnly)).catch((error: unknown) => {
        this.connection.console.error(`Publishing diagnostics failed: ${(error as Error).stack ?? String(error)}`);
      });
    }, publishDelayMs);
  }

  /** Surfaced findings of a folder, computed from the engine's memoized analysis. */
  async analysisOf(session: FolderSession): Promise<AnalyzedFinding[]> {
    const settings = await this.settingsOf(session.uri);
    return session.engine
      .analyze(surfacePolicyOf(settings, session.engine.currentBaseline !== undefined))
      .services.flatMap((service) => service.findings);
  }

  private async publishNow(isChangeOnly: boolean): Promise<void> {
    const byUri = new Map<string, Diagnostic[]>();
    const add = (uri: string, diagnostic: Diagnostic): void => {
      byUri.set(uri, [...(byUri.get(uri) ?? []), diagnostic]);
    };
    for (const session of this.sessions()) {
      const findings = await this.analysisOf(session);
      for (const group of shownGroups(findings)) {
        add(session.uriOf(group.location!.path), toGroupDiagnostic(group, (path) => session.uriOf(path), session.uri));
      }
      const { sourceSites } = (await this.settingsOf(session.uri)).diagnostics;
      addSourceSiteDiagnostics(findings, sourceSites, (path) => session.uriOf(path), session.uri, add, (uri) => byUri.get(uri) ?? []);
      for (const path of session.engine.filesWithProblems()) {
        for (const problem of session.engine.problemsOf(path)) {
          add(session.uriOf(path), problemToDiagnostic(problem));
        }
      }
    }
    const published = new Map<string, string>();
    for (const [uri, diagnostics] of byUri) {
      const json = JSON.stringify(diagnostics);
      published.set(uri, json);
      if (!isChangeOnly || this.published.get(uri) !== json) {
        await this.connection.sendDiagnostics({ uri, diagnostics });
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
