import { strict as assert } from 'node:assert';
import { applyFault } from '../../../../test-fixtures/backend/faults';
import { Contract } from '../../../../test-fixtures/platforms/contract';
import type { Finding } from '../../core/model/finding';
import type { TriageWrite } from '../../engine/sourcePorts';
import { assertRequestsFitContract, runFaultMatrix, startPlatform, type PlatformFixture } from '../../test/platforms';

const repository = 'github.com/acme/node-shop';
const declared: TriageWrite['verdict'] = { tier: 'declared', summary: 'declared in package.json, never imported', evidence: ['package.json:15: moment is declared here'] };

async function pulled(fixture: PlatformFixture, repo = repository): Promise<Finding[]> {
  const services = await fixture.source.backend.listServices(repo);
  return (await fixture.source.backend.listFindings(services[0]!.id)).findings;
}

suite('backend/github: GitHub Dependabot, code scanning and secret scanning source', () => {
  test('reads the three alert lists, following Link rel="next" (Dependabot by `after` cursor, the others by page)', async () => {
    const fixture = await startPlatform('github', 'node-express', { maxPageSize: 3 });
    try {
      const findings = await pulled(fixture);
      const listed = fixture.server.requests.map((request) => `${request.path.replace('/repos/acme/node-shop/', '')} ${JSON.stringify(request.query)}`);
      assert.equal(listed[0], 'dependabot/alerts {"state":"open","per_page":"100"}');
      assert.match(listed[1]!, /^dependabot\/alerts \{"state":"open","per_page":"3","after":"[A-Za-z0-9_-]+"\}$/);
      assert.deepEqual(listed.filter((line) => line.startsWith('dependabot')).length, 3, '7 alerts, 3 per page');
      assert.deepEqual(listed.filter((line) => !line.startsWith('dependabot')), [
        'code-scanning/alerts {"state":"open","per_page":"100"}',
        'secret-scanning/alerts {"state":"open","hide_secret":"true","per_page":"100"}',
      ]);
      assert.equal(findings.length, 9);
      const lodash = findings.find((finding) => finding.ruleId === 'GHSA-p6mc-m468-83gw')!;
      assert.deepEqual(
        { id: lodash.id, package: lodash.package, epss: lodash.epss, cvss: lodash.cvss, aliases: lodash.aliases, cwe: lodash.cwe, links: lodash.links },
        {
          id: 'github-dependabot-1',
          package: { ecosystem: 'npm', name: 'lodash', purl: 'pkg:npm/lodash', fixedVersions: ['4.17.19'], vulnerableRange: '< 4.17.19' },
          epss: { score: 0.0232, percentile: 0.84 },
          cvss: { score: 7.4, vector: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:H/A:H' },
          aliases: ['CVE-2020-8203'],
          cwe: ['CWE-1321', 'CWE-770'],
          links: { advisory: 'https://github.com/advisories/GHSA-p6mc-m468-83gw', finding: 'https://github.com/acme/node-shop/security/dependabot/1' },
        },
      );
      assert.equal(lodash.package?.version, undefined, 'Dependabot does not say the installed version: the lockfile will');
      assert.deepEqual(lodash.origins, [{ source: fixture.source.id, kind: 'github', id: 'dependabot/1', url: 'https://github.com/acme/node-shop/security/dependabot/1' }]);
      const qs = findings.find((finding) => finding.package?.name === 'qs')!;
      assert.equal(qs.package?.vulnerableRange, '>= 6.7.0 < 6.7.3', 'GitHub\'s comma-separated range in npm semver');
      const sql = findings.find((finding) => finding.kind === 'sast')!;
      assert.deepEqual(
        [sql.id, sql.ruleId, sql.severity, sql.toolName, sql.cwe, sql.location],
        ['github-code-scanning-8', 'js/sql-injection', 'high', 'CodeQL', ['CWE-89', 'CWE-90', 'CWE-943'], { path: 'src/routes/login.ts', startLine: 9, endLine: 9, startColumn: 22, endColumn: 107, message: 'This query string depends on a user-provided value.', commit: '3f2a9c1d7e4b5a6f8091a2b3c4d5e6f708192a3b' }],
      );
      const secret = findings.find((finding) => finding.kind === 'secret')!;
      assert.deepEqual([secret.ruleId, secret.title, secret.location?.path, secret.location?.startLine], ['password', 'Password committed to the repository', 'src/routes/login.ts', 10]);
      assert.deepEqual(await fixture.source.backend.getExposure('acme/node-shop'), {
        isInternetFacing: true,
        environments: [{ name: 'production', kind: 'production' }],
        dataClasses: ['pii', 'credentials'],
        endpoints: [],
      });
      assertRequestsFitContract(fixture.server);
    } finally {
      await fixture.server.close();
    }
  });

  test('GitHub Enterprise Server: the same API under https://HOST/api/v3', async () => {
    const fixture = await startPlatform('github', 'node-express', { basePath: '/api/v3' });
    try {
      assert.match(fixture.server.url, /\/api\/v3$/);
      assert.equal((await pulled(fixture, 'ghe.acme.example/acme/node-shop')).length, 9);
      assert.deepEqual((await fixture.source.backend.listServices('ghe.acme.example/acme/node-shop'))[0]!.dashboardUrl, 'https://ghe.acme.example/acme/node-shop/security');
    } finally {
      await fixture.server.close();
    }
  });

  test('a feature that is off is skipped and said once; a 403 that is the token\'s is a failure', async () => {
    const fixture = await startPlatform('github', 'python-flask');
    try {
      assert.equal((await pulled(fixture, 'github.com/acme/python-flask')).length, 3);
      await pulled(fixture, 'github.com/acme/python-flask');
      assert.deepEqual(fixture.log.lines, [
        'GitHub: no code scanning alerts for acme/python-flask (HTTP 404: no analysis found); skipped',
        'GitHub: no secret scanning alerts for acme/python-flask (HTTP 404: Secret scanning is disabled on this repository.); skipped',
      ]);
      applyFault(fixture.server, 'listDependabotAlerts', 'status403');
      await assert.rejects(pulled(fixture, 'github.com/acme/python-flask'), (error: unknown) => (error as { kind?: string }).kind === 'forbidden');
    } finally {
      await fixture.server.close();
    }
  });

  test('the fixture answers as the GitHub description says', async () => {
    const fixture = await startPlatform('github', 'node-express');
    try {
      const contract = Contract.of('github');
      for (const kind of ['dependabot', 'code-scanning', 'secret-scanning']) {
        const path = `/repos/acme/node-shop/${kind}/alerts`;
        const response = await fetch(`${fixture.server.url}${path}?state=open&hide_secret=${kind === 'secret-scanning'}`, { headers: { authorization: `Bearer ${fixture.server.token}` } });
        assert.deepEqual(contract.checkResponse('GET', path, response.status, await response.json()), [], path);
      }
    } finally {
      await fixture.server.close();
    }
  });

  test('the fault matrix, after a good pull: each failure said with its kind, the last good findings kept', async function () {
    this.timeout(60_000);
    await runFaultMatrix('github', 'node-express', 'listDependabotAlerts', repository);
  });

  test('dismissals in GitHub\'s vocabulary per alert kind; the exact PATCH requests', async () => {
    const fixture = await startPlatform('github', 'node-express');
    try {
      const findings = await pulled(fixture);
      const origin = (id: string) => findings.find((finding) => finding.id === id)!.origins![0]!;
      const write = (id: string, decision: Omit<TriageWrite, 'verdict'>, verdict = declared) => fixture.source.backend.writeTriage!(origin(id), { ...decision, verdict });
      const moment = findings.find((finding) => finding.package?.name === 'moment')!.id;
      const jwt = findings.find((finding) => finding.package?.name === 'jsonwebtoken')!.id;
      const sanitize = findings.find((finding) => finding.package?.name === 'sanitize-html')!.id;

      assert.deepEqual(await write(moment, { state: 'not_affected', justification: 'code_not_reachable', reason: 'moment is only declared' }), { outcome: 'sent', message: 'dismissed as not_used' });
      assert.deepEqual(await write(jwt, { state: 'accepted_risk', reason: 'legacy keys are not configured' }), { outcome: 'sent', message: 'dismissed as tolerable_risk' });
      assert.deepEqual(await write(sanitize, { state: 'false_positive', reason: 'x'.repeat(400) }), { outcome: 'sent', message: 'dismissed as inaccurate' });
      assert.deepEqual(await write('github-code-scanning-8', { state: 'not_affected', justification: 'code_not_reachable', reason: 'dead route' }, { tier: 'unknown', summary: 'no evidence', evidence: [] }), {
        outcome: 'skipped',
        message: 'not written: its reachability is unknown, so "not affected" is not claimed',
      });
      assert.deepEqual(await write('github-code-scanning-8', { state: 'false_positive', reason: 'the query is parameterized upstream' }, { tier: 'unknown', summary: 'no evidence', evidence: [] }), {
        outcome: 'sent',
        message: 'dismissed as "false positive"',
      });
      assert.deepEqual(await write('github-secret-scanning-1', { state: 'accepted_risk', reason: 'a test key' }, { tier: 'unknown', summary: 'no evidence', evidence: [] }), { outcome: 'sent', message: 'resolved as wont_fix' });
      assert.deepEqual(await write(moment, { state: 'reopen', reason: 'imported after all' }), { outcome: 'sent', message: 'reopened' });

      const sent = fixture.server.writes.map((request) => ({ method: request.method, path: request.path, body: request.body as Record<string, unknown> }));
      assert.deepEqual(
        sent.map(({ method, path, body }) => [method, path, body.state, body.dismissed_reason ?? body.resolution]),
        [
          ['PATCH', '/repos/acme/node-shop/dependabot/alerts/4', 'dismissed', 'not_used'],
          ['PATCH', '/repos/acme/node-shop/dependabot/alerts/2', 'dismissed', 'tolerable_risk'],
          ['PATCH', '/repos/acme/node-shop/dependabot/alerts/6', 'dismissed', 'inaccurate'],
          ['PATCH', '/repos/acme/node-shop/code-scanning/alerts/8', 'dismissed', 'false positive'],
          ['PATCH', '/repos/acme/node-shop/secret-scanning/alerts/1', 'resolved', 'wont_fix'],
          ['PATCH', '/repos/acme/node-shop/dependabot/alerts/4', 'open', undefined],
        ],
      );
      assert.equal(
        sent[0]!.body.dismissed_comment,
        'ASPM triage: not affected (code_not_reachable).\nReason: moment is only declared\nReachability in the workspace: declared: declared in package.json, never imported\n- package.json:15: moment is declared here',
      );
      assert.equal((sent[2]!.body.dismissed_comment as string).length, 280, 'cut to GitHub\'s 280 characters');
      assert.deepEqual(sent[5]!.body, { state: 'open' });
      const open = (await pulled(fixture)).map((finding) => finding.id);
      assert.ok(open.includes(moment) && !open.includes(jwt) && !open.includes(sanitize) && !open.includes('github-code-scanning-8') && !open.includes('github-secret-scanning-1'));
      assertRequestsFitContract(fixture.server);
    } finally {
      await fixture.server.close();
    }
  });
});
