import { strict as assert } from 'node:assert';
import { Contract } from '../../../../test-fixtures/platforms/contract';
import type { Finding } from '../../core/model/finding';
import { BackendError } from '../../engine/backendError';
import type { TriageWrite } from '../../engine/sourcePorts';
import { toExposure, toService } from './toFindings';
import { assertRequestsFitContract, bareEngine, openPlatformSource, runFaultMatrix, startPlatform, type PlatformFixture } from '../../test/platforms';

const repository = 'github.com/acme/node-shop';
const declared: TriageWrite['verdict'] = { tier: 'declared', summary: 'declared in package.json, never imported', evidence: ['package.json:15: moment is declared here'] };

async function pulled(fixture: PlatformFixture): Promise<Finding[]> {
  const services = await fixture.source.backend.listServices(repository);
  return (await fixture.source.backend.listFindings(services[0]!.id)).findings;
}

suite('backend/defectdojo: DefectDojo API v2 source', () => {
  test('the product\'s internet_accessible, external_audience, lifecycle and business_criticality become exposure and service', async () => {
    const fixture = await startPlatform('defectdojo', 'node-express');
    try {
      assert.deepEqual(await fixture.source.backend.getExposure('4'), { isInternetFacing: false, audience: 'internal', environments: [{ name: 'construction', kind: 'development' }], dataClasses: [], endpoints: [] });
    } finally {
      await fixture.server.close();
    }
    const partnerPortal = { id: 9, name: 'portal', internet_accessible: false, external_audience: true, business_criticality: 'very high', lifecycle: 'retirement' };
    assert.deepEqual(toExposure(partnerPortal), { isInternetFacing: false, audience: 'external', environments: [{ name: 'retirement', kind: 'other' }], dataClasses: [], endpoints: [] });
    assert.equal(toService(partnerPortal, new URL('https://dojo.example.com/')).businessCriticality, 'very high');
    assert.deepEqual(toExposure({ id: 10, name: 'bare' }), { isInternetFacing: undefined, environments: [], dataClasses: [], endpoints: [] }, 'no field, no evidence');
  });

  test('finds the product by its exact name and reads its active, non-duplicate findings page by page (`next`)', async () => {
    const fixture = await startPlatform('defectdojo', 'node-express', { maxPageSize: 3 });
    try {
      const services = await fixture.source.backend.listServices(repository);
      assert.deepEqual(services, [{ id: '3', name: 'node-shop', root: '', businessCriticality: 'high', dashboardUrl: `${fixture.server.url}/product/3` }]);
      const page = await fixture.source.backend.listFindings('3');
      assert.deepEqual(page.problems, []);
      const findingRequests = fixture.server.requests.filter((request) => request.path === '/api/v2/findings/');
      assert.deepEqual(
        findingRequests.map((request) => [request.query.offset, request.query.limit]),
        [['0', '500'], ['3', '3'], ['6', '3']],
        'the first page asks 500, DefectDojo answers 3, and `next` is followed with its own limit/offset',
      );
      assert.deepEqual(findingRequests[0]!.query, { test__engagement__product: '3', active: 'true', duplicate: 'false', limit: '500', offset: '0' });
      assert.equal(fixture.server.requests[0]!.query.name_exact, 'node-shop', '"node-shop-admin" must not match');
      assert.equal(page.findings.length, 8, 'the duplicate, the mitigated one and the other product\'s are left out');
      const lodash = page.findings.find((finding) => finding.ruleId === 'GHSA-p6mc-m468-83gw')!;
      assert.deepEqual(
        { id: lodash.id, kind: lodash.kind, severity: lodash.severity, package: lodash.package, aliases: lodash.aliases, cwe: lodash.cwe, epss: lodash.epss, cvss: lodash.cvss, kev: lodash.kev, dueDate: lodash.dueDate, firstSeen: lodash.firstSeen },
        {
          id: 'defectdojo-1201',
          kind: 'sca',
          severity: 'high',
          package: { ecosystem: 'npm', name: 'lodash', version: '4.17.15', purl: 'pkg:npm/lodash@4.17.15', fixedVersions: ['4.17.19'] },
          aliases: ['CVE-2020-8203'],
          cwe: ['CWE-1321'],
          epss: { score: 0.0232, percentile: 0.84 },
          cvss: { score: 7.4, vector: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:H/A:H' },
          kev: false,
          dueDate: '2026-10-14',
          firstSeen: '2026-09-14',
        },
      );
      assert.deepEqual(lodash.origins, [{ source: fixture.source.id, kind: 'defectdojo', id: '1201', url: `${fixture.server.url}/finding/1201` }]);
      const sast = page.findings.find((finding) => finding.kind === 'sast')!;
      assert.deepEqual([sast.ruleId, sast.severity, sast.location?.path, sast.location?.startLine, sast.package], ['js/sql-injection', 'critical', 'src/routes/login.ts', 9, undefined]);
      assert.deepEqual(await fixture.source.backend.getExposure('3'), { isInternetFacing: true, audience: 'external', environments: [{ name: 'production', kind: 'production' }], dataClasses: [], endpoints: [] });
      assertRequestsFitContract(fixture.server);
    } finally {
      await fixture.server.close();
    }
  });

  test('the fixture answers as the DefectDojo description says (products, findings, user profile)', async () => {
    const fixture = await startPlatform('defectdojo', 'node-express');
    try {
      const contract = Contract.of('defectdojo');
      for (const path of ['/api/v2/products/?name_exact=node-shop', '/api/v2/findings/?test__engagement__product=3&limit=2', '/api/v2/findings/1201/?related_fields=true', '/api/v2/products/3/', '/api/v2/user_profile/']) {
        const response = await fetch(`${fixture.server.url}${path}`, { headers: { authorization: `Token ${fixture.server.token}` } });
        const url = new URL(path, 'http://x');
        assert.deepEqual(contract.checkResponse('GET', url.pathname, response.status, await response.json()), [], path);
      }
    } finally {
      await fixture.server.close();
    }
  });

  test('a project name the instance does not know, and a wrong key, fail with what to do', async () => {
    const fixture = await startPlatform('defectdojo', 'node-express', { project: 'shop' });
    try {
      await assert.rejects(fixture.source.backend.listServices(repository), (error: unknown) => error instanceof BackendError && error.kind === 'notConfigured' && /no product named "shop"/.test(error.message));
      const wrongKey = await openPlatformSource(fixture.server, { credential: 'a-revoked-key' });
      await assert.rejects(wrongKey.source.backend.listServices(repository), (error: unknown) => error instanceof BackendError && error.kind === 'unauthorized' && /HTTP 401/.test(error.message));
      assert.deepEqual(fixture.server.requests.at(-1)?.headers.authorization, '<redacted>', 'the key travels as `Authorization: Token …` and is not kept');
      const admin = await openPlatformSource(fixture.server, { project: 'node-shop-admin' });
      assert.equal((await admin.source.backend.listServices(repository))[0]!.id, '4');
    } finally {
      await fixture.server.close();
    }
  });

  test('the fault matrix, after a good pull: each failure said with its kind, the last good findings kept', async function () {
    this.timeout(60_000);
    await runFaultMatrix('defectdojo', 'node-express', 'listFindings', repository);
  });

  test('write-back in DefectDojo terms: false_p, is_mitigated, risk acceptance, notes with the evidence; the exact requests', async () => {
    const fixture = await startPlatform('defectdojo', 'node-express');
    try {
      const findings = await pulled(fixture);
      const origin = (ruleId: string) => findings.find((finding) => finding.ruleId === ruleId)!.origins![0]!;
      const write = (ruleId: string, decision: Omit<TriageWrite, 'verdict'>, verdict = declared) => fixture.source.backend.writeTriage!(origin(ruleId), { ...decision, verdict });
      const writesFrom = (start: number) => fixture.server.writes.slice(start).map((request) => ({ method: request.method, path: request.path, body: request.body }));

      let mark = fixture.server.writes.length;
      assert.deepEqual(await write('GHSA-8hfj-j24r-96c4', { state: 'not_affected', justification: 'code_not_reachable', reason: 'moment is only declared' }), {
        outcome: 'sent',
        message: 'marked false positive (not affected: code_not_reachable), with a note',
      });
      const note = (state: string) => ({
        entry: `ASPM triage: ${state}.\nReason: moment is only declared\nReachability in the workspace: declared: declared in package.json, never imported\n- package.json:15: moment is declared here`,
        private: false,
      });
      assert.deepEqual(writesFrom(mark), [
        { method: 'PATCH', path: '/api/v2/findings/1204/', body: { active: false, verified: false, false_p: true } },
        { method: 'POST', path: '/api/v2/findings/1204/notes/', body: note('not affected (code_not_reachable)') },
      ]);

      mark = fixture.server.writes.length;
      const unknown = await write('js/sql-injection', { state: 'not_affected', justification: 'code_not_reachable', reason: 'looks unused' }, { tier: 'unknown', summary: 'no evidence', evidence: [] });
      assert.deepEqual(unknown, { outcome: 'skipped', message: 'not written: its reachability is unknown, so "not affected" is not claimed' });
      assert.deepEqual(writesFrom(mark), [], 'nothing sent for an unknown tier');

      mark = fixture.server.writes.length;
      await write('GHSA-qw6h-vgh9-j6wx', { state: 'not_affected', justification: 'protected_by_mitigating_control', reason: 'redirects are allow-listed' }, { tier: 'imported', summary: 'imported', evidence: [] });
      assert.deepEqual(writesFrom(mark)[0], { method: 'PATCH', path: '/api/v2/findings/1207/', body: { active: false, is_mitigated: true } });

      // node-shop allows only full risk acceptance: a risk acceptance owned by the key's user, with the expiry.
      mark = fixture.server.writes.length;
      const accepted = await write('GHSA-8cf7-32gw-wr33', { state: 'accepted_risk', reason: 'legacy keys are not configured', expiresAt: '2027-02-01T00:00:00Z' });
      assert.deepEqual(accepted, { outcome: 'sent', message: 'risk accepted (risk acceptance until 2027-02-01)' });
      const acceptance = writesFrom(mark);
      assert.equal(acceptance.length, 1);
      assert.deepEqual({ ...(acceptance[0]!.body as object), decision_details: undefined }, {
        name: 'ASPM: legacy keys are not configured',
        accepted_findings: [1202],
        owner: 7,
        decision: 'A',
        decision_details: undefined,
        expiration_date: '2027-02-01T00:00:00Z',
      });
      assert.match((acceptance[0]!.body as { decision_details: string }).decision_details, /^ASPM triage: risk accepted\.\nReason: legacy keys are not configured\nUntil: 2027-02-01\n/);

      mark = fixture.server.writes.length;
      await write('GHSA-mjxr-4v3x-q3m4', { state: 'false_positive', reason: 'sanitize-html is never given iframes' });
      await write('GHSA-mjxr-4v3x-q3m4', { state: 'reopen', reason: 'it is, after all' });
      assert.deepEqual(
        writesFrom(mark).map((request) => [request.method, request.path, request.body && 'entry' in (request.body as object) ? 'note' : request.body]),
        [
          ['PATCH', '/api/v2/findings/1206/', { active: false, verified: false, false_p: true }],
          ['POST', '/api/v2/findings/1206/notes/', 'note'],
          ['PATCH', '/api/v2/findings/1206/', { active: true, false_p: false, risk_accepted: false, out_of_scope: false, is_mitigated: false }],
          ['POST', '/api/v2/findings/1206/notes/', 'note'],
        ],
      );

      // The next pull no longer lists what was closed (inactive in DefectDojo).
      const after = await pulled(fixture);
      assert.deepEqual(
        findings.filter((finding) => !after.some((kept) => kept.id === finding.id)).map((finding) => finding.ruleId).sort(),
        ['GHSA-8cf7-32gw-wr33', 'GHSA-8hfj-j24r-96c4', 'GHSA-qw6h-vgh9-j6wx'],
      );
      assertRequestsFitContract(fixture.server);
    } finally {
      await fixture.server.close();
    }
  });

  test('a product with simple risk acceptance takes risk_accepted on the finding itself', async () => {
    const fixture = await startPlatform('defectdojo', 'python-flask');
    try {
      const services = await fixture.source.backend.listServices('github.com/acme/python-flask');
      const findings = (await fixture.source.backend.listFindings(services[0]!.id)).findings;
      const requests = findings.find((finding) => finding.ruleId === 'GHSA-j8r2-6x86-q33q')!;
      const result = await fixture.source.backend.writeTriage!(requests.origins![0]!, { state: 'accepted_risk', reason: 'no proxy in use', verdict: declared });
      assert.deepEqual(result, { outcome: 'sent', message: 'risk accepted (simple risk acceptance), with a note' });
      assert.deepEqual(fixture.server.writes[0]!.body, { active: false, risk_accepted: true });
      // A fresh adapter (no pull yet) finds the product through the finding's related fields.
      const fresh = await openPlatformSource(fixture.server);
      const mark = fixture.server.requests.length;
      const pyyaml = findings.find((finding) => finding.ruleId === 'GHSA-8q59-q68h-6hv4')!;
      await fresh.source.backend.writeTriage!(pyyaml.origins![0]!, { state: 'accepted_risk', reason: 'input is trusted', verdict: declared });
      assert.deepEqual(
        fixture.server.requests.slice(mark).map((request) => `${request.method} ${request.path}${request.query.related_fields ? '?related_fields=true' : ''}`),
        ['GET /api/v2/findings/2001/?related_fields=true', 'GET /api/v2/products/5/', 'PATCH /api/v2/findings/2001/', 'POST /api/v2/findings/2001/notes/'],
      );
      assertRequestsFitContract(fixture.server);
    } finally {
      await fixture.server.close();
    }
  });

  test('a pull through the engine keeps DefectDojo as the findings\' source and origin', async () => {
    const fixture = await startPlatform('defectdojo', 'node-express');
    try {
      const engine = bareEngine();
      const result = await engine.pullSources([fixture.source], repository);
      assert.equal(result.ok, true);
      const findings = engine.analyze({ minPriority: 0, showUnreachable: true }).services[0]!.findings;
      assert.ok(findings.every((analyzed) => analyzed.finding.sources[0] === 'defectdojo:node-shop' && analyzed.finding.origins?.[0]?.kind === 'defectdojo'));
    } finally {
      await fixture.server.close();
    }
  });
});
