import type { Finding } from '../model/finding';
import type { SourceLocation } from '../model/location';
import { relocateRegion } from './relocate';

/** Where a code finding shows, and whether the code still matches what the scanner saw. */
export interface CodeLocation {
  location: SourceLocation;
  /** `moved`: re-located by its snippet after edits; `stale`: the snippet is gone, the line may be wrong. */
  status: 'exact' | 'moved' | 'stale';
}

/**
 * Places a code finding (SAST, secret, IaC…) on its reported lines when the file is part of the workspace,
 * following edits made since the scan: with the file's current text and the scanner's snippet, the finding moves
 * to where the snippet now is, or is marked stale rather than pointing at a wrong line. Scanner lines and columns
 * are 1-based; a missing column covers the whole line.
 */
export function locateCodeFinding(finding: Finding, files: ReadonlySet<string>, currentText?: string): CodeLocation | undefined {
  const location = finding.location;
  if (!location || !files.has(location.path) || !location.startLine) {
    return undefined;
  }
  const relocation = currentText === undefined ? { line: location.startLine, status: 'exact' as const } : relocateRegion(location, currentText);
  const shift = relocation.line - location.startLine;
  const startLine = Math.max(0, relocation.line - 1);
  const endLine = Math.max(startLine, (location.endLine ?? location.startLine) - 1 + shift);
  const startCharacter = Math.max(0, (location.startColumn ?? 1) - 1);
  const endCharacter = location.endColumn !== undefined && endLine === startLine && location.endColumn > (location.startColumn ?? 1) ? location.endColumn - 1 : location.endColumn !== undefined && endLine > startLine ? location.endColumn - 1 : 10_000;
  return {
    location: { path: location.path, range: { start: { line: startLine, character: startCharacter }, end: { line: endLine, character: endCharacter } } },
    status: relocation.status,
  };
}
