import { strict as assert } from 'node:assert';
import { scenarioPath, startFixtureBackend } from '../../../test-fixtures/backend/fixtureBackend';
import type { PlatformKind } from '../../../test-fixtures/platforms/platformServer';
import { advisoryId } from '../core/model/finding';
import type { AnalyzedFinding } from '../core/model/analysis';
import type { WorkspaceEngine } from '../engine/workspaceEngine';
import { recordingLog, startPlatform, workspaceEngine } from '../test/platforms';
import { ApiClient } from './apiClient';

/** A finding's verdict, keyed so the same advisory (or rule on a line) from two platforms meets. */
function verdicts(engine: WorkspaceEngine): Map<string, { surfaced: boolean; filter?: string; tier: string }> {
  const analyzed: AnalyzedFinding[] = engine.analyze({ minPriority: 40, showUnreachable: false }).services.flatMap((service) => service.findings);
  return new Map(
    analyzed.map((item) => {
      const { finding } = item;
      const key = finding.package ? `${finding.package.name.toLowerCase()}#${advisoryId(finding)}` : `${finding.ruleId}@${finding.location?.path}:${finding.location?.startLine}`;
      return [key, { surfaced: item.isSurfaced, filter: item.filterReason?.code, tier: item.reachability.tier }];
    }),
  );
}

const workspaces = [
  { workspace: 'node-express', scenario: 'node-express', repository: 'github.com/acme/node-shop' },
  { workspace: 'python-flask', scenario: 'python-flask', repository: 'github.com/acme/python-flask' },
];
const platforms: PlatformKind[] = ['defectdojo', 'dependency-track', 'github'];

suite('sources: every platform gives the sample workspaces the verdicts of the aspm scenario (issue 11)', () => {
  for (const { workspace, scenario, repository } of workspaces) {
    test(`${workspace}: DefectDojo, Dependency-Track and GitHub surface and filter the same findings as the ASPM backend`, async function () {
      this.timeout(60_000);
      const backend = await startFixtureBackend({ scenarioDir: scenarioPath(scenario) });
      let reference: Map<string, { surfaced: boolean; filter?: string; tier: string }>;
      try {
        const engine = await workspaceEngine(workspace);
        const pulled = await engine.pull(new ApiClient({ baseUrl: backend.url, token: 'fixture-token', timeoutMs: 5000, log: recordingLog() }), repository);
        assert.equal(pulled.ok, true);
        await engine.loadCodeTexts();
        reference = verdicts(engine);
      } finally {
        await backend.close();
      }
      assert.ok(reference.size >= 3);
      for (const kind of platforms) {
        const fixture = await startPlatform(kind, scenario);
        try {
          const engine = await workspaceEngine(workspace);
          const result = await engine.pullSources([fixture.source], repository);
          assert.equal(result.ok, true, `${kind}: ${result.failures[0]?.failure.message}`);
          await engine.loadCodeTexts();
          const got = verdicts(engine);
          let compared = 0;
          for (const [key, expected] of reference) {
            const actual = got.get(key);
            if (!actual) {
              // Dependency-Track holds SBOM findings only: the SAST finding is not its to report.
              assert.ok(kind === 'dependency-track' && !key.includes('#'), `${kind} lacks ${key}`);
              continue;
            }
            compared++;
            assert.deepEqual({ surfaced: actual.surfaced, filter: actual.filter }, { surfaced: expected.surfaced, filter: expected.filter }, `${kind} ${workspace} ${key} (aspm tier ${expected.tier}, ${kind} tier ${actual.tier})`);
          }
          assert.ok(compared >= reference.size - 1, `${kind}: compared ${compared} of ${reference.size}`);
          const extra = [...got.keys()].filter((key) => !reference.has(key));
          // GitHub's node-express repository also has a secret scanning alert, which the ASPM scenario does not.
          assert.deepEqual(extra, kind === 'github' && workspace === 'node-express' ? ['password@src/routes/login.ts:10'] : [], `${kind}: findings the aspm scenario has not`);
        } finally {
          await fixture.server.close();
        }
      }
    });
  }
});
