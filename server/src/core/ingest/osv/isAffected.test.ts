import { strict as assert } from 'node:assert';
import { describeRange } from './describeRange';
import { isAffected, matchAffected } from './isAffected';
import type { OsvAffected, OsvEvent, OsvRange } from './osvAdvisory';

type EventTuple = [OsvEvent['kind'], string];

function range(type: string, ...events: EventTuple[]): OsvRange {
  return { type, events: events.map(([kind, version]) => ({ kind, version })) };
}

function entry(ecosystem: string, ranges: OsvRange[], versions: string[] = []): OsvAffected {
  return { ecosystem, name: 'pkg', ranges, versions, vulnerableSymbols: [], vulnerablePackages: [] };
}

suite('core/ingest/osv: isAffected (OSV range semantics)', () => {
  test('evaluates ranges exactly as the OSV schema pseudocode', () => {
    const fixedAt = range('ECOSYSTEM', ['introduced', '1.0.0'], ['fixed', '1.2.6']);
    const table: [what: string, affected: OsvAffected, version: string, expected: boolean][] = [
      ['introduced is inclusive', entry('npm', [fixedAt]), '1.0.0', true],
      ['inside the range', entry('npm', [fixedAt]), '1.2.5', true],
      ['fixed is exclusive', entry('npm', [fixedAt]), '1.2.6', false],
      ['below introduced', entry('npm', [fixedAt]), '0.9.9', false],
      ['a prerelease of introduced is below it', entry('npm', [fixedAt]), '1.0.0-rc.1', false],
      ['a prerelease of the fix is affected', entry('npm', [fixedAt]), '1.2.6-beta.1', true],
      ['introduced "0" sorts before everything', entry('npm', [range('ECOSYSTEM', ['introduced', '0'], ['fixed', '2.0.0'])]), '0.0.0-alpha', true],
      ['no fix: every version from introduced on', entry('npm', [range('ECOSYSTEM', ['introduced', '0'])]), '99.0.0', true],
      ['last_affected is inclusive', entry('npm', [range('ECOSYSTEM', ['introduced', '0'], ['last_affected', '2.1.214'])]), '2.1.214', true],
      ['above last_affected', entry('npm', [range('ECOSYSTEM', ['introduced', '0'], ['last_affected', '2.1.214'])]), '2.1.215', false],
      ['events are sorted before replay', entry('npm', [range('ECOSYSTEM', ['fixed', '3.2.5'], ['introduced', '3.0.0'], ['fixed', '1.0.2'], ['introduced', '0'])]), '3.1.0', true],
      ['between two intervals of one range', entry('npm', [range('ECOSYSTEM', ['introduced', '0'], ['fixed', '1.0.2'], ['introduced', '3.0.0'], ['fixed', '3.2.5'])]), '2.0.0', false],
      ['ranges are OR-ed', entry('npm', [range('ECOSYSTEM', ['introduced', '0'], ['fixed', '1.0.0']), range('ECOSYSTEM', ['introduced', '2.0.0'], ['fixed', '2.0.5'])]), '2.0.1', true],
      ['the explicit versions list', entry('npm', [], ['1.5.0']), '1.5.0', true],
      ['not in the versions list', entry('npm', [], ['1.5.0']), '1.5.1', false],
      ['versions list with ecosystem equality', entry('PyPI', [], ['5.4']), '5.4.0', true],
      ['versions list in an unsupported ecosystem', entry('RubyGems', [], ['1.2.3']), '1.2.3', true],
      ['limit bounds the range', entry('npm', [range('ECOSYSTEM', ['introduced', '1.0.0'], ['limit', '1.5.0'])]), '1.5.0', false],
      ['below the limit', entry('npm', [range('ECOSYSTEM', ['introduced', '1.0.0'], ['limit', '1.5.0'])]), '1.4.9', true],
      ['limit "*" is infinity', entry('npm', [range('ECOSYSTEM', ['introduced', '1.0.0'], ['limit', '*'])]), '9.0.0', true],
      ['GIT ranges are ignored', entry('npm', [range('GIT', ['introduced', '0'])]), '1.0.0', false],
      ['unknown range types are ignored', entry('npm', [range('CALVER', ['introduced', '0'])]), '1.0.0', false],
      ['an unreadable installed version matches no range', entry('npm', [range('ECOSYSTEM', ['introduced', '0'])]), 'latest', false],
      ['an unreadable fixed event is skipped, not trusted', entry('npm', [range('ECOSYSTEM', ['introduced', '0'], ['fixed', 'next'])]), '5.0.0', true],
      ['ECOSYSTEM ranges in an unsupported ecosystem cannot be evaluated', entry('RubyGems', [range('ECOSYSTEM', ['introduced', '0'])]), '1.0.0', false],
      ['SEMVER ranges work in any ecosystem', entry('crates.io', [range('SEMVER', ['introduced', '0'], ['fixed', '0.1.20'])]), '0.1.19', true],
      ['PyPI: a dev release precedes its prereleases', entry('PyPI', [range('ECOSYSTEM', ['introduced', '1.0a1'], ['fixed', '1.0'])]), '1.0.dev0', false],
      ['PyPI: a post release follows the fix', entry('PyPI', [range('ECOSYSTEM', ['introduced', '0'], ['fixed', '1.0'])]), '1.0.post1', false],
      ['PyPI: epochs', entry('PyPI', [range('ECOSYSTEM', ['introduced', '0'], ['fixed', '2.0'])]), '1!1.0', false],
      ['Go SEMVER range against a v-prefixed version', entry('Go', [range('SEMVER', ['introduced', '0'], ['fixed', '0.3.7'])]), 'v0.3.6', true],
      ['Go +incompatible equals its release', entry('Go', [range('SEMVER', ['introduced', '0'], ['fixed', '2.0.0'])]), 'v2.0.0+incompatible', false],
      ['Maven: 1.0-SNAPSHOT is before 1.0', entry('Maven', [range('ECOSYSTEM', ['introduced', '0'], ['fixed', '1.0'])]), '1.0-SNAPSHOT', true],
      ['Maven: 1.0.0 equals 1', entry('Maven', [range('ECOSYSTEM', ['introduced', '0'], ['fixed', '1'])]), '1.0.0', false],
      ['Maven: npm semantics would say otherwise', entry('Maven', [range('ECOSYSTEM', ['introduced', '0'], ['fixed', '1.4.18'])]), '1.4.9', true],
    ];
    for (const [what, affected, version, expected] of table) {
      assert.equal(isAffected(affected, version), expected, what);
    }
  });

  test('says which ranges matched and whether the list did', () => {
    const first = range('ECOSYSTEM', ['introduced', '0'], ['fixed', '2.0.0']);
    const second = range('ECOSYSTEM', ['introduced', '1.0.0'], ['fixed', '1.1.0']);
    const third = range('ECOSYSTEM', ['introduced', '3.0.0']);
    assert.deepEqual(matchAffected(entry('npm', [first, second, third], ['1.0.5']), '1.0.5'), { ranges: [first, second], isListed: true });
    assert.deepEqual(matchAffected(entry('npm', [first, second, third]), '3.1.0'), { ranges: [third], isListed: false });
    assert.equal(matchAffected(entry('npm', [first, second, third]), '2.5.0'), undefined);
  });

  test('describes ranges readably', () => {
    const table: [OsvRange, string, string[]][] = [
      [range('ECOSYSTEM', ['introduced', '1.0.0'], ['fixed', '1.2.6']), 'npm', ['>=1.0.0 <1.2.6']],
      [range('ECOSYSTEM', ['introduced', '0'], ['fixed', '4.17.20']), 'npm', ['<4.17.20']],
      [range('ECOSYSTEM', ['introduced', '2.0'], ['last_affected', '2.3']), 'PyPI', ['>=2.0 <=2.3']],
      [range('ECOSYSTEM', ['introduced', '3.0']), 'Maven', ['>=3.0']],
      [range('ECOSYSTEM', ['introduced', '0']), 'npm', ['*']],
      [range('ECOSYSTEM', ['fixed', '3.2.5'], ['introduced', '3.0.0'], ['fixed', '1.0.2'], ['introduced', '0']), 'npm', ['<1.0.2', '>=3.0.0 <3.2.5']],
      [range('ECOSYSTEM', ['introduced', '1.0.0'], ['limit', '1.5.0']), 'npm', ['>=1.0.0 <1.5.0']],
      [range('SEMVER', ['introduced', '0'], ['fixed', '0.3.7']), 'Go', ['<0.3.7']],
      [range('GIT', ['introduced', 'abc'], ['fixed', 'def']), 'npm', []],
    ];
    for (const [osvRange, ecosystem, expected] of table) {
      assert.deepEqual(describeRange(osvRange, ecosystem), expected, JSON.stringify(osvRange.events));
    }
  });
});
