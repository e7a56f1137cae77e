import { DiagnosticSeverity, type Diagnostic, type DiagnosticRelatedInformation } from 'vscode-languageserver/node';
import { describeSourceSite, type SourceSiteGroup } from '../core/correlate/sourceSites';
import { safeWebUrl } from '../../../shared/src/markdown';
import { toPlainLine } from '../core/model/plainText';
import type { UriOf } from './convert';

/** What a source-site diagnostic carries: the findings (advisories of one package version) it reaches. */
export type SourceSiteData = { folderUri: string; serviceId: string; findingIds: string[] };

/** Rule ids of the source-site diagnostics. */
export const sourceSiteCodes = { call: 'vulnerable-function-call', import: 'vulnerable-package-import' } as const;

/** Sites linked from one manifest diagnostic at most (its evidence already cites a few). */
const maxLinkedSites = 20;

/**
 * The diagnostics of one manifest with links to the sites of their findings (`groups`: the site groups whose
 * manifest it is, in order), at most {@link maxLinkedSites} per diagnostic. Diagnostics that gain links are copies:
 * the given ones stay as they are (they are reused by later publications).
 */
export function withSiteLinks(diagnostics: readonly Diagnostic[], groups: readonly SourceSiteGroup[], uriOf: UriOf): Diagnostic[] {
  const byFinding = new Map<string, number[]>();
  diagnostics.forEach((diagnostic, index) => {
    for (const id of findingIdsOf(diagnostic)) {
      const indices = byFinding.get(id);
      if (indices) {
        indices.push(index);
      } else {
        byFinding.set(id, [index]);
      }
    }
  });
  const linked = new Map<number, { diagnostic: Diagnostic; related: DiagnosticRelatedInformation[]; count: number }>();
  for (const group of groups) {
    const indices = new Set<number>();
    for (const advisory of group.advisories) {
      for (const index of byFinding.get(advisory.findingId) ?? []) {
        indices.add(index);
      }
    }
    const uri = uriOf(group.location.path);
    const line = group.location.range.start.line;
    for (const index of [...indices].sort((a, b) => a - b)) {
      let entry = linked.get(index);
      if (!entry) {
        const original = diagnostics[index]!;
        const related = [...(original.relatedInformation ?? [])];
        entry = { diagnostic: { ...original, relatedInformation: related }, related, count: 0 };
        linked.set(index, entry);
      }
      const isLinked = entry.related.some((info) => info.location.uri === uri && info.location.range.start.line === line);
      if (!isLinked && entry.count < maxLinkedSites) {
        entry.count++;
        entry.related.push({ location: { uri, range: group.location.range }, message: toPlainLine(`${group.location.path}:${line + 1} ${group.kind === 'call' ? `calls ${group.symbols.join(', ')}` : `imports ${group.via ?? group.packageName}`}`) });
      }
    }
  }
  return linked.size === 0 ? [...diagnostics] : diagnostics.map((diagnostic, index) => linked.get(index)?.diagnostic ?? diagnostic);
}

/** One site as a diagnostic: names the package version and its advisories, and links to the manifest finding. */
export function toSourceSiteDiagnostic(group: SourceSiteGroup, uriOf: UriOf, folderUri: string): Diagnostic {
  const top = group.advisories[0];
  const href = safeWebUrl(top?.url);
  const related: DiagnosticRelatedInformation[] = group.manifest
    ? [
        {
          location: { uri: uriOf(group.manifest.path), range: group.manifest.range },
          message: toPlainLine(`${group.packageName}${group.version ? ` ${group.version}` : ''}: ${group.advisories.map((advisory) => advisory.id).join(', ')} (finding on ${group.manifest.path}:${group.manifest.range.start.line + 1})`),
        },
      ]
    : [];
  // The findings it reaches, without the single `findingId` of a finding's own diagnostic: the finding's actions
  // (fix, triage) stay on the manifest line, one click away through relatedInformation.
  const data: SourceSiteData = { folderUri, serviceId: top?.serviceId ?? '', findingIds: group.advisories.map((advisory) => advisory.findingId) };
  return {
    range: group.location.range,
    severity: group.kind === 'call' ? DiagnosticSeverity.Information : DiagnosticSeverity.Hint,
    source: 'ASPM',
    code: sourceSiteCodes[group.kind],
    codeDescription: href ? { href } : undefined,
    // Advisory ids come from backends and reports: shown as plain text, as finding messages are.
    message: toPlainLine(describeSourceSite(group)),
    relatedInformation: related,
    data,
  };
}

/** The findings a manifest diagnostic shows (`data.findingId`, or `data.findingIds` once grouped); none for a site's. */
function findingIdsOf(diagnostic: Diagnostic): string[] {
  const data = diagnostic.data as { findingId?: unknown; findingIds?: unknown } | undefined;
  if (diagnostic.source !== 'ASPM' || Object.values(sourceSiteCodes).includes(diagnostic.code as never)) {
    return [];
  }
  const ids = [data?.findingId, ...(Array.isArray(data?.findingIds) ? data.findingIds : [])];
  return [...new Set(ids.filter((id): id is string => typeof id === 'string'))];
}
