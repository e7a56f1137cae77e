import { strict as assert } from 'node:assert';
import type { ReachabilityTier } from '../model/analysis';
import { noExposure, type Exposure } from '../model/exposure';
import type { Finding } from '../model/finding';
import { priorityBand, scorePriority, scoringRules } from './score';

const base: Finding = { id: 'f', kind: 'sca', title: 't', severity: 'high', sources: ['test'] };
const exposed: Exposure = {
  isInternetFacing: true,
  environments: [{ name: 'prod', kind: 'production' }],
  dataClasses: ['pii', 'credentials', 'payment'],
  endpoints: [],
};

suite('core/prioritize/score', () => {
  test('the rules add up to 100 points at most', () => {
    assert.equal(scoringRules.reduce((sum, rule) => sum + rule.maxPoints, 0), 100);
  });

  const cases: { name: string; finding?: Partial<Finding>; tier: ReachabilityTier; exposure?: Exposure; factors: Record<string, number> }[] = [
    { name: 'CVSS drives severity', finding: { cvss: { score: 7.4 } }, tier: 'imported', factors: { severity: 30, exploitability: 6, reachability: 18, exposure: 0 } },
    { name: 'severity without CVSS', finding: { severity: 'critical' }, tier: 'declared', factors: { severity: 38, reachability: 4 } },
    { name: 'KEV is the maximum exploitability', finding: { kev: true, epss: { score: 0.01, percentile: 0.1 } }, tier: 'runtime-loaded', factors: { exploitability: 20, reachability: 25 } },
    { name: 'EPSS percentile scales exploitability', finding: { epss: { score: 0.02, percentile: 0.81 } }, tier: 'dev-only', factors: { exploitability: 16, reachability: 0 } },
    { name: 'full exposure is capped at 15', tier: 'unknown', exposure: exposed, factors: { exposure: 15, reachability: 10 } },
    { name: 'internet-facing alone', tier: 'imported', exposure: { ...noExposure, isInternetFacing: true }, factors: { exposure: 6 } },
    { name: 'used outside the organization, not internet-facing (DefectDojo external_audience)', tier: 'imported', exposure: { ...noExposure, isInternetFacing: false, audience: 'external' }, factors: { exposure: 3 } },
    { name: 'internet-facing and external audience count once', tier: 'imported', exposure: { ...noExposure, isInternetFacing: true, audience: 'external' }, factors: { exposure: 6 } },
    { name: 'internal audience adds nothing', tier: 'imported', exposure: { ...noExposure, isInternetFacing: false, audience: 'internal' }, factors: { exposure: 0 } },
  ];
  for (const { name, finding, tier, exposure, factors } of cases) {
    test(name, () => {
      const priority = scorePriority({ finding: { ...base, ...finding }, tier, exposure: exposure ?? noExposure, hasExposureData: exposure !== undefined });
      for (const [id, points] of Object.entries(factors)) {
        assert.equal(priority.factors.find((factor) => factor.id === id)?.points, points, id);
      }
      assert.equal(priority.score, priority.factors.reduce((sum, factor) => sum + factor.points, 0));
      assert.ok(priority.factors.every((factor) => factor.detail.length > 0), 'every factor explains itself');
    });
  }

  test('runtime exposure counts for an asset the service deploys, and the detail names where it came from', () => {
    const deployed = scorePriority({
      finding: base,
      tier: 'unknown',
      exposure: exposed,
      hasExposureData: true,
      asset: { isDeployed: true, asset: 'Dockerfile', provenance: 'service shop, deployed by deploy/k8s/shop.yaml' },
    }).factors.find((factor) => factor.id === 'exposure')!;
    assert.equal(deployed.points, 15);
    assert.match(deployed.detail, /^internet-facing \(runtime: service shop, deployed by deploy\/k8s\/shop\.yaml\); in production \(prod\)/);
  });

  test('an asset the service does not deploy (a test fixture) gets no exposure points, and the detail says why', () => {
    const reason = 'test/smoke/Dockerfile is test code, which service shop does not deploy';
    for (const context of [
      { exposure: exposed, hasExposureData: true },
      { exposure: noExposure, hasExposureData: false, iacInternetFacing: 'deploy/k8s.yaml:19: Service/shop is a LoadBalancer' },
    ]) {
      const factor = scorePriority({ finding: base, tier: 'unknown', ...context, asset: { isDeployed: false, asset: 'test/smoke/Dockerfile', reason } }).factors.find((candidate) => candidate.id === 'exposure')!;
      assert.equal(factor.points, 0);
      assert.ok(factor.detail.startsWith(`${reason}: the service's exposure (internet-facing`), factor.detail);
    }
  });

  // Issue 9: a private key committed in source scored 54 (medium), as if it were an unreachable vulnerability.
  suite('a committed secret', () => {
    const secret = (ruleId: string, severity: Finding['severity']): Finding => ({ id: ruleId, kind: 'secret', ruleId, title: 'a secret committed to the repository', severity, sources: ['aspm-secrets'] });
    const privateKey = secret('secretlint/privatekey/PrivateKey', 'critical');
    const cloudKey = secret('secretlint/aws/AWSSecretAccessKey', 'high');
    const token = secret('secretlint/github/GITHUB_TOKEN', 'high');
    const deployed = { isDeployed: true as const, asset: 'lib/insecurity.ts', provenance: 'service shop, deployed by deploy/k8s/shop.yaml' };
    const internetFacing = { ...noExposure, isInternetFacing: true };
    const cases: { name: string; finding: Finding; exposure?: Exposure; iacInternetFacing?: string; asset?: typeof deployed | { isDeployed: false; asset: string; reason: string }; band: string; reachability: RegExp }[] = [
      { name: 'a private key with no exposure data is high', finding: privateKey, band: 'high', reachability: /^committed to the repository/ },
      { name: 'a cloud key with no exposure data is high', finding: cloudKey, band: 'high', reachability: /^committed to the repository/ },
      { name: 'a private key in code an internet-facing service deploys is critical', finding: privateKey, exposure: internetFacing, asset: deployed, band: 'critical', reachability: /internet-facing service deploys \(per runtime exposure; service shop, deployed by/ },
      { name: 'a cloud key in an internet-facing service is critical', finding: cloudKey, exposure: internetFacing, band: 'critical', reachability: /internet-facing/ },
      { name: 'a cloud key internet-facing per IaC only is critical', finding: cloudKey, iacInternetFacing: 'deploy/k8s.yaml:19: Service/shop is a LoadBalancer', band: 'critical', reachability: /per its IaC \(deploy\/k8s\.yaml:19/ },
      { name: 'a private key in a test fixture stays high: the service does not deploy it', finding: privateKey, exposure: internetFacing, asset: { isDeployed: false, asset: 'test/key.pem', reason: 'test code' }, band: 'high', reachability: /^committed to the repository/ },
      { name: 'a token is high', finding: token, band: 'high', reachability: /^committed to the repository/ },
      { name: 'an AWS access key id alone is an identifier, not high', finding: secret('secretlint/aws/AWSAccessKeyID', 'high'), band: 'medium', reachability: /identifier/ },
      { name: "GitHub secret scanning's private key type is a key", finding: secret('rsa_private_key', 'high'), band: 'high', reachability: /^committed/ },
    ];
    for (const { name, finding, exposure, iacInternetFacing, asset, band, reachability } of cases) {
      test(name, () => {
        const priority = scorePriority({ finding, tier: 'unknown', exposure: exposure ?? noExposure, hasExposureData: exposure !== undefined, iacInternetFacing, asset });
        assert.equal(priority.band, band, `score ${priority.score}`);
        assert.match(priority.factors.find((factor) => factor.id === 'reachability')!.detail, reachability);
        assert.match(priority.factors.find((factor) => factor.id === 'exploitability')!.detail, /committed|identifier/);
      });
    }
  });

  test('reachability orders otherwise equal findings', () => {
    const tiers: ReachabilityTier[] = ['runtime-loaded', 'imported', 'unknown', 'declared', 'dev-only'];
    const scores = tiers.map((tier) => scorePriority({ finding: base, tier, exposure: noExposure, hasExposureData: false }).score);
    assert.deepEqual([...scores].sort((a, b) => b - a), scores);
    assert.equal(new Set(scores).size, tiers.length);
  });

  test('bands', () => {
    assert.deepEqual([80, 79, 60, 59, 40, 39, 0].map(priorityBand), ['critical', 'high', 'high', 'medium', 'medium', 'low', 'low']);
  });
});
