import { strict as assert } from 'node:assert';
import type { AnalyzedFinding, Reachability, ReachabilityTier } from '../model/analysis';
import type { FindingStatus } from '../model/finding';
import { vexStatementOf } from './vexStatement';

/** A vulnerable lodash finding as the analysis leaves it, with the parts a VEX statement depends on varied. */
function analyzed(options: { tier: ReachabilityTier; status?: FindingStatus; fixedInWorkspace?: boolean; pending?: string; vulnerableCode?: Reachability['vulnerableCode']; ignored?: boolean }): AnalyzedFinding {
  const location = { path: 'src/app.ts', range: { start: { line: 4, character: 0 }, end: { line: 4, character: 30 } } };
  return {
    finding: {
      id: 'f-1',
      kind: 'sca',
      ruleId: 'GHSA-p6mc-m468-83gw',
      aliases: ['CVE-2020-8203'],
      title: 'Prototype Pollution in lodash',
      severity: 'high',
      status: options.status,
      package: { ecosystem: 'npm', name: 'lodash', version: '4.17.15', purl: 'pkg:npm/lodash@4.17.15', fixedVersions: ['4.17.19'] },
      sources: ['backend:svc'],
    },
    serviceId: 'svc',
    package: { ecosystem: 'npm', name: 'lodash', version: '4.17.15', isDirect: true, isDevOnly: options.tier === 'dev-only', introducedBy: [], chain: ['lodash'] },
    isFixedInWorkspace: options.fixedInWorkspace ?? false,
    pendingInstallVersion: options.pending,
    reachability: {
      tier: options.tier,
      summary: `summary of ${options.tier}`,
      evidence: [{ kind: 'import', message: 'src/app.ts:5 imports lodash', location }],
      ...(options.vulnerableCode ? { vulnerableCode: options.vulnerableCode } : {}),
    },
    priority: { score: 70, band: 'high', factors: [] },
    isSurfaced: !options.ignored,
    ...(options.ignored ? { filterReason: { code: 'ignored' as const, message: 'ignored in .aspm/ignore.yaml:3: vendored, patched' } } : {}),
  };
}

suite('core/export/vexStatement: VEX from the reachability verdict', () => {
  const table: { name: string; input: Parameters<typeof analyzed>[0]; state: string; justification?: string; basis: string; response?: string[] }[] = [
    { name: 'runtime-loaded is exploitable', input: { tier: 'runtime-loaded' }, state: 'exploitable', basis: 'verdict', response: ['update'] },
    { name: 'symbol-called is exploitable', input: { tier: 'symbol-called', vulnerableCode: { symbols: ['zipObjectDeep'], isCalled: true } }, state: 'exploitable', basis: 'verdict' },
    { name: 'imported is in triage', input: { tier: 'imported' }, state: 'in_triage', basis: 'verdict' },
    { name: 'imported, vulnerable function never called: not affected, code not reachable', input: { tier: 'imported', vulnerableCode: { symbols: ['zipObjectDeep'], isCalled: false } }, state: 'not_affected', justification: 'code_not_reachable', basis: 'verdict' },
    { name: 'declared only: no path from first-party code', input: { tier: 'declared' }, state: 'not_affected', justification: 'code_not_reachable', basis: 'verdict' },
    { name: 'dev-only: not shipped', input: { tier: 'dev-only' }, state: 'not_affected', justification: 'code_not_present', basis: 'verdict' },
    { name: 'unknown is in triage', input: { tier: 'unknown' }, state: 'in_triage', basis: 'verdict' },
    { name: 'fixed in the workspace is resolved', input: { tier: 'imported', fixedInWorkspace: true }, state: 'resolved', basis: 'workspace' },
    { name: 'fixed in the manifest only (lockfile pending) still follows the verdict', input: { tier: 'symbol-called', fixedInWorkspace: true, pending: '4.17.21' }, state: 'exploitable', basis: 'verdict' },
    { name: 'triaged false positive', input: { tier: 'runtime-loaded', status: 'false_positive' }, state: 'false_positive', basis: 'triage' },
    { name: 'accepted risk: exploitable, will not fix', input: { tier: 'imported', status: 'accepted' }, state: 'exploitable', basis: 'triage', response: ['will_not_fix'] },
    { name: 'triaged not affected in the backend', input: { tier: 'runtime-loaded', status: 'triaged' }, state: 'not_affected', basis: 'triage' },
    { name: 'marked fixed by the backend', input: { tier: 'imported', status: 'fixed' }, state: 'resolved', basis: 'triage' },
  ];
  for (const row of table) {
    test(row.name, () => {
      const statement = vexStatementOf(analyzed(row.input))!;
      assert.equal(statement.state, row.state);
      assert.equal(statement.justification, row.justification);
      assert.equal(statement.basis, row.basis);
      if (row.response) {
        assert.deepEqual(statement.response, row.response);
      }
      assert.equal(statement.purl, 'pkg:npm/lodash@4.17.15');
      assert.equal(statement.vulnerability, 'GHSA-p6mc-m468-83gw');
      assert.deepEqual(statement.aliases, ['CVE-2020-8203'], 'aliases are advisory names, never the finding id');
    });
  }

  test('the detail is the evidence sentence, with the line that shows it', () => {
    const statement = vexStatementOf(analyzed({ tier: 'imported', vulnerableCode: { symbols: ['zipObjectDeep'], isCalled: false } }))!;
    assert.equal(statement.detail, 'summary of imported; src/app.ts:5 imports lodash.');
    assert.match(vexStatementOf(analyzed({ tier: 'symbol-called', fixedInWorkspace: true, pending: '4.17.21' }))!.detail, /The manifest already asks for 4\.17\.21; the lockfile still installs 4\.17\.15\./);
    assert.match(vexStatementOf(analyzed({ tier: 'imported', ignored: true }))!.detail, /Hidden locally: ignored in \.aspm\/ignore\.yaml:3: vendored, patched\./);
  });

  test('findings that are not about an installed package make no statement', () => {
    const code = analyzed({ tier: 'unknown' });
    assert.equal(vexStatementOf({ ...code, finding: { ...code.finding, package: undefined, kind: 'sast' } }), undefined);
    assert.equal(vexStatementOf({ ...code, package: undefined }), undefined, 'the package is not in the workspace');
  });
});
