import type { ArtifactContent, Location, PhysicalLocation, Region } from 'sarif';
import type { CodeRegion } from '../../model/finding';
import { resolveArtifact, type ArtifactTarget, type UriContext } from './artifactPath';
import { asObject, asPositive, asString } from './json';
import { messageText } from './messages';

/** Where a SARIF location points: a repository region, a web URL, or a refused path, with why. */
export type LocationTarget = { region: CodeRegion } | { url: string } | { problem: string };

/**
 * Reads a SARIF `location`: its physical location becomes a {@link CodeRegion} (1-based lines and columns,
 * `endColumn` exclusive, as SARIF has them) on a repository-relative path. Undefined when the location names no
 * artifact (logical-only locations).
 */
export function readLocation(value: unknown, context: UriContext): LocationTarget | undefined {
  const location = asObject<Location>(value);
  const physical = asObject<PhysicalLocation>(location?.physicalLocation);
  const target: ArtifactTarget | undefined = resolveArtifact(physical?.artifactLocation, context);
  if (!target || !('path' in target)) {
    return target;
  }
  const message = messageText(location?.message);
  return { region: { path: target.path, ...readRegion(physical?.region), ...(message !== undefined ? { message } : {}) } };
}

/**
 * The line/column part of a SARIF region. Invalid numbers are dropped; an end before the start is dropped. Columns
 * that select nothing useful, an empty single-line span or Trivy's placeholder `startColumn: 1, endColumn: 1` on
 * any lines, are dropped so the region covers whole lines.
 */
export function readRegion(value: unknown): Omit<CodeRegion, 'path' | 'message'> {
  const region = asObject<Region>(value);
  const startLine = asPositive(region?.startLine);
  if (!region || startLine === undefined) {
    return {};
  }
  const endLine = asPositive(region.endLine);
  const isValidEnd = endLine === undefined || endLine >= startLine;
  let startColumn = asPositive(region.startColumn);
  let endColumn = asPositive(region.endColumn);
  const isEmptySpan = (endLine ?? startLine) === startLine && startColumn !== undefined && endColumn !== undefined && endColumn <= startColumn;
  if (isEmptySpan || (startColumn === 1 && endColumn === 1)) {
    startColumn = undefined;
    endColumn = undefined;
  }
  const snippet = asString(asObject<ArtifactContent>(region.snippet)?.text);
  return {
    startLine,
    ...(isValidEnd && endLine !== undefined ? { endLine } : {}),
    ...(startColumn !== undefined ? { startColumn } : {}),
    ...(isValidEnd && endColumn !== undefined ? { endColumn } : {}),
    ...(snippet !== undefined ? { snippet } : {}),
  };
}

/** The repository regions of a list of locations, skipping those without a file and collecting refusals. */
export function readRegions(values: readonly unknown[], context: UriContext, problems: string[]): CodeRegion[] {
  return values.flatMap((value): CodeRegion[] => {
    const target = readLocation(value, context);
    if (target && 'problem' in target) {
      problems.push(target.problem);
    }
    return target && 'region' in target ? [target.region] : [];
  });
}
