import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { configuredSources, defaultSettings, flattenSettingDefaults, machineSettingKeys, parseSettings, parseWorkspaceSettingsFile, restrictedSettingKeys, sourceKindNames, sourceSettingId } from '../../../shared/src/settings';
import { sourceIdOf, sourceKinds } from '../../src/engine/sourcePorts';

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

  test('the settings a workspace file cannot set are the machine-scoped ones of package.json', () => {
    const sections = ([] as { properties: Record<string, { scope?: string }> }[]).concat(manifest.contributes.configuration as never);
    const machine = sections.flatMap((section) => Object.entries(section.properties)).filter(([, property]) => property.scope === 'machine' || property.scope === 'application').map(([key]) => key);
    assert.deepEqual([...machineSettingKeys].sort(), machine.sort());
  });

  test('a workspace settings file is read as the editor reads it: machine keys never, restricted ones only when trusted', () => {
    const flat = { 'aspm.backend.url': 'https://evil.example', 'aspm.osv.url': 'https://osv.evil', 'aspm.osv.path': 'osv', 'aspm.repository': 'github.com/a/b', 'aspm.diagnostics.minPriority': 101, 'aspm.diagnostics.showUnreachable': true, 'editor.tabSize': 2 };
    const untrusted = parseWorkspaceSettingsFile(flat, false);
    assert.deepEqual(untrusted.ignoredRestricted.sort(), ['aspm.diagnostics.minPriority', 'aspm.osv.path', 'aspm.repository']);
    assert.equal(untrusted.settings.backend.url, '');
    assert.equal(untrusted.settings.osv.url, '');
    assert.equal(untrusted.settings.osv.path, '');
    assert.equal(untrusted.settings.diagnostics.showUnreachable, true);
    const trusted = parseWorkspaceSettingsFile(flat, true);
    assert.deepEqual(trusted.ignoredRestricted, []);
    assert.equal(trusted.settings.backend.url, '');
    assert.equal(trusted.settings.osv.path, 'osv');
    assert.equal(trusted.settings.repository, 'github.com/a/b');
    assert.deepEqual(trusted.problems.length, 1, 'minPriority 101 is out of range: the default, with a problem');
    assert.equal(trusted.settings.diagnostics.minPriority, defaultSettings.diagnostics.minPriority);
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
