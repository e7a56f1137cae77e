import { strict as assert } from 'node:assert';
import { shouldHoldHeapGrowth, type HeapGrowthPolicy } from './heapGrowth';

const policy: HeapGrowthPolicy = { largeBytes: 300, smallBytes: 200, growingPercent: 40 };

suite('host/heapGrowth', () => {
  const cases: { name: string; isHeld: boolean; used: number; expect: boolean }[] = [
    { name: 'a small heap keeps V8 policy', isHeld: false, used: 250, expect: false },
    { name: 'a large heap is held', isHeld: false, used: 301, expect: true },
    { name: 'a held heap stays held between the thresholds', isHeld: true, used: 250, expect: true },
    { name: 'a held heap that became small is let go', isHeld: true, used: 199, expect: false },
  ];
  for (const { name, isHeld, used, expect } of cases) {
    test(name, () => assert.equal(shouldHoldHeapGrowth(isHeld, used, policy), expect));
  }
});
