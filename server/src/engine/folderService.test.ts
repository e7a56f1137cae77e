import { strict as assert } from 'node:assert';
import { fixtureFileSystem, fixturePath, sharedIndexer } from '../test/fixtures';
import { FolderService, type FolderChange } from './folderService';
import type { FolderSettings } from './folderSettings';
import type { FolderHost, Logger, OutboxStore } from './ports';
import type { SourceConfig } from './sourcePorts';
import { WorkspaceEngine } from './workspaceEngine';

const quietLog: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
const emptyOutbox: OutboxStore = { add: () => Promise.resolve(), pending: () => Promise.resolve([]), flush: () => Promise.resolve({ sent: 0, dropped: [] }) };
const folderUri = 'file:///work/node-express';

const settingsWith = (backendUrl: string, osvPath: string): FolderSettings => ({
  repository: 'github.com/acme/node-express',
  sarif: { paths: ['**/*.sarif'] },
  index: { includeIgnored: [] },
  osv: { path: osvPath, url: '' },
  backend: { url: backendUrl, timeoutMs: 15000, caCertificates: [] },
  configuredSources: [{ kind: 'aspm', url: backendUrl }],
  diagnostics: { scope: 'all' },
});

/** A service over the node-express fixture (in memory, real indexer) whose ports record what they were asked. */
async function serviceOver(settings: () => FolderSettings): Promise<{ service: FolderService; calls: string[]; changes: FolderChange[] }> {
  const calls: string[] = [];
  const indexer = await sharedIndexer();
  const host: FolderHost = {
    openWorkspace: (_uri, options) => {
      calls.push(`open ${options.explicitRepository ?? ''}`);
      const engine = new WorkspaceEngine({ fs: fixtureFileSystem(fixturePath('workspaces', 'node-express')), indexer, log: quietLog, now: () => new Date('2026-12-01T00:00:00Z') });
      const clear = engine.clearBackendData.bind(engine);
      engine.clearBackendData = () => {
        calls.push('clearBackendData');
        clear();
      };
      return Promise.resolve({
        engine,
        fsPath: '/work/node-express',
        repoRoot: '/work/node-express',
        uriOf: (relative) => `${folderUri}/${relative}`,
        pathOf: (uri) => (uri.startsWith(`${folderUri}/`) ? uri.slice(folderUri.length + 1) : undefined),
        realPathOf: (relative) => Promise.resolve(relative),
        startWorkers: () => ({ indexer, started: () => 0, dispose: () => Promise.resolve() }),
        isIgnoreRules: () => false,
        isInstalledPackagesSource: () => false,
        loadInstalledPackages: () => Promise.resolve(),
      });
    },
    confineSettingPath: (folder, _key, value) => Promise.resolve({ path: `${folder}/${value}` }),
    globsOutside: () => [],
    loadCaCertificates: () => Promise.resolve({ problems: [] }),
    loadOsvFolder: (dir) => {
      calls.push(`osv ${dir}`);
      return Promise.resolve({ advisories: [], problems: [] });
    },
    queryOsvApi: () => Promise.reject(new Error('not used')),
    checkSourceToken: () => Promise.reject(new Error('not used')),
    openSources: (configs: readonly SourceConfig[]) => {
      calls.push(`sources ${configs.map((config) => config.url).join(',')}`);
      return Promise.resolve({ sources: [], problems: [] });
    },
    defaultBaseRef: () => Promise.resolve(undefined),
    baselineSource: () => {
      throw new Error('not used');
    },
  };
  const service = new FolderService({
    host,
    log: quietLog,
    now: () => new Date('2026-12-01T00:00:00Z'),
    settingsOf: () => Promise.resolve(settings()),
    isTrusted: () => true,
    tokenOf: () => 'token',
    proxy: () => undefined,
    openDocuments: () => [],
    storage: { outbox: emptyOutbox },
  });
  const changes: FolderChange[] = [];
  service.onDidChange((change) => void changes.push(change));
  service.setFolders([folderUri]);
  return { service, calls, changes };
}

suite('engine/folderService: one folder lifecycle for the editor and the CLI', function () {
  this.timeout(60_000);

  test('opening indexes the folder, reads its advisories, pulls its sources and says so', async () => {
    const { service, calls, changes } = await serviceOver(() => settingsWith('https://a.example', 'osv'));
    await service.openAll();
    assert.deepEqual(calls, ['open github.com/acme/node-express', 'osv /work/node-express/osv', 'sources https://a.example']);
    assert.ok(service.sessionOf(folderUri)?.isIndexed);
    assert.ok(service.sessionOfDocument(`${folderUri}/package.json`));
    assert.ok(changes.includes('findings') && changes.includes('status'), changes.join(','));
  });

  // Issue 10: changing `aspm.osv` and `aspm.backend` in one edit used to skip forgetting the other backend's data.
  test('an edit of the OSV folder and the backend together reloads advisories, forgets the old data and pulls the new backend', async () => {
    let current = settingsWith('https://a.example', 'osv');
    const { service, calls } = await serviceOver(() => current);
    await service.openAll();
    calls.length = 0;
    const previous = current;
    current = settingsWith('https://b.example', 'advisories');
    const plan = await service.applySettings(folderUri, previous, current);
    assert.deepEqual(plan, { reindex: false, reloadAdvisories: true, refreshBaseline: false, clearBackendData: true, repull: true });
    assert.deepEqual(calls, ['osv /work/node-express/advisories', 'clearBackendData', 'sources https://b.example']);
  });

  test('an edit of the repository indexes the folder again instead', async () => {
    let current = settingsWith('https://a.example', '');
    const { service, calls } = await serviceOver(() => current);
    await service.openAll();
    calls.length = 0;
    const previous = current;
    current = { ...current, repository: 'github.com/acme/other' };
    assert.equal((await service.applySettings(folderUri, previous, current))?.reindex, true);
    assert.deepEqual(calls, ['open github.com/acme/other', 'sources https://a.example']);
    assert.equal(service.sessionOf(folderUri)?.repository, 'github.com/acme/other');
  });
});
