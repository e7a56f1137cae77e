import { strict as assert } from 'node:assert';
import { npmVersions } from './npmVersions';

type Order = '<' | '=' | '>';

const sign: Record<Order, number> = { '<': -1, '=': 0, '>': 1 };

suite('core/versions: npm (SemVer 2.0)', () => {
  test('orders versions by SemVer precedence', () => {
    const table: [string, Order, string][] = [
      ['1.2.3', '<', '1.2.4'],
      ['1.10.0', '>', '1.9.0'],
      ['2.0.0', '>', '1.999.999'],
      ['0.0.0', '<', '0.0.1'],
      // The precedence chain of semver.org §11.
      ['1.0.0-alpha', '<', '1.0.0-alpha.1'],
      ['1.0.0-alpha.1', '<', '1.0.0-alpha.beta'],
      ['1.0.0-alpha.beta', '<', '1.0.0-beta'],
      ['1.0.0-beta', '<', '1.0.0-beta.2'],
      ['1.0.0-beta.2', '<', '1.0.0-beta.11'],
      ['1.0.0-beta.11', '<', '1.0.0-rc.1'],
      ['1.0.0-rc.1', '<', '1.0.0'],
      ['1.0.0+build.5', '=', '1.0.0'],
      ['4.17.20', '>', '4.17.19'],
      ['6.10.3', '>', '6.9.7'],
    ];
    for (const [a, order, b] of table) {
      assert.equal(Math.sign(npmVersions.compare(a, b) ?? Number.NaN), sign[order], `${a} ${order} ${b}`);
      assert.equal(Math.sign(npmVersions.compare(b, a) ?? Number.NaN), -sign[order] || 0, `${b} vs ${a}`);
    }
  });

  test('accepts versions, rejects ranges and partial versions', () => {
    const table: [string, boolean][] = [
      ['1.2.3', true],
      ['1.2.3-rc.1+build.7', true],
      ['0.0.0', true],
      ['1.2', false],
      ['^1.2.3', false],
      ['>=1.0.0', false],
      ['01.2.3', false],
      ['1.2.3-01', false],
      ['latest', false],
      ['', false],
    ];
    for (const [version, isValid] of table) {
      assert.equal(npmVersions.isValid(version), isValid, version);
    }
  });

  test('cannot compare what is not a version', () => {
    assert.equal(npmVersions.compare('1.2', '1.2.0'), undefined);
    assert.equal(npmVersions.compare('1.2.0', 'latest'), undefined);
  });
});
