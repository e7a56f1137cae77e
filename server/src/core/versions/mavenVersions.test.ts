import { strict as assert } from 'node:assert';
import { mavenVersions } from './mavenVersions';

type Order = '<' | '=' | '>';

const sign: Record<Order, number> = { '<': -1, '=': 0, '>': 1 };

suite('core/versions: Maven (ComparableVersion)', () => {
  test('orders versions and qualifiers like Maven', () => {
    const table: [string, Order, string][] = [
      ['1.0-alpha-1', '<', '1.0-SNAPSHOT'],
      ['1.0-SNAPSHOT', '<', '1.0'],
      ['1.0.0', '=', '1'],
      ['1', '=', '1.0'],
      ['1.0-alpha', '<', '1.0-beta'],
      ['1.0-beta', '<', '1.0-milestone'],
      ['1.0-milestone', '<', '1.0-rc'],
      ['1.0-rc', '<', '1.0-SNAPSHOT'],
      ['1.0', '<', '1.0-sp'],
      ['1.0-cr1', '=', '1.0-rc1'],
      ['1.0-a1', '=', '1.0-alpha-1'],
      ['1.0-ALPHA-1', '=', '1.0-alpha-1'],
      ['1.0-ga', '=', '1.0'],
      ['1.0.0.Final', '=', '1.0'],
      ['5.3.0.RELEASE', '=', '5.3.0'],
      ['1.4.9', '<', '1.4.18'],
      ['1.4.18-SNAPSHOT', '<', '1.4.18'],
      ['1.0-foo', '>', '1.0'],
      ['1.0.1', '>', '1.0-sp'],
      ['1-1', '<', '1.1'],
    ];
    for (const [a, order, b] of table) {
      assert.equal(mavenVersions.compare(a, b), sign[order], `${a} ${order} ${b}`);
      assert.equal(mavenVersions.compare(b, a), -sign[order] || 0, `${b} vs ${a}`);
    }
  });

  test('rejects ranges, properties and blanks', () => {
    const table: [string, boolean][] = [
      ['1.0', true],
      ['1.0-SNAPSHOT', true],
      ['2.0.0.RELEASE', true],
      ['r05', true],
      ['[1.0,2.0)', false],
      ['(,1.0]', false],
      ['${project.version}', false],
      ['1.0 beta', false],
      ['-1.0', false],
      ['', false],
    ];
    for (const [version, isValid] of table) {
      assert.equal(mavenVersions.isValid(version), isValid, version);
    }
  });

  test('cannot compare what is not a version', () => {
    assert.equal(mavenVersions.compare('[1.0,2.0)', '1.0'), undefined);
  });
});
