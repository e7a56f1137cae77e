import { versionSchemeOf } from '../../versions/compareVersions';
import { goVersions } from '../../versions/goVersions';
import { npmVersions } from '../../versions/npmVersions';
import { osvEcosystemOf } from '../../versions/osvEcosystem';
import type { VersionScheme } from '../../versions/versionScheme';

/**
 * The ordering an OSV range is evaluated with: `ECOSYSTEM` ranges use the package ecosystem's own rules, `SEMVER`
 * ranges SemVer 2.0 whatever the ecosystem (Go's flavour for Go, which tolerates the `v` of installed versions).
 * Undefined for `GIT` ranges (they need the commit graph) and for ecosystems without a supported ordering.
 */
export function rangeSchemeOf(rangeType: string, ecosystem: string): VersionScheme | undefined {
  if (rangeType === 'ECOSYSTEM') {
    return versionSchemeOf(ecosystem);
  }
  if (rangeType === 'SEMVER') {
    return osvEcosystemOf(ecosystem) === 'Go' ? goVersions : npmVersions;
  }
  return undefined;
}

/** Whether an event version takes part in ordering: the special `introduced: "0"` and `limit: "*"`, or a valid version. */
export function isComparableEvent(kind: string, version: string, scheme: VersionScheme): boolean {
  return (kind === 'introduced' && version === '0') || (kind === 'limit' && version === '*') || scheme.isValid(version);
}
