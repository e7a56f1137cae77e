import { strict as assert } from 'node:assert';
import { compareVersions, isValidVersion, versionSchemeOf } from './compareVersions';
import { osvEcosystemOf, osvEcosystemOfPurlType, purlTypeOfOsvEcosystem } from './osvEcosystem';

suite('core/versions: dispatch by ecosystem', () => {
  test('each ecosystem, spelled the OSV way or as a purl type, gets its own ordering', () => {
    const table: [ecosystem: string, a: string, b: string, expected: number | undefined][] = [
      ['npm', '1.0.0-rc.1', '1.0.0', -1],
      ['npm', '1.0', '1.0.0', undefined],
      ['PyPI', '1.0', '1.0.0', 0],
      ['pypi', '1.0rc1', '1.0', -1],
      ['Go', 'v0.3.5', '0.3.7', -1],
      ['golang', 'v2.0.0+incompatible', '2.0.0', 0],
      ['Maven', '1.0-SNAPSHOT', '1.0', -1],
      ['maven', '1.0.0', '1', 0],
      ['Maven:https://repo.example.com/maven2', '1.4.9', '1.4.18', -1],
      // Same strings, different ecosystems, different answers.
      ['npm', '1.0.0', '1', undefined],
      ['npm', '1.0a1', '1.0', undefined],
      ['crates.io', '1.0.0', '2.0.0', undefined],
      ['unknown', '1', '1', undefined],
    ];
    for (const [ecosystem, a, b, expected] of table) {
      const actual = compareVersions(ecosystem, a, b);
      assert.equal(actual === undefined ? undefined : Math.sign(actual), expected, `${ecosystem}: ${a} vs ${b}`);
    }
  });

  test('validity follows the ecosystem', () => {
    const table: [string, string, boolean][] = [
      ['npm', '1.2.3', true],
      ['npm', '1.2', false],
      ['PyPI', '1.2', true],
      ['Go', 'v1.2.3', true],
      ['golang', 'v1.2', false],
      ['maven', '1.2', true],
      ['RubyGems', '1.2.3', false],
    ];
    for (const [ecosystem, version, isValid] of table) {
      assert.equal(isValidVersion(ecosystem, version), isValid, `${ecosystem} ${version}`);
    }
  });

  test('purl types map to OSV ecosystems and back', () => {
    const table: [purlType: string, osv: string | undefined][] = [
      ['npm', 'npm'],
      ['pypi', 'PyPI'],
      ['golang', 'Go'],
      ['maven', 'Maven'],
      ['cargo', 'crates.io'],
      ['gem', 'RubyGems'],
      ['generic', undefined],
    ];
    for (const [purlType, osv] of table) {
      assert.equal(osvEcosystemOfPurlType(purlType), osv, purlType);
      if (osv !== undefined) {
        assert.equal(purlTypeOfOsvEcosystem(osv), purlType, osv);
      }
    }
  });

  test('either spelling names the same OSV ecosystem', () => {
    const table: [string, string | undefined][] = [
      ['PyPI', 'PyPI'],
      ['pypi', 'PyPI'],
      ['golang', 'Go'],
      ['Go', 'Go'],
      ['Maven:https://repo1.maven.org/maven2', 'Maven'],
      ['crates.io', 'crates.io'],
      ['Debian:11', undefined],
    ];
    for (const [ecosystem, osv] of table) {
      assert.equal(osvEcosystemOf(ecosystem), osv, ecosystem);
    }
    assert.equal(versionSchemeOf('golang'), versionSchemeOf('Go'));
    assert.notEqual(versionSchemeOf('golang'), versionSchemeOf('npm'));
  });
});
