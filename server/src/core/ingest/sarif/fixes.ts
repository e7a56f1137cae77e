import type { ArtifactChange, ArtifactContent, Fix, Region, Replacement } from 'sarif';
import type { SuggestedFix } from '../../model/finding';
import { resolveArtifact, type UriContext } from './artifactPath';
import { asArray, asObject, asPositive, type Loose } from './json';
import { messageText } from './messages';

/**
 * The 1-based exclusive end column of a region that runs to the end of its line (SARIF's default when `endColumn`
 * is absent). Editors clamp a column past the line end to the line end, as LSP specifies.
 */
export const lineEndColumn = 2 ** 31 - 1;

type Edit = SuggestedFix['edits'][number];

/**
 * The scanner's `fixes` as suggested fixes, tagged with the `source` that proposed them (which bounds the files they
 * may edit, see core/fixes/suggestedFix). A fix is all or nothing: one change outside the repository (the same path
 * check as locations), one region given only as offsets, or binary content drops the whole fix with a problem,
 * since applying part of it would leave broken code.
 */
export function readFixes(values: readonly unknown[], context: UriContext, fallbackDescription: string, source: string, problems: string[]): SuggestedFix[] {
  return values.flatMap((value): SuggestedFix[] => {
    const fix = asObject<Fix>(value);
    const edits: Edit[] = [];
    for (const change of asArray(fix?.artifactChanges).map((entry) => asObject<ArtifactChange>(entry))) {
      const changeEdits = readChange(change, context);
      if (typeof changeEdits === 'string') {
        problems.push(`fix dropped: ${changeEdits}`);
        return [];
      }
      edits.push(...changeEdits);
    }
    return edits.length > 0 ? [{ description: messageText(fix?.description) ?? fallbackDescription, edits, source }] : [];
  });
}

/** The edits of one artifact change, or why it cannot be applied. */
function readChange(change: Loose<ArtifactChange> | undefined, context: UriContext): Edit[] | string {
  const target = resolveArtifact(change?.artifactLocation, context);
  if (!target) {
    return 'a change names no file';
  }
  if (!('path' in target)) {
    return 'problem' in target ? target.problem : `a change targets ${target.url}`;
  }
  const edits: Edit[] = [];
  for (const replacement of asArray(change?.replacements).map((entry) => asObject<Replacement>(entry))) {
    const edit = readReplacement(replacement, target.path);
    if (typeof edit === 'string') {
      return edit;
    }
    edits.push(edit);
  }
  return edits;
}

function readReplacement(replacement: Loose<Replacement> | undefined, path: string): Edit | string {
  const region = asObject<Region>(replacement?.deletedRegion);
  const startLine = asPositive(region?.startLine);
  if (!region || startLine === undefined) {
    return `a replacement in ${path} has no line region`;
  }
  const content = asObject<ArtifactContent>(replacement?.insertedContent);
  if (content && content.text === undefined && content.binary !== undefined) {
    return `a replacement in ${path} inserts binary content`;
  }
  const startColumn = asPositive(region.startColumn) ?? 1;
  const endLine = asPositive(region.endLine) ?? startLine;
  const endColumn = asPositive(region.endColumn) ?? lineEndColumn;
  if (endLine < startLine || (endLine === startLine && endColumn < startColumn)) {
    return `a replacement in ${path} ends before it starts`;
  }
  return { path, startLine, startColumn, endLine, endColumn, newText: typeof content?.text === 'string' ? content.text : '' };
}
