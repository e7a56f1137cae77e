import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import fc from 'fast-check';
import { visit } from 'jsonc-parser';
import type { ZodType } from 'zod';
import { exposureSchema, findingSchema, findingsPageSchema, policiesResponseSchema, servicesResponseSchema } from '../../src/backend/schemas';
import { parseOsvRecord } from '../../src/core/ingest/osv';
import type { EcosystemIndexer } from '../../src/core/index/manifests/ecosystem';
import { golangEcosystem } from '../../src/core/index/manifests/golangEcosystem';
import { snapshotGraphs } from '../../src/core/index/manifests/graphSnapshot';
import { mavenEcosystem } from '../../src/core/index/manifests/mavenEcosystem';
import { npmEcosystem } from '../../src/core/index/manifests/npmEcosystem';
import { pypiEcosystem } from '../../src/core/index/manifests/pypiEcosystem';
import { parseIgnoreFile } from '../../src/core/triage/ignoreFile';
import { parsePolicyFile } from '../../src/core/controls/policyFile';
import { collectFindings, emptyPage } from '../../src/backend/platformKit';
import * as defectDojo from '../../src/backend/defectdojo/schemas';
import { toFinding as defectDojoFinding } from '../../src/backend/defectdojo/toFindings';
import * as dependencyTrack from '../../src/backend/dependencyTrack/schemas';
import { toFinding as dependencyTrackFinding } from '../../src/backend/dependencyTrack/toFindings';
import { codeScanningAlertSchema, dependabotAlertSchema, secretScanningAlertSchema } from '../../src/backend/github/schemas';
import { codeScanningFinding, dependabotFinding, secretScanningFinding } from '../../src/backend/github/toFindings';
import type { SourceIndexer } from '../../src/engine/ports';
import { decodeUtf8 } from '../../src/host/nodeFileSystem';
import { fixturePath, sharedIndexer } from '../../src/test/fixtures';
import { nearValid, type NearValid } from './fuzz/nearValid';

// Issue 13, "Done when": every parser, fed near-valid mutations of the real fixtures with a fixed seed, lets no
// throw escape, answers each call within 2 s, and reads same-meaning variants of a file (a byte order mark, CRLF
// line endings, extra blank lines, minified or pretty JSON) into the same facts. Each target runs for a bounded
// time, so the whole suite stays around 20 s on two cores whatever the machine's load.

const seed = 13;
const numRuns = 60;
/** Per target: fast-check stops generating after this, keeping the run count it reached (the seed fixes which). */
const budgetMs = 900;
const maxCallMs = 2000;

/** One reader of one file kind: its seeds and the facts it reads from a text, as the engine would get them. */
interface Target {
  name: string;
  seeds: string[];
  isJson: boolean;
  read(text: string): unknown;
}

const fixture = (...segments: string[]): string => readFileSync(fixturePath(...segments), 'utf8');

/** Every file under a fixture folder whose name passes `accept`. */
function fixtures(folder: string[], accept: (name: string) => boolean): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const full = path.join(dir, name);
      return statSync(full).isDirectory() ? walk(full) : accept(name) ? [readFileSync(full, 'utf8')] : [];
    });
  return walk(fixturePath(...folder));
}

/** An ecosystem reading one file (at `file`) next to fixed companions: its graphs and problems. */
function ecosystemTarget(name: string, ecosystem: EcosystemIndexer, file: string, seeds: string[], isJson: boolean, companions: Record<string, string> = {}): Target {
  return {
    name,
    seeds,
    isJson,
    read(text) {
      const { graphs, problems } = ecosystem.buildGraphs(new Map([...Object.entries(companions), [file, text]]));
      return { graphs: snapshotGraphs(graphs), problems: problems.map((problem) => `${problem.path}:${problem.range?.start.line ?? ''} ${problem.message}`) };
    },
  };
}

/** A backend answer validated by its zod schema, as the API client validates it. */
function schemaTarget(name: string, schema: ZodType, seeds: string[], items?: ZodType): Target {
  return {
    name,
    seeds,
    isJson: true,
    read: (text) => withJson(text, (body) => {
      const page = schema.safeParse(body);
      if (!page.success) {
        return { issues: page.error.issues.length };
      }
      const findings = (page.data as { findings?: unknown[] }).findings;
      return { data: page.data, items: items && Array.isArray(findings) ? findings.map((item) => items.safeParse(item).success) : undefined };
    }),
  };
}

/** A JSON answer read by `read`, or 'not JSON' (what a client makes of a body it cannot parse). */
function withJson(text: string, read: (body: unknown) => unknown): unknown {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return 'not JSON';
  }
  return read(body);
}

