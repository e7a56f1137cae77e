import { strict as assert } from 'node:assert';
import { exposureSchema, findingSchema } from '../backend/schemas';
import { toExposure, toFinding } from '../backend/toFindings';
import type { Analysis } from './ports';
import type { FindingsBackend } from './sourcePorts';
import { indexedFixtureEngine, readFixture } from '../test/fixtures';

/**
 * More advisories of lodash, as real packages have dozens: other version ranges and other vulnerable symbols (one
 * called by the edits, one never), and one without symbols. Their decisions share the package's site summaries.
 */
function siblingAdvisories(records: readonly Record<string, unknown>[]): Record<string, unknown>[] {
  const lodash = records.find((record) => record.id === 'f-lodash-1')!;
  const variants: [string, string, string[] | undefined][] = [
    ['f-lodash-merge', '<4.17.21', ['merge']],
    ['f-lodash-get', '<4.17.16', ['get']],
    ['f-lodash-template', '<4.17.21', ['template']],
    ['f-lodash-any', '<4.17.20', undefined],
  ];
  return variants.map(([id, vulnerableRange, vulnerableSymbols]) => {
    const pkg: Record<string, unknown> = { ...(lodash.package as Record<string, unknown>), vulnerableRange };
    if (vulnerableSymbols) {
      pkg.vulnerableSymbols = vulnerableSymbols;
    } else {
      delete pkg.vulnerableSymbols;
    }
    return { ...lodash, id, ruleId: `GHSA-${id}`, aliases: [`CVE-${id}`], links: { advisory: `https://github.com/advisories/GHSA-${id}` }, package: pkg };
  });
}

/**
 * The node-express scenario's findings: lodash (zipObjectDeep vulnerable, and its siblings), qs through express,
 * jsonwebtoken… `order` reverses them (decisions are then made in another order); `only` keeps one lodash advisory.
 */
const scenarioBackend = (options: { order?: 'reversed'; only?: string } = {}): FindingsBackend => ({
  listServices: () => Promise.resolve((JSON.parse(readFixture('backend', 'scenarios', 'node-express', 'services.json')) as { services: { id: string; name: string; root: string }[] }).services),
  listFindings: (serviceId) => {
    const records = JSON.parse(readFixture('backend', 'scenarios', 'node-express', 'findings', `${serviceId}.json`)) as Record<string, unknown>[];
    let all = [...records, ...siblingAdvisories(records)];
    if (options.only) {
      all = all.filter((record) => !String(record.id).startsWith('f-lodash') || record.id === options.only);
    }
    return Promise.resolve({ findings: (options.order === 'reversed' ? all.reverse() : all).map((item) => toFinding(findingSchema.parse(item), 'test')), problems: [] });
  },
  getExposure: (serviceId) => Promise.resolve(toExposure(exposureSchema.parse(JSON.parse(readFixture('backend', 'scenarios', 'node-express', 'exposure', `${serviceId}.json`))))),
});
const lodashAdvisories = ['f-lodash-1', 'f-lodash-merge', 'f-lodash-get', 'f-lodash-template', 'f-lodash-any'];

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

async function freshAnalysis(texts: ReadonlyMap<string, string>, backend = scenarioBackend({ order: 'reversed' })): Promise<Analysis> {
  const engine = await indexedFixtureEngine('node-express', { extra: Object.fromEntries(texts), now });
  await engine.pull(backend, 'r');
  return engine.analyze(policy);
}

function reachabilityOf(analysis: Analysis, id: string): unknown {
  return analysis.services[0]!.findings.find((analyzed) => analyzed.finding.id === id)?.reachability;
}

/** A seeded run of edits: its generator, an analysed engine with the scenario's findings, and the texts it edited. */
async function startRun(seed: number): Promise<{ next: () => number; pick: <T>(items: readonly T[]) => T; engine: Awaited<ReturnType<typeof indexedFixtureEngine>>; texts: Map<string, string> }> {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const engine = await indexedFixtureEngine('node-express', { now });
  await engine.pull(scenarioBackend(), 'r');
  engine.analyze(policy);
  return { next, pick, engine, texts: new Map() };
}

