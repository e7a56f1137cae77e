import { strict as assert } from 'node:assert';
import { describeMissingFix, fixedVersionsOf, fixesFromRange, lowestFixedVersionIn } from './lowestFixedVersion';

// Issue #8 item 8: a backend finding with a vulnerable range and no fixed version still gets its fix.
suite('core/fixes/lowestFixedVersion: fixes from a vulnerable range', () => {
  const table: { ecosystem: string; range: string; fixed: string[]; lastAffected?: string[] }[] = [
    { ecosystem: 'npm', range: '<7.5.10', fixed: ['7.5.10'] },
    { ecosystem: 'npm', range: '>=1.0.0, <1.2.3 || >=2.0.0, <2.0.5', fixed: ['1.2.3', '2.0.5'] },
    { ecosystem: 'npm', range: '>=1.0.0 <1.2.3 || >=2.0.0 <2.0.5', fixed: ['1.2.3', '2.0.5'] },
    { ecosystem: 'npm', range: '<=7.5.9', fixed: [], lastAffected: ['7.5.9'] },
    { ecosystem: 'npm', range: '>=3.0.0', fixed: [] },
    { ecosystem: 'npm', range: '^1.2.3', fixed: [], lastAffected: [] },
    // An upper bound that another interval covers is no fix.
    { ecosystem: 'npm', range: '<1.5.0 || >=1.5.0 <1.6.2', fixed: ['1.6.2'] },
    { ecosystem: 'pypi', range: '>=2.3.0,<2.31.0', fixed: ['2.31.0'] },
    { ecosystem: 'pypi', range: '<4.2.8 || >=5.0a1,<5.0.1', fixed: ['4.2.8', '5.0.1'] },
    { ecosystem: 'pypi', range: '>= 3.2, < 3.2.19 || >= 4.0, < 4.0.7', fixed: ['3.2.19', '4.0.7'] },
    { ecosystem: 'pypi', range: '<=1.26.17', fixed: [], lastAffected: ['1.26.17'] },
    // PEP 440 order: 1.0rc1 sorts before 1.0, 1.0.post1 after.
    { ecosystem: 'pypi', range: '<1.0.post1 || >=2.0,<2.0rc2', fixed: ['1.0.post1', '2.0rc2'] },
    { ecosystem: 'golang', range: '<1.34.0', fixed: ['1.34.0'] },
    { ecosystem: 'golang', range: '>=v2.0.0, <v2.52.5', fixed: ['v2.52.5'] },
    // Maven order: 2.10 after 2.9, qualifiers before the release.
    { ecosystem: 'maven', range: '<2.9.10.8 || >=2.10.0,<2.10.5.1', fixed: ['2.9.10.8', '2.10.5.1'] },
    // Maven's own interval notation.
    { ecosystem: 'maven', range: '[1.0,1.4.18)', fixed: ['1.4.18'] },
    { ecosystem: 'maven', range: '(,2.0.2],[3.0,3.0.5)', fixed: ['3.0.5'], lastAffected: ['2.0.2'] },
  ];
  for (const { ecosystem, range, fixed, lastAffected } of table) {
    test(`${ecosystem} ${range}`, () => {
      const found = fixesFromRange(ecosystem, range);
      assert.deepEqual(found.fixed, fixed);
      if (lastAffected) {
        assert.deepEqual(found.lastAffected, lastAffected);
      }
    });
  }

  test('named fixed versions win over the range; the range fills in when there are none', () => {
    assert.deepEqual(fixedVersionsOf('npm', ['7.5.11'], '<7.5.10'), ['7.5.11']);
    assert.deepEqual(fixedVersionsOf('npm', [], '<7.5.10'), ['7.5.10']);
    assert.deepEqual(fixedVersionsOf('npm', [], undefined), []);
  });

  test('the lowest fix above the installed version, per ecosystem order', () => {
    assert.equal(lowestFixedVersionIn('npm', fixedVersionsOf('npm', [], '>=1.0.0, <1.2.3 || >=2.0.0, <2.0.5'), '2.0.1'), '2.0.5');
    assert.equal(lowestFixedVersionIn('maven', fixedVersionsOf('maven', [], '<2.9.10.8 || >=2.10.0,<2.10.5.1'), '2.10.1'), '2.10.5.1');
    assert.equal(lowestFixedVersionIn('golang', fixedVersionsOf('golang', [], '<1.34.0'), 'v1.33.0'), 'v1.34.0');
  });

  test('without a fix, what the range still tells is said', () => {
    assert.equal(describeMissingFix('npm', [], '<7.5.10'), undefined);
    assert.match(describeMissingFix('npm', [], '<=7.5.9') ?? '', /^no fixed version known; versions after 7\.5\.9 \(the last affected\) are not affected/);
    assert.equal(describeMissingFix('pypi', [], '>=3.0'), 'no fixed version known yet');
    // An OSV range that ends at last_affected reads `>=1.0.0 <=1.2.3` (describeRange): no release is named.
    assert.match(describeMissingFix('golang', [], '>=1.0.0 <=1.2.3') ?? '', /versions after 1\.2\.3 \(the last affected\)/);
    assert.deepEqual(fixedVersionsOf('golang', [], '>=1.0.0 <=1.2.3'), []);
  });
});
