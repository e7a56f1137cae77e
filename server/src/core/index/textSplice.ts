import type { Position, Range } from '../model/location';

/** A row and a UTF-16 column, as tree-sitter counts them for JavaScript strings. */
export interface Point {
  row: number;
  column: number;
}

/**
 * One contiguous replacement that turns an old text into a new one: `[startIndex, oldEndIndex)` of the old text
 * became `[startIndex, newEndIndex)` of the new text. Indices count UTF-16 code units. Same shape as tree-sitter's
 * `Edit`, so a tree can be told about it directly.
 */
export interface TextSplice {
  startIndex: number;
  oldEndIndex: number;
  newEndIndex: number;
  startPosition: Point;
  oldEndPosition: Point;
  newEndPosition: Point;
}

/**
 * The smallest single splice between two texts (common prefix and suffix left out), or undefined when they are
 * equal. Whatever the editor sent (one keystroke, several changes, a paste), the result is one splice that covers
 * them all, which is what an incremental parse needs.
 */
export function spliceBetween(oldText: string, newText: string): TextSplice | undefined {
  if (oldText === newText) {
    return undefined;
  }
  const shorter = Math.min(oldText.length, newText.length);
  let start = 0;
  while (start < shorter && oldText.charCodeAt(start) === newText.charCodeAt(start)) {
    start++;
  }
  let suffix = 0;
  while (suffix < shorter - start && oldText.charCodeAt(oldText.length - 1 - suffix) === newText.charCodeAt(newText.length - 1 - suffix)) {
    suffix++;
  }
  // Never split a surrogate pair: tree-sitter reads the text as UTF-16 and both halves belong to one character.
  if (start > 0 && isHighSurrogate(oldText.charCodeAt(start - 1))) {
    start--;
  }
  if (suffix > 0 && isLowSurrogate(oldText.charCodeAt(oldText.length - suffix))) {
    suffix--;
  }
  const oldEnd = oldText.length - suffix;
  const newEnd = newText.length - suffix;
  const startPosition = pointAt(oldText, start);
  return {
    startIndex: start,
    oldEndIndex: oldEnd,
    newEndIndex: newEnd,
    startPosition,
    oldEndPosition: pointAfter(oldText, start, oldEnd, startPosition),
    newEndPosition: pointAfter(newText, start, newEnd, startPosition),
  };
}

/**
 * Where an index of the old text lies in the new text. At the splice's edges, a range's start goes with the text
 * after it and a range's end with the text before it (text inserted right before a statement moves the statement;
 * text appended right after a range leaves the range as it was); inside the replaced part, a start goes to the start
 * of the change and an end to its new end.
 */
export function shiftIndex(index: number, splice: TextSplice, side: 'start' | 'end' = 'start'): number {
  const isBefore = side === 'start' ? index < splice.startIndex : index <= splice.startIndex;
  const isAfter = side === 'start' ? index >= splice.oldEndIndex : index > splice.oldEndIndex || (index === splice.oldEndIndex && !isBefore);
  if (isBefore) {
    return index;
  }
  if (isAfter) {
    return index + splice.newEndIndex - splice.oldEndIndex;
  }
  return side === 'start' ? splice.startIndex : splice.newEndIndex;
}

/** Where a position of the old text lies in the new text; the same rules as {@link shiftIndex}. */
export function shiftPosition(position: Position, splice: TextSplice, side: 'start' | 'end' = 'start'): Position {
  const start = splice.startPosition;
  const oldEnd = splice.oldEndPosition;
  const newEnd = splice.newEndPosition;
  const fromStart = compare(position, start);
  const fromOldEnd = compare(position, oldEnd);
  const isBefore = side === 'start' ? fromStart < 0 : fromStart <= 0;
  const isAfter = side === 'start' ? fromOldEnd >= 0 : fromOldEnd > 0 || (fromOldEnd === 0 && !isBefore);
  if (isBefore) {
    return position;
  }
  if (isAfter) {
    return position.line > oldEnd.row
      ? { line: position.line + newEnd.row - oldEnd.row, character: position.character }
      : { line: newEnd.row, character: newEnd.column + position.character - oldEnd.column };
  }
  return side === 'start' ? { line: start.row, character: start.column } : { line: newEnd.row, character: newEnd.column };
}

/** Negative, zero or positive as `position` lies before, at or after `point`. */
function compare(position: Position, point: Point): number {
  return position.line !== point.row ? position.line - point.row : position.character - point.column;
}

/** A range of the old text moved to the new text; a range around the replaced part grows or shrinks with it. */
export function shiftRange(range: Range, splice: TextSplice): Range {
  return { start: shiftPosition(range.start, splice, 'start'), end: shiftPosition(range.end, splice, 'end') };
}

/**
 * A copy of plain data (facts) in which every {@link Range} follows the splice. Whatever shape the facts have,
 * their ranges are recognised by their `start`/`end` positions; strings go through `shiftString` (for keys made of
 * offsets); everything else is kept as is (shared, not copied, when nothing inside it moved).
 */
export function shiftRangesIn<T>(value: T, splice: TextSplice, shiftString?: (text: string, splice: TextSplice) => string): T {
  return shiftValue(value, splice, shiftString) as T;
}

function shiftValue(value: unknown, splice: TextSplice, shiftString: ((text: string, splice: TextSplice) => string) | undefined): unknown {
  if (typeof value === 'string') {
    return shiftString ? shiftString(value, splice) : value;
  }
  if (Array.isArray(value)) {
    let changed = false;
    const shifted = value.map((item) => {
      const next = shiftValue(item, splice, shiftString);
      changed ||= next !== item;
      return next;
    });
    return changed ? shifted : value;
  }
  if (typeof value !== 'object' || value === null) {
    return value;
  }
  if (isRange(value)) {
    const shifted = shiftRange(value, splice);
    return shifted.start === value.start && shifted.end === value.end ? value : { ...value, ...shifted };
  }
  let copy: Record<string, unknown> | undefined;
  for (const [key, item] of Object.entries(value)) {
    const next = shiftValue(item, splice, shiftString);
    if (next !== item) {
      copy ??= { ...(value as Record<string, unknown>) };
      copy[key] = next;
    }
  }
  return copy ?? value;
}

function isRange(value: object): value is Range {
  const { start, end } = value as Partial<Range>;
  return isPosition(start) && isPosition(end);
}

function isPosition(value: unknown): value is Position {
  return typeof value === 'object' && value !== null && typeof (value as Position).line === 'number' && typeof (value as Position).character === 'number';
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** The point of an index, counting lines from the start of the text. */
function pointAt(text: string, index: number): Point {
  return pointAfter(text, 0, index, { row: 0, column: 0 });
}

/** The point of `index`, knowing the point of an earlier index `from`: only the text between is scanned. */
function pointAfter(text: string, from: number, index: number, fromPoint: Point): Point {
  let row = fromPoint.row;
  let lineStart = from - fromPoint.column;
  for (let at = text.indexOf('\n', from); at !== -1 && at < index; at = text.indexOf('\n', at + 1)) {
    row++;
    lineStart = at + 1;
  }
  return { row, column: index - lineStart };
}
