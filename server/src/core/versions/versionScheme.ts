/**
 * How one ecosystem spells and orders its versions. Every implementation wraps a kept library (semver,
 * @renovatebot/pep440, mvncmp): version ordering has too many corner cases to compare by hand.
 */
export interface VersionScheme {
  /** The ecosystem, as OSV spells it (`npm`, `PyPI`, `Go`, `Maven`). */
  readonly ecosystem: string;
  /** Whether the string is a version of this ecosystem (not a range, tag or placeholder). */
  isValid(version: string): boolean;
  /** Negative, zero or positive as `a` sorts before, equal to or after `b`; undefined when either is not valid. */
  compare(a: string, b: string): number | undefined;
}
