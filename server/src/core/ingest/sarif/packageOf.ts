import type { Result } from 'sarif';
import type { Finding } from '../../model/finding';
import { parsePurl } from '../../model/purl';
import { asArray, asNumber, asString, ownValue, type Loose } from './json';
import type { RuleDescriptor } from './rules';

/** Lockfile and manifest names → purl type, for results that name a package but no ecosystem (Trivy). */
const ecosystemByFile = new Map<string, string>([
  ['package-lock.json', 'npm'],
  ['npm-shrinkwrap.json', 'npm'],
  ['yarn.lock', 'npm'],
  ['pnpm-lock.yaml', 'npm'],
  ['package.json', 'npm'],
  ['requirements.txt', 'pypi'],
  ['Pipfile.lock', 'pypi'],
  ['poetry.lock', 'pypi'],
  ['uv.lock', 'pypi'],
  ['go.mod', 'golang'],
  ['go.sum', 'golang'],
  ['Cargo.lock', 'cargo'],
  ['Gemfile.lock', 'gem'],
  ['composer.lock', 'composer'],
  ['pom.xml', 'maven'],
  ['packages.lock.json', 'nuget'],
]);

/**
 * The vulnerable package a result names: a `purl` property on the result, else package name and installed version
 * from `properties` or from Trivy's message lines (`Package: lodash`, `Installed Version: 4.17.15`,
 * `Fixed Version: 4.17.21`), with the ecosystem inferred from the lockfile the result points at. Undefined when no
 * valid package can be built.
 */
export function packageOf(result: Loose<Result>, message: string | undefined, path: string | undefined): Finding['package'] {
  const properties = result.properties;
  const fixedVersions = fixedVersionsOf(properties, message);
  const purl = asString(ownValue(properties, 'purl'));
  const fromPurl = purl !== undefined ? parsePurl(purl) : undefined;
  if (fromPurl) {
    return { ...fromPurl, fixedVersions };
  }
  const name = propertyOrLine(properties, ['pkgName', 'PkgName', 'packageName'], message, 'Package');
  const version = propertyOrLine(properties, ['installedVersion', 'InstalledVersion', 'packageVersion'], message, 'Installed Version');
  const ecosystem = path !== undefined ? ecosystemByFile.get(path.slice(path.lastIndexOf('/') + 1)) : undefined;
  if (name === undefined || ecosystem === undefined) {
    return undefined;
  }
  const encodedName = name.split('/').map(encodeURIComponent).join('/');
  const built = parsePurl(`pkg:${ecosystem}/${encodedName}${version !== undefined ? `@${encodeURIComponent(version)}` : ''}`);
  return built ? { ...built, fixedVersions } : undefined;
}

/** An explicit CVSS score and vector (Trivy's `cvssv3_baseScore`/`cvssv3_vector` rule properties). */
export function cvssOf(rule: RuleDescriptor | undefined, result: Loose<Result>): Finding['cvss'] {
  for (const properties of [result.properties, rule?.properties]) {
    const score = asNumber(ownValue(properties, 'cvssv3_baseScore')) ?? asNumber(ownValue(properties, 'cvss'));
    if (score !== undefined && score >= 0 && score <= 10) {
      const vector = asString(ownValue(properties, 'cvssv3_vector'));
      return vector !== undefined ? { score, vector } : { score };
    }
  }
  return undefined;
}

function fixedVersionsOf(properties: unknown, message: string | undefined): string[] {
  const listed = asArray(ownValue(properties, 'fixedVersions')).filter((version): version is string => typeof version === 'string');
  const single = propertyOrLine(properties, ['fixedVersion', 'FixedVersion'], message, 'Fixed Version');
  const versions = listed.length > 0 ? listed : (single?.split(/[,\s]+/) ?? []);
  return versions.map((version) => version.trim()).filter((version) => version.length > 0);
}

function propertyOrLine(properties: unknown, keys: readonly string[], message: string | undefined, label: string): string | undefined {
  for (const key of keys) {
    const value = asString(ownValue(properties, key))?.trim();
    if (value) {
      return value;
    }
  }
  const line = new RegExp(`^${label}: *(.*)$`, 'm').exec(message ?? '')?.[1]?.trim();
  return line ? line : undefined;
}
