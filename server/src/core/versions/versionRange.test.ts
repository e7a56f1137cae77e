import { strict as assert } from 'node:assert';
import { isInVersionRange } from './versionRange';

suite('core/versions/versionRange', () => {
  const table: [string, string, string, boolean | undefined][] = [
    ['npm', '4.17.15', '<4.17.19', true],
    ['npm', '4.17.19', '<4.17.19', false],
    ['npm', '6.9.6', '>=6.9.0 <6.9.7 || <6.2.4', true],
    ['npm', '1.2.3', 'not a range', undefined],
    ['pypi', '5.3.1', '<5.4', true],
    ['pypi', '5.4b1', '<5.4', true],
    ['pypi', '5.4', '>=5.1, <5.4', false],
    ['golang', 'v0.3.7', '<v0.3.8', true],
    ['golang', 'v0.3.8', '<v0.3.8', false],
    ['maven', '1.4.17', '<1.4.18', true],
    ['maven', '1.4.18', '>=1.4 <1.4.18', false],
    ['maven', '1.0-SNAPSHOT', '<1.0', true],
    ['pypi', 'not-a-version', '<1', undefined],
  ];
  for (const [ecosystem, version, range, expected] of table) {
    test(`${ecosystem} ${version} in ${range}`, () => {
      assert.equal(isInVersionRange(ecosystem, version, range), expected);
    });
  }
});
