import * as semver from 'semver';
import { compareVersions, isValidVersion } from './compareVersions';

/**
 * Whether `version` lies in a range written as comparator sets joined by `||` (`>=6.5.0 <6.5.3 || <6.2.4`), the form
 * the backend and OSV ranges use for every ecosystem. npm ranges are evaluated by semver (carets, tildes, x-ranges);
 * other ecosystems compare each bound with their own version order. Undefined when the range cannot be read.
 */
export function isInVersionRange(ecosystem: string, version: string, range: string): boolean | undefined {
  if (ecosystem === 'npm') {
    // Backends write `>=1.0.0, <1.2.3` for npm too; semver reads the same comparators separated by spaces.
    const spaced = range.replace(/,/g, ' ');
    return semver.validRange(spaced) && semver.valid(version) ? semver.satisfies(version, spaced) : undefined;
  }
  if (!isValidVersion(ecosystem, version)) {
    return undefined;
  }
  let isReadable = true;
  const result = range.split('||').some((set) => {
    const comparators = set.trim().split(/\s+|,\s*/).filter(Boolean);
    if (comparators.length === 0) {
      isReadable = false;
      return false;
    }
    return comparators.every((comparator) => {
      const match = /^(>=|<=|>|<|==|=)?\s*(.+)$/.exec(comparator);
      const order = match ? compareVersions(ecosystem, version, match[2]!) : undefined;
      if (order === undefined) {
        isReadable = false;
        return false;
      }
      switch (match![1]) {
        case '>=':
          return order >= 0;
        case '<=':
          return order <= 0;
        case '>':
          return order > 0;
        case '<':
          return order < 0;
        default:
          return order === 0;
      }
    });
  });
  return isReadable || result ? result : undefined;
}
