import { strict as assert } from 'node:assert';
import { indexedFixtureEngine, readFixture } from '../../test/fixtures';
import type { ExportService } from '../export/exportInput';
import type { AnalyzedFinding, ReachabilityTier } from '../model/analysis';
import type { Exposure } from '../model/exposure';
import type { Severity } from '../model/severity';
import type { WorkspaceIndex } from '../model/workspaceIndex';
import { evaluateControls } from './evaluateControls';
import { parsePolicyFile, type DeclaredControl } from './policyFile';

const now = new Date('2026-12-01T00:00:00Z');
const production: Exposure = { environments: [{ name: 'prod', kind: 'production' }], dataClasses: [], endpoints: [] };

function finding(id: string, severity: Severity, tier: ReachabilityTier, options: { firstSeen?: string; surfaced?: boolean; band?: 'critical' | 'high' | 'medium' | 'low'; filter?: 'triaged' | 'ignored' | 'declared' } = {}): AnalyzedFinding {
  return {
    finding: { id, kind: 'sca', title: `finding ${id}`, severity, firstSeen: options.firstSeen, sources: [] },
    serviceId: 'svc',
    location: { path: 'package.json', range: { start: { line: 9, character: 0 }, end: { line: 9, character: 10 } } },
    isFixedInWorkspace: false,
    reachability: { tier, summary: tier, evidence: [] },
    priority: { score: 50, band: options.band ?? 'medium', factors: [] },
    isSurfaced: options.surfaced ?? options.filter === undefined,
    ...(options.filter ? { filterReason: { code: options.filter, message: options.filter } } : {}),
  };
}

function controls(yaml: string): DeclaredControl[] {
  const parsed = parsePolicyFile(`version: 1\ncontrols:\n${yaml}`, '.aspm/policy.yaml');
  assert.deepEqual(parsed.problems, []);
  return parsed.value!;
}

const emptyIndex: Pick<WorkspaceIndex, 'graphs' | 'routes' | 'iac'> = { graphs: [], routes: [], iac: { resources: [], signals: [] } };

function evaluate(yaml: string, findings: AnalyzedFinding[], exposure: Exposure = production, index = emptyIndex): { status: string; summary: string; evidence: string[] } {
  const entry: ExportService = { service: { id: 'svc', name: 'shop', root: '' }, exposure, hasExposureData: true, findings, policies: [] };
  const [result] = evaluateControls(entry, { index, controls: controls(yaml), policies: [], now });
  return { status: result!.status, summary: result!.summary, evidence: result!.evidence.map((item) => item.message) };
}

