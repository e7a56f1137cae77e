// Type declarations for the version libraries this folder wraps.
//
// mvncmp ships no types at all.
declare module 'mvncmp' {
  /** Negative, zero or positive as `a` sorts before, equal to or after `b` (Maven ComparableVersion). */
  export function compare(a: string, b: string): number;
}
