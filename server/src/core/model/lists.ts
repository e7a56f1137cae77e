// List helpers every layer uses: bounded concurrency, appending without the call stack's limit, binary search.

/** Maps with at most `limit` calls in flight, keeping the input order in the output. */
export async function mapConcurrently<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Appends without spreading: spread arguments live on the call stack, which ~120k items overflow. */
export function appendAll<T>(target: T[], items: readonly T[]): void {
  for (const item of items) {
    target.push(item);
  }
}

/** Whether two lists hold the same elements (by identity) in the same order. */
export function sameElements<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}

/**
 * The first index at which `isBefore` stops holding, by binary search from `from`: it must hold for a prefix of
 * `items` and for nothing after it (e.g. `(item) => item.path < path` over items sorted by path).
 */
export function partitionPoint<T>(items: readonly T[], isBefore: (item: T) => boolean, from = 0): number {
  let low = from;
  let high = items.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (isBefore(items[middle]!)) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  return low;
}
