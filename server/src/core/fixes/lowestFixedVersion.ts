import * as semver from 'semver';
import { compareVersions, isValidVersion } from '../versions/compareVersions';

/**
 * The lowest fixed version above the installed one: the smallest change that removes the vulnerability.
 * Without an installed version, the lowest fixed version overall. Undefined when no fixed version parses.
 */
export function lowestFixedVersion(fixedVersions: readonly string[], installedVersion: string | undefined): string | undefined {
  return lowestFixedVersionIn('npm', fixedVersions, installedVersion);
}

/**
 * {@link lowestFixedVersion} by the ecosystem's own ordering (SemVer, PEP 440, Go semver with its `v`, Maven's
 * ComparableVersion).
 */
export function lowestFixedVersionIn(ecosystem: string, fixedVersions: readonly string[], installedVersion: string | undefined): string | undefined {
  const normalize = (version: string): string => asVersionOf(ecosystem, version);
  const valid = fixedVersions.map(normalize).filter((version) => isValidVersion(ecosystem, version));
  valid.sort((a, b) => compareVersions(ecosystem, a, b) ?? 0);
  const installed = installedVersion && isValidVersion(ecosystem, normalize(installedVersion)) ? normalize(installedVersion) : undefined;
  return installed ? valid.find((version) => (compareVersions(ecosystem, version, installed) ?? 0) > 0) : valid[0];
}

/** A version as the ecosystem writes it: Go module versions carry a `v`, which advisories often leave out. */
export function asVersionOf(ecosystem: string, version: string): string {
  return ecosystem === 'golang' && !version.startsWith('v') ? `v${version}` : version;
}

/**
 * Writes `version` in the style of an existing spec: `^1.2.3` stays caret, `~1.2.3` tilde, `1.2.3` exact;
 * anything else (`>=1`, `1.x`, `*`) becomes caret. Undefined for specs that are not registry versions
 * (git URLs, `file:`, `workspace:`, `npm:` aliases), which a version bump would break.
 */
export function specInStyleOf(existingSpec: string, version: string): string | undefined {
  const spec = existingSpec.trim();
  if (/^[a-z+]+:/i.test(spec) || spec.includes('/')) {
    return undefined;
  }
  if (spec.startsWith('^')) {
    return `^${version}`;
  }
  if (spec.startsWith('~')) {
    return `~${version}`;
  }
  if (semver.valid(spec.replace(/^=/, '')) !== null) {
    return version;
  }
  return `^${version}`;
}
