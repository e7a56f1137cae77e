import { strict as assert } from 'node:assert';
import { describe, it } from 'mocha';

describe('products', () => {
  it('works', () => assert.ok(true));
});