/**
 * A page of a platform's list (DefectDojo findings, Dependency-Track findings, GitHub alerts) read item by item as
 * its adapter reads it: the findings made and the number of items refused.
 */
function platformPageTarget<T extends ZodType>(name: string, schema: T, toFinding: (item: ReturnType<T['parse']>) => unknown, seeds: string[]): Target {
  return {
    name,
    seeds,
    isJson: true,
    read: (text) => withJson(text, (items) => {
      if (!Array.isArray(items)) {
        return 'not a list';
      }
      const page = emptyPage();
      collectFindings(items, schema, (item) => toFinding(item as ReturnType<T['parse']>) as ReturnType<typeof emptyPage>['findings'][number], page, {
        what: name,
        firstIndex: 0,
        idOf: () => undefined,
      });
      return { findings: page.findings, refused: page.problems.length };
    }),
  };
}

/** The list at `pick` of every scenario of a fixture platform, pretty-printed as the platform would send it. */
function platformLists(platform: string, pick: (scenario: Record<string, unknown>) => unknown): string[] {
  return fixtures(['platforms', platform, 'scenarios'], (name) => name.endsWith('.json')).map((text) => JSON.stringify(pick(JSON.parse(text) as Record<string, unknown>), null, 2));
}

const gitHubRepository = (scenario: Record<string, unknown>): Record<string, unknown> =>
  Object.values(scenario.repositories as Record<string, Record<string, unknown>>)[0]!;
const gitHubContext = { sourceId: 'fuzz', repository: 'acme/node-shop' };
const dependencyTrackFindings = (scenario: Record<string, unknown>): unknown => Object.values(scenario.findings as Record<string, unknown>)[0];

let indexer: SourceIndexer;

/** A file read through the real indexer composition (tree-sitter, IaC readers, SARIF), at `file`. */
function indexerTarget(name: string, file: string, seeds: string[], isJson = false): Target {
  return { name, seeds, isJson, read: (text) => indexer.index(file, text) };
}

const node = { manifest: fixture('workspaces', 'node-express', 'package.json'), lock: fixture('workspaces', 'node-express', 'package-lock.json') };
const yarnClassic = fixture('workspaces', 'yarn-classic', 'package.json');
const pnpmRoot = fixture('workspaces', 'pnpm-workspace', 'package.json');
const flaskPyproject = fixture('workspaces', 'python-flask', 'pyproject.toml');

