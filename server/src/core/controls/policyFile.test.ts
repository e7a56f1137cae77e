import { strict as assert } from 'node:assert';
import { readFixture } from '../../test/fixtures';
import { parsePolicyFile } from './policyFile';

const path = '.aspm/policy.yaml';

suite('core/controls/policyFile', () => {
  test('the node-express-deploy policy parses: every control, with its line', () => {
    const parsed = parsePolicyFile(readFixture('workspaces', 'node-express-deploy', '.aspm', 'policy.yaml'), path);
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(
      parsed.value?.map((control) => `${control.line} ${control.id} ${control.rule}`),
      [
        '7 no-reachable-critical-in-production max-severity',
        '15 no-high-in-production max-severity',
        '22 fix-within-sla sla',
        '30 no-staging-criticals max-severity',
        '36 banned-packages banned-packages',
        '52 no-compromised-packages banned-packages',
        '62 runtime-images-pinned pinned-images',
        '69 base-images-pinned-by-digest pinned-images',
      ],
    );
    const pinned = parsed.value!.find((control) => control.id === 'runtime-images-pinned');
    assert.deepEqual(pinned?.rule === 'pinned-images' && [pinned.pinning, pinned.roles], ['tag', ['runtime']]);
  });

  test('an empty file declares no control and is no problem', () => {
    assert.deepEqual(parsePolicyFile('', path), { value: [], problems: [] });
    assert.deepEqual(parsePolicyFile('# nothing yet\n', path), { value: [], problems: [] });
  });

  const bad: { name: string; text: string; line: number; message: RegExp; kept: string[] }[] = [
    { name: 'broken YAML', text: 'version: 1\ncontrols:\n  - id: a\n   rule: sla\n', line: 4, message: /^Invalid YAML/, kept: [] },
    { name: 'not a mapping', text: '- id: a\n', line: 1, message: /expected a mapping/, kept: [] },
    { name: 'controls not a list', text: 'version: 1\ncontrols: yes\n', line: 1, message: /"controls" must be a list/, kept: [] },
    {
      name: 'an unknown rule and a missing parameter, the valid control kept',
      text: 'version: 1\ncontrols:\n  - id: ok\n    rule: max-priority-band\n    band: high\n  - id: typo\n    rule: max-severty\n    severity: high\n  - id: no-days\n    rule: sla\n',
      line: 6,
      message: /line 6: control 2 \("typo"\): rule: .*; line 9: control 3 \("no-days"\): days: .* \(the valid control still applies\)$/,
      kept: ['ok'],
    },
    { name: 'a wrong version and an unknown key', text: 'version: 2\nrules: []\ncontrols: []\n', line: 1, message: /unknown key "rules"; line 1: "version" must be 1/, kept: [] },
    { name: 'a duplicate id', text: 'version: 1\ncontrols:\n  - id: a\n    rule: max-priority-band\n    band: low\n  - id: a\n    rule: max-priority-band\n    band: high\n', line: 6, message: /duplicate id "a"/, kept: ['a'] },
    { name: 'a misspelt parameter', text: 'version: 1\ncontrols:\n  - id: pin\n    rule: pinned-images\n    pinnig: digest\n', line: 3, message: /control 1 \("pin"\)/, kept: [] },
    { name: 'a bad id', text: 'version: 1\ncontrols:\n  - id: Not An Id\n    rule: max-priority-band\n    band: low\n', line: 3, message: /id: use lower-case letters/, kept: [] },
  ];
  for (const row of bad) {
    test(`bad input is one problem at its line, never a throw: ${row.name}`, () => {
      const parsed = parsePolicyFile(row.text, path);
      assert.equal(parsed.problems.length, 1, JSON.stringify(parsed.problems));
      const [problem] = parsed.problems;
      assert.equal(problem!.path, path);
      assert.equal(problem!.range!.start.line + 1, row.line, problem!.message);
      assert.match(problem!.message, row.message);
      assert.deepEqual((parsed.value ?? []).map((control) => control.id), row.kept);
    });
  }
});
