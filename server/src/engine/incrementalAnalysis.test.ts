import { strict as assert } from 'node:assert';
import { exposureSchema, findingSchema } from '../backend/schemas';
import { toExposure, toFinding } from '../backend/toFindings';
import type { Analysis } from './ports';
import type { FindingsBackend } from './sourcePorts';
import { indexedFixtureEngine, readFixture } from '../test/fixtures';

/** The node-express scenario's findings: lodash (zipObjectDeep vulnerable), qs through express, jsonwebtoken… */
const scenarioBackend: FindingsBackend = {
  listServices: () => Promise.resolve((JSON.parse(readFixture('backend', 'scenarios', 'node-express', 'services.json')) as { services: { id: string; name: string; root: string }[] }).services),
  listFindings: (serviceId) =>
    Promise.resolve({
      findings: (JSON.parse(readFixture('backend', 'scenarios', 'node-express', 'findings', `${serviceId}.json`)) as unknown[]).map((item) => toFinding(findingSchema.parse(item), 'test')),
      problems: [],
    }),
  getExposure: (serviceId) => Promise.resolve(toExposure(exposureSchema.parse(JSON.parse(readFixture('backend', 'scenarios', 'node-express', 'exposure', `${serviceId}.json`))))),
};

const policy = { minPriority: 0, showUnreachable: true };
const now = new Date('2026-11-27T10:00:00Z');

/** Lines an edit adds: imports of the vulnerable package (whole, named, type-only), calls of its vulnerable symbol, others. */
const addedLines = [
  "import _ from 'lodash';",
  "import { zipObjectDeep } from 'lodash';",
  "import { zipObjectDeep } from 'lodash';\nzipObjectDeep(['a.b'], [1]);",
  "import * as lo from 'lodash';\nlo.zipObjectDeep(['a.b'], [1]);",
  "import { zipObjectDeep as zod } from 'lodash';",
  "import type { LoDashStatic } from 'lodash';",
  "import express from 'express';",
  "import jwt from 'jsonwebtoken';",
  "const lodash = require('lodash');",
  "_.zipObjectDeep(['a.b'], [1]);",
  'zipObjectDeep([\'a\'], [1]);',
  "zod(['a'], [2]);",
  "lodash.zipObjectDeep(['x'], [3]);",
  "_.merge({}, { a: 1 });",
  "lodash.get({}, 'a');",
  '// a comment line',
];

/** Files the edits go to: application code, a test file, a new module; each starts as the fixture has it (or empty). */
const editedPaths = ['src/db.ts', 'src/routes/products.ts', 'test/products.test.ts', 'src/gen/added.ts', 'src/gen/other.test.ts', 'src/gen/types.ts'];

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What a finding's analysis says, as compared: the verdict with its evidence, place, priority and filter. */
function verdicts(analysis: Analysis): unknown[] {
  return analysis.services.flatMap((service) =>
    service.findings.map((analyzed) => ({
      id: analyzed.finding.id,
      reachability: analyzed.reachability,
      location: analyzed.location,
      priority: analyzed.priority.score,
      isSurfaced: analyzed.isSurfaced,
      filter: analyzed.filterReason?.code,
    })),
  );
}

async function freshAnalysis(texts: ReadonlyMap<string, string>): Promise<Analysis> {
  const engine = await indexedFixtureEngine('node-express', { extra: Object.fromEntries(texts), now });
  await engine.pull(scenarioBackend, 'r');
  return engine.analyze(policy);
}

suite('engine/incremental analysis', () => {
  test('after each of a random run of edits (imports of a vulnerable package added and removed, calls of its vulnerable symbol, test and type-only imports), the kept analysis equals a fresh one, verdicts and evidence', async function () {
    this.timeout(120_000);
    const lodashTiers = new Set<string>();
    for (const seed of [1, 2, 3]) {
      const next = random(seed);
      const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
      const engine = await indexedFixtureEngine('node-express', { now });
      await engine.pull(scenarioBackend, 'r');
      engine.analyze(policy);
      const texts = new Map<string, string>();
      for (let edit = 0; edit < 30; edit++) {
        const path = pick(editedPaths);
        const lines = (texts.get(path) ?? (path.startsWith('src/gen/') ? '' : readFixture('workspaces', 'node-express', path))).split('\n');
        const at = Math.floor(next() * (lines.length + 1));
        if (next() < 0.35 && lines.length > 1) {
          lines.splice(Math.min(at, lines.length - 1), 1);
        } else {
          lines.splice(at, 0, pick(addedLines));
        }
        texts.set(path, lines.join('\n'));
        await engine.setOpenText(path, texts.get(path)!);
        // The server analyses before settling the routing facts of open documents, and after.
        engine.analyze(policy);
        await engine.settleOpenDocuments();
        const kept = verdicts(engine.analyze(policy));
        assert.deepEqual(kept, verdicts(await freshAnalysis(texts)), `seed ${seed}, edit ${edit} (${path})`);
        const lodash = engine.analyze(policy).services[0]!.findings.find((analyzed) => analyzed.finding.package?.name === 'lodash');
        lodashTiers.add(lodash?.reachability.tier ?? 'none');
      }
    }
    // The runs moved lodash between verdicts: the comparison covered decisions made again, not only kept ones.
    assert.ok(lodashTiers.has('symbol-called') && lodashTiers.has('imported'), `lodash verdicts: ${[...lodashTiers].join(', ')}`);
  });
});
