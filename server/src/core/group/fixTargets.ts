import * as semver from 'semver';
import type { Severity } from '../model/severity';
import { severities } from '../model/severity';
import { asVersionOf, fixedVersionsOf } from '../fixes/lowestFixedVersion';
import { compareVersions, isValidVersion } from '../versions/compareVersions';
import { isInVersionRange } from '../versions/versionRange';

/** What an advisory says about the versions it affects, as far as choosing an upgrade needs it. */
export interface AdvisoryVersions {
  id: string;
  severity: Severity;
  fixedVersions: readonly string[];
  vulnerableRange?: string;
}

/** A version to move a package to, and which of its advisories that version fixes. */
export interface FixTarget {
  version: string;
  /** Ids of the advisories the version is outside of, in the order given. */
  fixes: string[];
  /** Ids of the advisories still affecting the version. */
  misses: string[];
  /** The version's major differs from the installed one's (npm/Go/Maven/PyPI: the first release number). */
  isMajorUpgrade: boolean;
}

/** An alternative to the package's fix, with why someone would take it instead. */
export interface AlternativeTarget extends FixTarget {
  /** `critical` when it is the lowest version fixing the advisories of the highest severity; `same-major` for the best one without a major upgrade. */
  reason: 'highest-severity' | 'same-major';
  /** The severity whose advisories it fixes, for `highest-severity`. */
  severity?: Severity;
}

/** The fixes of one package version: the one to prefer, and others worth listing after it. */
export interface PackageFixTargets {
  /**
   * The lowest version fixing every advisory, else (`isComplete` false) the version fixing the most of them (the
   * lowest of those). Undefined when no known version fixes any.
   */
  best?: FixTarget;
  isComplete: boolean;
  alternatives: AlternativeTarget[];
}

/**
 * Chooses the upgrade of a package that carries several advisories: among the fixed versions the advisories name
 * (or their ranges imply), above the installed one, the lowest that none of them affects, by the ecosystem's own
 * order (SemVer, PEP 440, Go, Maven). Alternatives: the lowest version fixing the advisories of the highest severity
 * when that is lower, and the best version without a major upgrade when the fix is one.
 */
export function chooseFixTargets(ecosystem: string, installedVersion: string | undefined, advisories: readonly AdvisoryVersions[]): PackageFixTargets {
  const installed = installedVersion !== undefined && isValidVersion(ecosystem, asVersionOf(ecosystem, installedVersion)) ? asVersionOf(ecosystem, installedVersion) : undefined;
  const order = (a: string, b: string): number => compareVersions(ecosystem, a, b) ?? 0;
  const candidates: string[] = [];
  for (const advisory of advisories) {
    for (const written of fixedVersionsOf(ecosystem, advisory.fixedVersions, advisory.vulnerableRange)) {
      const version = asVersionOf(ecosystem, written);
      if (isValidVersion(ecosystem, version) && (installed === undefined || order(version, installed) > 0) && !candidates.some((known) => order(known, version) === 0)) {
        candidates.push(version);
      }
    }
  }
  candidates.sort(order);
  const targets = candidates.map((version): FixTarget => {
    const fixes: string[] = [];
    const misses: string[] = [];
    for (const advisory of advisories) {
      (isAffectedAt(ecosystem, advisory, version) ? misses : fixes).push(advisory.id);
    }
    return { version, fixes, misses, isMajorUpgrade: installed !== undefined && majorOf(version) !== majorOf(installed) };
  });
  const complete = targets.find((target) => target.misses.length === 0);
  const partial = targets.reduce<FixTarget | undefined>((best, target) => (target.fixes.length > (best?.fixes.length ?? 0) ? target : best), undefined);
  const best = complete ?? partial;
  if (!best) {
    return { isComplete: false, alternatives: [] };
  }
  const alternatives: AlternativeTarget[] = [];
  const topSeverity = severities.find((severity) => advisories.some((advisory) => advisory.severity === severity));
  const severe = new Set(advisories.filter((advisory) => advisory.severity === topSeverity).map((advisory) => advisory.id));
  if (topSeverity && severe.size < advisories.length) {
    const lowest = targets.find((target) => [...severe].every((id) => target.fixes.includes(id)));
    if (lowest && order(lowest.version, best.version) < 0) {
      alternatives.push({ ...lowest, reason: 'highest-severity', severity: topSeverity });
    }
  }
  if (best.isMajorUpgrade) {
    const sameMajor = targets.filter((target) => !target.isMajorUpgrade && target.fixes.length > 0);
    const most = sameMajor.reduce<FixTarget | undefined>((chosen, target) => (target.fixes.length > (chosen?.fixes.length ?? 0) ? target : chosen), undefined);
    if (most && !alternatives.some((alternative) => alternative.version === most.version)) {
      alternatives.push({ ...most, reason: 'same-major' });
    }
  }
  return { best, isComplete: complete !== undefined, alternatives };
}

/**
 * Whether an advisory still affects a version: its vulnerable range decides when it reads; else its fixed versions,
 * read as release lines: below the lowest fix, or on the line of a later fix (npm: its major; others: its
 * major.minor) and below it. No fix known: affected.
 */
export function isAffectedAt(ecosystem: string, advisory: Pick<AdvisoryVersions, 'fixedVersions' | 'vulnerableRange'>, version: string): boolean {
  if (advisory.vulnerableRange) {
    const range = ecosystem === 'golang' ? advisory.vulnerableRange.replace(/(^|[\s,<>=|])(\d)/g, '$1v$2') : advisory.vulnerableRange;
    const inRange = isInVersionRange(ecosystem, version, range);
    if (inRange !== undefined) {
      return inRange;
    }
  }
  const order = (a: string, b: string): number | undefined => compareVersions(ecosystem, a, b);
  const fixed = fixedVersionsOf(ecosystem, advisory.fixedVersions, advisory.vulnerableRange)
    .map((written) => asVersionOf(ecosystem, written))
    .filter((candidate) => isValidVersion(ecosystem, candidate))
    .sort((a, b) => order(a, b) ?? 0);
  if (fixed.length === 0 || (order(version, fixed[0]!) ?? -1) < 0) {
    return true;
  }
  if (ecosystem === 'npm' && semver.valid(version)) {
    // A fix only counts on its own major: 5.0.0 is not fixed by a 4.2.2 backport when 9.0.0 is the next fix.
    const fixedOnSameMajor = fixed.filter((candidate) => semver.valid(candidate) && semver.major(candidate) === semver.major(version));
    return fixedOnSameMajor.length === 0 ? (order(version, fixed.at(-1)!) ?? -1) < 0 : !fixedOnSameMajor.some((candidate) => semver.gte(version, candidate));
  }
  return fixed.slice(1).some((candidate) => lineOf(candidate) === lineOf(version) && (order(version, candidate) ?? -1) < 0);
}

/** The first release number (`v2.3.1` → 2, `1.10.0.Final` → 1); undefined when the version does not start with one. */
export function majorOf(version: string): number | undefined {
  const match = /^v?(\d+)/.exec(version);
  return match ? Number(match[1]) : undefined;
}

/** `major.minor` of a version: the release line a backported fix belongs to. */
function lineOf(version: string): string {
  return /^v?(\d+)(?:\.(\d+))?/.exec(version)?.slice(1, 3).join('.') ?? version;
}
