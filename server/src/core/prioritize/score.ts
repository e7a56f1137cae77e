import type { Priority, PriorityBand } from '../model/analysis';
import { exploitabilityRule } from './rules/exploitability';
import { exposureRule } from './rules/exposure';
import { reachabilityRule } from './rules/reachability';
import type { ScoringContext, ScoringRule } from './rules/scoringRule';
import { severityRule } from './rules/severity';

/** The scoring rules, in the order their factors are shown. Their maxima add up to 100. */
export const scoringRules: readonly ScoringRule[] = [severityRule, exploitabilityRule, reachabilityRule, exposureRule];

/** Scores a finding 0–100 as the sum of explainable factors. */
export function scorePriority(context: ScoringContext): Priority {
  const factors = scoringRules.map((rule) => ({ id: rule.id, label: rule.label, maxPoints: rule.maxPoints, ...rule.score(context) }));
  const score = Math.max(0, Math.min(100, factors.reduce((sum, factor) => sum + factor.points, 0)));
  return { score, band: priorityBand(score), factors };
}

/** Band of a score: critical ≥ 80, high ≥ 60, medium ≥ 40, else low. */
export function priorityBand(score: number): PriorityBand {
  return score >= 80 ? 'critical' : score >= 60 ? 'high' : score >= 40 ? 'medium' : 'low';
}
