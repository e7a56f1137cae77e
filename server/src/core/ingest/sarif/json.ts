/**
 * Narrowing readers for untrusted JSON. A SARIF log is whatever a scanner (or an attacker) wrote, so every field is
 * `unknown` until checked; {@link Loose} keeps the field names of the `sarif` types (typos fail to compile) while
 * forcing each value through one of these readers. None of them throws.
 */

/** The fields of a SARIF type, every value unchecked. */
export type Loose<T> = { readonly [K in keyof T]?: unknown };

/** A JSON object (not an array, not null) viewed as a loose `T`, else undefined. */
export function asObject<T>(value: unknown): Loose<T> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Loose<T>) : undefined;
}

/** The elements of a JSON array; an empty list for anything else. */
export function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A non-empty string, else undefined. */
export function asString(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** A safe non-negative integer, else undefined. */
export function asIndex(value: unknown): number | undefined {
  return Number.isSafeInteger(value) && (value as number) >= 0 ? (value as number) : undefined;
}

/** A safe integer ≥ 1 (SARIF lines and columns), else undefined. */
export function asPositive(value: unknown): number | undefined {
  return Number.isSafeInteger(value) && (value as number) >= 1 ? (value as number) : undefined;
}

/** A finite number, also from a numeric string (tools write `"security-severity": "8.8"`), else undefined. */
export function asNumber(value: unknown): number | undefined {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) ? number : undefined;
}

/** The element at `index` of a JSON array, else undefined. */
export function elementAt(list: unknown, index: unknown): unknown {
  const at = asIndex(index);
  return at !== undefined && Array.isArray(list) ? list[at] : undefined;
}

/**
 * The own property `key` of a JSON object used as a dictionary, else undefined. Own-only, so a key such as
 * `__proto__` or `constructor` coming from the log never reaches `Object.prototype`.
 */
export function ownValue(dictionary: unknown, key: string): unknown {
  const object = asObject<Record<string, unknown>>(dictionary);
  return object && Object.hasOwn(object, key) ? object[key] : undefined;
}

/** The string values of a JSON object used as a dictionary, in insertion order, skipping empty ones. */
export function stringEntries(dictionary: unknown): [string, string][] {
  const object = asObject<Record<string, unknown>>(dictionary);
  if (!object) {
    return [];
  }
  return Object.entries(object).flatMap(([key, value]): [string, string][] => {
    const text = asString(value);
    return text ? [[key, text]] : [];
  });
}
