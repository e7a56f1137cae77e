import * as mvncmp from 'mvncmp';
import type { VersionScheme } from './versionScheme';

/**
 * Maven versions, ordered by Maven's ComparableVersion: `1.0-alpha-1 < 1.0-SNAPSHOT < 1.0 < 1.0-sp`,
 * trailing zeros and release qualifiers vanish (`1 == 1.0.0 == 1.0.0.Final == 1.0-ga`), numbers compare as
 * numbers (`1.4.9 < 1.4.18`) and unknown qualifiers sort after the release.
 */
export const mavenVersions: VersionScheme = {
  ecosystem: 'Maven',
  isValid: isMavenVersion,
  compare: (a, b) => (isMavenVersion(a) && isMavenVersion(b) ? Math.sign(mvncmp.compare(a, b)) : undefined),
};

/**
 * Maven accepts almost any string as a version, so validity only rules out what is clearly something else:
 * blanks, version ranges (`[1.0,2.0)`) and unresolved properties (`${project.version}`).
 */
function isMavenVersion(version: string): boolean {
  return /^[0-9A-Za-z][^\s[\](),${}]*$/.test(version);
}
