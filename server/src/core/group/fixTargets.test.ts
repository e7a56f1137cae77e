import { strict as assert } from 'node:assert';
import { chooseFixTargets, isAffectedAt, type AdvisoryVersions } from './fixTargets';

// Issue 9 item 2: one preferred fix per package, the lowest version fixing every advisory by the ecosystem's order.
suite('core/group/fixTargets: the lowest version fixing every advisory of a package', () => {
  const table: {
    name: string;
    ecosystem: string;
    installed: string;
    advisories: AdvisoryVersions[];
    /** Undefined: no version above the installed one fixes anything. */
    best: string | undefined;
    isComplete?: boolean;
    isMajor?: boolean;
    alternatives?: string[];
  }[] = [
    {
      // juice-shop's sanitize-html pulls lodash 4.17.11: four advisories, each offered its own override before.
      name: 'npm: transitive lodash, only 4.17.21 fixes all four',
      ecosystem: 'npm',
      installed: '4.17.11',
      advisories: [
        { id: 'GHSA-jf85-cpcp-j695', severity: 'critical', fixedVersions: ['4.17.12'], vulnerableRange: '<4.17.12' },
        { id: 'GHSA-p6mc-m468-83gw', severity: 'high', fixedVersions: ['4.17.19'], vulnerableRange: '>=3.7.0 <4.17.19' },
        { id: 'GHSA-35jh-r3h4-6jhm', severity: 'high', fixedVersions: ['4.17.21'], vulnerableRange: '<4.17.21' },
        { id: 'GHSA-29mw-wpgm-hmr9', severity: 'medium', fixedVersions: ['4.17.21'], vulnerableRange: '<4.17.21' },
      ],
      best: '4.17.21',
      isMajor: false,
      alternatives: ['4.17.12'],
    },
    {
      // jsonwebtoken 0.4.0: 4.2.2 fixes the oldest advisory only; 9.0.0 (a major upgrade) fixes all.
      name: 'npm: jsonwebtoken, the all-fixing version is a major upgrade',
      ecosystem: 'npm',
      installed: '0.4.0',
      advisories: [
        { id: 'GHSA-c7hr-j4mj-j2w6', severity: 'critical', fixedVersions: ['4.2.2'], vulnerableRange: '<4.2.2' },
        { id: 'GHSA-8cf7-32gw-wr33', severity: 'high', fixedVersions: ['9.0.0'], vulnerableRange: '<=8.5.1' },
        { id: 'GHSA-hjrf-2m68-5959', severity: 'medium', fixedVersions: ['9.0.0'], vulnerableRange: '<=8.5.1' },
        { id: 'GHSA-qwph-4952-7xr6', severity: 'medium', fixedVersions: ['9.0.0'], vulnerableRange: '<9.0.0' },
      ],
      best: '9.0.0',
      isMajor: true,
      alternatives: ['4.2.2'],
    },
    {
      name: 'npm: fixes without ranges on two majors; a fix on another major does not count',
      ecosystem: 'npm',
      installed: '4.1.0',
      advisories: [
        { id: 'A', severity: 'high', fixedVersions: ['4.2.2', '9.0.0'] },
        { id: 'B', severity: 'high', fixedVersions: ['4.3.0', '9.0.1'] },
      ],
      best: '4.3.0',
      isMajor: false,
    },
    {
      // Real Django advisories (test-fixtures/backend/scenarios/python-django): 3.2.x backports end at 3.2.25, and
      // 4.2.14+ fixes the later ones: the lowest version fixing all is 4.2.16 (PEP 440 order).
      name: 'PyPI: Django 3.2.12, backported fixes on two release lines',
      ecosystem: 'pypi',
      installed: '3.2.12',
      advisories: [
        { id: 'CVE-2022-28346', severity: 'critical', fixedVersions: ['3.2.13'], vulnerableRange: '>=3.2,<3.2.13 || >=4.0,<4.0.4' },
        { id: 'CVE-2023-36053', severity: 'high', fixedVersions: ['3.2.20'], vulnerableRange: '>=3.2,<3.2.20 || >=4.0,<4.1.10' },
        { id: 'CVE-2024-27351', severity: 'medium', fixedVersions: [], vulnerableRange: '>=3.2,<3.2.25 || >=4.0,<4.2.11 || >=5.0,<5.0.3' },
        { id: 'CVE-2024-38875', severity: 'high', fixedVersions: ['4.2.14', '5.0.7'], vulnerableRange: '<4.2.14 || >=5.0,<5.0.7' },
        { id: 'CVE-2024-42005', severity: 'critical', fixedVersions: ['4.2.15', '5.0.8'], vulnerableRange: '<4.2.15 || >=5.0,<5.0.8' },
        { id: 'CVE-2024-45230', severity: 'high', fixedVersions: ['4.2.16', '5.0.9'], vulnerableRange: '<4.2.16 || >=5.0,<5.0.9' },
      ],
      best: '4.2.16',
      isMajor: true,
      // The critical ones only, and the best that stays on 3.2 (the LTS line).
      alternatives: ['4.2.15', '3.2.25'],
    },
    {
      name: 'PyPI: pre-releases and post-releases in PEP 440 order',
      ecosystem: 'pypi',
      installed: '1.0rc1',
      advisories: [
        { id: 'A', severity: 'high', fixedVersions: ['1.0.post1'] },
        { id: 'B', severity: 'medium', fixedVersions: ['1.0'] },
      ],
      best: '1.0.post1',
      isMajor: false,
    },
    {
      name: 'Go: versions without their v, golang.org/x/net',
      ecosystem: 'golang',
      installed: 'v0.7.0',
      advisories: [
        { id: 'GO-2023-1571', severity: 'high', fixedVersions: ['0.7.0'], vulnerableRange: '<0.7.0' },
        { id: 'GO-2023-2102', severity: 'medium', fixedVersions: ['0.17.0'], vulnerableRange: '<0.17.0' },
        { id: 'GO-2024-2687', severity: 'medium', fixedVersions: ['0.23.0'], vulnerableRange: '<0.23.0' },
      ],
      best: 'v0.23.0',
      isMajor: false,
    },
    {
      // Maven's order: 2.10 after 2.9, four-part versions; 2.12.7.1 is the first outside both ranges.
      name: 'Maven: jackson-databind across release lines',
      ecosystem: 'maven',
      installed: '2.9.10',
      advisories: [
        { id: 'CVE-2020-36518', severity: 'high', fixedVersions: ['2.9.10.8', '2.10.5.1'], vulnerableRange: '<2.9.10.8 || >=2.10.0,<2.10.5.1' },
        { id: 'CVE-2022-42003', severity: 'high', fixedVersions: ['2.12.7.1', '2.13.4.1'], vulnerableRange: '<2.12.7.1 || >=2.13.0,<2.13.4.1' },
      ],
      best: '2.12.7.1',
      isMajor: false,
    },
    {
      name: 'no version fixes every advisory: the one fixing the most, not complete',
      ecosystem: 'npm',
      installed: '1.0.0',
      advisories: [
        { id: 'A', severity: 'high', fixedVersions: ['1.0.5'], vulnerableRange: '<1.0.5' },
        { id: 'B', severity: 'medium', fixedVersions: ['1.2.0'], vulnerableRange: '<1.2.0' },
        { id: 'C', severity: 'critical', fixedVersions: [], vulnerableRange: '>=0.1.0' },
      ],
      best: '1.2.0',
      isComplete: false,
    },
    {
      name: 'nothing above the installed version: no target',
      ecosystem: 'npm',
      installed: '5.0.0',
      advisories: [{ id: 'A', severity: 'high', fixedVersions: ['4.0.0'] }],
      best: undefined,
      isComplete: false,
      alternatives: [],
    },
  ];
  for (const { name, ecosystem, installed, advisories, best, isComplete, isMajor, alternatives } of table) {
    test(name, () => {
      const targets = chooseFixTargets(ecosystem, installed, advisories);
      assert.equal(targets.best?.version, best);
      assert.equal(targets.isComplete, isComplete ?? true);
      if (targets.isComplete && best !== undefined) {
        assert.deepEqual(targets.best?.misses, []);
        for (const advisory of advisories) {
          assert.equal(isAffectedAt(ecosystem, advisory, best), false, `${advisory.id} is fixed by ${best}`);
        }
      }
      if (isMajor !== undefined) {
        assert.equal(targets.best?.isMajorUpgrade, isMajor);
      }
      if (alternatives) {
        assert.deepEqual(targets.alternatives.map((alternative) => alternative.version), alternatives);
      }
    });
  }

  const djangoAdvisories = table.find((entry) => entry.name.startsWith('PyPI: Django'))!.advisories;
  /** Whether a version is affected by any of the advisories. */
  const affected: { name: string; ecosystem: string; advisories: Pick<AdvisoryVersions, 'fixedVersions' | 'vulnerableRange'>[]; versions: Record<string, boolean> }[] = [
    {
      // The choice is the lowest version fixing every advisory, not any: every lower candidate misses one.
      name: 'Django: no lower candidate than 4.2.16 fixes every advisory',
      ecosystem: 'pypi',
      advisories: djangoAdvisories,
      versions: { '3.2.13': true, '3.2.20': true, '3.2.25': true, '4.2.11': true, '4.2.14': true, '4.2.15': true, '4.2.16': false },
    },
    {
      // Below the lowest fix; on the 4.2 line past its fix; on the 5.0 line before its fix; past every fix.
      name: 'fixed versions without a range are read as release lines (PyPI backports)',
      ecosystem: 'pypi',
      advisories: [{ fixedVersions: ['4.2.14', '5.0.7'] }],
      versions: { '3.2.20': true, '4.2.16': false, '5.0.1': true, '5.1': false },
    },
  ];
  for (const { name, ecosystem, advisories, versions } of affected) {
    test(name, () => {
      const actual = Object.fromEntries(Object.keys(versions).map((version) => [version, advisories.some((advisory) => isAffectedAt(ecosystem, advisory, version))]));
      assert.deepEqual(actual, versions);
    });
  }
});
