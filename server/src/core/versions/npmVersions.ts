import * as semver from 'semver';
import type { VersionScheme } from './versionScheme';

/**
 * npm versions: SemVer 2.0 precedence as node-semver implements it (prereleases sort before their release,
 * build metadata is ignored). Also the scheme of OSV `SEMVER` ranges outside Go.
 */
export const npmVersions: VersionScheme = {
  ecosystem: 'npm',
  isValid: (version) => semver.valid(version) !== null,
  compare: (a, b) => (semver.valid(a) !== null && semver.valid(b) !== null ? semver.compare(a, b) : undefined),
};
