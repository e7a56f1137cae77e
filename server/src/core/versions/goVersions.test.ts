import { strict as assert } from 'node:assert';
import { goVersions } from './goVersions';

type Order = '<' | '=' | '>';

const sign: Record<Order, number> = { '<': -1, '=': 0, '>': 1 };

suite('core/versions: Go modules', () => {
  test('orders module versions, pseudo-versions and +incompatible', () => {
    const table: [string, Order, string][] = [
      ['v1.2.3', '<', 'v1.2.4'],
      ['v1.2.3', '=', '1.2.3'],
      ['v0.3.5', '<', '0.3.7'],
      ['v1.10.0', '>', 'v1.9.0'],
      ['v1.0.0-rc.1', '<', 'v1.0.0'],
      ['v0.0.0-20210101000000-abcdef123456', '<', 'v0.0.0-20220101000000-123456abcdef'],
      ['v0.0.0-20210101000000-abcdef123456', '<', 'v0.0.0-20210101000001-000000000000'],
      ['v0.0.0-20210101000000-abcdef123456', '<', 'v0.1.0'],
      // vX.Y.(Z+1)-0.timestamp-hash: after vX.Y.Z, before vX.Y.(Z+1).
      ['v1.2.4-0.20210101000000-abcdef123456', '>', 'v1.2.3'],
      ['v1.2.4-0.20210101000000-abcdef123456', '<', 'v1.2.4'],
      // vX.Y.Z-pre.0.timestamp-hash: after vX.Y.Z-pre, before vX.Y.Z.
      ['v1.2.3-pre.0.20210101000000-abcdef123456', '>', 'v1.2.3-pre'],
      ['v1.2.3-pre.0.20210101000000-abcdef123456', '<', 'v1.2.3'],
      ['v2.0.0+incompatible', '=', 'v2.0.0'],
      ['v2.0.0+incompatible', '>', 'v1.9.9'],
      ['v2.0.1', '>', 'v2.0.0+incompatible'],
    ];
    for (const [a, order, b] of table) {
      assert.equal(Math.sign(goVersions.compare(a, b) ?? Number.NaN), sign[order], `${a} ${order} ${b}`);
      assert.equal(Math.sign(goVersions.compare(b, a) ?? Number.NaN), -sign[order] || 0, `${b} vs ${a}`);
    }
  });

  test('accepts canonical module versions with or without v', () => {
    const table: [string, boolean][] = [
      ['v1.2.3', true],
      ['1.2.3', true],
      ['v2.0.0+incompatible', true],
      ['v0.0.0-20210101000000-abcdef123456', true],
      ['v1.2', false],
      ['v1', false],
      ['vv1.2.3', false],
      ['=1.2.3', false],
      [' v1.2.3', false],
      ['v01.2.3', false],
      ['latest', false],
      ['master', false],
    ];
    for (const [version, isValid] of table) {
      assert.equal(goVersions.isValid(version), isValid, version);
    }
  });

  test('cannot compare what is not a version', () => {
    assert.equal(goVersions.compare('v1.2', 'v1.2.0'), undefined);
    assert.equal(goVersions.compare('v1.2.0', 'master'), undefined);
  });
});
