import * as semver from 'semver';

/**
 * The lowest fixed version above the installed one: the smallest change that removes the vulnerability.
 * Without an installed version, the lowest fixed version overall. Undefined when no fixed version parses.
 */
export function lowestFixedVersion(fixedVersions: readonly string[], installedVersion: string | undefined): string | undefined {
  const valid = fixedVersions.filter((version) => semver.valid(version) !== null).sort(semver.compare);
  const installed = installedVersion && semver.valid(installedVersion) ? installedVersion : undefined;
  return installed ? valid.find((version) => semver.gt(version, installed)) : valid[0];
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
