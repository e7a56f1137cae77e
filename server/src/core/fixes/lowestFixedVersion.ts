import * as semver from 'semver';
import { compareVersions, isValidVersion } from '../versions/compareVersions';
import { isInVersionRange } from '../versions/versionRange';

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

/** What a vulnerable range says about fixes: versions that fix it, and last affected versions with no fix named. */
export interface RangeFixes {
  /** The first version after each affected interval that no interval covers, lowest first. */
  fixed: string[];
  /** Versions an interval ends at inclusively (`<=7.5.9`): later ones are not affected, but no release is named. */
  lastAffected: string[];
}

/**
 * Reads fixed versions from a vulnerable range (`<7.5.10`, `>=1.0.0, <1.2.3 || >=2.0.0, <2.0.5`), by the
 * ecosystem's own order (SemVer, PEP 440, Go, Maven): the `<X` bound of each `||`-separated interval is a fix, unless
 * another interval covers X too. A `<=X` bound names no fix (the next release is not known), so it is a last affected
 * version; an interval without an upper bound (`>=3.0`) has no fix at all. npm carets, tildes and x-ranges are read by
 * semver, whose expansions (`^1.2.3` is `<2.0.0-0`) are not fixes.
 */
export function fixesFromRange(ecosystem: string, writtenRange: string): RangeFixes {
  const range = ecosystem === 'maven' ? fromMavenIntervals(writtenRange) : writtenRange;
  const fixed: string[] = [];
  const lastAffected: string[] = [];
  for (const set of comparatorSets(ecosystem, range)) {
    for (const { operator, version } of set) {
      if (operator === '<' && !isInVersionRangeOf(ecosystem, version, range)) {
        fixed.push(version);
      } else if (operator === '<=') {
        lastAffected.push(version);
      }
    }
  }
  const order = (a: string, b: string): number => compareVersions(ecosystem, asVersionOf(ecosystem, a), asVersionOf(ecosystem, b)) ?? 0;
  return { fixed: [...new Set(fixed)].sort(order), lastAffected: [...new Set(lastAffected)].sort(order) };
}

/**
 * The fixed versions to offer for an advisory: those it names, else those its vulnerable range implies (see
 * {@link fixesFromRange}).
 */
export function fixedVersionsOf(ecosystem: string, fixedVersions: readonly string[], vulnerableRange: string | undefined): string[] {
  return fixedVersions.length > 0 || vulnerableRange === undefined ? [...fixedVersions] : fixesFromRange(ecosystem, vulnerableRange).fixed;
}

/**
 * One sentence for an advisory without a fixed version: what its range still tells (`no fixed version known; versions
 * after 7.5.9, the last affected, are not affected`), or that no fix exists yet. Undefined when a fix is known.
 */
export function describeMissingFix(ecosystem: string, fixedVersions: readonly string[], vulnerableRange: string | undefined): string | undefined {
  if (fixedVersionsOf(ecosystem, fixedVersions, vulnerableRange).length > 0) {
    return undefined;
  }
  const last = vulnerableRange === undefined ? [] : fixesFromRange(ecosystem, vulnerableRange).lastAffected;
  return last.length > 0
    ? `no fixed version known; versions after ${last.at(-1)} (the last affected) are not affected: upgrade past it once a later release exists`
    : 'no fixed version known yet';
}

function comparatorSets(ecosystem: string, range: string): { operator: string; version: string }[][] {
  if (ecosystem === 'npm') {
    const valid = semver.validRange(range.replace(/,/g, ' '));
    if (valid === null) {
      return [];
    }
    return new semver.Range(valid).set.map((set) =>
      set.flatMap((comparator) => (comparator.value === '' || isExpansionBound(comparator.semver) ? [] : [{ operator: comparator.operator, version: comparator.semver.version }])),
    );
  }
  return range.split('||').map((set) =>
    set
      .replace(/(>=|<=|==|!=|~=|>|<|=)\s+/g, '$1')
      .split(/[\s,]+/)
      .filter((part) => part !== '')
      .flatMap((part) => {
        const match = /^(>=|<=|>|<|===|==|=)?(.+)$/.exec(part);
        return match && isValidVersion(ecosystem, asVersionOf(ecosystem, match[2]!)) ? [{ operator: match[1] ?? '=', version: match[2]! }] : [];
      }),
  );
}

/** Maven's interval notation (`[1.0,1.4.18)`, `(,2.0]`, `[1.0,2.0),[3.0,3.1)`) as comparators joined by `||`. */
function fromMavenIntervals(range: string): string {
  const intervals = [...range.matchAll(/([[(])\s*([^,\])]*?)\s*,\s*([^\])]*?)\s*([\])])/g)];
  if (intervals.length === 0) {
    return range;
  }
  return intervals
    .map(([, open, lower, upper, close]) => [lower ? `${open === '[' ? '>=' : '>'}${lower}` : '', upper ? `${close === ']' ? '<=' : '<'}${upper}` : ''].filter((part) => part !== '').join(','))
    .join(' || ');
}

/** `2.0.0-0`: the bound semver writes for a caret, tilde or x-range, not a version anyone released. */
function isExpansionBound(version: semver.SemVer): boolean {
  return version.prerelease.length === 1 && version.prerelease[0] === 0;
}

function isInVersionRangeOf(ecosystem: string, version: string, range: string): boolean {
  return isInVersionRange(ecosystem, asVersionOf(ecosystem, version), ecosystem === 'golang' ? range.replace(/(^|[\s,<>=|])(\d)/g, '$1v$2') : range) === true;
}
