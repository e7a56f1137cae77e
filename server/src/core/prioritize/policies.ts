import type { ReachabilityTier } from '../model/analysis';
import type { Exposure } from '../model/exposure';
import type { Finding } from '../model/finding';
import type { Policy, PolicyVerdict } from '../model/policy';
import { severities } from '../model/severity';

const reachableTiers: readonly ReachabilityTier[] = ['runtime-loaded', 'symbol-called', 'imported'];

/**
 * Evaluates policies for one finding: a policy applies when its environment matches the service's exposure and,
 * for `appliesTo: reachable`, when the finding is reachable; it is violated when the finding is more severe than
 * `maxSeverity`. The SLA runs from `firstSeen`; a due date the source set on the finding (`dueDate`) also counts.
 */
export function evaluatePolicies(finding: Finding, tier: ReachabilityTier, exposure: Exposure, policies: readonly Policy[], now: Date): PolicyVerdict | undefined {
  const { violated, due } = policyTerms(finding, tier, exposure, policies);
  if (due === undefined) {
    return violated.length > 0 ? { violated, isOverdue: false } : undefined;
  }
  return { violated, dueDate: new Date(due).toISOString().slice(0, 10), isOverdue: now.getTime() > due };
}

/**
 * When a finding's SLA runs out (ms since the epoch; undefined without one): its verdict is overdue once `now` is
 * past it, and depends on the time in no other way.
 */
export function policyDueTime(finding: Finding, tier: ReachabilityTier, exposure: Exposure, policies: readonly Policy[]): number | undefined {
  return policyTerms(finding, tier, exposure, policies).due;
}

function policyTerms(finding: Finding, tier: ReachabilityTier, exposure: Exposure, policies: readonly Policy[]): { violated: PolicyVerdict['violated']; due?: number } {
  const applicable = policies.filter(
    (policy) =>
      (policy.environment === undefined || exposure.environments.some((environment) => environment.kind === policy.environment)) &&
      (policy.appliesTo !== 'reachable' || reachableTiers.includes(tier)),
  );
  const rank = (severity: string): number => severities.indexOf(severity as (typeof severities)[number]);
  const violated = applicable
    .filter((policy) => policy.maxSeverity !== undefined && rank(finding.severity) < rank(policy.maxSeverity))
    .map((policy) => ({ id: policy.id, title: policy.title }));
  const slaDays = applicable.map((policy) => policy.slaDays?.[finding.severity]).filter((days): days is number => typeof days === 'number');
  const firstSeen = finding.firstSeen ? Date.parse(finding.firstSeen) : Number.NaN;
  const dueTimes = [
    ...(slaDays.length > 0 && !Number.isNaN(firstSeen) ? [firstSeen + Math.min(...slaDays) * 24 * 60 * 60 * 1000] : []),
    // The source's own SLA date (DefectDojo) counts too; the strictest date wins.
    ...(finding.dueDate && !Number.isNaN(Date.parse(finding.dueDate)) ? [Date.parse(finding.dueDate)] : []),
  ];
  return { violated, ...(dueTimes.length > 0 && { due: Math.min(...dueTimes) }) };
}
