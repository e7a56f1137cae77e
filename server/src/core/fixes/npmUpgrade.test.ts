import { strict as assert } from 'node:assert';
import { readFixture } from '../../test/fixtures';
import { parseNpmManifest } from '../index/manifests/npmManifest';
import { LineIndex } from '../model/location';
import type { FixPlan } from '../model/analysis';
import { lowestFixedVersion, specInStyleOf } from './lowestFixedVersion';
import { planDirectUpgrade, planTransitiveOverride } from './npmUpgrade';

function applyPlan(text: string, plan: FixPlan): string {
  const lines = new LineIndex(text);
  return [...plan.edits]
    .sort((a, b) => lines.offsetAt(b.range.start) - lines.offsetAt(a.range.start))
    .reduce((current, edit) => current.slice(0, lines.offsetAt(edit.range.start)) + edit.newText + current.slice(lines.offsetAt(edit.range.end)), text);
}

suite('core/fixes', () => {
  test('lowest fixed version above the installed one', () => {
    const table: [string[], string | undefined, string | undefined][] = [
      [['6.2.4', '6.7.3', '6.10.3', '6.8.3'], '6.7.0', '6.7.3'],
      [['4.17.19'], '4.17.15', '4.17.19'],
      [['2.0.0', '1.2.6'], undefined, '1.2.6'],
      [['1.0.0'], '2.0.0', undefined],
      [['not-a-version'], '1.0.0', undefined],
      [[], '1.0.0', undefined],
    ];
    for (const [fixed, installed, expected] of table) {
      assert.equal(lowestFixedVersion(fixed, installed), expected, `${fixed.join(',')} from ${installed}`);
    }
  });

  test('the range style is kept', () => {
    const table: [string, string | undefined][] = [
      ['^4.17.15', '^9.9.9'],
      ['~4.17.15', '~9.9.9'],
      ['4.17.15', '9.9.9'],
      ['=4.17.15', '9.9.9'],
      ['>=4', '^9.9.9'],
      ['4.x', '^9.9.9'],
      ['*', '^9.9.9'],
      ['git+https://example.invalid/x.git', undefined],
      ['file:../x', undefined],
      ['npm:other@1', undefined],
      ['workspace:*', undefined],
      ['user/repo', undefined],
    ];
    for (const [spec, expected] of table) {
      assert.equal(specInStyleOf(spec, '9.9.9'), expected, spec);
    }
  });

  test('direct upgrade matches the golden file and touches only the dependency', () => {
    const text = readFixture('fixes', 'package.json');
    const lodash = parseNpmManifest(text, 'package.json').value!.dependencies.find((dependency) => dependency.name === 'lodash')!;
    const plan = planDirectUpgrade(lodash, text, ['4.17.19', '4.17.21'], '4.17.15');
    assert.equal(plan?.title, 'Upgrade lodash to ^4.17.19');
    assert.equal(applyPlan(text, plan!), readFixture('fixes', 'package.fixed-upgrade.json'));
  });

  test('transitive override matches the golden file, keeping the file\'s indentation', () => {
    const text = readFixture('fixes', 'package.json');
    const plan = planTransitiveOverride('qs', 'express', 'package.json', text, ['6.7.3', '6.10.3'], '6.7.0');
    assert.match(plan?.title ?? '', /^Override qs to 6\.7\.3/);
    assert.equal(applyPlan(text, plan!), readFixture('fixes', 'package.fixed-override.json'));
  });

  test('no fix when the spec cannot be bumped or nothing newer is fixed', () => {
    const text = '{ "dependencies": { "a": "github:user/a" } }';
    const dependency = parseNpmManifest(text, 'package.json').value!.dependencies[0]!;
    assert.equal(planDirectUpgrade(dependency, text, ['2.0.0'], '1.0.0'), undefined);
    assert.equal(planTransitiveOverride('a', 'b', 'package.json', text, ['0.1.0'], '1.0.0'), undefined);
  });

  test('yarn and pnpm pins go where those tools read them', () => {
    const text = '{\n  "dependencies": { "express": "4.17.1" }\n}\n';
    const yarn = planTransitiveOverride('qs', 'express', 'package.json', text, ['6.7.3'], '6.7.0', 'yarn')!;
    assert.deepEqual((JSON.parse(applyPlan(text, yarn)) as { resolutions: unknown }).resolutions, { 'express/qs': '6.7.3' });
    const pnpm = planTransitiveOverride('qs', 'express', 'package.json', text, ['6.7.3'], '6.7.0', 'pnpm')!;
    assert.deepEqual((JSON.parse(applyPlan(text, pnpm)) as { pnpm: unknown }).pnpm, { overrides: { 'express>qs': '6.7.3' } });
  });
});
