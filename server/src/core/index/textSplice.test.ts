import { strict as assert } from 'node:assert';
import type { Range } from '../model/location';
import { shiftIndex, shiftPosition, shiftRangesIn, spliceBetween } from './textSplice';

suite('core/index/textSplice', () => {
  test('the splice between two texts leaves out their common prefix and suffix', () => {
    assert.equal(spliceBetween('same', 'same'), undefined);
    assert.deepEqual(spliceBetween('const a = 1;\nfoo();\n', 'const ab = 1;\nfoo();\n'), {
      startIndex: 7,
      oldEndIndex: 7,
      newEndIndex: 8,
      startPosition: { row: 0, column: 7 },
      oldEndPosition: { row: 0, column: 7 },
      newEndPosition: { row: 0, column: 8 },
    });
    // A line inserted, then a line removed: rows and columns on each side.
    assert.deepEqual(spliceBetween('a\nb\nc', 'a\nx\ny\nb\nc'), {
      startIndex: 2,
      oldEndIndex: 2,
      newEndIndex: 6,
      startPosition: { row: 1, column: 0 },
      oldEndPosition: { row: 1, column: 0 },
      newEndPosition: { row: 3, column: 0 },
    });
    const removed = spliceBetween('a\nx\ny\nb', 'a\nb')!;
    assert.deepEqual([removed.startIndex, removed.oldEndIndex, removed.newEndIndex], [2, 6, 2]);
    assert.deepEqual([removed.oldEndPosition, removed.newEndPosition], [{ row: 3, column: 0 }, { row: 1, column: 0 }]);
  });

  test('repeated text around the change never makes prefix and suffix overlap', () => {
    const splice = spliceBetween('aaaa', 'aaaaaa')!;
    assert.equal(splice.oldEndIndex - splice.startIndex, 0);
    assert.equal(splice.newEndIndex - splice.startIndex, 2);
    const shrunk = spliceBetween('abab', 'ab')!;
    assert.equal(shrunk.oldEndIndex - shrunk.startIndex, 2);
    assert.equal(shrunk.newEndIndex, shrunk.startIndex);
  });

  test('a surrogate pair is never split: the splice takes the whole character', () => {
    // '😀' and '😁' share their high surrogate; the splice must still start before it.
    const splice = spliceBetween('x😀y', 'x😁y')!;
    assert.deepEqual([splice.startIndex, splice.oldEndIndex, splice.newEndIndex], [1, 3, 3]);
    const low = spliceBetween('a\uD83D\uDE00', 'a\uD83E\uDE00')!; // same low surrogate, different high one
    assert.deepEqual([low.startIndex, low.oldEndIndex, low.newEndIndex], [1, 3, 3]);
  });

  test('positions and indices after the change move with it; before it they stay', () => {
    const splice = spliceBetween('line0\nline1 foo()\nline2', 'line0\nline1 // note\nx\n foo()\nline2')!;
    assert.deepEqual(shiftPosition({ line: 0, character: 3 }, splice), { line: 0, character: 3 });
    assert.deepEqual(shiftPosition({ line: 1, character: 6 }, splice, 'start'), { line: 3, character: 1 }, 'a start at the insertion point goes with the text after it');
    assert.deepEqual(shiftPosition({ line: 1, character: 6 }, splice, 'end'), { line: 1, character: 6 }, 'an end there stays with the text before it');
    assert.deepEqual(shiftPosition({ line: 1, character: 7 }, splice), { line: 3, character: 2 }, 'same line, after the change');
    assert.deepEqual(shiftPosition({ line: 2, character: 1 }, splice), { line: 4, character: 1 });
    assert.equal(shiftIndex(3, splice), 3);
    assert.equal(shiftIndex(splice.oldEndIndex + 4, splice), splice.newEndIndex + 4);
    const deletion = spliceBetween('abcdef', 'af')!;
    assert.equal(shiftIndex(3, deletion, 'start'), 1, 'inside a deleted run, a start goes to the start of the change');
    assert.equal(shiftIndex(3, deletion, 'end'), 1, 'and an end to its end');
    assert.equal(shiftIndex(5, deletion, 'end'), 1, 'an end at the end of a deleted run stays with the text before it');
    const insertion = spliceBetween('ab', 'aXb')!;
    assert.deepEqual([shiftIndex(1, insertion, 'start'), shiftIndex(1, insertion, 'end')], [2, 1]);
  });

  test('every range inside plain facts follows the splice, and untouched parts are shared, not copied', () => {
    const range = (line: number, start: number, end: number): Range => ({ start: { line, character: start }, end: { line, character: end } });
    const early = { name: 'early', range: range(0, 0, 4) };
    const facts = { imports: [early, { name: 'late', range: range(2, 0, 4) }], around: { range: { start: { line: 0, character: 0 }, end: { line: 3, character: 0 } } }, key: 'k' };
    const splice = spliceBetween('a\nb\nc\nd', 'a\nb\nnew\nc\nd')!;
    const shifted = shiftRangesIn(facts, splice, (text) => (text === 'k' ? 'K' : text));
    assert.deepEqual(shifted.imports[1]!.range, range(3, 0, 4));
    assert.deepEqual(shifted.around.range, { start: { line: 0, character: 0 }, end: { line: 4, character: 0 } }, 'a range around the change grows');
    assert.equal(shifted.imports[0], early, 'a fact before the change is the same object');
    assert.equal(shifted.key, 'K', 'strings go through the given mapping (keys made of offsets)');
    assert.deepEqual(facts.imports[1]!.range, range(2, 0, 4), 'the input is not mutated');
  });
});
