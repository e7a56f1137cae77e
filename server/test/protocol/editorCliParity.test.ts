import { strict as assert } from 'node:assert';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { ExportResult } from '../../../shared/src/dto';
import { ExportRequest } from '../../../shared/src/protocol';
import type { FixtureBackend } from '../../../test-fixtures/backend/fixtureBackend';
import { privateCertificate, startOsvMirror, type OsvMirror, type PrivateCertificate } from '../../src/test/networkFixtures';
import { runCli } from './cliRunner';
import { copyWorkspace, LspTestClient, workspaceOsvPath } from './lspTestClient';
import { startBackend } from './testBackend';

// Issue 10: the editor and the CLI must give the same answers. Every sample workspace is analysed twice with the
// same settings, each side reading them through its own channel: once by `aspm scan` (the folder's
// .vscode/settings.json, trusted, and flags for what only a machine may set), once by the language server over LSP
// (`workspace/configuration`). Both export the analysis as CycloneDX, whose vulnerabilities carry each finding's id,
// service, reachability tier, VEX state, priority score and whether it is surfaced or why not; the two lists must
// be equal. The settings vary by workspace (see `profileOf`): the fixture backend scenario of its repository when
// there is one, OSV advisories from a local folder or from an OSV API mirror over HTTPS behind a private CA, the
// default or a stricter minimum priority, and the sample's virtualenv where it has one.

const fixtures = path.resolve(__dirname, '../../../../test-fixtures');

/** A finding as both sides export it: what a user would compare between the editor and CI. */
type Verdict = string;

interface BomVulnerability {
  id: string;
  analysis?: { state?: string; justification?: string };
  ratings?: { score?: number; method?: string; source?: { name?: string } }[];
  properties?: { name: string; value: string }[];
  affects?: { ref: string }[];
}

function verdictsOf(bomText: string): Verdict[] {
  const bom = JSON.parse(bomText) as { vulnerabilities?: BomVulnerability[] };
  return (bom.vulnerabilities ?? [])
    .map((vulnerability) => {
      const property = (name: string): string => vulnerability.properties?.find((candidate) => candidate.name === name)?.value ?? '-';
      const scores = (vulnerability.ratings ?? []).map((rating) => `${rating.method ?? ''}:${rating.score ?? ''}`).sort().join(',');
      const shown = property('aspm:surfaced') === 'true' ? 'surfaced' : property('aspm:filtered');
      return [vulnerability.id, property('aspm:finding:id'), property('aspm:service'), property('aspm:reachability'), vulnerability.analysis?.state ?? '-', vulnerability.analysis?.justification ?? '-', scores, shown].join(' | ');
    })
    .sort();
}

/** Where the advisories come from and which minimum priority applies. */
interface Profile {
  osv: 'folder' | 'api';
  /** Written to the workspace's settings file (a restricted key: the CLI reads it as it is trusted); else the default. */
  minPriority?: number;
}

/** A stricter minimum than the default (40): findings between the two are filtered on both sides, or on neither. */
const strictMinPriority = 70;

/** Every other workspace asks the OSV API mirror and filters below {@link strictMinPriority}; the others read the OSV folder. */
function profileOf(index: number): Profile {
  return index % 2 === 0 ? { osv: 'folder' } : { osv: 'api', minPriority: strictMinPriority };
}

/** What the virtualenv of a sample changes, so its use by both sides shows: a finding's tier (see its README). */
const virtualenvEffects: Record<string, { findingId: string; tier: string }> = {
  'python-django': { findingId: 'f-sqlparse-1', tier: 'imported' },
};

/** The workspace's `aspm.*` settings file as the nested object the server asks for with `workspace/configuration`. */
function nestedSettings(flat: Record<string, unknown>): Record<string, unknown> {
  const nested: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(flat)) {
    const parts = key.replace(/^aspm\./, '').split('.');
    let at = nested;
    for (const part of parts.slice(0, -1)) {
      at = (at[part] ??= {}) as Record<string, unknown>;
    }
    at[parts.at(-1)!] = value;
  }
  return nested;
}

function scenarioByRepository(): Map<string, string> {
  const scenarios = path.join(fixtures, 'backend', 'scenarios');
  const byRepository = new Map<string, string>();
  for (const scenario of readdirSync(scenarios)) {
    const file = path.join(scenarios, scenario, 'services.json');
    if (!existsSync(file)) {
      continue;
    }
    for (const service of (JSON.parse(readFileSync(file, 'utf8')) as { services: { repository: string }[] }).services) {
      if (!byRepository.has(service.repository)) {
        byRepository.set(service.repository, scenario);
      }
    }
  }
  return byRepository;
}

