import { MarkupKind, type Hover, type HoverParams } from 'vscode-languageserver/node';
import type { AnalyzedFinding } from '../core/model/analysis';
import { joinWithinBudget, maxHoverBytes } from '../../../shared/src/markdown';
import { explainFinding } from './convert';
import type { FolderSession } from './folderSession';

/** Hover over a surfaced finding's location: why it is shown, the score's factors, the evidence and the fix. */
export function hoverFor(params: HoverParams, session: FolderSession, findings: AnalyzedFinding[]): Hover | null {
  const path = session.pathOf(params.textDocument.uri);
  const { line, character } = params.position;
  const hits = findings.filter((analyzed) => {
    const range = analyzed.location?.range;
    return (
      analyzed.isSurfaced &&
      analyzed.location?.path === path &&
      range !== undefined &&
      (line > range.start.line || (line === range.start.line && character >= range.start.character)) &&
      (line < range.end.line || (line === range.end.line && character <= range.end.character))
    );
  });
  if (hits.length === 0) {
    return null;
  }
  return {
    contents: {
      kind: MarkupKind.Markdown,
      value: joinWithinBudget(hits, (analyzed) => explainFinding(analyzed, (p) => session.uriOf(p)), '\n\n---\n\n', maxHoverBytes, (count) => `*${count} more findings here: see the Problems panel.*`),
    },
    range: hits[0]!.location!.range,
  };
}
