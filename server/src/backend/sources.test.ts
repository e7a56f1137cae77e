import { strict as assert } from 'node:assert';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { applyFault, clearFaults } from '../../../test-fixtures/backend/faults';
import { startPlatformServer } from '../../../test-fixtures/platforms/platformServer';
import { writeTriageToSources } from '../engine/sources';
import { sourceIdOf, type SourceConfig } from '../engine/sourcePorts';
import { BackendCache } from '../host/backendCache';
import { readFixture } from '../test/fixtures';
import { assertRequestsFitContract, recordingLog, startPlatform, workspaceEngine } from '../test/platforms';
import { openSources } from './sources';

const repository = 'github.com/acme/node-shop';
const policy = { minPriority: 40, showUnreachable: false };
const trackScenario = JSON.parse(readFixture('platforms', 'dependency-track', 'scenarios', 'node-express.json')) as {
  projects: { uuid: string; active: boolean }[];
  findings: Record<string, { component: { uuid: string; name: string }; vulnerability: { uuid: string } }[]>;
};
const project = trackScenario.projects.find((candidate) => candidate.active)!.uuid;
const trackEntry = (name: string) => trackScenario.findings[project]!.find((candidate) => candidate.component.name === name)!;

suite('sources: several platforms at once', () => {
  test('Dependency-Track and Dependabot report the same advisory: one finding listing both sources, triage written to both', async () => {
    const track = await startPlatform('dependency-track', 'node-express');
    const hub = await startPlatform('github', 'node-express');
    try {
      const engine = await workspaceEngine('node-express');
      const pulled = await engine.pullSources([track.source, hub.source], repository);
      assert.equal(pulled.ok, true);
      const analysis = engine.analyze(policy);
      assert.equal(analysis.services.length, 1, 'the project and the repository cover the same root: one service');
      const findings = analysis.services[0]!.findings;
      assert.equal(findings.length, 9, '7 advisories reported by both, the code scanning alert and the secret');
      const moment = findings.find((analyzed) => analyzed.finding.package?.name === 'moment')!;
      assert.deepEqual(moment.finding.sources, ['dependency-track:node-shop', 'github:acme/node-shop']);
      assert.deepEqual(
        moment.finding.origins!.map((item) => [item.kind, item.id]),
        [
          ['dependency-track', `${project}:${trackEntry('moment').component.uuid}:${trackEntry('moment').vulnerability.uuid}`],
          ['github', 'dependabot/4'],
        ],
      );
      assert.equal(moment.finding.package?.version, '2.29.1');
      assert.deepEqual([moment.reachability.tier, moment.filterReason?.code], ['declared', 'declared']);

      // "Not affected: not reachable" on the declared-only moment goes to both, each in its vocabulary.
      const results = await writeTriageToSources(moment, { state: 'not_affected', justification: 'code_not_reachable', reason: 'moment is declared but never imported' }, [track.source, hub.source]);
      assert.deepEqual(
        results.map(({ kind, outcome, message }) => ({ kind, outcome, message })),
        [
          { kind: 'dependency-track', outcome: 'sent', message: 'analysis NOT_AFFECTED, CODE_NOT_REACHABLE (suppressed)' },
          { kind: 'github', outcome: 'sent', message: 'dismissed as not_used' },
        ],
      );
      const trackWrite = track.server.writes.at(-1)!.body as Record<string, unknown>;
      assert.deepEqual([trackWrite.analysisState, trackWrite.analysisJustification, trackWrite.component], ['NOT_AFFECTED', 'CODE_NOT_REACHABLE', trackEntry('moment').component.uuid]);
      assert.match(String(trackWrite.analysisDetails), /^ASPM triage: not affected \(code_not_reachable\)\.\nReason: moment is declared but never imported\nReachability in the workspace: declared: /);
      assert.match(String(trackWrite.analysisDetails), /\n- package\.json:\d+: /, 'the evidence, with the line that shows it');
      assert.deepEqual([hub.server.writes.at(-1)!.path, (hub.server.writes.at(-1)!.body as Record<string, unknown>).dismissed_reason], ['/repos/acme/node-shop/dependabot/alerts/4', 'not_used']);

      // lodash is imported: "not reachable" is refused by both, and nothing is sent.
      const lodash = findings.find((analyzed) => analyzed.finding.package?.name === 'lodash')!;
      const writes = [track.server.writes.length, hub.server.writes.length];
      const refused = await writeTriageToSources(lodash, { state: 'not_affected', justification: 'code_not_reachable', reason: 'unsure' }, [track.source, hub.source]);
      assert.deepEqual(refused.map((result) => result.outcome), ['skipped', 'skipped']);
      assert.deepEqual([track.server.writes.length, hub.server.writes.length], writes);

      // One source failing: its result says so (transient: it may be queued), the other is still written.
      applyFault(hub.server, 'patchDependabotAlert', 'status500');
      const jwt = findings.find((analyzed) => analyzed.finding.package?.name === 'jsonwebtoken')!;
      const mixed = await writeTriageToSources(jwt, { state: 'accepted_risk', reason: 'legacy keys are not configured' }, [track.source, hub.source]);
      assert.deepEqual(
        mixed.map(({ kind, outcome, message, isTransient }) => ({ kind, outcome, message, isTransient })),
        [
          { kind: 'dependency-track', outcome: 'sent', message: 'analysis EXPLOITABLE, response WILL_NOT_FIX (suppressed)', isTransient: undefined },
          { kind: 'github', outcome: 'failed', message: 'PATCH /repos/acme/node-shop/dependabot/alerts/2 answered HTTP 500', isTransient: true },
        ],
      );
      clearFaults(hub.server);
      assertRequestsFitContract(track.server);
      assertRequestsFitContract(hub.server);
    } finally {
      await track.server.close();
      await hub.server.close();
    }
  });

  test('DefectDojo and GitHub: the SCA advisories and the CodeQL alert on login.ts:9 each become one finding', async () => {
    const dojo = await startPlatform('defectdojo', 'node-express');
    const hub = await startPlatform('github', 'node-express');
    try {
      const engine = await workspaceEngine('node-express');
      assert.equal((await engine.pullSources([dojo.source, hub.source], repository)).ok, true);
      const findings = engine.analyze(policy).services[0]!.findings;
      assert.equal(findings.length, 9);
      const sql = findings.find((analyzed) => analyzed.finding.ruleId === 'js/sql-injection')!;
      assert.deepEqual(sql.finding.origins!.map((item) => `${item.kind}:${item.id}`), ['defectdojo:1208', 'github:code-scanning/8']);
      assert.equal(sql.isSurfaced, true);
      const results = await writeTriageToSources(sql, { state: 'false_positive', reason: 'the query is parameterized by the ORM' }, [dojo.source, hub.source]);
      assert.deepEqual(results.map((result) => `${result.kind} ${result.outcome}: ${result.message}`), [
        'defectdojo sent: marked false positive (false_p), with a note',
        'github sent: dismissed as "false positive"',
      ]);
    } finally {
      await dojo.server.close();
      await hub.server.close();
    }
  });

  test('one source down keeps its last good findings (stale), the other stays fresh; the failure names the source', async () => {
    const track = await startPlatform('dependency-track', 'node-express');
    const hub = await startPlatform('github', 'node-express');
    try {
      const engine = await workspaceEngine('node-express');
      await engine.pullSources([track.source, hub.source], repository);
      applyFault(track.server, 'listFindings', 'down');
      const pulled = await engine.pullSources([track.source, hub.source], repository);
      assert.deepEqual(pulled.failures.map((failure) => [failure.id, failure.failure.kind]), [[track.source.id, 'unreachable']]);
      assert.match(engine.backend.lastFailure?.message ?? '', /^Dependency-Track \(http:\/\/127\.0\.0\.1:\d+\): Dependency-Track unreachable/);
      const statuses = engine.sourceStatuses();
      assert.deepEqual(statuses.map((status) => [status.id, status.findings, status.staleSince !== undefined]), [
        [track.source.id, 7, true],
        [hub.source.id, 9, false],
      ]);
      const moment = engine.analyze(policy).services[0]!.findings.find((analyzed) => analyzed.finding.package?.name === 'moment')!;
      assert.equal(moment.finding.origins?.length, 2, 'the stale source still holds it');
      // A source removed from the configuration takes its data with it.
      await engine.pullSources([hub.source], repository);
      assert.deepEqual(engine.sourceStatuses().map((status) => status.id), [hub.source.id]);
    } finally {
      await track.server.close();
      await hub.server.close();
    }
  });

  test('the last good data of each source survives a restart (BackendCache keyed by source id)', async () => {
    const track = await startPlatform('dependency-track', 'node-express');
    const hub = await startPlatform('github', 'node-express');
    const storage = await mkdtemp(path.join(tmpdir(), 'aspm-sources-'));
    try {
      const cache = new BackendCache(storage);
      const first = await workspaceEngine('node-express');
      await first.pullSources([track.source, hub.source], repository);
      for (const source of [track.source, hub.source]) {
        await cache.save(source.id, repository, first.snapshot(source.id)!);
      }
      // Restarted while Dependency-Track is down: its saved findings are served (stale), GitHub's are live.
      applyFault(track.server, 'listProjects', 'down');
      const second = await workspaceEngine('node-express', new Date('2026-11-28T10:00:00Z'));
      for (const source of [track.source, hub.source]) {
        second.restore((await cache.load(source.id, repository, new Date('2026-11-28T10:00:00Z')))!, source);
      }
      const pulled = await second.pullSources([track.source, hub.source], repository);
      assert.deepEqual(pulled.failures.map((failure) => failure.id), [track.source.id]);
      assert.deepEqual(second.sourceStatuses().map((status) => [status.label, status.findings, status.staleSince?.toISOString()]), [
        [track.source.label, 7, '2026-11-27T10:00:00.000Z'],
        [hub.source.label, 9, undefined],
      ]);
      const moment = second.analyze(policy).services[0]!.findings.find((analyzed) => analyzed.finding.package?.name === 'moment')!;
      assert.deepEqual(moment.finding.origins?.map((item) => item.kind), ['dependency-track', 'github']);
    } finally {
      await rm(storage, { recursive: true, force: true });
      await track.server.close();
      await hub.server.close();
    }
  });

  test('tokens are looked up by source id; a bad source URL is a problem, the others open', async () => {
    const server = await startPlatformServer({ kind: 'github', scenario: 'node-express' });
    try {
      const configs: SourceConfig[] = [
        { kind: 'github', url: server.url },
        { kind: 'defectdojo', url: 'http://dojo.example.com' },
        { kind: 'github', url: `${server.url}/` },
      ];
      const asked: string[] = [];
      const opened = await openSources(configs, {
        credentials: (source) => {
          asked.push(source.id);
          return source.id === sourceIdOf(configs[0]!) ? server.token : undefined;
        },
        timeoutMs: 2000,
        log: recordingLog(),
      });
      assert.deepEqual(opened.sources.map((source) => [source.id, source.label]), [[`github:${server.url}`, `GitHub (${server.url})`]], 'the same URL with a slash is the same source');
      assert.deepEqual(opened.problems.map((problem) => [problem.kind, problem.message]), [
        ['notConfigured', 'DefectDojo (http://dojo.example.com): DefectDojo URL must use https (plain http is only allowed to localhost): http://dojo.example.com'],
      ]);
      assert.deepEqual(asked, [`github:${server.url}`, 'defectdojo:http://dojo.example.com']);
      assert.equal((await opened.sources[0]!.backend.listFindings('acme/node-shop')).findings.length, 9);
      assert.ok(server.requests.every((request) => request.headers.authorization === '<redacted>'));
    } finally {
      await server.close();
    }
  });
});
