import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { defaultSettings, flattenSettingDefaults, parseSettings, restrictedSettingKeys } from '../../../shared/src/settings';

type ConfigurationSection = { properties: Record<string, { default?: unknown; scope?: string }> };

const manifest = JSON.parse(readFileSync(path.resolve(__dirname, '../../../../package.json'), 'utf8')) as {
  contributes: { configuration: ConfigurationSection[] };
  capabilities: { untrustedWorkspaces: { restrictedConfigurations: string[] } };
};
const declared = Object.assign({}, ...manifest.contributes.configuration.map((section) => section.properties)) as ConfigurationSection['properties'];

suite('shared/settings', () => {
  test('every server setting is declared in package.json with the same default', () => {
    for (const [key, value] of Object.entries(flattenSettingDefaults())) {
      assert.ok(declared[key], `${key} declared in contributes.configuration`);
      assert.deepEqual(declared[key]?.default, value, `${key} default`);
    }
  });

  test('the backend URL cannot be set by a workspace', () => {
    assert.ok(['machine', 'application'].includes(declared['aspm.backend.url']?.scope ?? ''));
  });

  test('the settings the CLI ignores in a scanned repository are the ones VS Code restricts in untrusted workspaces', () => {
    assert.deepEqual([...restrictedSettingKeys].sort(), [...manifest.capabilities.untrustedWorkspaces.restrictedConfigurations].sort());
  });

  test('invalid values fall back to their own default and are reported, valid ones are kept', () => {
    const { settings, problems } = parseSettings({ backend: { url: 'https://aspm.example', timeoutMs: 'soon' }, diagnostics: { minPriority: 250, showUnreachable: true } });
    assert.equal(settings.backend.url, 'https://aspm.example');
    assert.equal(settings.backend.timeoutMs, defaultSettings.backend.timeoutMs);
    assert.equal(settings.diagnostics.minPriority, defaultSettings.diagnostics.minPriority);
    assert.equal(settings.diagnostics.showUnreachable, true);
    assert.equal(problems.length, 2);
    assert.ok(problems.some((problem) => problem.startsWith('aspm.diagnostics.minPriority')));
  });

  test('missing or null settings give the defaults', () => {
    assert.deepEqual(parseSettings(null).settings, defaultSettings);
    assert.deepEqual(parseSettings(undefined).settings, defaultSettings);
  });
});
