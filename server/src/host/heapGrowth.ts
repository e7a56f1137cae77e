import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** When a heap counts as large, when it is small again (hysteresis), and how much a large one may grow. */
export interface HeapGrowthPolicy {
  largeBytes: number;
  smallBytes: number;
  growingPercent: number;
}

/**
 * ~300 MB live with 50k findings on 10,000 files: V8's own policy then lets the heap grow to 3–4× that (1.4 GB of RSS,
 * mostly garbage of the edits) before it collects; with a hard cap (`--max-old-space-size=384`) it collects all the
 * time instead. A large heap is held to `growingPercent` above what survived the last full collection; a small one
 * (few findings, the first index) keeps V8's policy, which collects less often (held from the start, a promotion-heavy
 * run made 5× the full collections for 2× the CPU).
 */
export const defaultHeapGrowthPolicy: HeapGrowthPolicy = { largeBytes: 192 * 1024 * 1024, smallBytes: 128 * 1024 * 1024, growingPercent: 25 };

/** Whether the growth should be held, given whether it is now and the heap's used size. */
export function shouldHoldHeapGrowth(isHeld: boolean, usedBytes: number, policy: HeapGrowthPolicy): boolean {
  return isHeld ? usedBytes >= policy.smallBytes : usedBytes > policy.largeBytes;
}

/**
 * Checks the heap every `intervalMs` and sets V8's growing factor (`--heap-growing-percent`, read at each collection,
 * so it can change at run time; 0 is V8's own policy). Returns a function that stops the checks.
 */
export function holdLargeHeapGrowth(policy: HeapGrowthPolicy = defaultHeapGrowthPolicy, intervalMs = 1000): () => void {
  let isHeld = false;
  const timer = setInterval(() => {
    const shouldHold = shouldHoldHeapGrowth(isHeld, getHeapStatistics().used_heap_size, policy);
    if (shouldHold !== isHeld) {
      isHeld = shouldHold;
      setFlagsFromString(`--heap-growing-percent=${isHeld ? policy.growingPercent : 0}`);
      if (isHeld) {
        // The limit in force was set by the last collection, under V8's policy (up to 4× a heap that a pull of
        // findings had just grown, while the pull's synchronous work kept these checks from running): a collection
        // now sets it under the held factor. One pause (0.5 s at 300 MB live), once per crossing.
        collectGarbage();
      }
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** A full collection, through the `gc` function that `--expose-gc` gives the contexts made after it is set. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  const gc: unknown = runInNewContext('gc');
  if (typeof gc === 'function') {
    (gc as () => void)();
  }
}
