import { strict as assert } from 'node:assert';
import type { Exposure } from '../core/model/exposure';
import type { Finding } from '../core/model/finding';
import { fixtureFileSystem, fixturePath, readFixture, sharedIndexer } from '../test/fixtures';
import { BackendError } from './backendError';
import { findingSchema, exposureSchema } from '../backend/schemas';
import { toExposure, toFinding } from '../backend/toFindings';
import type { Logger } from './ports';
import type { FindingsBackend } from './sourcePorts';
import { WorkspaceEngine } from './workspaceEngine';

/** A backend that answers from the scenario files, or fails on demand. */
class ScenarioBackend implements FindingsBackend {
  failWith?: BackendError;
  calls = 0;
  constructor(private readonly scenario: string) {}
  listServices(): Promise<{ id: string; name: string; root: string }[]> {
    this.calls++;
    const { services } = JSON.parse(readFixture('backend', 'scenarios', this.scenario, 'services.json')) as { services: { id: string; name: string; root: string }[] };
    return this.failWith ? Promise.reject(this.failWith) : Promise.resolve(services.map(({ id, name, root }) => ({ id, name, root })));
  }
  listFindings(serviceId: string): Promise<{ findings: Finding[]; problems: string[] }> {
    const raw = JSON.parse(readFixture('backend', 'scenarios', this.scenario, 'findings', `${serviceId}.json`)) as unknown[];
    const problems: string[] = [];
    const findings = raw.flatMap((item) => {
      const parsed = findingSchema.safeParse(item);
      if (!parsed.success) {
        problems.push(parsed.error.issues[0]!.message);
        return [];
      }
      return [toFinding(parsed.data, 'test')];
    });
    return Promise.resolve({ findings, problems });
  }
  getExposure(serviceId: string): Promise<Exposure | undefined> {
    return Promise.resolve(toExposure(exposureSchema.parse(JSON.parse(readFixture('backend', 'scenarios', this.scenario, 'exposure', `${serviceId}.json`)))));
  }
}

const quietLog: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
const policy = { minPriority: 40, showUnreachable: false };

async function sampleEngine(clock: { now: Date }): Promise<WorkspaceEngine> {
  const engine = new WorkspaceEngine({ fs: fixtureFileSystem(fixturePath('workspaces', 'node-express')), indexer: await sharedIndexer(), log: quietLog, now: () => clock.now });
  await engine.indexAll();
  return engine;
}

