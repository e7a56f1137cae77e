import { strict as assert } from 'node:assert';
import type { AnalyzedFinding, FixPlan, ReachabilityTier } from '../model/analysis';
import type { Severity } from '../model/severity';
import { advisoriesPhrase, groupEvidence, groupFindings, groupSubject, reachabilityPhrase } from './groupFindings';
import { planGroupFixes } from './groupFixes';

const line = (n: number) => ({ start: { line: n, character: 4 }, end: { line: n, character: 30 } });

function advisory(options: {
  id: string;
  name?: string;
  version?: string;
  severity?: Severity;
  score?: number;
  tier?: ReachabilityTier;
  line?: number;
  fixed?: string[];
  range?: string;
  surfaced?: boolean;
  via?: string;
  ecosystem?: string;
  serviceId?: string;
}): AnalyzedFinding {
  const name = options.name ?? 'Django';
  const version = options.version ?? '3.2.12';
  const ecosystem = options.ecosystem ?? 'pypi';
  const score = options.score ?? 70;
  const tier = options.tier ?? 'imported';
  return {
    finding: {
      id: `f-${options.id}`,
      kind: 'sca',
      ruleId: options.id,
      title: `title of ${options.id}`,
      severity: options.severity ?? 'high',
      package: { ecosystem, name, version, purl: `pkg:${ecosystem}/${name}@${version}`, fixedVersions: options.fixed ?? [], vulnerableRange: options.range },
      sources: ['backend:svc'],
    },
    serviceId: options.serviceId ?? 'svc',
    location: { path: 'requirements.txt', range: line(options.line ?? 5) },
    package: {
      ecosystem,
      name,
      version,
      isDirect: options.via === undefined,
      isDevOnly: false,
      introducedBy: options.via ? [{ name: options.via, spec: '1.0.0', scope: 'prod', manifestPath: 'package.json', range: line(options.line ?? 5) }] : [],
      chain: [name],
    },
    isFixedInWorkspace: false,
    reachability: {
      tier,
      summary: `${tier} summary of ${options.id}`,
      evidence: [
        { kind: 'import', message: 'polls/views.py:3 imports django', location: { path: 'polls/views.py', range: line(2) } },
        ...(tier === 'symbol-called' ? [{ kind: 'call' as const, message: `polls/views.py:9 calls ${options.id}()`, location: { path: 'polls/views.py', range: line(8) } }] : []),
      ],
    },
    priority: { score, band: score >= 80 ? 'critical' : score >= 60 ? 'high' : score >= 40 ? 'medium' : 'low', factors: [] },
    isSurfaced: options.surfaced ?? true,
  };
}

function sast(id: string, score: number): AnalyzedFinding {
  return {
    finding: { id, kind: 'sast', ruleId: 'js/sql-injection', title: 'SQL injection', severity: 'critical', location: { path: 'src/db.js', startLine: 9 }, sources: ['sarif:x'] },
    serviceId: 'svc',
    location: { path: 'src/db.js', range: line(8) },
    isFixedInWorkspace: false,
    reachability: { tier: 'unknown', summary: 'code finding', evidence: [] },
    priority: { score, band: 'critical', factors: [] },
    isSurfaced: true,
  };
}

