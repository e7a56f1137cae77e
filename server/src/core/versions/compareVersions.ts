import { goVersions } from './goVersions';
import { mavenVersions } from './mavenVersions';
import { npmVersions } from './npmVersions';
import { osvEcosystemOf } from './osvEcosystem';
import { pypiVersions } from './pypiVersions';
import type { VersionScheme } from './versionScheme';

const schemes: ReadonlyMap<string, VersionScheme> = new Map([npmVersions, pypiVersions, goVersions, mavenVersions].map((scheme) => [scheme.ecosystem, scheme]));

/**
 * The version scheme of an ecosystem named as OSV spells it (`npm`, `PyPI`, `Go`, `Maven`) or as a purl type
 * (`npm`, `pypi`, `golang`, `maven`). Undefined for ecosystems whose ordering is not supported.
 */
export function versionSchemeOf(ecosystem: string): VersionScheme | undefined {
  const osvEcosystem = osvEcosystemOf(ecosystem);
  return osvEcosystem === undefined ? undefined : schemes.get(osvEcosystem);
}

/**
 * Compares two versions by the rules of their ecosystem: negative, zero or positive as `a` sorts before, equal
 * to or after `b`. Undefined when the ecosystem is unsupported or either string is not one of its versions.
 */
export function compareVersions(ecosystem: string, a: string, b: string): number | undefined {
  return versionSchemeOf(ecosystem)?.compare(a, b);
}

/** Whether `version` is a version of the ecosystem; false for unsupported ecosystems. */
export function isValidVersion(ecosystem: string, version: string): boolean {
  return versionSchemeOf(ecosystem)?.isValid(version) ?? false;
}
