import { strict as assert } from 'node:assert';
import { exposureFromLabels, labelsOfTags, projectNameOf, severityOf, triageText } from './platformKit';

suite('backend/platformKit', () => {
  test('exposure from labels: tags and custom properties by the documented convention; nothing said, no data', () => {
    const cases: [string, { key: string; values: string[] }[], ReturnType<typeof exposureFromLabels>][] = [
      [
        'Dependency-Track tags',
        labelsOfTags(['internet-facing', 'env:production', 'data:pii', 'data:credentials', 'team-shop']),
        { isInternetFacing: true, environments: [{ name: 'production', kind: 'production' }], dataClasses: ['pii', 'credentials'], endpoints: [] },
      ],
      [
        'GitHub custom properties (multi-select, comma list, false, prod)',
        [
          { key: 'Internet_Facing', values: ['false'] },
          { key: 'environment', values: ['prod,staging'] },
          { key: 'data-classes', values: ['payment', 'Health', 'secrets'] },
        ],
        { isInternetFacing: false, environments: [{ name: 'prod', kind: 'production' }, { name: 'staging', kind: 'staging' }], dataClasses: ['payment', 'health'], endpoints: [] },
      ],
      ['labels that say nothing about exposure', labelsOfTags(['team-shop', 'env:qa', 'internet-facing:maybe']), undefined],
    ];
    for (const [name, labels, expected] of cases) {
      assert.deepEqual(exposureFromLabels(labels), expected, name);
    }
  });

  test('triage text: decision, reason, expiry, verdict and evidence; control characters dropped; cut to a platform\'s limit', () => {
    const decision = {
      state: 'accepted_risk' as const,
      reason: 'legacy keys\u0007 are not configured',
      expiresAt: '2027-02-01T00:00:00Z',
      verdict: { tier: 'runtime-loaded' as const, summary: 'seen loaded in production', evidence: ['observed loaded in prod-eu'] },
    };
    assert.equal(
      triageText(decision),
      'ASPM triage: risk accepted.\nReason: legacy keys are not configured\nUntil: 2027-02-01\nReachability in the workspace: runtime-loaded: seen loaded in production\n- observed loaded in prod-eu',
    );
    const cut = triageText({ ...decision, reason: 'x'.repeat(500) }, 280);
    assert.equal(cut.length, 280);
    assert.ok(cut.endsWith('…') && cut.startsWith('ASPM triage: risk accepted.\nReason: xxx'));
  });

  test('project names and severities', () => {
    assert.deepEqual(
      ['github.com/acme/node-shop', 'github.com/acme/node-shop/', 'gitlab.example.com/group/sub/api'].map((repository) => projectNameOf(repository)),
      ['node-shop', 'node-shop', 'api'],
    );
    assert.equal(projectNameOf('github.com/acme/node-shop', ' shop-api '), 'shop-api');
    assert.deepEqual(['Critical', 'HIGH', 'moderate', 'warning', 'note', 'Info', 'UNASSIGNED', undefined].map(severityOf), ['critical', 'high', 'medium', 'medium', 'low', 'info', 'info', 'info']);
  });
});