// Issue 9 item 1: one diagnostic per vulnerable package version per manifest line.
suite('core/group/groupFindings: one group per package version per manifest line', () => {
  test('advisories on one package version and line are one group; its priority is its highest advisory’s', () => {
    const findings = [
      advisory({ id: 'CVE-1', severity: 'critical', score: 87 }),
      advisory({ id: 'CVE-2', severity: 'high', score: 72, tier: 'symbol-called' }),
      advisory({ id: 'CVE-3', severity: 'high', score: 65, tier: 'symbol-called' }),
      advisory({ id: 'CVE-4', severity: 'medium', score: 50 }),
      advisory({ id: 'CVE-5', name: 'requests', version: '2.25.1', line: 7, score: 60 }),
      sast('s-1', 90),
      sast('s-2', 85),
    ];
    const groups = groupFindings(findings);
    assert.deepEqual(
      groups.map((group) => [groupSubject(group), group.findings.length, group.priority.score]),
      [
        ['SQL injection', 1, 90],
        ['Django 3.2.12', 4, 87],
        ['SQL injection', 1, 85],
        ['requests 2.25.1', 1, 60],
      ],
      'code findings are never grouped; groups sorted by priority',
    );
    const django = groups[1]!;
    assert.equal(django.top.finding.ruleId, 'CVE-1');
    assert.equal(advisoriesPhrase(django), '4 advisories (1 critical, 2 high, 1 medium)');
    assert.equal(django.reachability.tier, 'symbol-called', 'the strongest tier among the advisories');
    assert.equal(reachabilityPhrase(django), 'symbol-called: symbol-called summary of CVE-2 (for 2 of 4; imported for 2)');
    assert.equal(advisoriesPhrase(groups[3]!), 'CVE-5 title of CVE-5');
    assert.equal(reachabilityPhrase(groups[3]!), 'imported: imported summary of CVE-5');
  });

  test('the same package on another line, version or service is another group', () => {
    const groups = groupFindings([
      advisory({ id: 'A', line: 5 }),
      advisory({ id: 'B', line: 9 }),
      advisory({ id: 'C', version: '4.0.0' }),
      advisory({ id: 'D', serviceId: 'other' }),
      advisory({ id: 'E', name: 'django' }),
    ]);
    assert.equal(groups.length, 4, 'PyPI names are compared normalized: Django and django are one package');
  });

  test('a transitive package is grouped on its direct dependency’s line, named with it, one group per version', () => {
    const groups = groupFindings([
      advisory({ id: 'L1', ecosystem: 'npm', name: 'lodash', version: '4.17.11', via: 'sanitize-html', line: 12 }),
      advisory({ id: 'L2', ecosystem: 'npm', name: 'lodash', version: '4.17.11', via: 'sanitize-html', line: 12 }),
      advisory({ id: 'S1', ecosystem: 'npm', name: 'sanitize-html', version: '1.4.2', line: 12 }),
    ]);
    assert.deepEqual(groups.map(groupSubject).sort(), ['lodash 4.17.11 via sanitize-html', 'sanitize-html 1.4.2']);
  });

  test('filtered advisories of a grouped version are kept aside for the fix, not counted', () => {
    const groups = groupFindings([advisory({ id: 'A' }), advisory({ id: 'B', surfaced: false }), { ...advisory({ id: 'C', surfaced: false }), isFixedInWorkspace: true }]);
    assert.equal(groups.length, 1);
    assert.deepEqual(groups[0]!.findings.map((analyzed) => analyzed.finding.id), ['f-A']);
    assert.deepEqual(groups[0]!.others.map((analyzed) => analyzed.finding.id), ['f-B'], 'C is already fixed in the workspace');
    assert.equal(groupFindings([advisory({ id: 'B', surfaced: false })]).length, 0, 'no group of filtered advisories only');
    assert.equal(groupFindings([advisory({ id: 'B', surfaced: false })], () => true).length, 1, 'unless asked');
  });

  test("a call one advisory lists as vulnerable is not also noted as not listed by another's scan", () => {
    const template = { path: 'src/routes/products.ts', range: line(9) };
    const merge = { path: 'src/routes/products.ts', range: line(14) };
    const withEvidence = (analyzed: AnalyzedFinding, evidence: AnalyzedFinding['reachability']['evidence']): AnalyzedFinding => ({ ...analyzed, reachability: { ...analyzed.reachability, evidence } });
    const [group] = groupFindings([
      withEvidence(advisory({ id: 'A', ecosystem: 'npm', name: 'lodash', version: '4.17.15' }), [
        { kind: 'note', message: 'products.ts:10 calls _.template(): not a listed vulnerable function', location: template },
        { kind: 'note', message: 'products.ts:15 calls _.merge(): not a listed vulnerable function', location: merge },
      ]),
      withEvidence(advisory({ id: 'B', ecosystem: 'npm', name: 'lodash', version: '4.17.15', tier: 'symbol-called' }), [
        { kind: 'call', message: 'products.ts:10 calls _.template() (vulnerable: template)', location: template },
        { kind: 'note', message: 'products.ts:15 calls _.merge(): not a listed vulnerable function', location: merge },
      ]),
    ]);
    assert.deepEqual(groupEvidence(group!).map((evidence) => evidence.message), [
      'products.ts:15 calls _.merge(): not a listed vulnerable function',
      'products.ts:10 calls _.template() (vulnerable: template)',
    ]);
  });

  test('evidence cited by several advisories is listed once', () => {
    const [group] = groupFindings([advisory({ id: 'A', tier: 'symbol-called' }), advisory({ id: 'B', tier: 'symbol-called' }), advisory({ id: 'C' })]);
    assert.deepEqual(groupEvidence(group!).map((evidence) => evidence.message), ['polls/views.py:3 imports django', 'polls/views.py:9 calls A()', 'polls/views.py:9 calls B()']);
  });
});

