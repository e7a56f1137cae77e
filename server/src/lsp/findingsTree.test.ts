import { strict as assert } from 'node:assert';
import type { PostureTreeParams } from '../../../shared/src/dto';
import type { ServiceData } from '../core/analyze';
import type { AnalyzedFinding, FilterReason, PriorityBand, ReachabilityTier } from '../core/model/analysis';
import type { Finding } from '../core/model/finding';
import type { Severity } from '../core/model/severity';
import { buildPostureIndex, emptyPostureState, highestBand, matchesFilter, postureTreeFor, type PostureEnvironment } from './findingsTree';
import type { FolderSession } from './folderSession';
import { checkpointOf, RequestCancelledError } from './cancellation';
import { CancellationTokenSource } from 'vscode-languageserver/node';

type Shape = {
  id: string;
  kind?: Finding['kind'];
  ruleId?: string;
  title?: string;
  severity?: Severity;
  pkg?: { name: string; version: string };
  path?: string;
  line?: number;
  band?: PriorityBand;
  score?: number;
  tier?: ReachabilityTier;
  hidden?: FilterReason['code'];
};

function analyzed(shape: Shape): AnalyzedFinding {
  const path = shape.path ?? (shape.pkg ? 'requirements.txt' : 'src/app.py');
  const finding: Finding = {
    id: shape.id,
    kind: shape.kind ?? (shape.pkg ? 'sca' : 'sast'),
    ruleId: shape.ruleId,
    title: shape.title ?? `Finding ${shape.id}`,
    severity: shape.severity ?? 'high',
    package: shape.pkg ? { ecosystem: 'PyPI', name: shape.pkg.name, version: shape.pkg.version, purl: `pkg:pypi/${shape.pkg.name}@${shape.pkg.version}`, fixedVersions: ['5.4'] } : undefined,
    sources: ['backend:svc'],
  };
  const line = (shape.line ?? 1) - 1;
  return {
    finding,
    serviceId: 'svc',
    location: { path, range: { start: { line, character: 0 }, end: { line, character: 10 } } },
    isFixedInWorkspace: false,
    reachability: { tier: shape.tier ?? 'imported', summary: 'imported', evidence: [] },
    priority: { score: shape.score ?? 60, band: shape.band ?? 'medium', factors: [] },
    isSurfaced: shape.hidden === undefined,
    filterReason: shape.hidden ? { code: shape.hidden, message: `${shape.hidden} (why)` } : undefined,
  };
}

/** kubernetes-goat-like: one rule on many manifests, a few more rules; pygoat-like: packages with several advisories. */
function realShaped(): AnalyzedFinding[] {
  const list: AnalyzedFinding[] = [];
  for (let i = 0; i < 56; i++) {
    list.push(analyzed({ id: `hostpath-${i}`, kind: 'iac', ruleId: 'k8s-host-path', title: 'Host path mounted into a container', path: `scenarios/s${i % 14}/deployment.yaml`, line: 10 + i, band: 'medium' }));
  }
  for (let i = 0; i < 9; i++) {
    list.push(analyzed({ id: `priv-${i}`, kind: 'iac', ruleId: 'k8s-privileged', title: 'Privileged container', path: `scenarios/s${i}/pod.yaml`, line: 5, band: 'high' }));
  }
  for (let i = 0; i < 3; i++) {
    list.push(analyzed({ id: `pyyaml-${i}`, ruleId: `GHSA-pyyaml-${i}`, pkg: { name: 'PyYAML', version: '5.1' }, line: 3, tier: i === 0 ? 'symbol-called' : 'imported', band: i === 2 ? 'high' : 'medium', severity: i === 2 ? 'critical' : 'high', score: 50 + i * 10 }));
  }
  for (let i = 0; i < 16; i++) {
    list.push(analyzed({ id: `django-${i}`, ruleId: `GHSA-django-${i}`, pkg: { name: 'Django', version: '4.2' }, line: 1, band: i < 2 ? 'critical' : 'high', score: 90 - i }));
  }
  for (let i = 0; i < 4; i++) {
    list.push(analyzed({ id: `sqli-${i}`, ruleId: 'py/sql-injection', title: 'SQL injection', path: `introduction/views${i}.py`, line: 40 + i }));
  }
  list.push(analyzed({ id: 'key-1', kind: 'secret', ruleId: 'private-key', title: 'Private key', path: 'keys/id_rsa', line: 1, band: 'high' }));
  list.push(analyzed({ id: 'dev-1', ruleId: 'GHSA-dev', pkg: { name: 'pytest', version: '6.0' }, hidden: 'dev-only' }));
  list.push(analyzed({ id: 'decl-1', ruleId: 'GHSA-decl', pkg: { name: 'requests', version: '2.0' }, hidden: 'declared' }));
  return list;
}

