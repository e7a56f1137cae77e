import { strict as assert } from 'node:assert';
import { applyFault } from '../../../../test-fixtures/backend/faults';
import { Contract } from '../../../../test-fixtures/platforms/contract';
import type { Finding } from '../../core/model/finding';
import type { TriageWrite } from '../../engine/sourcePorts';
import { readFixture } from '../../test/fixtures';
import { assertRequestsFitContract, openPlatformSource, runFaultMatrix, startPlatform } from '../../test/platforms';

const repository = 'github.com/acme/node-shop';
const scenario = JSON.parse(readFixture('platforms', 'dependency-track', 'scenarios', 'node-express.json')) as {
  projects: { uuid: string; version: string; active: boolean }[];
  findings: Record<string, { component: { uuid: string; name: string }; vulnerability: { uuid: string; vulnId: string } }[]>;
};
const project = scenario.projects.find((candidate) => candidate.active)!.uuid;
const entry = (name: string) => scenario.findings[project]!.find((candidate) => candidate.component.name === name)!;
const declared: TriageWrite['verdict'] = { tier: 'declared', summary: 'declared in package.json, never imported', evidence: ['package.json:15: moment is declared here'] };

suite('backend/dependencyTrack: Dependency-Track API v1 source', () => {
  test('finds the active, latest project by name and reads its findings with fixed versions from its vulnerabilities', async () => {
    const fixture = await startPlatform('dependency-track', 'node-express');
    try {
      const services = await fixture.source.backend.listServices(repository);
      assert.deepEqual(services, [{ id: project, name: 'node-shop 1.4.0', root: '' }], 'not the inactive 1.3.0');
      assert.deepEqual(fixture.server.requests[0]!.query, { name: 'node-shop', excludeInactive: 'true', pageNumber: '1', pageSize: '100' });
      const page = await fixture.source.backend.listFindings(project);
      assert.deepEqual(page.problems, []);
      assert.deepEqual(
        fixture.server.requests.slice(1).map((request) => `${request.path}?${new URLSearchParams(request.query).toString()}`).sort(),
        [`/api/v1/finding/project/${project}?suppressed=true`, `/api/v1/vulnerability/project/${project}?suppressed=true`],
      );
      assert.equal(page.findings.length, 7, 'the SCA findings; Dependency-Track has no SAST');
      const lodash = page.findings.find((finding) => finding.package?.name === 'lodash')!;
      const matrix = `${project}:${entry('lodash').component.uuid}:${entry('lodash').vulnerability.uuid}`;
      assert.deepEqual(
        { id: lodash.id, ruleId: lodash.ruleId, aliases: lodash.aliases, severity: lodash.severity, package: lodash.package, epss: lodash.epss, cvss: lodash.cvss, cwe: lodash.cwe, firstSeen: lodash.firstSeen, status: lodash.status, links: lodash.links },
        {
          id: `dependency-track-${matrix}`,
          ruleId: 'GHSA-p6mc-m468-83gw',
          aliases: ['CVE-2020-8203'],
          severity: 'high',
          package: { ecosystem: 'npm', name: 'lodash', version: '4.17.15', purl: 'pkg:npm/lodash@4.17.15', fixedVersions: ['4.17.19'], vulnerableRange: '<4.17.19' },
          epss: { score: 0.0232, percentile: 0.84 },
          cvss: { score: 7.4, vector: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:H/A:H' },
          cwe: ['CWE-1321', 'CWE-770'],
          firstSeen: '2026-09-14T09:12:00.000Z',
          status: 'open',
          links: { advisory: 'https://github.com/advisories/GHSA-p6mc-m468-83gw' },
        },
      );
      assert.deepEqual(lodash.origins, [{ source: fixture.source.id, kind: 'dependency-track', id: matrix }]);
      assert.deepEqual(
        await fixture.source.backend.getExposure(project),
        { isInternetFacing: true, environments: [{ name: 'production', kind: 'production' }], dataClasses: ['pii', 'credentials'], endpoints: [] },
        'from the project tags internet-facing, env:production, data:pii, data:credentials (team-shop says nothing)',
      );
      assertRequestsFitContract(fixture.server);
    } finally {
      await fixture.server.close();
    }
  });

  test('security policy violations become policies (paged with pageNumber/pageSize); license violations are left out', async () => {
    const fixture = await startPlatform('dependency-track', 'node-express', { maxPageSize: 1 });
    try {
      const policies = await fixture.source.backend.listPolicies!(project);
      assert.deepEqual(policies, [{ id: `dependency-track:${policiesUuid()}`, title: 'No high or critical vulnerabilities', maxSeverity: 'medium' }]);
      const pages = fixture.server.requests.filter((request) => request.path.startsWith('/api/v1/violation/')).map((request) => request.query.pageNumber);
      assert.deepEqual(pages, ['1', '2', '3'], 'one violation per page, until X-Total-Count');
      // A key without VIEW_POLICY_VIOLATION reads no policies and says so once; the pull goes on.
      applyFault(fixture.server, 'listViolations', 'status403');
      assert.deepEqual(await fixture.source.backend.listPolicies!(project), []);
      assert.deepEqual(await fixture.source.backend.listPolicies!(project), []);
      assert.deepEqual(fixture.log.lines, ['Dependency-Track: this API key may not read policy violations (VIEW_POLICY_VIOLATION); policies are not checked']);
    } finally {
      await fixture.server.close();
    }
  });

  test('`name@version` looks the project up by name and version', async () => {
    const fixture = await startPlatform('dependency-track', 'node-express', { project: 'node-shop@1.3.0' });
    try {
      const services = await fixture.source.backend.listServices(repository);
      assert.equal(services[0]!.name, 'node-shop 1.3.0');
      assert.deepEqual(fixture.server.requests.map((request) => [request.path, request.query]), [['/api/v1/project/lookup', { name: 'node-shop', version: '1.3.0' }]]);
      const missing = await openPlatformSource(fixture.server, { project: 'node-shop@9.9.9' });
      await assert.rejects(missing.source.backend.listServices(repository), /no active project named "node-shop@9\.9\.9"/);
    } finally {
      await fixture.server.close();
    }
  });

  test('the fixture answers as the Dependency-Track description says', async () => {
    const fixture = await startPlatform('dependency-track', 'node-express');
    try {
      const contract = Contract.of('dependency-track');
      for (const path of ['/api/v1/project?name=node-shop', `/api/v1/finding/project/${project}`, `/api/v1/vulnerability/project/${project}`, `/api/v1/violation/project/${project}`]) {
        const response = await fetch(`${fixture.server.url}${path}`, { headers: { 'x-api-key': fixture.server.token } });
        assert.ok(response.headers.get('x-total-count'), path);
        assert.deepEqual(contract.checkResponse('GET', new URL(path, 'http://x').pathname, response.status, await response.json()), [], path);
      }
    } finally {
      await fixture.server.close();
    }
  });

  test('the fault matrix, after a good pull: each failure said with its kind, the last good findings kept', async function () {
    this.timeout(60_000);
    await runFaultMatrix('dependency-track', 'node-express', 'listFindings', repository);
  });

  test('write-back with PUT /api/v1/analysis in Dependency-Track terms; never NOT_AFFECTED on an unknown tier', async () => {
    const fixture = await startPlatform('dependency-track', 'node-express');
    try {
      const findings: Finding[] = (await fixture.source.backend.listFindings((await fixture.source.backend.listServices(repository))[0]!.id)).findings;
      const origin = (name: string) => findings.find((finding) => finding.package?.name === name)!.origins![0]!;
      const write = (name: string, decision: Omit<TriageWrite, 'verdict'>, verdict = declared) => fixture.source.backend.writeTriage!(origin(name), { ...decision, verdict });
      const ids = (name: string) => ({ project, component: entry(name).component.uuid, vulnerability: entry(name).vulnerability.uuid });

      assert.deepEqual(await write('moment', { state: 'not_affected', justification: 'code_not_reachable', reason: 'moment is only declared' }), {
        outcome: 'sent',
        message: 'analysis NOT_AFFECTED, CODE_NOT_REACHABLE (suppressed)',
      });
      assert.deepEqual(fixture.server.writes.at(-1), {
        ...fixture.server.writes.at(-1),
        method: 'PUT',
        path: '/api/v1/analysis',
        body: {
          ...ids('moment'),
          analysisState: 'NOT_AFFECTED',
          analysisJustification: 'CODE_NOT_REACHABLE',
          isSuppressed: true,
          analysisDetails:
            'ASPM triage: not affected (code_not_reachable).\nReason: moment is only declared\nReachability in the workspace: declared: declared in package.json, never imported\n- package.json:15: moment is declared here',
          comment: 'ASPM: moment is only declared',
        },
      });

      const before = fixture.server.writes.length;
      assert.deepEqual(await write('lodash', { state: 'not_affected', justification: 'code_not_reachable', reason: 'unsure' }, { tier: 'unknown', summary: 'no evidence', evidence: [] }), {
        outcome: 'skipped',
        message: 'not written: its reachability is unknown, so "not affected" is not claimed',
      });
      assert.deepEqual(await write('lodash', { state: 'not_affected', justification: 'code_not_reachable', reason: 'unsure' }, { tier: 'imported', summary: 'imported', evidence: [] }), {
        outcome: 'skipped',
        message: 'not written: the workspace shows it imported, so "code_not_reachable" is not claimed',
      });
      assert.equal(fixture.server.writes.length, before, 'nothing sent');

      await write('jsonwebtoken', { state: 'accepted_risk', reason: 'legacy keys are not configured', expiresAt: '2027-02-01T00:00:00Z' }, { tier: 'runtime-loaded', summary: 'loaded', evidence: [] });
      await write('sanitize-html', { state: 'false_positive', reason: 'no iframes' }, { tier: 'imported', summary: 'imported', evidence: [] });
      await write('sanitize-html', { state: 'reopen', reason: 'iframes after all' }, { tier: 'imported', summary: 'imported', evidence: [] });
      await write('express', { state: 'not_affected', justification: 'protected_at_perimeter', reason: 'the gateway rewrites redirects' }, { tier: 'imported', summary: 'imported', evidence: [] });
      const fields = ({ analysisState, analysisJustification, analysisResponse, isSuppressed }: Record<string, unknown>) => ({ analysisState, analysisJustification, analysisResponse, isSuppressed });
      assert.deepEqual(
        fixture.server.writes.slice(before).map((request) => fields(request.body as Record<string, unknown>)),
        [
          { analysisState: 'EXPLOITABLE', analysisJustification: undefined, analysisResponse: 'WILL_NOT_FIX', isSuppressed: true },
          { analysisState: 'FALSE_POSITIVE', analysisJustification: undefined, analysisResponse: undefined, isSuppressed: true },
          { analysisState: 'IN_TRIAGE', analysisJustification: undefined, analysisResponse: undefined, isSuppressed: false },
          { analysisState: 'NOT_AFFECTED', analysisJustification: 'PROTECTED_AT_PERIMETER', analysisResponse: undefined, isSuppressed: true },
        ],
      );
      // The next pull shows each decision as Dependency-Track now holds it.
      const after = (await fixture.source.backend.listFindings(project)).findings;
      const status = (name: string) => after.find((finding) => finding.package?.name === name)?.status;
      assert.deepEqual(
        ['moment', 'jsonwebtoken', 'sanitize-html', 'express', 'lodash'].map(status),
        ['triaged', 'accepted', 'open', 'triaged', 'open'],
      );
      assertRequestsFitContract(fixture.server);
    } finally {
      await fixture.server.close();
    }
  });
});

function policiesUuid(): string {
  const violations = (JSON.parse(readFixture('platforms', 'dependency-track', 'scenarios', 'node-express.json')) as { violations: Record<string, { type: string; policyCondition: { policy: { uuid: string } } }[]> }).violations[project]!;
  return violations.find((violation) => violation.type === 'SECURITY')!.policyCondition.policy.uuid;
}