/** One workspace compared: the CLI's verdicts and the editor's, and how often each side asked the OSV mirror. */
interface Comparison {
  profile: Profile;
  expected: Verdict[];
  actual: Verdict[] | undefined;
  cliOsvQueries: number;
  serverOsvQueries: number;
}

suite('editor and CLI parity: the same findings, tiers, VEX states and priorities on every sample workspace, under the same settings (issue 10)', function () {
  this.timeout(600_000);
  const scenarios = scenarioByRepository();
  const workspaces = readdirSync(path.join(fixtures, 'workspaces')).filter((name) => statSync(path.join(fixtures, 'workspaces', name)).isDirectory());
  const osvRecordIds = new Set(readdirSync(path.join(fixtures, 'osv', 'records'), { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.json')).map((file) => path.basename(file, '.json')));

  /** Per workspace: the comparison, or why one side failed. */
  const results = new Map<string, Comparison | Error>();
  let certificate: PrivateCertificate;
  let mirror: OsvMirror;

  suiteSetup(async () => {
    certificate = privateCertificate();
    mirror = await startOsvMirror(certificate, path.join(fixtures, 'osv', 'records'));
    // Two workspaces at a time: each is a CLI process and a server of its own, mostly starting index workers.
    const queue = workspaces.map((name, index) => ({ name, profile: profileOf(index) }));
    await Promise.all([1, 2].map(async () => {
      for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
        const { name, profile } = next;
        results.set(name, await compare(name, profile).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error)))));
      }
    }));
  });

  suiteTeardown(async () => {
    await mirror?.close();
    certificate?.dispose();
  });

  /** The workspace's settings file with the profile's minimum priority, written back into the copy (both sides read it). */
  function prepareSettings(dir: string, profile: Profile): Record<string, unknown> {
    const settingsFile = path.join(dir, '.vscode', 'settings.json');
    const flat = existsSync(settingsFile) ? (JSON.parse(readFileSync(settingsFile, 'utf8')) as Record<string, unknown>) : {};
    if (profile.minPriority !== undefined) {
      flat['aspm.diagnostics.minPriority'] = profile.minPriority;
      mkdirSync(path.dirname(settingsFile), { recursive: true });
      writeFileSync(settingsFile, JSON.stringify(flat, null, 2));
    }
    return flat;
  }

  async function compare(name: string, profile: Profile): Promise<Comparison> {
    const workspace = copyWorkspace(name, { withOsvRecords: profile.osv === 'folder' });
    let backend: FixtureBackend | undefined;
    let client: LspTestClient | undefined;
    try {
      if (existsSync(path.join(fixtures, 'virtualenvs', name))) {
        cpSync(path.join(fixtures, 'virtualenvs', name), path.join(workspace.dir, '.venv'), { recursive: true });
      }
      const flat = prepareSettings(workspace.dir, profile);
      const repository = typeof flat['aspm.repository'] === 'string' ? flat['aspm.repository'] : undefined;
      const scenario = repository ? scenarios.get(repository) : undefined;
      backend = scenario ? await startBackend(scenario) : undefined;
      // The mirror under a path of this workspace's own, so its queries are counted apart.
      const osvUrl = `${mirror.url}/${name}/`;
      const osvQueries = (): number => mirror.requests.filter((request) => request === `POST /${name}/v1/querybatch`).length;

      // Machine-scoped settings (the OSV URL, the CA) are flags for the CLI; it never reads them from the folder.
      const osvFlags = profile.osv === 'folder' ? ['--osv', path.join(workspace.dir, workspaceOsvPath)] : ['--osv-url', osvUrl, '--ca-certificate', certificate.certPath];
      const cli = await runCli(['scan', workspace.dir, '--trust-workspace-settings', ...osvFlags, '--format', 'cyclonedx', ...(backend ? ['--backend', backend.url] : [])], backend ? {} : { ASPM_BACKEND_URL: '' });
      if (!cli.stdout.startsWith('{')) {
        throw new Error(`${name}: the CLI wrote no BOM (exit ${cli.code}): ${cli.stderr}`);
      }
      const expected = verdictsOf(cli.stdout);
      const cliOsvQueries = osvQueries();

      const osv = profile.osv === 'folder' ? { path: workspaceOsvPath } : { url: osvUrl };
      const caCertificates = profile.osv === 'api' ? [certificate.certPath] : [];
      const settings = { ...nestedSettings(flat), osv, backend: { url: backend?.url ?? '', timeoutMs: 5000, caCertificates } };
      client = await LspTestClient.start({ workspaceUri: workspace.uri, settings, token: backend ? 'fixture-token' : null });
      // The server answers once the folder is indexed and its sources have answered; until then, the export says
      // so or holds fewer findings. The last answer within the time limit is compared.
      let actual: Verdict[] | undefined;
      const started = Date.now();
      while (Date.now() - started < 60_000) {
        const result = await client.connection.sendRequest<ExportResult>(ExportRequest.method, { folderUri: workspace.uri, format: 'cyclonedx' });
        actual = 'content' in result ? verdictsOf(result.content) : undefined;
        if (actual && actual.join('\n') === expected.join('\n')) {
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      return { profile, expected, actual, cliOsvQueries, serverOsvQueries: osvQueries() - cliOsvQueries };
    } finally {
      await client?.stop();
      await backend?.close();
      workspace.dispose();
    }
  }

  const compared = (): [string, Comparison][] => [...results.entries()].flatMap(([name, result]) => (result instanceof Error ? [] : [[name, result] as [string, Comparison]]));
  const field = (verdict: Verdict, index: number): string => verdict.split(' | ')[index]!;

  test('every sample workspace was compared, and most have findings to compare', () => {
    assert.ok(workspaces.length >= 20, workspaces.join(', '));
    const withFindings = compared().filter(([, result]) => result.expected.length > 0);
    assert.ok(withFindings.length >= workspaces.length * 0.75, `${withFindings.length} of ${workspaces.length} workspaces have findings`);
    const tiers = new Set(compared().flatMap(([, result]) => result.expected.map((verdict) => field(verdict, 3))));
    for (const tier of ['symbol-called', 'imported', 'declared', 'unknown']) {
      assert.ok(tiers.has(tier), `${tier} in ${[...tiers].join(', ')}`);
    }
  });

  test('the OSV API mirror, trusted through its private CA, answered both sides wherever it was set, and its advisories are compared', () => {
    const overApi = compared().filter(([, result]) => result.profile.osv === 'api');
    for (const [name, result] of overApi) {
      assert.equal(result.cliOsvQueries > 0, result.serverOsvQueries > 0, `${name}: the CLI asked the mirror ${result.cliOsvQueries} times, the server ${result.serverOsvQueries}`);
    }
    const asked = overApi.filter(([, result]) => result.cliOsvQueries > 0).map(([name]) => name);
    assert.ok(asked.length >= 3, `workspaces that asked the mirror: ${asked.join(', ')}`);
    const advisories = new Set(overApi.flatMap(([, result]) => result.expected.map((verdict) => field(verdict, 0)).filter((id) => osvRecordIds.has(id))));
    assert.ok(advisories.size >= 2, `OSV advisories from the mirror: ${[...advisories].join(', ')}`);
  });

  test(`the stricter minimum priority (${strictMinPriority}) filtered on both sides where it was set, the default (40) elsewhere`, () => {
    const thresholds = (profile: Profile['osv']): Set<string> =>
      new Set(compared().flatMap(([, result]) => (result.profile.osv === profile ? result.expected.flatMap((verdict) => /below the minimum (\d+)/.exec(field(verdict, 7))?.[1] ?? []) : [])));
    assert.deepEqual([...thresholds('api')], [String(strictMinPriority)]);
    assert.deepEqual([...thresholds('folder')], ['40']);
  });

  test('a sample\'s virtualenv, copied to .venv, decides its verdicts on both sides', () => {
    for (const [name, effect] of Object.entries(virtualenvEffects)) {
      const result = results.get(name);
      assert.ok(result && !(result instanceof Error), `${name} was compared`);
      const verdict = result.expected.find((candidate) => field(candidate, 1) === effect.findingId);
      assert.equal(verdict && field(verdict, 3), effect.tier, `${name}: ${verdict}`);
    }
  });

  workspaces.forEach((name, index) => {
    const profile = profileOf(index);
    test(`${name} (OSV ${profile.osv === 'folder' ? 'folder' : 'API over HTTPS'}, minimum priority ${profile.minPriority ?? 'default'})`, () => {
      const result = results.get(name);
      if (result instanceof Error || result === undefined) {
        throw result ?? new Error(`${name} was not compared`);
      }
      assert.deepEqual(result.actual, result.expected, `${name}: the editor's verdicts differ from the CLI's`);
    });
  });
});
