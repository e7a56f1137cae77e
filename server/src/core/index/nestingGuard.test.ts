import { strict as assert } from 'node:assert';
import { excessiveNesting, maxBracketDepth } from './nestingGuard';

suite('core/index/nestingGuard', () => {
  test('ordinary and minified code passes; pathological nesting is refused with its depth', () => {
    assert.equal(excessiveNesting('const a = f(g([1, {b: (c)}]));\n'.repeat(1000)), undefined);
    assert.equal(excessiveNesting(`x = ${'('.repeat(maxBracketDepth)}1${')'.repeat(maxBracketDepth)}`), undefined, 'the limit itself is allowed');
    assert.match(excessiveNesting(`x = ${'[('.repeat(600)}1${')]'.repeat(600)}`) ?? '', /nested 1200 levels deep \(more than 1000\)/);
    assert.equal(excessiveNesting(')))'.repeat(5000)), undefined, 'closing brackets alone never go below zero');
  });
});
