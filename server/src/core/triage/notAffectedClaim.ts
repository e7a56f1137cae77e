import type { ReachabilityTier } from '../model/analysis';

/** Tiers where the workspace shows the code in use. */
const reachableTiers: readonly ReachabilityTier[] = ['runtime-loaded', 'symbol-called', 'imported'];
/** Justifications that claim the vulnerable code is not reached (or not there). */
const reachabilityJustifications = ['code_not_reachable', 'code_not_present'];

/**
 * Why a `not_affected` decision must not be written as "not affected" to a platform, or undefined when it may:
 * never on an `unknown` tier (nothing shows it), and never as "not reachable" when the workspace shows it reached.
 * Every platform adapter asks before writing, so no source is told more than the workspace showed the user.
 */
export function notAffectedRefusal(decision: { justification?: string; verdict: { tier: ReachabilityTier } }): string | undefined {
  const { tier } = decision.verdict;
  if (tier === 'unknown') {
    return 'its reachability is unknown, so "not affected" is not claimed';
  }
  if (reachabilityJustifications.includes(decision.justification ?? '') && reachableTiers.includes(tier)) {
    return `the workspace shows it ${tier}, so "${decision.justification}" is not claimed`;
  }
  return undefined;
}