/** The quick fix and why none is offered, of every finding: what the kept fix plans decide. */
function fixes(analysis: Analysis): unknown[] {
  return analysis.services.flatMap((service) => service.findings.map((analyzed) => ({ id: analyzed.finding.id, fix: analyzed.fix, fixUnavailable: analyzed.fixUnavailable })));
}

suite('engine/incremental analysis', () => {
  test('after a random run of manifest edits that keep or change what it declares (blank lines, indentation, version specs), and of imports of lodash, the kept fixes equal fresh ones', async function () {
    this.timeout(120_000);
    const manifest = readFixture('workspaces', 'node-express', 'package.json');
    const specs = ['^4.17.15', '4.17.15', '~4.17.15', '^4.17.4'];
    let fixed = 0;
    for (const seed of [1, 2]) {
      const { next, pick, engine, texts } = await startRun(seed);
      for (let edit = 0; edit < 12; edit++) {
        if (next() < 0.7) {
          const indent = ' '.repeat(1 + Math.floor(next() * 4));
          texts.set('package.json', `${'\n'.repeat(Math.floor(next() * 3))}${manifest.replace(/\n {4}"lodash": "[^"]*"/, `\n${indent}"lodash": "${pick(specs)}"`)}`);
          await engine.setOpenText('package.json', texts.get('package.json')!);
        } else {
          texts.set('src/db.ts', `${pick(addedLines)}\n${readFixture('workspaces', 'node-express', 'src/db.ts')}`);
          await engine.setOpenText('src/db.ts', texts.get('src/db.ts')!);
        }
        const kept = engine.analyze(policy);
        assert.deepEqual(fixes(kept), fixes(await freshAnalysis(texts)), `seed ${seed}, edit ${edit}`);
        fixed += kept.services[0]!.findings.filter((analyzed) => analyzed.fix).length;
      }
    }
    assert.ok(fixed > 0, 'some findings had fixes: the comparison covered planned edits');
  });


  test('after each of a random run of edits (imports of a vulnerable package added and removed, calls of its vulnerable symbol, test and type-only imports), the kept analysis equals a fresh one, verdicts and evidence', async function () {
    this.timeout(120_000);
    const lodashTiers = new Set<string>();
    for (const seed of [1, 2, 3]) {
      const { next, pick, engine, texts } = await startRun(seed);
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
        const kept = engine.analyze(policy);
        const fresh = await freshAnalysis(texts);
        assert.deepEqual(verdicts(kept), verdicts(fresh), `seed ${seed}, edit ${edit} (${path})`);
        // Each advisory of lodash alone (nothing to share) is decided as it is among its siblings.
        if (edit % 10 === 9) {
          for (const id of lodashAdvisories) {
            assert.deepEqual(reachabilityOf(kept, id), reachabilityOf(await freshAnalysis(texts, scenarioBackend({ only: id })), id), `seed ${seed}, edit ${edit}: ${id} alone`);
          }
        }
        for (const id of ['f-lodash-1', 'f-lodash-merge']) {
          const lodash = engine.analyze(policy).services[0]!.findings.find((analyzed) => analyzed.finding.id === id);
          lodashTiers.add(`${id} ${lodash?.reachability.tier ?? 'none'}`);
        }
      }
    }
    // The runs moved lodash between verdicts: the comparison covered decisions made again, not only kept ones.
    // The sibling advisory on merge moved too, apart from zipObjectDeep's: scans of shared summaries are per symbol.
    for (const expected of ['f-lodash-1 symbol-called', 'f-lodash-1 imported', 'f-lodash-merge symbol-called', 'f-lodash-merge imported']) {
      assert.ok(lodashTiers.has(expected), `lodash verdicts: ${[...lodashTiers].join(', ')}`);
    }
  });
});
