import { strict as assert } from 'node:assert';
import type { PostureNodeDto, PostureTreeParams, PostureTreeResult } from '../../../shared/src/dto';
import { applyFault } from '../../../test-fixtures/backend/faults';
import type { FixtureBackend } from '../../../test-fixtures/backend/fixtureBackend';
import { copyWorkspace, LspTestClient } from './lspTestClient';
import { sampleSettings, startBackend } from './testBackend';

// Issue 9 item 5: a posture view that scales. The backend serves generated findings (faults.ts `hugeFindings`:
// per 20, SCA advisories on the sample's packages and on unknown ones, SAST, secrets, IaC, DAST).
suite('protocol: the posture tree (aspm/postureTree) stays small and grouped with many findings', () => {
  let backend: FixtureBackend;
  let workspace: ReturnType<typeof copyWorkspace>;
  let client: LspTestClient;
  const count = 120;

  const tree = (params: PostureTreeParams = {}): Promise<PostureTreeResult> => client.connection.sendRequest('aspm/postureTree', params);
  /** Every node under `parentId` (all pages), the way the view walks them on expand and "Show more". */
  const allChildren = async (parentId: string, params: PostureTreeParams = {}): Promise<PostureNodeDto[]> => {
    const nodes: PostureNodeDto[] = [];
    for (;;) {
      const page = await tree({ ...params, parentId, offset: nodes.length, limit: 7 });
      nodes.push(...page.nodes);
      if (page.nodes.length === 0 || nodes.length >= page.total) {
        return nodes;
      }
    }
  };

  suiteSetup(async () => {
    backend = await startBackend('node-express');
    applyFault(backend, 'listFindings', 'hugeFindings', { count });
    workspace = copyWorkspace('node-express');
    client = await LspTestClient.start({ workspaceUri: workspace.uri, settings: sampleSettings(backend.url, { minPriority: 0, showUnreachable: true }) });
    await client.waitFor('a status counting the generated findings', () => client.statuses.findLast((status) => (status.counts?.total ?? 0) >= 90), 60_000);
  });

  suiteTeardown(async () => {
    await client?.stop();
    await backend?.close();
    workspace?.dispose();
  });

  test('the top level has at most 15 rows: service, summary and one section per finding kind, each with its count', async () => {
    const started = Date.now();
    const top = await tree({ activeUri: workspace.uriOf('package.json') });
    const ms = Date.now() - started;
    const bytes = Buffer.byteLength(JSON.stringify(top));
    console.log(`      top level: ${top.nodes.length} rows, ${bytes} bytes, ${ms} ms; ${top.nodes.map((node) => node.label).join(' | ')}`);
    assert.ok(top.counts && top.counts.total >= 90, `≥ 90 findings: ${JSON.stringify(top.counts)}`);
    assert.ok(top.nodes.length <= 15, `${top.nodes.length} top-level rows`);
    assert.equal(top.state, 'findings');
    assert.deepEqual(top.nodes.slice(0, 2).map((node) => node.kind), ['service', 'summary']);
    const sections = top.nodes.filter((node) => node.kind === 'section');
    assert.deepEqual(sections.map((node) => node.id), ['section:sca', 'section:iac', 'section:sast', 'section:secret', 'section:dast'].filter((id) => sections.some((node) => node.id === id)));
    assert.ok(sections.length >= 3, 'dependencies, code, IaC… as sections');
    const shownInSections = sections.reduce((sum, node) => sum + (node.count ?? 0), 0);
    assert.equal(shownInSections, top.counts.shown, 'the sections count every shown finding');
    assert.equal(top.counts.shown + top.counts.filtered, top.counts.total);
    const summary = top.nodes.find((node) => node.kind === 'summary')!;
    assert.match(summary.label, new RegExp(`^${top.counts.shown} shown · ${top.counts.filtered} filtered`));
    assert.ok(bytes < 20_000, `a small answer: ${bytes} bytes`);
    assert.ok(top.nodes.every((node) => node.finding === undefined), 'no finding rows (and no tooltips) at the top level');
  });

  test('dependencies are grouped by package version, advisories as children with the id first, counts that add up', async () => {
    const top = await tree();
    const sca = top.nodes.find((node) => node.id === 'section:sca')!;
    const packages = await allChildren(sca.id);
    assert.equal(packages.reduce((sum, node) => sum + (node.count ?? 0), 0), sca.count, 'package counts add up to the section');
    const multi = packages.find((node) => (node.count ?? 0) >= 2);
    assert.ok(multi, `a package with several advisories among ${packages.map((node) => node.label).join(', ')}`);
    assert.match(multi.label, /^\S+ \S+ · \d+ advisories · (runtime-loaded|symbol-called|imported|declared|dev-only|unknown)$/);
    const advisories = await allChildren(multi.id);
    assert.equal(advisories.length, multi.count);
    for (const advisory of advisories) {
      assert.match(advisory.label, /^GHSA-/, 'the advisory id first');
      assert.ok(advisory.finding, 'the row carries its finding (actions, tooltip)');
      assert.match(advisory.description ?? '', /severity · priority \d+ \((critical|high|medium|low)\)/);
    }
    const rank = { critical: 3, high: 2, medium: 1, low: 0 };
    const highest = advisories.reduce((best, advisory) => Math.max(best, rank[advisory.band!]), 0);
    assert.equal(rank[multi.band!], highest, 'the package shows its highest advisory band, as its diagnostic does');
    for (const advisory of advisories) {
      assert.equal(advisory.band, advisory.finding?.priority.band, 'the row band is the priority band the diagnostic uses');
    }
  });

  test('code findings are grouped by rule with file:line children, or by file with line children', async () => {
    const byRule = await allChildren('section:sast');
    const rule = byRule.find((node) => (node.count ?? 0) >= 2)!;
    assert.ok(rule, 'a rule with several findings');
    assert.match(rule.label, / · \d+ in (\d+ files|\S+)$/);
    const sites = await allChildren(rule.id);
    assert.equal(sites.length, rule.count);
    for (const site of sites) {
      assert.match(site.label, /^[^/\s]+\.\w+:\d+$/, `file name and line: ${site.label}`);
    }
    const byFile = await allChildren('section:sast', { groupBy: 'file' });
    assert.ok(byFile.every((node) => node.kind === 'file'));
    assert.equal(byFile.reduce((sum, node) => sum + (node.count ?? 0), 0), byRule.reduce((sum, node) => sum + (node.count ?? 0), 0));
    const file = byFile.find((node) => (node.count ?? 0) >= 1)!;
    const lines = await allChildren(file.id, { groupBy: 'file' });
    assert.ok(lines.every((node) => /^L\d+ · /.test(node.label)), lines.map((node) => node.label).join(', '));
  });

  test('children come a page at a time: offset, limit and the total', async () => {
    const first = await tree({ parentId: 'section:sca', offset: 0, limit: 3 });
    const second = await tree({ parentId: 'section:sca', offset: 3, limit: 3 });
    assert.ok(first.total > 6, `more than two pages: ${first.total}`);
    assert.equal(first.nodes.length, 3);
    assert.equal(second.total, first.total);
    assert.deepEqual(
      second.nodes.map((node) => node.id).filter((id) => first.nodes.some((node) => node.id === id)),
      [],
      'pages do not overlap',
    );
  });

  test('filters (kind, band, tier) and search narrow the tree; the summary says how many the view hides', async () => {
    const all = await tree();
    const onlySecrets = await tree({ filter: { kinds: ['secret'] } });
    assert.deepEqual(onlySecrets.nodes.filter((node) => node.kind === 'section').map((node) => node.id), ['section:secret']);
    assert.match(onlySecrets.nodes.find((node) => node.kind === 'summary')?.description ?? '', /\d+ hidden by the view filter/);
    const search = await tree({ filter: { text: 'lodash' } });
    const matching = await allChildren('section:sca', { filter: { text: 'lodash' } });
    assert.ok(matching.length > 0 && matching.every((node) => /lodash/.test(node.label)), matching.map((node) => node.label).join(', '));
    assert.ok((search.counts?.shown ?? 0) < (all.counts?.shown ?? 0));
    const nothing = await tree({ filter: { bands: ['critical'], tiers: ['dev-only'], text: 'no-such-thing' } });
    assert.equal(nothing.state, 'findings', 'a view filter that hides everything is no welcome view');
    assert.ok(nothing.nodes.some((node) => node.kind === 'message' && /No finding matches/.test(node.label)));
  });

  test('the summary lists filtered findings by reason; "Show all" puts them in the groups', async () => {
    const top = await tree();
    assert.ok((top.counts?.filtered ?? 0) > 0, 'generated advisories on packages the workspace lacks are filtered');
    const reasons = await allChildren('summary');
    assert.equal(reasons.reduce((sum, node) => sum + (node.count ?? 0), 0), top.counts?.filtered);
    const reason = reasons[0]!;
    assert.match(reason.label, /^[A-Z][\w -]+ · \d+$/);
    const hidden = await allChildren(reason.id);
    assert.equal(hidden.length, reason.count);
    assert.ok(hidden.every((node) => node.finding?.filteredReason), 'each with its reason');
    const all = await tree({ includeFiltered: true });
    assert.equal(all.counts?.shown, all.counts?.total);
    assert.equal(all.nodes.filter((node) => node.kind === 'section').reduce((sum, node) => sum + (node.count ?? 0), 0), all.counts?.total);
  });
});