suite('core/group/groupFixes: one preferred fix per package, fixing every advisory', () => {
  const planTo = (version: string): FixPlan => ({
    title: `Upgrade Django to ==${version}`,
    kind: 'upgrade',
    edits: [{ path: 'requirements.txt', range: line(5), newText: version }],
  });

  test('the all-fixing version is preferred and says it is a major upgrade; the critical-only one follows', () => {
    const [group] = groupFindings([
      advisory({ id: 'CVE-2022-28346', severity: 'critical', score: 90, fixed: ['3.2.13'], range: '>=3.2,<3.2.13 || >=4.0,<4.0.4' }),
      advisory({ id: 'CVE-2024-38875', severity: 'high', fixed: ['4.2.14', '5.0.7'], range: '<4.2.14 || >=5.0,<5.0.7' }),
      advisory({ id: 'CVE-2024-45230', severity: 'high', fixed: ['4.2.16', '5.0.9'], range: '<4.2.16 || >=5.0,<5.0.9', surfaced: false }),
    ]);
    const { fixes } = planGroupFixes(group!, planTo);
    assert.deepEqual(
      fixes.map((fix) => [fix.title, fix.isPreferred]),
      [
        ['Upgrade Django to ==4.2.16 (major upgrade; fixes all 3 advisories)', true],
        ['Upgrade Django to ==3.2.13 (fixes the critical advisory; 2 remain)', false],
      ],
      'the filtered CVE-2024-45230 is fixed too',
    );
  });

  test('when no version fixes all, the best partial fix says so and is not preferred', () => {
    const [group] = groupFindings([
      advisory({ id: 'A', fixed: ['3.2.13'], range: '<3.2.13' }),
      advisory({ id: 'B', fixed: [], range: '>=3.0' }),
    ]);
    const { fixes } = planGroupFixes(group!, planTo);
    assert.deepEqual(fixes.map((fix) => [fix.title, fix.isPreferred]), [['Upgrade Django to ==3.2.13 (fixes 1 of 2 advisories; no known version fixes B)', false]]);
  });

  test('a single advisory keeps the plain upgrade title', () => {
    const [group] = groupFindings([advisory({ id: 'A', fixed: ['3.2.13'], range: '<3.2.13' })]);
    assert.deepEqual(planGroupFixes(group!, planTo).fixes.map((fix) => fix.title), ['Upgrade Django to ==3.2.13']);
  });

  test('no edit planned: no fix', () => {
    const [group] = groupFindings([advisory({ id: 'A', fixed: ['3.2.13'], range: '<3.2.13' })]);
    assert.deepEqual(planGroupFixes(group!, () => undefined).fixes, []);
  });
});
