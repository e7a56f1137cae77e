import { DiagnosticSeverity, type Diagnostic, type DiagnosticRelatedInformation } from 'vscode-languageserver/node';
import type { AnalyzedFinding } from '../core/model/analysis';
import { describeSourceSite, groupSourceSites, type SourceSiteGroup, type SourceSiteMode } from '../core/correlate/sourceSites';
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
 * Diagnostics at the source sites of the surfaced package findings (`aspm.diagnostics.sourceSites`): Information at
 * a call of a vulnerable function, Hint at an import, one per site per package version, each linking back to the
 * manifest line of its finding. Then links every manifest diagnostic of those findings to its sites.
 * `add` publishes a diagnostic; `diagnosticsOf` gives those already added for a URI (the manifest's).
 */
export function addSourceSiteDiagnostics(
  findings: readonly AnalyzedFinding[],
  mode: SourceSiteMode,
  uriOf: UriOf,
  folderUri: string,
  add: (uri: string, diagnostic: Diagnostic) => void,
  diagnosticsOf: (uri: string) => readonly Diagnostic[],
): void {
  const groups = groupSourceSites(findings, mode);
  const linked = new Map<Diagnostic, number>();
  for (const group of groups) {
    add(uriOf(group.location.path), toSourceSiteDiagnostic(group, uriOf, folderUri));
  }
  for (const group of groups) {
    if (!group.manifest) {
      continue;
    }
    const findingIds = new Set(group.advisories.map((advisory) => advisory.findingId));
    for (const diagnostic of diagnosticsOf(uriOf(group.manifest.path))) {
      if (!isAboutFindings(diagnostic, findingIds)) {
        continue;
      }
      const related = (diagnostic.relatedInformation ??= []);
      const uri = uriOf(group.location.path);
      const line = group.location.range.start.line;
      const isLinked = related.some((info) => info.location.uri === uri && info.location.range.start.line === line);
      const count = linked.get(diagnostic) ?? 0;
      if (!isLinked && count < maxLinkedSites) {
        linked.set(diagnostic, count + 1);
        related.push({ location: { uri, range: group.location.range }, message: toPlainLine(`${group.location.path}:${line + 1} ${group.kind === 'call' ? `calls ${group.symbols.join(', ')}` : `imports ${group.via ?? group.packageName}`}`) });
      }
    }
  }
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

/** Whether a manifest diagnostic shows one of these findings (`data.findingId`, or `data.findingIds` once grouped). */
function isAboutFindings(diagnostic: Diagnostic, findingIds: ReadonlySet<string>): boolean {
  const data = diagnostic.data as { findingId?: unknown; findingIds?: unknown } | undefined;
  if (diagnostic.source !== 'ASPM' || Object.values(sourceSiteCodes).includes(diagnostic.code as never)) {
    return false;
  }
  const ids = [data?.findingId, ...(Array.isArray(data?.findingIds) ? data.findingIds : [])];
  return ids.some((id) => typeof id === 'string' && findingIds.has(id));
}
