import type { Position } from './location';

/** Longer strings (messages, snippets, file texts) rarely repeat; only short ones are shared. */
const maxSharedLength = 256;
/** Past this many entries a table starts over, so a long session cannot grow it without bound. */
const maxEntries = 250_000;
/** Positions are keyed by `line * lineStride + character`, a small integer, when both fit. */
const lineStride = 65_536;
const maxKeyedLine = 32_768;

/**
 * Makes the facts of many files share what repeats, without changing any value: equal short strings become one
 * string, equal positions one frozen object, and each range a small object of its own.
 *
 * Facts that come from the index workers are structured clones: every file carries its own copies of its path,
 * package and binding names, and every `{ line, character }` is a separate object with room for properties it will
 * never have. On the 10,000-file bench workspace that is ~400,000 positions (22 MB of heap, about a third of the
 * facts), of which a few tens of thousands differ.
 *
 * Positions of facts are never modified in place (code that moves a range builds a new one), which is what makes
 * sharing them safe; they are frozen so a change would fail loudly instead of moving every fact that shares them.
 */
export class FactInterner {
  private strings = new Map<string, string>();
  private positions = new Map<number, Position>();

  /**
   * Replaces, in place, the shareable parts of `value` (plain objects and arrays, walked deeply) with their shared
   * instances, and returns it. The result is deep-equal to the input, key order included.
   */
  intern<T>(value: T): T {
    if (this.strings.size > maxEntries) {
      this.strings = new Map();
    }
    if (this.positions.size > maxEntries) {
      this.positions = new Map();
    }
    return this.share(value) as T;
  }

  private share(item: unknown): unknown {
    if (typeof item === 'string') {
      return this.string(item);
    }
    if (typeof item !== 'object' || item === null) {
      return item;
    }
    if (Array.isArray(item)) {
      for (let at = 0; at < item.length; at++) {
        item[at] = this.share(item[at]);
      }
      return item;
    }
    if (Object.getPrototypeOf(item) !== Object.prototype) {
      return item; // Date, Map and the like: left as they are
    }
    const record = item as Record<string, unknown>;
    const keys = Object.keys(record);
    if (keys.length === 2) {
      const position = this.position(keys, record);
      if (position) {
        return position;
      }
      if (keys[0] === 'start' && keys[1] === 'end') {
        const start = this.share(record.start);
        const end = this.share(record.end);
        return Object.isFrozen(start) && Object.isFrozen(end) ? { start, end } : Object.assign(record, { start, end });
      }
    }
    for (const key of keys) {
      record[key] = this.share(record[key]);
    }
    return record;
  }

  private string(text: string): string {
    if (text.length > maxSharedLength) {
      return text;
    }
    const known = this.strings.get(text);
    if (known !== undefined) {
      return known;
    }
    this.strings.set(text, text);
    return text;
  }

  /** The shared position for a `{ line, character }` of small non-negative integers (in that key order). */
  private position(keys: readonly string[], record: Record<string, unknown>): Position | undefined {
    const { line, character } = record;
    if (keys[0] !== 'line' || keys[1] !== 'character' || !isSmallIndex(line, maxKeyedLine) || !isSmallIndex(character, lineStride)) {
      return undefined;
    }
    const key = line * lineStride + character;
    let position = this.positions.get(key);
    if (!position) {
      position = Object.freeze({ line, character });
      this.positions.set(key, position);
    }
    return position;
  }
}

function isSmallIndex(value: unknown, limit: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < limit;
}