const session = { uri: 'file:///w', uriOf: (path: string) => `file:///w/${path}` } as unknown as FolderSession;
const environment: PostureEnvironment = { isTrusted: true, hasBackendUrl: true, hasToken: true, repository: 'github.com/acme/goat' };
const service = (findings: AnalyzedFinding[]): { data: ServiceData; findings: AnalyzedFinding[] } => ({
  data: { service: { id: 'svc', name: 'goat', root: '' }, findings: [], exposure: { isInternetFacing: false, environments: [], dataClasses: [] }, hasExposureData: false } as unknown as ServiceData,
  findings,
});
const tree = (findings: AnalyzedFinding[], params: PostureTreeParams = {}) => postureTreeFor(session, undefined, [service(findings)], params, environment, undefined);

suite('lsp/findingsTree: the posture view', () => {
  test('90 real-shaped findings: at most 15 top-level rows, each with its count', async () => {
    const findings = realShaped();
    assert.ok(findings.length >= 90);
    const top = await tree(findings);
    assert.ok(top.nodes.length <= 15, `${top.nodes.length} rows`);
    assert.deepEqual(
      top.nodes.map((node) => node.label),
      ['goat', '89 shown · 2 filtered (dev-only 1, declared 1)', 'Dependencies · 19', 'Infrastructure as code · 65', 'Code · 4', 'Secrets · 1'],
    );
  });

  test('a package version is one group: "PyYAML 5.1 · 3 advisories · symbol-called", advisories by id first', async () => {
    const findings = realShaped();
    const packages = (await tree(findings, { parentId: 'section:sca' })).nodes;
    const pyyaml = packages.find((node) => node.label.startsWith('PyYAML'))!;
    assert.equal(pyyaml.label, 'PyYAML 5.1 · 3 advisories · symbol-called');
    assert.equal(pyyaml.description, 'high · requirements.txt:3');
    assert.equal(pyyaml.count, 3);
    assert.equal(packages[0]?.label, 'Django 4.2 · 16 advisories · imported', 'the critical package first');
    const advisories = (await tree(findings, { parentId: pyyaml.id })).nodes;
    assert.deepEqual(advisories.map((node) => node.label), ['GHSA-pyyaml-2', 'GHSA-pyyaml-1', 'GHSA-pyyaml-0']);
    assert.match(advisories[0]!.description!, /^critical severity · priority 70 \(high\) · fixed in 5\.4 · Finding pyyaml-2$/);
  });

  test('bands are the priority bands the diagnostics use: a critical-severity advisory of priority band high is high', async () => {
    const findings = realShaped();
    const pyyaml = (await tree(findings, { parentId: 'section:sca' })).nodes.find((node) => node.label.startsWith('PyYAML'))!;
    const critical = (await tree(findings, { parentId: pyyaml.id })).nodes.find((node) => node.finding?.severity === 'critical')!;
    assert.equal(critical.band, 'high');
    assert.equal(pyyaml.band, 'high', 'a group shows its highest finding band');
    assert.equal(highestBand([analyzed({ id: 'a', band: 'low' }), analyzed({ id: 'b', band: 'critical' }), analyzed({ id: 'c', band: 'high' })]), 'critical');
  });

  test('IaC by rule with file:line children; by file with line children', async () => {
    const findings = realShaped();
    const rules = (await tree(findings, { parentId: 'section:iac' })).nodes;
    assert.deepEqual(rules.map((node) => node.label), ['Privileged container · 9 in 9 files', 'Host path mounted into a container · 56 in 14 files']);
    const sites = await tree(findings, { parentId: rules[1]!.id, limit: 3 });
    assert.equal(sites.total, 56);
    assert.deepEqual(sites.nodes.map((node) => node.label), ['deployment.yaml:10', 'deployment.yaml:24', 'deployment.yaml:38']);
    assert.match(sites.nodes[0]!.description!, /^scenarios\/s0 · priority 60 \(medium\)$/);
    const files = (await tree(findings, { parentId: 'section:iac', groupBy: 'file' })).nodes;
    assert.equal(files.length, 14 + 9);
    assert.ok(files.every((node) => node.kind === 'file' && /^(deployment|pod)\.yaml · \d+$/.test(node.label)));
    const lines = (await tree(findings, { parentId: files.find((node) => node.label.startsWith('deployment'))!.id, groupBy: 'file' })).nodes;
    assert.match(lines[0]!.label, /^L\d+ · Host path mounted into a container$/);
  });

  test('filters and search', async () => {
    const findings = realShaped();
    const kinds = await buildPostureIndex(findings, 'rule', { kinds: ['secret'] }, false);
    assert.deepEqual(kinds.sections.map((section) => section.kind), ['secret']);
    assert.equal((await buildPostureIndex(findings, 'rule', { bands: ['critical'] }, false)).shown, 2);
    assert.equal((await buildPostureIndex(findings, 'rule', { tiers: ['symbol-called'] }, false)).shown, 1);
    assert.ok(matchesFilter(findings.find((finding) => finding.finding.id === 'pyyaml-0')!, { text: 'pyyaml' }));
    assert.ok(matchesFilter(findings[0]!, { text: 'S0/DEPLOY' }), 'paths, case-insensitively');
    assert.ok(!matchesFilter(findings[0]!, { text: 'django' }));
    const filtered = await tree(findings, { filter: { text: 'no such thing' } });
    assert.equal(filtered.state, 'findings');
    assert.deepEqual(filtered.nodes.map((node) => node.kind), ['service', 'summary', 'message']);
    assert.equal(filtered.nodes[1]!.description, '89 hidden by the view filter');
  });

  test('the summary lists filtered findings by reason; "Show all" adds them to the groups', async () => {
    const findings = realShaped();
    const reasons = (await tree(findings, { parentId: 'summary' })).nodes;
    assert.deepEqual(reasons.map((node) => node.label), ['Dev-only · 1', 'Declared · 1']);
    const dev = (await tree(findings, { parentId: reasons[0]!.id })).nodes;
    assert.deepEqual(dev.map((node) => node.label), ['GHSA-dev · pytest 6.0']);
    assert.equal(dev[0]!.description, 'dev-only (why)');
    const all = await tree(findings, { includeFiltered: true });
    assert.equal(all.counts?.shown, findings.length);
    const packages = (await tree(findings, { parentId: 'section:sca', includeFiltered: true })).nodes;
    const pytest = (await tree(findings, { parentId: packages.find((node) => node.label.startsWith('pytest'))!.id, includeFiltered: true })).nodes;
    assert.match(pytest[0]!.description!, /^filtered: dev-only · /);
  });

  test('nothing actionable, or nothing at all: an empty top level whose state drives the welcome view', async () => {
    const onlyHidden = [analyzed({ id: 'x', pkg: { name: 'a', version: '1' }, hidden: 'declared' })];
    const hidden = await tree(onlyHidden);
    assert.deepEqual(hidden.nodes, []);
    assert.equal(hidden.state, 'nothingActionable');
    assert.equal((await tree(onlyHidden, { includeFiltered: true })).state, 'findings');
    assert.equal((await tree([])).state, 'clean');
    const states = [
      emptyPostureState({ ...environment, isTrusted: false }, true).state,
      emptyPostureState({ ...environment, hasBackendUrl: false }, false).state,
      emptyPostureState({ ...environment, hasToken: false }, false).state,
      emptyPostureState({ ...environment, failure: { kind: 'unauthorized', message: '401' } }, false).state,
      emptyPostureState({ ...environment, failure: { kind: 'unreachable', message: 'down' } }, false).state,
      emptyPostureState({ ...environment, repository: undefined }, false).state,
      emptyPostureState(environment, false).state,
    ];
    assert.deepEqual(states, ['untrusted', 'noBackend', 'signInRequired', 'signInRequired', 'backendError', 'noRepository', 'noService']);
  });

  test('the "Sources" row lists each source with its kind, URL and project, its last good pull and its failure', async () => {
    const sources = [
      { id: 'defectdojo:https://dojo.example.com', kind: 'defectdojo', url: 'https://dojo.example.com', project: 'node-shop', label: 'DefectDojo (https://dojo.example.com)', hasToken: true, lastSuccessAt: '2026-11-27T10:00:00.000Z', findings: 8 },
      { id: 'github:https://api.github.com', kind: 'github', url: 'https://api.github.com/', label: 'GitHub (https://api.github.com)', hasToken: true, lastSuccessAt: '2026-11-27T09:00:00.000Z', staleSince: '2026-11-27T09:30:00.000Z', failure: 'GET /repos/acme/goat/dependabot/alerts answered HTTP 403', findings: 3 },
      { id: 'dependency-track:https://dt.example.com', kind: 'dependency-track', url: 'https://dt.example.com', label: 'Dependency-Track (https://dt.example.com)', hasToken: false },
    ];
    const withSources = (params: PostureTreeParams = {}) => postureTreeFor(session, undefined, [service(realShaped())], params, { ...environment, sources }, undefined);
    const top = (await withSources()).nodes;
    const row = top.at(-1)!;
    assert.deepEqual([row.id, row.kind, row.label, row.description, row.isStale, row.hasChildren], ['sources', 'sources', 'Sources · 3', '1 failing · 1 without a token', true, true]);
    const rows = (await withSources({ parentId: 'sources' })).nodes;
    assert.deepEqual(
      rows.map((node) => [node.kind, node.label, node.description, node.isStale]),
      [
        ['source', 'DefectDojo · dojo.example.com · node-shop', 'pulled 2026-11-27 10:00 UTC · 8 findings', false],
        ['source', 'GitHub · api.github.com', 'failing: GET /repos/acme/goat/dependabot/alerts answered HTTP 403 · pulled 2026-11-27 09:00 UTC · 3 findings', true],
        ['source', 'Dependency-Track · dt.example.com', 'no token: run "ASPM: Sign In" · never pulled', false],
      ],
    );
    assert.match(rows[1]!.tooltip!, /Stale since 2026-11-27T09:30:00\.000Z: its last good findings are shown\./);
    assert.match(rows[1]!.tooltip!, /Failure: GET \/repos\/acme\/goat\/dependabot\/alerts answered HTTP 403/);
    assert.match(rows[0]!.tooltip!, /Project: node-shop/);
    assert.ok(!(await tree(realShaped())).nodes.some((node) => node.kind === 'sources'), 'no row without a configured source');
  });

  test('building the index of a large posture stops at the first checkpoint after its request is cancelled', async () => {
    const findings = Array.from({ length: 2000 }, (_, i) => analyzed({ id: `f-${i}`, ruleId: `GHSA-${i}`, pkg: { name: `p${i % 200}`, version: '1.0' }, hidden: i % 3 === 0 ? 'declared' : undefined }));
    const uncancelled = new CancellationTokenSource();
    let complete = 0;
    const every = checkpointOf(uncancelled.token, 0);
    const index = await buildPostureIndex(findings, 'rule', undefined, false, () => (complete++, every()));
    assert.equal(index.shown, 1333);
    const source = new CancellationTokenSource();
    let calls = 0;
    const checkpoint = checkpointOf(source.token, 0);
    await assert.rejects(
      buildPostureIndex(findings, 'rule', undefined, false, () => {
        if (++calls === 50) {
          setImmediate(() => source.cancel()); // the $/cancelRequest, read on the next turn of the event loop
        }
        return checkpoint();
      }),
      RequestCancelledError,
    );
    assert.equal(calls, 50, `stopped after ${calls} of ${complete} steps`);
  });
});
