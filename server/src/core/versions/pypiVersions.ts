import * as pep440 from '@renovatebot/pep440';
import type { VersionScheme } from './versionScheme';

/**
 * PyPI versions per PEP 440: epochs (`1!0.1`), dev < pre (a/b/rc) < release < post releases, implicit zeros
 * (`1.0 == 1.0.0`), alternative spellings (`1.0c1 == 1.0rc1`, `1.0-1 == 1.0.post1`) and local versions
 * (`1.0+local` sorts after `1.0`).
 */
export const pypiVersions: VersionScheme = {
  ecosystem: 'PyPI',
  isValid: (version) => pep440.valid(version) !== null,
  // pep440.compare throws on unparsable input, hence the validity check first.
  compare: (a, b) => (pep440.valid(a) !== null && pep440.valid(b) !== null ? pep440.compare(a, b) : undefined),
};
