import { strict as assert } from 'node:assert';
import { isSameJson } from './sameJson';
import { prng } from '../../test/editReplay';

const leaves: unknown[] = [0, 1, -1, 2.5, NaN, Infinity, '', 'a', 'b', '0', true, false, null, undefined, () => 1];

/** A value shaped like facts and decisions: ranges, lists of sites, optional fields. */
function valueOf(next: () => number, depth: number): unknown {
  const pick = next();
  if (depth === 0 || pick < 0.3) {
    return leaves[Math.floor(next() * leaves.length)];
  }
  if (pick < 0.6) {
    return Array.from({ length: Math.floor(next() * 4) }, () => valueOf(next, depth - 1));
  }
  const value: Record<string, unknown> = {};
  for (const key of ['path', 'range', 'sites', 'name'].filter(() => next() < 0.6)) {
    value[key] = valueOf(next, depth - 1);
  }
  return value;
}

/** A copy of a value with at most one change somewhere (or none): equal JSON is as likely as not. */
function mutated(value: unknown, next: () => number): unknown {
  if (next() < 0.3 || typeof value !== 'object' || value === null) {
    return next() < 0.5 ? structuredCloneable(value) : valueOf(next, 1);
  }
  if (Array.isArray(value)) {
    const copy = [...value];
    if (copy.length > 0 && next() < 0.7) {
      const at = Math.floor(next() * copy.length);
      copy[at] = mutated(copy[at], next);
    } else {
      copy.push(valueOf(next, 1));
    }
    return copy;
  }
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  const keys = Object.keys(copy);
  if (keys.length > 0 && next() < 0.7) {
    const key = keys[Math.floor(next() * keys.length)]!;
    copy[key] = mutated(copy[key], next);
  } else if (keys.length > 0 && next() < 0.5) {
    delete copy[keys[Math.floor(next() * keys.length)]!];
  } else {
    copy.extra = valueOf(next, 1);
  }
  return copy;
}

/** The value itself when it is not a plain object or array (functions cannot be cloned; they are not JSON anyway). */
function structuredCloneable(value: unknown): unknown {
  return typeof value === 'object' && value !== null ? JSON.parse(JSON.stringify(value)) : value;
}

suite('core/model/sameJson', () => {
  test('agrees with comparing JSON.stringify on random values and their one-change copies', () => {
    let equal = 0;
    for (let seed = 1; seed <= 3000; seed++) {
      const next = prng(seed);
      const value = valueOf(next, 4);
      const other = mutated(value, next);
      const expected = JSON.stringify(value) === JSON.stringify(other);
      assert.equal(isSameJson(value, other), expected, `seed ${seed}: ${JSON.stringify(value)} vs ${JSON.stringify(other)}`);
      assert.equal(isSameJson(other, value), expected, `seed ${seed}, swapped`);
      equal += expected ? 1 : 0;
    }
    // Both answers must be exercised often, or the comparison above proves little.
    assert.ok(equal > 300 && equal < 2700, `${equal} of 3000 pairs had equal JSON`);
  });

  test('what JSON leaves out or writes as null is compared as JSON writes it', () => {
    assert.ok(isSameJson({ a: 1, b: undefined }, { a: 1 }));
    assert.ok(isSameJson([undefined, NaN], [null, null]));
    assert.ok(!isSameJson({ a: null }, {}));
    assert.ok(!isSameJson([], {}));
    assert.ok(!isSameJson([1, 2], [2, 1]));
    assert.ok(!isSameJson({ range: { start: 1 } }, { range: { start: 1, end: 2 } }));
  });

  test('the order of object keys does not matter (equal data, as the analysis reads it)', () => {
    assert.ok(isSameJson({ a: 1, b: [{ c: 2, d: 3 }] }, { b: [{ d: 3, c: 2 }], a: 1 }));
  });
});
