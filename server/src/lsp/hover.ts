import { MarkupKind, type Hover, type HoverParams } from 'vscode-languageserver/node';
import type { AnalyzedFinding } from '../core/model/analysis';
import { noCheckpoint, type Checkpoint } from './cancellation';
import { defaultExplainLimits, explainGroup } from './convert';
import { fixesOfGroup, shownGroups } from './findingGroups';
import type { FolderSession } from './folderSession';

/** Hovers stay well under what an editor renders without lag, whatever the backend sends. */
const maxHoverLength = 30_000;

/**
 * Hover over a surfaced finding's location: for a package version, one compact table of its advisories with the
 * priority factors, the evidence and the fix once; several packages on one line share the room.
 */
export async function hoverFor(params: HoverParams, session: FolderSession, findings: AnalyzedFinding[], checkpoint: Checkpoint = noCheckpoint): Promise<Hover | null> {
  const path = session.pathOf(params.textDocument.uri);
  const { line, character } = params.position;
  const hits = shownGroups(findings).filter((group) => {
    const range = group.location?.range;
    return (
      group.location?.path === path &&
      range !== undefined &&
      (line > range.start.line || (line === range.start.line && character >= range.start.character)) &&
      (line < range.end.line || (line === range.end.line && character <= range.end.character))
    );
  });
  if (hits.length === 0) {
    return null;
  }
  const limits = hits.length === 1 ? defaultExplainLimits : { rows: Math.max(3, Math.floor(defaultExplainLimits.rows / hits.length)), evidence: Math.max(2, Math.floor(defaultExplainLimits.evidence / hits.length)) };
  const sections: string[] = [];
  let length = 0;
  for (const [index, group] of hits.entries()) {
    await checkpoint();
    const section = explainGroup(group, (p) => session.uriOf(p), fixesOfGroup(group, session), limits);
    if (length + section.length > maxHoverLength) {
      sections.push(`_+${hits.length - index} more findings on this line: see the Problems panel._`);
      break;
    }
    sections.push(section);
    length += section.length;
  }
  return {
    contents: { kind: MarkupKind.Markdown, value: sections.join('\n\n---\n\n') },
    range: hits[0]!.location!.range,
  };
}
