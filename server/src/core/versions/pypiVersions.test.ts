import { strict as assert } from 'node:assert';
import { pypiVersions } from './pypiVersions';

type Order = '<' | '=' | '>';

const sign: Record<Order, number> = { '<': -1, '=': 0, '>': 1 };

suite('core/versions: PyPI (PEP 440)', () => {
  test('orders versions per PEP 440', () => {
    const table: [string, Order, string][] = [
      ['1.0', '=', '1.0.0'],
      ['1.0.dev0', '<', '1.0a1'],
      ['1.0a1.dev1', '<', '1.0a1'],
      ['1.0a1', '<', '1.0b1'],
      ['1.0b2', '<', '1.0rc1'],
      ['1.0rc1', '<', '1.0'],
      ['1.0c1', '=', '1.0rc1'],
      ['1.0.0a', '=', '1.0a0'],
      ['1.0', '<', '1.0.post1'],
      ['1.0.post1.dev1', '>', '1.0'],
      ['1.0.post1.dev1', '<', '1.0.post1'],
      ['1.0-1', '=', '1.0.post1'],
      ['1.1.dev1', '>', '1.0.post1'],
      ['1!0.1', '>', '2.0'],
      ['1.0+local', '>', '1.0'],
      ['1.0+local', '<', '1.0.post1'],
      ['1.0+local.10', '>', '1.0+local.2'],
      ['5.4b2', '<', '5.4'],
      ['5.3.1', '<', '5.4'],
      ['5.4.1', '>', '5.4'],
      ['v1.0', '=', '1.0'],
    ];
    for (const [a, order, b] of table) {
      assert.equal(Math.sign(pypiVersions.compare(a, b) ?? Number.NaN), sign[order], `${a} ${order} ${b}`);
      assert.equal(Math.sign(pypiVersions.compare(b, a) ?? Number.NaN), -sign[order] || 0, `${b} vs ${a}`);
    }
  });

  test('accepts PEP 440 versions only', () => {
    const table: [string, boolean][] = [
      ['1.0', true],
      ['1!2.0+local.1', true],
      ['1.0.post1.dev2', true],
      ['1.0.0.0.0', true],
      ['2021.1', true],
      ['abc', false],
      ['1.0.*', false],
      ['==1.0', false],
      ['latest', false],
      ['', false],
    ];
    for (const [version, isValid] of table) {
      assert.equal(pypiVersions.isValid(version), isValid, version);
    }
  });

  test('cannot compare what is not a version (and does not throw)', () => {
    assert.equal(pypiVersions.compare('abc', '1.0'), undefined);
    assert.equal(pypiVersions.compare('1.0', '1.0.*'), undefined);
  });
});