const targets: Target[] = [
  ecosystemTarget('package.json', npmEcosystem, 'package.json', fixtures(['workspaces'], (name) => name === 'package.json'), true),
  ecosystemTarget('package-lock.json', npmEcosystem, 'package-lock.json', [node.lock, fixture('workspaces', 'npm-monorepo', 'package-lock.json')], true, { 'package.json': node.manifest }),
  ecosystemTarget('yarn.lock (classic and berry)', npmEcosystem, 'yarn.lock', [fixture('workspaces', 'yarn-classic', 'yarn.lock'), fixture('workspaces', 'yarn-berry', 'yarn.lock')], false, { 'package.json': yarnClassic }),
  ecosystemTarget('pnpm-lock.yaml', npmEcosystem, 'pnpm-lock.yaml', [fixture('workspaces', 'pnpm-workspace', 'pnpm-lock.yaml')], false, { 'package.json': pnpmRoot }),
  ecosystemTarget('requirements.txt', pypiEcosystem, 'requirements.txt', fixtures(['workspaces', 'python-flask'], (name) => name.endsWith('.txt')), false),
  ecosystemTarget('pyproject.toml', pypiEcosystem, 'pyproject.toml', [flaskPyproject, fixture('fuzz', 'uv', 'pyproject.toml')], false),
  ecosystemTarget('poetry.lock', pypiEcosystem, 'poetry.lock', [fixture('workspaces', 'python-flask', 'poetry.lock')], false, { 'pyproject.toml': flaskPyproject }),
  ecosystemTarget('Pipfile', pypiEcosystem, 'Pipfile', [fixture('fuzz', 'pipenv', 'Pipfile')], false),
  ecosystemTarget('Pipfile.lock', pypiEcosystem, 'Pipfile.lock', [fixture('fuzz', 'pipenv', 'Pipfile.lock')], true, { Pipfile: fixture('fuzz', 'pipenv', 'Pipfile') }),
  ecosystemTarget('uv.lock', pypiEcosystem, 'uv.lock', [fixture('fuzz', 'uv', 'uv.lock')], false, { 'pyproject.toml': fixture('fuzz', 'uv', 'pyproject.toml') }),
  ecosystemTarget('go.mod', golangEcosystem, 'go.mod', [fixture('workspaces', 'go-service', 'go.mod')], false),
  ecosystemTarget('Gopkg.lock', golangEcosystem, 'Gopkg.lock', [fixture('workspaces', 'go-dep', 'Gopkg.lock')], false, { 'Gopkg.toml': fixture('workspaces', 'go-dep', 'Gopkg.toml') }),
  ecosystemTarget('go.sum', golangEcosystem, 'go.sum', [fixture('workspaces', 'go-service', 'go.sum')], false, { 'go.mod': fixture('workspaces', 'go-service', 'go.mod') }),
  ecosystemTarget('pom.xml', mavenEcosystem, 'pom.xml', fixtures(['workspaces', 'java-maven'], (name) => name === 'pom.xml'), false),
  ecosystemTarget('build.gradle.kts', mavenEcosystem, 'build.gradle.kts', [fixture('workspaces', 'java-maven', 'gradle', 'build.gradle.kts')], false),
  ecosystemTarget('build.gradle (Groovy)', mavenEcosystem, 'build.gradle', [fixture('fuzz', 'gradle', 'build.gradle')], false),
  ecosystemTarget('gradle.lockfile', mavenEcosystem, 'gradle.lockfile', [fixture('workspaces', 'java-maven', 'gradle', 'gradle.lockfile')], false, { 'build.gradle.kts': fixture('workspaces', 'java-maven', 'gradle', 'build.gradle.kts') }),
  indexerTarget('SARIF reports', 'reports/scan.sarif', fixtures(['sarif'], (name) => name.endsWith('.sarif')), true),
  { name: 'OSV records', seeds: fixtures(['osv', 'records'], (name) => name.endsWith('.json')), isJson: true, read: (text) => parseOsvRecord(text, 'osv/record.json', { source: 'fuzz' }) },
  indexerTarget('Kubernetes YAML', 'deploy/app.yaml', [...fixtures(['workspaces', 'k8s-manifests'], (name) => name.endsWith('.yaml')), fixture('iac', 'node-shop-k8s.yaml')]),
  indexerTarget('Compose YAML', 'docker-compose.yml', [fixture('iac', 'docker-compose.yml')]),
  indexerTarget('Terraform (HCL)', 'infra/main.tf', fixtures(['workspaces', 'terraform-aws'], (name) => name.endsWith('.tf'))),
  indexerTarget('Dockerfile', 'Dockerfile', [fixture('iac', 'Dockerfile')]),
  { name: '.aspm/policy.yaml', seeds: fixtures(['workspaces'], (name) => name === 'policy.yaml'), isJson: false, read: (text) => parsePolicyFile(text, '.aspm/policy.yaml') },
  { name: '.aspm/ignore.yaml', seeds: [fixture('fuzz', 'aspm', 'ignore.yaml')], isJson: false, read: (text) => parseIgnoreFile(text, '.aspm/ignore.yaml') },
  schemaTarget('backend: services', servicesResponseSchema, fixtures(['backend', 'scenarios'], (name) => name === 'services.json')),
  schemaTarget('backend: findings pages', findingsPageSchema, fixtures(['backend', 'scenarios'], (name) => /^svc-.*\.json$/.test(name)).filter((text) => text.trimStart().startsWith('[')).map((text) => `{"findings": ${text}, "nextCursor": null}`), findingSchema),
  schemaTarget('backend: exposure', exposureSchema, fixtures(['backend', 'scenarios'], (name) => /^svc-.*\.json$/.test(name)).filter((text) => text.trimStart().startsWith('{'))),
  platformPageTarget('DefectDojo: findings', defectDojo.findingSchema, (dto) => defectDojoFinding(dto, { sourceId: 'fuzz', source: 'defectdojo', base: new URL('https://dd.example/') }), platformLists('defectdojo', (scenario) => scenario.findings)),
  platformPageTarget('Dependency-Track: findings', dependencyTrack.findingSchema, (dto) => dependencyTrackFinding(dto, { sourceId: 'fuzz', source: 'dependency-track' }), platformLists('dependency-track', dependencyTrackFindings)),
  platformPageTarget('GitHub: Dependabot alerts', dependabotAlertSchema, (dto) => dependabotFinding(dto, gitHubContext), platformLists('github', (scenario) => gitHubRepository(scenario).dependabot)),
  platformPageTarget('GitHub: code scanning alerts', codeScanningAlertSchema, (dto) => codeScanningFinding(dto, gitHubContext), platformLists('github', (scenario) => gitHubRepository(scenario).codeScanning)),
  platformPageTarget('GitHub: secret scanning alerts', secretScanningAlertSchema, (dto) => secretScanningFinding(dto, gitHubContext), platformLists('github', (scenario) => gitHubRepository(scenario).secretScanning)),
  schemaTarget('backend: policies', policiesResponseSchema, fixtures(['backend', 'scenarios'], (name) => name === 'policies.json')),
];

