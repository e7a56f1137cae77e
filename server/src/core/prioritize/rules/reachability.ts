import type { ReachabilityTier } from '../../model/analysis';
import { secretReachability } from './committedSecret';
import type { ScoringRule } from './scoringRule';

const pointsByTier: Record<ReachabilityTier, number> = {
  'runtime-loaded': 25,
  'symbol-called': 23,
  imported: 18,
  unknown: 10,
  declared: 4,
  'dev-only': 0,
  indexing: 10,
};

const detailByTier: Record<ReachabilityTier, string> = {
  'runtime-loaded': 'loaded at runtime in production',
  'symbol-called': 'application code calls the vulnerable function',
  imported: 'imported by application code',
  unknown: 'reachability not determined',
  declared: 'declared but not imported',
  'dev-only': 'development dependency only',
  indexing: 'source files are still being indexed',
};

/** A code finding in a handler anyone on the internet can call without credentials: nearly as bad as runtime-loaded. */
const publicHandlerPoints = 22;

/**
 * Up to 25 points by reachability tier: runtime-loaded 25, symbol-called 23, imported 18, unknown 10, declared 4,
 * dev-only 0. A committed key or credential needs no code path: 16, or 25 in code an internet-facing service deploys.
 */
export const reachabilityRule: ScoringRule = {
  id: 'reachability',
  label: 'Reachability',
  maxPoints: 25,
  score(context) {
    const { tier, publicEntryPoint } = context;
    const secret = secretReachability(context);
    if (secret) {
      return secret;
    }
    if (tier === 'unknown' && publicEntryPoint) {
      return { points: publicHandlerPoints, detail: `inside the handler of ${publicEntryPoint}, public and unauthenticated` };
    }
    return { points: pointsByTier[tier], detail: detailByTier[tier] };
  },
};