// 5,000 here (the 50k load is `npm run bench`'s): enough that a page is a fraction of a group and the whole tree would be megabytes.
suite('protocol: the posture tree with 5,000 findings', () => {
  test('the top level answers in well under 200 ms and 1 MB; a page of children too', async function () {
    this.timeout(120_000);
    const backend = await startBackend('node-express');
    applyFault(backend, 'listFindings', 'hugeFindings', { count: 5_000 });
    const workspace = copyWorkspace('node-express');
    const client = await LspTestClient.start({ workspaceUri: workspace.uri, settings: sampleSettings(backend.url) });
    try {
      await client.waitFor('a status counting the generated findings', () => client.statuses.findLast((status) => (status.counts?.total ?? 0) >= 4_000), 100_000);
      const request = (params: PostureTreeParams): Promise<PostureTreeResult> => client.connection.sendRequest('aspm/postureTree', params);
      await request({}); // the first request groups the findings; the view asks again on every status and editor change
      const timed = async (params: PostureTreeParams): Promise<{ result: PostureTreeResult; ms: number; bytes: number }> => {
        const started = Date.now();
        const result = await request(params);
        return { result, ms: Date.now() - started, bytes: Buffer.byteLength(JSON.stringify(result)) };
      };
      const top = await timed({});
      const summaryPage = await timed({ parentId: 'summary' });
      const reasonId = summaryPage.result.nodes[0]?.id ?? 'summary';
      const page = await timed({ parentId: reasonId });
      console.log(`      5k: top ${top.result.nodes.length} rows ${top.bytes} B ${top.ms} ms; ${reasonId}: ${page.result.nodes.length}/${page.result.total} rows ${page.bytes} B ${page.ms} ms`);
      assert.ok(top.result.nodes.length <= 15);
      assert.ok(top.ms <= 200 && top.bytes <= 1_000_000, `top level ${top.ms} ms, ${top.bytes} B`);
      assert.ok(page.result.nodes.length <= 200 && page.result.total > 200, 'a page of at most 200 rows out of more');
      assert.ok(page.ms <= 1000 && page.bytes <= 1_000_000, `page ${page.ms} ms, ${page.bytes} B`);
    } finally {
      await client.stop();
      await backend.close();
      workspace.dispose();
    }
  });
});
