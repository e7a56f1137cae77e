import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { ExportResult } from '../../../shared/src/dto';
import { ExportRequest } from '../../../shared/src/protocol';
import type { FixtureBackend } from '../../../test-fixtures/backend/fixtureBackend';
import { runCli } from './cliRunner';
import { copyWorkspace, LspTestClient, workspaceOsvPath } from './lspTestClient';
import { startBackend } from './testBackend';

// Issue 10: the editor and the CLI must give the same answers. Every sample workspace is analysed twice with the
// same settings (its own .vscode/settings.json, the local OSV records, the fixture backend scenario of its
// repository when there is one): once by `aspm scan`, once by the language server over LSP. Both export the
// analysis as CycloneDX, whose vulnerabilities carry each finding's id, service, reachability tier, VEX state and
// priority score; the two lists must be equal.

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
      return [vulnerability.id, property('aspm:finding:id'), property('aspm:service'), property('aspm:reachability'), vulnerability.analysis?.state ?? '-', vulnerability.analysis?.justification ?? '-', scores].join(' | ');
    })
    .sort();
}

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

suite('editor and CLI parity: the same findings, tiers, VEX states and priorities on every sample workspace (issue 10)', function () {
  this.timeout(600_000);
  const scenarios = scenarioByRepository();
  const workspaces = readdirSync(path.join(fixtures, 'workspaces')).filter((name) => statSync(path.join(fixtures, 'workspaces', name)).isDirectory());

  /** Per workspace: the CLI's verdicts and the editor's, or why one side failed. */
  const results = new Map<string, { expected: Verdict[]; actual: Verdict[] | undefined } | Error>();

  suiteSetup(async () => {
    // Two workspaces at a time: each is a CLI process and a server of its own, mostly starting index workers.
    const queue = [...workspaces];
    await Promise.all([1, 2].map(async () => {
      for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
        results.set(name, await compare(name).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error)))));
      }
    }));
  });

  async function compare(name: string): Promise<{ expected: Verdict[]; actual: Verdict[] | undefined }> {
    const workspace = copyWorkspace(name, { withOsvRecords: true });
    let backend: FixtureBackend | undefined;
    let client: LspTestClient | undefined;
    try {
      const settingsFile = path.join(workspace.dir, '.vscode', 'settings.json');
      const flat = existsSync(settingsFile) ? (JSON.parse(readFileSync(settingsFile, 'utf8')) as Record<string, unknown>) : {};
      const repository = typeof flat['aspm.repository'] === 'string' ? flat['aspm.repository'] : undefined;
      const scenario = repository ? scenarios.get(repository) : undefined;
      backend = scenario ? await startBackend(scenario) : undefined;
      const osvFolder = path.join(workspace.dir, workspaceOsvPath);

      const cli = await runCli(['scan', workspace.dir, '--trust-workspace-settings', '--osv', osvFolder, '--format', 'cyclonedx', ...(backend ? ['--backend', backend.url] : [])], backend ? {} : { ASPM_BACKEND_URL: '' });
      if (!cli.stdout.startsWith('{')) {
        throw new Error(`${name}: the CLI wrote no BOM (exit ${cli.code}): ${cli.stderr}`);
      }
      const expected = verdictsOf(cli.stdout);

      const settings = { ...nestedSettings(flat), osv: { path: workspaceOsvPath }, ...(backend ? { backend: { url: backend.url, timeoutMs: 5000 } } : {}) };
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
      return { expected, actual };
    } finally {
      await client?.stop();
      await backend?.close();
      workspace.dispose();
    }
  }

  test('every sample workspace was compared, and most have findings to compare', () => {
    assert.ok(workspaces.length >= 20, workspaces.join(', '));
    const withFindings = [...results.values()].filter((result) => !(result instanceof Error) && result.expected.length > 0);
    assert.ok(withFindings.length >= workspaces.length * 0.75, `${withFindings.length} of ${workspaces.length} workspaces have findings`);
    const tiers = new Set([...results.values()].flatMap((result) => (result instanceof Error ? [] : result.expected.map((verdict) => verdict.split(' | ')[3]))));
    for (const tier of ['symbol-called', 'imported', 'declared', 'unknown']) {
      assert.ok(tiers.has(tier), `${tier} in ${[...tiers].join(', ')}`);
    }
  });

  for (const name of workspaces) {
    test(name, () => {
      const result = results.get(name);
      if (result instanceof Error || result === undefined) {
        throw result ?? new Error(`${name} was not compared`);
      }
      assert.deepEqual(result.actual, result.expected, `${name}: the editor's verdicts differ from the CLI's`);
    });
  }
});