suite('engine/workspaceEngine', () => {
  // Each sample workspace with its backend scenario; issue 8: nested npm copies, packages loaded by configuration, v1.
  for (const [workspace, scenario] of [
    ['node-express', 'node-express'],
    ['npm-nested-copies', 'npm-nested-copies'],
    ['npm-lockfile-v1', 'npm-lockfile-v1'],
    ['node-sequelize-knex', 'node-sequelize-knex'],
  ] as const) {
    test(`${workspace}: the service is analysed as the scenario's expectations file says`, async () => {
      const engine = new WorkspaceEngine({ fs: fixtureFileSystem(fixturePath('workspaces', workspace)), indexer: await sharedIndexer(), log: quietLog, now: () => new Date('2026-11-27T10:00:00Z') });
      await engine.indexAll();
      assert.deepEqual(await engine.pull(new ScenarioBackend(scenario), 'r'), { ok: true, isUnchanged: false });
      const expected = JSON.parse(readFixture('backend', 'scenarios', scenario, 'expected.json')) as {
        findings: Record<string, { tier: string; surfaced: boolean; path?: string; line: number; fix?: string; filter?: string; evidence?: string[] }>;
      };
      const findings = engine.analyze(policy).services[0]!.findings;
      assert.equal(findings.length, Object.keys(expected.findings).length);
      for (const analyzed of findings) {
        const id = analyzed.finding.id;
        const want = expected.findings[id];
        assert.ok(want, `expectation for ${id}`);
        assert.equal(analyzed.reachability.tier, want.tier, `${id} tier`);
        assert.equal(analyzed.isSurfaced, want.surfaced, `${id} surfaced`);
        assert.equal(analyzed.location?.path, want.path ?? analyzed.location?.path, `${id} path`);
        assert.equal((analyzed.location?.range.start.line ?? -2) + 1, want.line, `${id} line`);
        assert.equal(analyzed.fix?.title, want.fix, `${id} fix`);
        assert.equal(analyzed.filterReason?.code, want.filter, `${id} filter`);
        assert.ok(analyzed.reachability.summary.length > 0);
        if (want.evidence) {
          const cited = analyzed.reachability.evidence.flatMap((evidence) => (evidence.location && !evidence.location.path.endsWith('package.json') ? [`${evidence.location.path}:${evidence.location.range.start.line + 1}`] : []));
          assert.deepEqual(cited.sort(), want.evidence, `${id} evidence`);
        }
      }
      const scores = findings.map((analyzed) => analyzed.priority.score);
      assert.deepEqual(scores, [...scores].sort((a, b) => b - a), 'sorted by priority');
    });
  }

  test('showUnreachable publishes declared and dev-only findings too', async () => {
    const engine = await sampleEngine({ now: new Date() });
    await engine.pull(new ScenarioBackend('node-express'), 'r');
    const surfaced = engine.analyze({ minPriority: 0, showUnreachable: true }).services[0]!.findings.filter((analyzed) => analyzed.isSurfaced);
    assert.equal(surfaced.length, 8);
  });

  test('a failed pull keeps the last good data and marks it stale from the failure time', async () => {
    const clock = { now: new Date('2026-11-27T10:00:00Z') };
    const engine = await sampleEngine(clock);
    const backend = new ScenarioBackend('node-express');
    await engine.pull(backend, 'r');
    clock.now = new Date('2026-11-27T11:00:00Z');
    backend.failWith = new BackendError('unreachable', 'backend unreachable: ECONNREFUSED');
    const result = await engine.pull(backend, 'r');
    assert.equal(result.ok, false);
    assert.equal(result.failure?.kind, 'unreachable');
    assert.equal(engine.backend.staleSince?.toISOString(), '2026-11-27T11:00:00.000Z');
    assert.equal(engine.analyze(policy).services[0]!.findings.length, 8, 'findings kept');
    clock.now = new Date('2026-11-27T12:00:00Z');
    await engine.pull(backend, 'r');
    assert.equal(engine.backend.staleSince?.toISOString(), '2026-11-27T11:00:00.000Z', 'stale since the first failure');
    backend.failWith = undefined;
    await engine.pull(backend, 'r');
    assert.equal(engine.backend.staleSince, undefined);
  });

  test('an open document wins over the disk until closed', async () => {
    const engine = await sampleEngine({ now: new Date() });
    await engine.pull(new ScenarioBackend('node-express'), 'r');
    const lodash = () => engine.analyze(policy).services[0]!.findings.find((analyzed) => analyzed.finding.id === 'f-lodash-1')!;
    assert.equal(lodash().reachability.tier, 'imported');
    await engine.setOpenText('src/routes/products.ts', "import { Router } from 'express';\n");
    assert.equal(lodash().reachability.tier, 'declared');
    await engine.closeOpenText('src/routes/products.ts');
    assert.equal(lodash().reachability.tier, 'imported');
  });

  test('an override nested under the introducing dependency counts as fixed, pending npm install', async () => {
    const engine = await sampleEngine({ now: new Date() });
    await engine.pull(new ScenarioBackend('node-express'), 'r');
    const manifest = readFixture('workspaces', 'node-express', 'package.json');
    const withOverride = manifest.replace(/\n}\s*$/, ',\n  "overrides": { "express": { "qs": "6.7.3" } }\n}\n');
    await engine.setOpenText('package.json', withOverride);
    const qs = engine.analyze(policy).services[0]!.findings.find((analyzed) => analyzed.finding.id === 'f-qs-1')!;
    assert.equal(qs.isSurfaced, false);
    assert.equal(qs.filterReason?.code, 'not-affected');
    assert.equal(qs.pendingInstallVersion, '6.7.3');
  });

  test('an edit analyses again only the findings it can change; the others keep their result, and findingsAt reads one file', async () => {
    const engine = await sampleEngine({ now: new Date('2026-11-27T10:00:00Z') });
    await engine.pull(new ScenarioBackend('node-express'), 'r');
    const byId = (): Map<string, unknown> => new Map(engine.analyze(policy).services[0]!.findings.map((analyzed) => [analyzed.finding.id, analyzed]));
    const before = byId();
    const products = readFixture('workspaces', 'node-express', 'src', 'routes', 'products.ts');
    // Importing another package on the same line: lodash is no longer imported; nothing moves, so express (and what
    // it pulls in), the routes and the login code stay.
    await engine.setOpenText('src/routes/products.ts', products.replace("import _ from 'lodash';", "import _ from 'underscore';"));
    const after = byId();
    assert.notEqual(after.get('f-lodash-1'), before.get('f-lodash-1'));
    for (const id of ['f-jwt-1', 'f-sast-1', 'f-moment-1']) {
      assert.equal(after.get(id), before.get(id), `${id} is reused, not analysed again`);
    }
    const inLogin = engine.findingsAt(policy, 'src/routes/login.ts');
    assert.deepEqual(
      inLogin.map((analyzed) => analyzed.finding.id),
      engine.analyze(policy).services[0]!.findings.filter((analyzed) => analyzed.location?.path === 'src/routes/login.ts').map((analyzed) => analyzed.finding.id),
    );
    assert.ok(inLogin.some((analyzed) => analyzed.finding.id === 'f-sast-1'));
    assert.deepEqual(engine.findingsAt(policy, 'src/nowhere.ts'), []);
  });

  for (const scenario of ['node-express', 'node-express-dast']) {
    test(`after edits of open documents, the incrementally kept index analyses exactly like a fresh one (${scenario})`, async () => {
      const now = new Date('2026-11-27T10:00:00Z');
      const folder = fixturePath('workspaces', 'node-express');
      const backend = new ScenarioBackend(scenario);
      const engine = await sampleEngine({ now });
      await engine.pull(backend, 'r');
      const texts = new Map<string, string>();
      const original = (file: string): string => texts.get(file) ?? readFixture('workspaces', 'node-express', ...file.split('/'));
      const edits: [string, (text: string) => string][] = [
        ['src/routes/products.ts', (text) => `// moved down\n${text}`],
        ['src/routes/products.ts', (text) => text.replace("'/search'", "'/find'")],
        ['src/server.ts', (text) => text.replace("'/rest/user'", "'/api/user'")],
        ['src/routes/products.ts', (text) => text.replace("import _ from 'lodash';\n", '')],
        ['package.json', (text) => text.replace('"lodash": "^4.17.15"', '"lodash": "^4.17.21"')],
        ['src/routes/products.ts', (text) => text.replace("'/find'", "'/search'").replace('// moved down\n', '')],
        ['src/server.ts', (text) => `${text}\napp.get('/health', (req, res) => res.send('ok'));\n`],
        // Issue 10: a comment line in a handler body leaves routing settled and moves the routes below (kept routes
        // take the new positions); a line typed in a handler moves its end.
        ['src/routes/products.ts', (text) => text.replace("res) => {\n", 'res) => {\n  // a note in a handler\n')],
        ['src/routes/products.ts', (text) => text.replace('  // a note in a handler\n', '\n  const unused = 1;\n')],
        ['src/routes/products.ts', (text) => text.replace('\n  const unused = 1;\n', '')],
      ];
      const freshAnalysis = async (): Promise<unknown> => {
        const fresh = new WorkspaceEngine({ fs: fixtureFileSystem(folder, Object.fromEntries(texts)), indexer: await sharedIndexer(), log: quietLog, now: () => now });
        await fresh.indexAll();
        await fresh.pull(backend, 'r');
        return JSON.parse(JSON.stringify({ analysis: fresh.analyze(policy), routes: fresh.workspaceIndex().routes }));
      };
      const tiers = new Set<string>();
      for (const [step, [file, edit]] of edits.entries()) {
        texts.set(file, edit(original(file)));
        await engine.setOpenText(file, texts.get(file)!);
        await engine.settleOpenDocuments();
        const analysis = engine.analyze(policy);
        assert.deepEqual(JSON.parse(JSON.stringify({ analysis, routes: engine.workspaceIndex().routes })), await freshAnalysis(), `analysis after edit ${step + 1} of ${file}`);
        analysis.services[0]!.findings.forEach((analyzed) => tiers.add(`${analyzed.finding.id}:${analyzed.reachability.tier}`));
      }
      // The edits did change verdicts, so the comparison above compared something.
      assert.ok(scenario === 'node-express' ? tiers.has('f-lodash-1:declared') && tiers.has('f-lodash-1:imported') : tiers.has('f-dast-xss-1:unknown') && tiers.has('f-dast-xss-1:runtime-loaded'), [...tiers].join(', '));
      for (const file of [...texts.keys()]) {
        await engine.closeOpenText(file);
      }
      texts.clear();
      assert.deepEqual(JSON.parse(JSON.stringify({ analysis: engine.analyze(policy), routes: engine.workspaceIndex().routes })), await freshAnalysis(), 'closed documents go back to the disk');
    });
  }
});
