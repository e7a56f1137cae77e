import { strict as assert } from 'node:assert';
import type { ReachabilityTier } from '../model/analysis';
import { noExposure, type Exposure } from '../model/exposure';
import type { Finding } from '../model/finding';
import type { Policy } from '../model/policy';
import { evaluatePolicies } from './policies';

const policy: Policy = { id: 'no-crit', title: 'No reachable critical in production', environment: 'production', maxSeverity: 'high', appliesTo: 'reachable', slaDays: { critical: 7, high: 30 } };
const production: Exposure = { ...noExposure, environments: [{ name: 'prod', kind: 'production' }] };
const finding = (severity: Finding['severity']): Finding => ({ id: 'f', kind: 'sca', title: 't', severity, firstSeen: '2026-11-01T00:00:00Z', sources: ['test'] });
const now = new Date('2026-11-27T00:00:00Z');

suite('core/prioritize/policies', () => {
  const cases: { name: string; severity: Finding['severity']; tier: ReachabilityTier; exposure: Exposure; violated: string[]; due?: string; overdue?: boolean; none?: true }[] = [
    { name: 'reachable critical in production violates, SLA 7 days overdue', severity: 'critical', tier: 'imported', exposure: production, violated: ['no-crit'], due: '2026-11-08', overdue: true },
    { name: 'high is allowed, but its 30-day SLA still runs', severity: 'high', tier: 'runtime-loaded', exposure: production, violated: [], due: '2026-12-01', overdue: false },
    { name: 'not reachable: the policy does not apply', severity: 'critical', tier: 'declared', exposure: production, violated: [], none: true },
    { name: 'not in production: the policy does not apply', severity: 'critical', tier: 'imported', exposure: noExposure, violated: [], none: true },
  ];
  for (const { name, severity, tier, exposure, violated, due, overdue, none } of cases) {
    test(name, () => {
      const verdict = evaluatePolicies(finding(severity), tier, exposure, [policy], now);
      if (none) {
        assert.equal(verdict, undefined);
        return;
      }
      assert.deepEqual(verdict?.violated.map((violation) => violation.id), violated);
      assert.equal(verdict?.dueDate, due);
      assert.equal(verdict?.isOverdue, overdue);
    });
  }

  test("the source's own due date (DefectDojo SLA) counts without a policy, and the stricter date wins", () => {
    const ownDue: Finding = { ...finding('medium'), dueDate: '2026-11-20' };
    assert.deepEqual(evaluatePolicies(ownDue, 'unknown', noExposure, [], now), { violated: [], dueDate: '2026-11-20', isOverdue: true });
    const laterOwn: Finding = { ...finding('critical'), dueDate: '2027-01-01' };
    assert.equal(evaluatePolicies(laterOwn, 'imported', production, [policy], now)?.dueDate, '2026-11-08', 'the policy SLA is stricter');
    assert.equal(evaluatePolicies({ ...finding('low'), dueDate: 'not a date' }, 'imported', noExposure, [], now), undefined);
  });
});
