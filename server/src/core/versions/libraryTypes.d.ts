// Type declarations for the version libraries this folder wraps.
//
// mvncmp ships no types at all.
declare module 'mvncmp' {
  /** Negative, zero or positive as `a` sorts before, equal to or after `b` (Maven ComparableVersion). */
  export function compare(a: string, b: string): number;
}

// @renovatebot/pep440 5 is an ES module. Node 20.19+ loads it through require(), and esbuild bundles it, but
// TypeScript under `module: Node16` refuses a CommonJS import of an ES module (TS1479) unless an ambient
// declaration answers for it. The signatures come from the package's own declarations, so they cannot drift.
declare module '@renovatebot/pep440' {
  import type { compare as pep440Compare } from '@renovatebot/pep440/lib/operator.js' with { 'resolution-mode': 'import' };
  import type { valid as pep440Valid } from '@renovatebot/pep440/lib/version.js' with { 'resolution-mode': 'import' };
  export const compare: typeof pep440Compare;
  export const valid: typeof pep440Valid;
}
