import { strict as assert } from 'node:assert';
import type { Finding } from '../model/finding';
import { appendIgnoreEntry, matchIgnoreEntry, parseIgnoreFile } from './ignoreFile';

const lodash: Finding = { id: 'f-lodash-1', kind: 'sca', ruleId: 'GHSA-p6mc-m468-83gw', aliases: ['CVE-2020-8203'], title: 't', severity: 'high', sources: ['test'] };
const sqli: Finding = { id: 'f-sast-1', kind: 'sast', ruleId: 'js/sql-injection', title: 't', severity: 'critical', sources: ['test'] };
const now = new Date('2026-11-27T12:00:00Z');

suite('core/triage/ignoreFile', () => {
  const file = `
ignore:
  - id: CVE-2020-8203
    reason: only used by the build script
    expires: 2027-02-01
  - rule: js/sql-injection
    path: "test/**"
    reason: test fixtures build queries on purpose
  - id: f-old
    reason: expired
    expires: 2026-01-01
  - rule: no-reason
  - reason: no id or rule
`;
  const parsed = parseIgnoreFile(file, '.aspm/ignore.yaml');

  test('valid entries are read, invalid ones reported with their line', () => {
    assert.equal(parsed.value?.length, 3);
    assert.equal(parsed.problems.length, 2);
    assert.match(parsed.problems[0]!.message, /line 12.*reason/);
    assert.match(parsed.problems[1]!.message, /line 13.*"id" or a "rule"/);
  });

  const cases: { name: string; finding: Finding; path?: string; at?: Date; line?: number }[] = [
    { name: 'an alias matches, before expiry', finding: lodash, path: 'package.json', line: 3 },
    { name: 'after expiry nothing is hidden', finding: lodash, path: 'package.json', at: new Date('2027-02-02T00:00:00Z') },
    { name: 'a rule within its path glob', finding: sqli, path: 'test/db.test.ts', line: 6 },
    { name: 'a rule outside its path glob', finding: sqli, path: 'src/routes/login.ts' },
    { name: 'an expired entry', finding: { ...sqli, id: 'f-old', ruleId: 'other' }, path: 'src/a.ts' },
  ];
  for (const { name, finding, path, at, line } of cases) {
    test(name, () => {
      assert.equal(matchIgnoreEntry(parsed.value!, finding, path, at ?? now)?.line, line);
    });
  }

  test('malformed YAML is a problem, not an exception', () => {
    const broken = parseIgnoreFile('ignore:\n  - id: [unclosed\n', '.aspm/ignore.yaml');
    assert.equal(broken.value, undefined);
    assert.match(broken.problems[0]?.message ?? '', /Invalid YAML/);
  });

  test('an entry is appended to an existing file, keeping comments and entries', () => {
    const text = '# team decisions\nignore:\n  - id: CVE-1\n    reason: not shipped\n';
    const updated = appendIgnoreEntry(text, { id: 'GHSA-x', path: 'src/**', reason: 'behind auth', expires: '2027-01-31T00:00:00Z' })!;
    assert.match(updated, /^# team decisions/);
    const entries = parseIgnoreFile(updated, 'f').value!;
    assert.deepEqual(entries.map((entry) => [entry.id, entry.path, entry.reason, entry.expires?.slice(0, 10)]), [
      ['CVE-1', undefined, 'not shipped', undefined],
      ['GHSA-x', 'src/**', 'behind auth', '2027-01-31'],
    ]);
  });

  test('a missing file is created with a header; a broken one is not rewritten', () => {
    const created = appendIgnoreEntry(undefined, { rule: 'js/sql-injection', reason: 'parameterized upstream' })!;
    assert.match(created, /^# Findings hidden/);
    assert.equal(parseIgnoreFile(created, 'f').value?.[0]?.rule, 'js/sql-injection');
    assert.equal(appendIgnoreEntry('ignore: [unclosed', { id: 'x', reason: 'y' }), undefined);
  });
});