/** Reads a text as the engine gets it from disk (UTF-8 bytes, decoded), timing the call. */
async function readTimed(target: Target, bytes: Buffer): Promise<unknown> {
  const started = performance.now();
  const facts = await target.read(decodeUtf8(bytes));
  const ms = performance.now() - started;
  assert.ok(ms < maxCallMs, `${target.name}: one call took ${Math.round(ms)} ms`);
  return JSON.parse(JSON.stringify(facts ?? null)) as unknown;
}

const utf8 = (text: string): Buffer => Buffer.from(text, 'utf8');
const bom = Buffer.from([0xef, 0xbb, 0xbf]);

/** The same text with CRLF line endings; facts then differ only in the line ending a fix would insert. */
const withCrlf = (text: string): string => text.replace(/\r?\n/g, '\r\n');

/**
 * The same meaning laid out differently: JSON minified or pretty-printed, other formats with blank lines added.
 * Undefined where no such variant exists (text that is not JSON, duplicate keys that a re-print would merge).
 */
function relaidOut(text: string, isJson: boolean): string | undefined {
  if (!isJson) {
    return `${text}\n\n\n`;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  return hasDuplicateKeys(text) ? undefined : /^\s*[[{]\s*\n/.test(text) ? JSON.stringify(value) : JSON.stringify(value, null, 4);
}

function hasDuplicateKeys(json: string): boolean {
  const open: Set<string>[] = [];
  let isDuplicate = false;
  visit(json, {
    onObjectBegin: () => void open.push(new Set()),
    onObjectEnd: () => void open.pop(),
    onObjectProperty: (key) => {
      const keys = open.at(-1);
      isDuplicate ||= keys?.has(key) === true;
      keys?.add(key);
    },
  });
  return isDuplicate;
}

/**
 * Facts as a variant must keep them. Problems are counted, not read: a parser's message for broken input names the
 * character or offset it stopped at, which a line ending or a layout moves.
 */
function comparable(facts: unknown, options: { drop: ReadonlySet<string>; text: (value: string) => string }): unknown {
  return JSON.parse(JSON.stringify(facts), (key, value: unknown) => {
    if (options.drop.has(key)) {
      return undefined;
    }
    if (key === 'problems' && Array.isArray(value)) {
      return value.length;
    }
    return typeof value === 'string' ? options.text(value) : value;
  });
}

/** What a line ending changes by design: the `eol` of inserted fix lines, CRs inside quoted text. */
const crlfNeutral = { drop: new Set(['eol']), text: (value: string) => value.replace(/\r\n/g, '\n') };

/** What a layout changes by design: positions, and the text edits of fixes, which are made for one layout. */
const positionFree = {
  drop: new Set(['range', 'ranges', 'line', 'character', 'startLine', 'endLine', 'startColumn', 'endColumn', 'position', 'declaredAt', 'anchor', 'snippet', 'edits', 'eol']),
  text: (value: string) => value.replace(/([\w./-]+):\d+\b/g, '$1').replace(/\b(line|position|column) \d+/g, '$1'),
};

suite('parsers under near-valid input (property-based, fixed seed)', function () {
  this.timeout(20_000);

  suiteSetup(async () => {
    indexer = await sharedIndexer();
  });

  for (const target of targets) {
    test(`${target.name}: no throw, no call over 2 s, same facts for BOM, CRLF and layout variants`, async () => {
      assert.ok(target.seeds.length > 0, 'the target has seeds');
      const check = async ({ text }: NearValid): Promise<void> => {
        const plain = text.replace(/^\ufeff/, '');
        const facts = await readTimed(target, utf8(plain));
        assert.deepEqual(await readTimed(target, Buffer.concat([bom, utf8(plain)])), facts, 'with a byte order mark');
        const lf = await readTimed(target, utf8(plain.replace(/\r\n/g, '\n')));
        assert.deepEqual(comparable(await readTimed(target, utf8(withCrlf(plain))), crlfNeutral), comparable(lf, crlfNeutral), 'with CRLF line endings');
        const relaid = relaidOut(plain, target.isJson);
        if (relaid !== undefined) {
          assert.deepEqual(comparable(await readTimed(target, utf8(relaid)), positionFree), comparable(facts, positionFree), 'laid out differently');
        }
      };
      // The seeds themselves first, then their near-valid variants.
      for (const [index, text] of target.seeds.entries()) {
        await check({ seed: index, edits: [], text });
      }
      await fc.assert(fc.asyncProperty(nearValid(target.seeds, target.isJson), check), { seed, numRuns, interruptAfterTimeLimit: budgetMs, markInterruptAsFailure: false });
    });
  }
});
