import type { Finding } from '../model/finding';
import type { SourceLocation } from '../model/location';

/**
 * Places a code finding (SAST, secret, IaC…) on its reported lines when the file is part of the workspace.
 * Scanner lines and columns are 1-based; a missing column covers the whole line.
 */
export function locateCodeFinding(finding: Finding, files: ReadonlySet<string>): SourceLocation | undefined {
  const location = finding.location;
  if (!location || !files.has(location.path) || !location.startLine) {
    return undefined;
  }
  const startLine = Math.max(0, location.startLine - 1);
  const endLine = Math.max(startLine, (location.endLine ?? location.startLine) - 1);
  const startCharacter = Math.max(0, (location.startColumn ?? 1) - 1);
  const endCharacter = location.endColumn !== undefined ? Math.max(0, location.endColumn - 1) : 10_000;
  return {
    path: location.path,
    range: { start: { line: startLine, character: startCharacter }, end: { line: endLine, character: endCharacter } },
  };
}
