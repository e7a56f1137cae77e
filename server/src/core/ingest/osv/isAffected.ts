import { versionSchemeOf } from '../../versions/compareVersions';
import type { VersionScheme } from '../../versions/versionScheme';
import type { OsvAffected, OsvEvent, OsvRange } from './osvAdvisory';
import { isComparableEvent, rangeSchemeOf } from './rangeScheme';

/** Why a version is affected: the ranges that include it, and whether the explicit version list names it. */
export interface AffectedMatch {
  ranges: OsvRange[];
  isListed: boolean;
}

/**
 * Whether `version` of the package is affected, evaluated exactly as the OSV schema's `IsVulnerable` pseudocode:
 * the version is listed in `versions`, or some `SEMVER`/`ECOSYSTEM` range includes it (ranges are OR-ed). GIT
 * ranges are ignored: they need the repository's commit graph.
 */
export function isAffected(affected: OsvAffected, version: string): boolean {
  return matchAffected(affected, version) !== undefined;
}

/** Like {@link isAffected}, also saying which ranges matched. Undefined when the version is not affected. */
export function matchAffected(affected: OsvAffected, version: string): AffectedMatch | undefined {
  const ranges = affected.ranges.filter((range) => isInRange(range, affected.ecosystem, version));
  const isListed = isListedVersion(affected, version);
  return ranges.length > 0 || isListed ? { ranges, isListed } : undefined;
}

/**
 * The range's events that take part in ordering, sorted: `introduced: "0"` first, `limit: "*"` last, equal
 * versions in record order. Events whose version the scheme cannot read are left out.
 */
export function sortedEvents(events: readonly OsvEvent[], scheme: VersionScheme): OsvEvent[] {
  const rank = (event: OsvEvent): number => (event.kind === 'introduced' && event.version === '0' ? -1 : event.kind === 'limit' && event.version === '*' ? 1 : 0);
  return events
    .filter((event) => isComparableEvent(event.kind, event.version, scheme))
    .sort((a, b) => {
      const ranks = rank(a) - rank(b);
      return ranks !== 0 || rank(a) !== 0 ? ranks : (scheme.compare(a.version, b.version) ?? 0);
    });
}

/** `IncludedInRanges` for one range: replay the sorted events; the last one at or below the version decides. */
function isInRange(range: OsvRange, ecosystem: string, version: string): boolean {
  const scheme = rangeSchemeOf(range.type, ecosystem);
  if (!scheme || !scheme.isValid(version)) {
    return false;
  }
  const events = sortedEvents(range.events, scheme);
  if (!isBeforeLimits(events, version, scheme)) {
    return false;
  }
  let isVulnerable = false;
  for (const event of events) {
    const order = event.kind === 'introduced' && event.version === '0' ? 1 : (scheme.compare(version, event.version) ?? 0);
    if (event.kind === 'introduced' && order >= 0) {
      isVulnerable = true;
    } else if (event.kind === 'fixed' && order >= 0) {
      isVulnerable = false;
    } else if (event.kind === 'last_affected' && order > 0) {
      isVulnerable = false;
    }
  }
  return isVulnerable;
}

/** `BeforeLimits`: without limit events an implicit `limit: "*"` holds; otherwise the version must be below one. */
function isBeforeLimits(events: readonly OsvEvent[], version: string, scheme: VersionScheme): boolean {
  const limits = events.filter((event) => event.kind === 'limit');
  return limits.length === 0 || limits.some((limit) => limit.version === '*' || (scheme.compare(version, limit.version) ?? 0) < 0);
}

/** `IncludedInVersions`, with the ecosystem's equality where it has one (`1.0 == 1.0.0` in PyPI and Maven). */
function isListedVersion(affected: OsvAffected, version: string): boolean {
  const scheme = versionSchemeOf(affected.ecosystem);
  return affected.versions.some((listed) => listed === version || (scheme !== undefined && scheme.compare(listed, version) === 0));
}
