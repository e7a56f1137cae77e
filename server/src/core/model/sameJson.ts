/**
 * Whether two values serialize to the same JSON, up to the order of object keys: as `JSON.stringify(a) ===
 * JSON.stringify(b)` for data whose keys come in the same order, without building either string. Change detection
 * runs it after every edit on facts and decisions that can list thousands of sites, and most of them are equal.
 */
export function isSameJson(a: unknown, b: unknown): boolean {
  if (a === b) {
    return true;
  }
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || hasToJson(a) || hasToJson(b)) {
    return JSON.stringify(a) === JSON.stringify(b);
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, at) => isSameJson(asArrayItem(item), asArrayItem(b[at])));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  let count = 0;
  for (const key in left) {
    if (!Object.hasOwn(left, key) || !isSerialized(left[key])) {
      continue;
    }
    if (!Object.hasOwn(right, key) || !isSerialized(right[key]) || !isSameJson(left[key], right[key])) {
      return false;
    }
    count++;
  }
  for (const key in right) {
    if (Object.hasOwn(right, key) && isSerialized(right[key])) {
      count--;
    }
  }
  return count === 0;
}

/** Object properties with these values are left out of JSON. */
function isSerialized(value: unknown): boolean {
  return value !== undefined && typeof value !== 'function' && typeof value !== 'symbol';
}

/** Array items that JSON leaves out of objects are written as `null` in arrays. */
function asArrayItem(value: unknown): unknown {
  return isSerialized(value) ? value : null;
}

function hasToJson(value: object): boolean {
  return typeof (value as { toJSON?: unknown }).toJSON === 'function';
}
