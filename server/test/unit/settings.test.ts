import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { configuredSources, defaultSettings, flattenSettingDefaults, parseSettings, restrictedSettingKeys, sourceKindNames, sourceSettingId } from '../../../shared/src/settings';
import { sourceIdOf, sourceKinds } from '../../src/engine/ports';

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

  test('the backend URL and the sources cannot be set by a workspace', () => {
    assert.ok(['machine', 'application'].includes(declared['aspm.backend.url']?.scope ?? ''));
    assert.ok(['machine', 'application'].includes(declared['aspm.sources']?.scope ?? ''));
  });

  test('aspm.sources: package.json declares the same kinds as the schema and the server', () => {
    const items = (declared['aspm.sources'] as { items?: { properties: { kind: { enum: string[] } } } }).items;
    assert.deepEqual(items?.properties.kind.enum, [...sourceKindNames]);
    assert.deepEqual([...sourceKinds], [...sourceKindNames]);
    assert.equal(sourceSettingId({ kind: 'github', url: 'https://api.github.com/ ' }), sourceIdOf({ kind: 'github', url: 'https://api.github.com/ ' }));
  });

  test('aspm.sources: a bad entry is dropped and reported, the good ones kept; aspm.backend.url is one more aspm source', () => {
    const { settings, problems } = parseSettings({
      backend: { url: 'https://aspm.example' },
      sources: [
        { kind: 'defectdojo', url: 'https://dojo.example', project: 'shop' },
        { kind: 'jira', url: 'https://jira.example' },
        { kind: 'github', url: 'https://api.github.com/' },
        { kind: 'aspm', url: 'https://aspm.example/' },
      ],
    });
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /^aspm\.sources\.1\.kind/);
    assert.deepEqual(
      configuredSources(settings).map((source) => [sourceSettingId(source), source.project]),
      [
        ['aspm:https://aspm.example', undefined],
        ['defectdojo:https://dojo.example', 'shop'],
        ['github:https://api.github.com', undefined],
      ],
    );
    assert.deepEqual(configuredSources(defaultSettings), []);
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
