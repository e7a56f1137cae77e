import { strict as assert } from 'node:assert';
import { planSettingsChange, type FolderSettings, type SettingsPlan } from './folderSettings';

const base: FolderSettings = {
  repository: '',
  sarif: { paths: ['**/*.sarif'] },
  index: { includeIgnored: [] },
  osv: { path: '', url: '' },
  backend: { url: 'https://aspm.example', timeoutMs: 15000, caCertificates: [] },
  configuredSources: [{ kind: 'aspm', url: 'https://aspm.example' }],
  diagnostics: { scope: 'all' },
};

const nothing: SettingsPlan = { reindex: false, reloadAdvisories: false, refreshBaseline: false, clearBackendData: false, repull: false };
const otherBackend = { backend: { ...base.backend, url: 'https://other.example' }, configuredSources: [{ kind: 'aspm' as const, url: 'https://other.example' }] };

suite('engine/folderSettings: the plan of a settings change', () => {
  const cases: { name: string; change: Partial<FolderSettings>; expect: Partial<SettingsPlan> }[] = [
    { name: 'nothing the service reads', change: {}, expect: {} },
    { name: 'the repository identity re-indexes (which covers every other step)', change: { repository: 'github.com/acme/shop', ...otherBackend }, expect: { reindex: true } },
    { name: 'report globs re-index', change: { sarif: { paths: ['reports/*.sarif'] } }, expect: { reindex: true } },
    { name: 'ignored folders re-index', change: { index: { includeIgnored: ['vendor'] } }, expect: { reindex: true } },
    { name: 'the OSV folder reloads advisories', change: { osv: { path: 'osv', url: '' } }, expect: { reloadAdvisories: true } },
    { name: 'another backend forgets its data and pulls', change: otherBackend, expect: { clearBackendData: true, repull: true } },
    { name: 'another source list pulls without forgetting', change: { configuredSources: [...base.configuredSources, { kind: 'github', url: 'https://api.github.com' }] }, expect: { repull: true } },
    { name: 'new-code mode reads the base of the branch', change: { diagnostics: { scope: 'changed' } }, expect: { refreshBaseline: true } },
    // Issue 10: the old `else if` chain reloaded the advisories and skipped clearing the other backend's data.
    { name: 'OSV and backend in one edit: both steps', change: { osv: { path: 'osv', url: '' }, ...otherBackend }, expect: { reloadAdvisories: true, clearBackendData: true, repull: true } },
    { name: 'OSV, scope and backend in one edit: every step', change: { osv: { path: '', url: 'https://osv.example' }, diagnostics: { scope: 'changed' }, ...otherBackend }, expect: { reloadAdvisories: true, refreshBaseline: true, clearBackendData: true, repull: true } },
    { name: 'the CA certificates without an OSV API: the backend only', change: { backend: { ...base.backend, caCertificates: ['ca.pem'] } }, expect: { clearBackendData: true, repull: true } },
  ];
  for (const { name, change, expect } of cases) {
    test(name, () => {
      assert.deepEqual(planSettingsChange(base, { ...base, ...change }), { ...nothing, ...expect });
    });
  }

  test('the CA certificates reload OSV API advisories, not an OSV folder', () => {
    const withApi = { ...base, osv: { path: '', url: 'https://osv.example' } };
    assert.equal(planSettingsChange(withApi, { ...withApi, backend: { ...base.backend, caCertificates: ['ca.pem'] } }).reloadAdvisories, true);
    const withFolder = { ...base, osv: { path: 'osv', url: '' } };
    assert.equal(planSettingsChange(withFolder, { ...withFolder, backend: { ...base.backend, caCertificates: ['ca.pem'] } }).reloadAdvisories, false);
  });
});