suite('core/controls/evaluateControls', () => {
  const noReachableCritical = '  - id: c\n    rule: max-severity\n    severity: high\n    reachableOnly: true\n    environment: production\n';
  const table: { name: string; yaml: string; findings: AnalyzedFinding[]; exposure?: Exposure; status: string; summary: RegExp }[] = [
    { name: 'a reachable critical fails "no reachable critical in production"', yaml: noReachableCritical, findings: [finding('a', 'critical', 'imported')], status: 'fail', summary: /^1 reachable open finding more severe than high$/ },
    { name: 'an unreachable critical does not count', yaml: noReachableCritical, findings: [finding('a', 'critical', 'declared', { filter: 'declared' }), finding('b', 'high', 'runtime-loaded')], status: 'pass', summary: /^no reachable open finding more severe than high \(1 reachable open finding checked\)$/ },
    { name: 'a triaged or ignored critical is an exception, not a failure', yaml: noReachableCritical, findings: [finding('a', 'critical', 'imported', { filter: 'triaged' }), finding('b', 'critical', 'symbol-called', { filter: 'ignored' })], status: 'pass', summary: /^no reachable/ },
    { name: 'outside production the control does not apply', yaml: noReachableCritical, findings: [finding('a', 'critical', 'imported')], exposure: { environments: [{ name: 'qa', kind: 'staging' }], dataClasses: [], endpoints: [] }, status: 'not-applicable', summary: /runs in staging/ },
    { name: 'without runtime data the environment is unknown', yaml: noReachableCritical, findings: [finding('a', 'critical', 'imported')], exposure: { environments: [], dataClasses: [], endpoints: [] }, status: 'not-applicable', summary: /no runtime data says where shop runs/ },
    { name: 'SLA: a high finding first seen 31 days ago is overdue at 30 days', yaml: '  - id: s\n    rule: sla\n    days: { high: 30 }\n', findings: [finding('a', 'high', 'imported', { firstSeen: '2026-10-31T00:00:00Z' })], status: 'fail', summary: /^1 open finding past the SLA$/ },
    { name: 'SLA: 29 days old is within it', yaml: '  - id: s\n    rule: sla\n    days: { high: 30 }\n', findings: [finding('a', 'high', 'imported', { firstSeen: '2026-11-02T00:00:00Z' })], status: 'pass', summary: /^1 open finding with an SLA, none overdue$/ },
    { name: 'SLA: severities without days are not tracked', yaml: '  - id: s\n    rule: sla\n    days: { critical: 7 }\n', findings: [finding('a', 'high', 'imported', { firstSeen: '2020-01-01T00:00:00Z' }), finding('b', 'critical', 'imported', { firstSeen: '2026-11-30T00:00:00Z' })], status: 'pass', summary: /^1 open finding with an SLA, none overdue$/ },
    { name: 'SLA: findings without a first-seen date leave it unknown, never passed', yaml: '  - id: s\n    rule: sla\n    days: { critical: 7 }\n', findings: [finding('b', 'critical', 'imported')], status: 'unknown', summary: /^not evaluated: 1 open finding of 1 with an SLA has no first-seen date/ },
    { name: 'SLA: one undated next to dated ones in time is still unknown', yaml: '  - id: s\n    rule: sla\n    days: { critical: 7 }\n', findings: [finding('a', 'critical', 'imported', { firstSeen: '2026-11-30T00:00:00Z' }), finding('b', 'critical', 'imported')], status: 'unknown', summary: /1 open finding of 2 with an SLA/ },
    { name: 'SLA: an overdue finding fails even next to undated ones', yaml: '  - id: s\n    rule: sla\n    days: { critical: 7 }\n', findings: [finding('a', 'critical', 'imported', { firstSeen: '2026-01-01T00:00:00Z' }), finding('b', 'critical', 'imported')], status: 'fail', summary: /^1 open finding past the SLA; 1 finding without a first-seen date$/ },
    { name: 'max priority band: a surfaced critical fails "nothing above high"', yaml: '  - id: p\n    rule: max-priority-band\n    band: high\n', findings: [finding('a', 'high', 'imported', { band: 'critical' })], status: 'fail', summary: /^1 surfaced finding above the high band$/ },
    { name: 'max priority band: a filtered critical does not count', yaml: '  - id: p\n    rule: max-priority-band\n    band: high\n', findings: [finding('a', 'high', 'declared', { band: 'critical', filter: 'declared' })], status: 'pass', summary: /^no surfaced finding/ },
    { name: 'a control for other services does not apply', yaml: '  - id: p\n    rule: max-priority-band\n    band: low\n    services: [billing]\n', findings: [finding('a', 'high', 'imported', { band: 'critical' })], status: 'not-applicable', summary: /applies to billing only/ },
  ];
  for (const row of table) {
    test(row.name, () => {
      const result = evaluate(row.yaml, row.findings, row.exposure);
      assert.equal(result.status, row.status, result.summary);
      assert.match(result.summary, row.summary);
    });
  }

  test('a policy file in a subfolder governs the service at the repository root that holds it (monorepo, no backend)', () => {
    const nested = parsePolicyFile('version: 1\ncontrols:\n  - id: p\n    rule: max-priority-band\n    band: low\n', 'services/api/.aspm/policy.yaml').value!;
    const inApi = { ...finding('a', 'high', 'imported', { band: 'critical' }), location: { path: 'services/api/package.json', range: { start: { line: 1, character: 0 }, end: { line: 1, character: 1 } } } };
    const inWeb = { ...finding('b', 'high', 'imported', { band: 'critical' }), location: { path: 'services/web/package.json', range: { start: { line: 1, character: 0 }, end: { line: 1, character: 1 } } } };
    const atRoot = (findings: AnalyzedFinding[]): ExportService => ({ service: { id: 'local', name: 'mono', root: '' }, exposure: production, hasExposureData: false, findings, policies: [] });
    const [result] = evaluateControls(atRoot([inApi]), { index: emptyIndex, controls: nested, policies: [], now });
    assert.equal(result?.status, 'fail', 'the nested policy applies to the root service');
    assert.equal(evaluateControls(atRoot([inWeb]), { index: emptyIndex, controls: nested, policies: [], now })[0]?.status, 'pass', 'it checks only what lies below its folder');
    // With a service of its own at services/api, the root service is not governed by it; the api service is.
    assert.deepEqual(evaluateControls(atRoot([inApi]), { index: emptyIndex, controls: nested, policies: [], now, serviceRoots: ['', 'services/api'] }), []);
    const api: ExportService = { service: { id: 'api', name: 'api', root: 'services/api' }, exposure: production, hasExposureData: true, findings: [inApi], policies: [] };
    assert.equal(evaluateControls(api, { index: emptyIndex, controls: nested, policies: [], now, serviceRoots: ['', 'services/api'] })[0]?.status, 'fail');
    const outside: ExportService = { ...api, service: { id: 'web', name: 'web', root: 'services/web' } };
    assert.deepEqual(evaluateControls(outside, { index: emptyIndex, controls: nested, policies: [], now, serviceRoots: ['', 'services/api', 'services/web'] }), []);
  });

  test('banned packages: by name and range; unreadable ranges count as banned', async () => {
    const index = (await indexedFixtureEngine('node-express')).workspaceIndex();
    const result = evaluate(
      '  - id: b\n    rule: banned-packages\n    packages:\n      - { name: lodash, range: "<4.17.21" }\n      - { name: express, range: ">=5" }\n      - { name: qs, range: "not a range" }\n',
      [],
      production,
      index,
    );
    assert.equal(result.status, 'fail');
    assert.deepEqual(result.evidence, ['lodash@4.17.15 (direct) is banned in <4.17.21', 'qs@6.7.0 (transitive) is banned in not a range (range not a range cannot be read for npm; counted as banned)']);
    assert.equal(evaluate('  - id: b\n    rule: banned-packages\n    packages: [{ name: left-pad }]\n', [], production, index).status, 'pass');
  });

  test('pinned images: by tag or by digest, base or runtime', async () => {
    const index = (await indexedFixtureEngine('node-express-deploy')).workspaceIndex();
    const byDigest = evaluate('  - id: i\n    rule: pinned-images\n    pinning: digest\n', [], production, index);
    assert.equal(byDigest.status, 'fail');
    assert.equal(byDigest.evidence.length, 5, 'every image but the distroless one is pinned by tag at most');
    const runtimeByTag = evaluate('  - id: i\n    rule: pinned-images\n    roles: [runtime]\n', [], production, index);
    assert.deepEqual(runtimeByTag.evidence, ['redis (runtime, docker-compose.yml#cache) is not pinned']);
    assert.equal(evaluate('  - id: i\n    rule: pinned-images\n    roles: [base]\n', [], production, index).status, 'pass');
  });

  test('a policy file in a sub-folder governs only the services under it', () => {
    const nested = parsePolicyFile('version: 1\ncontrols:\n  - id: p\n    rule: max-priority-band\n    band: low\n', 'services/billing/.aspm/policy.yaml').value!;
    const entry = (root: string): ExportService => ({ service: { id: root, name: root, root }, exposure: production, hasExposureData: true, findings: [], policies: [] });
    assert.equal(evaluateControls(entry('services/billing'), { index: emptyIndex, controls: nested, policies: [], now }).length, 1);
    assert.equal(evaluateControls(entry('services/shop'), { index: emptyIndex, controls: nested, policies: [], now }).length, 0);
    assert.equal(evaluateControls(entry(''), { index: emptyIndex, controls: nested, policies: [], now, serviceRoots: ['', 'services/billing', 'services/shop'] }).length, 0);
  });

  test("the organisation's policies are controls too: a severity ceiling and an SLA", () => {
    const policies = (JSON.parse(readFixture('backend', 'scenarios', 'node-express', 'policies.json')) as { policies: [] }).policies;
    const entry: ExportService = { service: { id: 'svc', name: 'shop', root: '' }, exposure: production, hasExposureData: true, findings: [finding('a', 'critical', 'runtime-loaded', { firstSeen: '2026-11-01T00:00:00Z' })], policies };
    const results = evaluateControls(entry, { index: emptyIndex, controls: [], policies, now });
    assert.deepEqual(results.map((result) => `${result.id} ${result.status} ${result.origin.kind}`), ['no-reachable-critical-prod fail organisation', 'no-reachable-critical-prod-sla fail organisation']);
  });
});
