import * as semver from 'semver';
import type { VersionScheme } from './versionScheme';

/**
 * Go module versions: SemVer 2.0 with a `v` prefix that OSV records omit (`v0.3.5` and `0.3.5` are the same
 * version). Pseudo-versions (`v0.0.0-20210101000000-abcdef123456`) are prereleases whose fixed-width timestamp
 * orders them, and `+incompatible` is build metadata that does not take part in ordering — both exactly as
 * SemVer precedence says, which is what Go's own `semver.Compare` implements.
 */
export const goVersions: VersionScheme = {
  ecosystem: 'Go',
  isValid: (version) => toSemver(version) !== undefined,
  compare: (a, b) => {
    const left = toSemver(a);
    const right = toSemver(b);
    return left !== undefined && right !== undefined ? semver.compare(left, right) : undefined;
  },
};

/** The version without its `v`, when the rest is a full SemVer version (Go rejects `v1.2` as a module version). */
function toSemver(version: string): string | undefined {
  const bare = version.startsWith('v') ? version.slice(1) : version;
  // node-semver trims whitespace and tolerates its own `v`/`=` prefixes; a Go version has none of them.
  if (!/^\d\S*$/.test(bare)) {
    return undefined;
  }
  return semver.parse(bare) === null ? undefined : bare;
}
