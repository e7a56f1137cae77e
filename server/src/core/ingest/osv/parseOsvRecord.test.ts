import { strict as assert } from 'node:assert';
import { readFixture } from '../../../test/fixtures';
import { parseOsvRecord } from './parseOsvRecord';

function record(fields: Record<string, unknown>): string {
  return JSON.stringify({ id: 'TEST-1', ...fields });
}

function affected(fields: Record<string, unknown>): Record<string, unknown> {
  return { package: { ecosystem: 'npm', name: 'pkg' }, ...fields };
}

suite('core/ingest/osv: parseOsvRecord', () => {
  test('reads the fixture records; the malformed one gives one problem and no value', () => {
    const table: [file: string, id: string | undefined, problems: number][] = [
      ['npm/GHSA-p6mc-m468-83gw.json', 'GHSA-p6mc-m468-83gw', 0],
      ['npm/GHSA-hrpp-h998-j3pp.json', 'GHSA-hrpp-h998-j3pp', 0],
      ['npm/withdrawn-duplicate.json', 'GHSA-wwww-xxxx-yyyy', 0],
      ['pypi/PYSEC-2021-142.json', 'PYSEC-2021-142', 0],
      ['go/GO-2021-0113.json', 'GO-2021-0113', 0],
      ['maven/GHSA-j9h8-phrw-h4fh.json', 'GHSA-j9h8-phrw-h4fh', 0],
      ['malformed.json', undefined, 1],
    ];
    for (const [file, id, problems] of table) {
      const parsed = parseOsvRecord(readFixture('osv/records', file), file);
      assert.equal(parsed.value?.id, id, file);
      assert.equal(parsed.problems.length, problems, `${file}: ${JSON.stringify(parsed.problems)}`);
      assert.ok(parsed.problems.every((problem) => problem.path === file), file);
    }
  });

  test('keeps what matching and findings need', () => {
    const lodash = parseOsvRecord(readFixture('osv/records/npm/GHSA-p6mc-m468-83gw.json'), 'lodash.json', { source: 'advisories' }).value;
    assert.deepEqual(lodash?.aliases, ['CVE-2020-8203']);
    assert.equal(lodash?.summary, 'Prototype Pollution in lodash');
    assert.deepEqual(lodash?.severity, { cvss: { score: 7.4, vector: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:H/A:H' }, level: 'high' });
    assert.deepEqual(lodash?.cwes, ['CWE-1321', 'CWE-770']);
    assert.equal(lodash?.source, 'advisories');
    assert.equal(lodash?.published, '2020-07-15T19:15:48Z');
    assert.equal(lodash?.withdrawn, undefined);
    assert.deepEqual(lodash?.affected[0], {
      ecosystem: 'npm',
      name: 'lodash',
      ranges: [{ type: 'ECOSYSTEM', events: [{ kind: 'introduced', version: '0' }, { kind: 'fixed', version: '4.17.20' }] }],
      versions: [],
      vulnerableSymbols: ['lodash.baseSet'],
      vulnerablePackages: [],
    });
    assert.deepEqual(lodash?.references[0], { type: 'ADVISORY', url: 'https://nvd.nist.gov/vuln/detail/CVE-2020-8203' });

    const go = parseOsvRecord(readFixture('osv/records/go/GO-2021-0113.json'), 'go.json').value;
    assert.deepEqual(go?.affected[0]?.vulnerableSymbols, [
      'golang.org/x/text/language.MatchStrings',
      'golang.org/x/text/language.MustParse',
      'golang.org/x/text/language.Parse',
      'golang.org/x/text/language.ParseAcceptLanguage',
    ]);
    assert.deepEqual(go?.affected[0]?.vulnerablePackages, ['golang.org/x/text/language']);
    assert.deepEqual(go?.severity, {});
    assert.equal(go?.source, 'go.json');

    const withdrawn = parseOsvRecord(readFixture('osv/records/npm/withdrawn-duplicate.json'), 'w.json').value;
    assert.equal(withdrawn?.withdrawn, '2023-01-10T12:00:00Z');
  });

  test('bad input becomes problems, never exceptions', () => {
    const table: [what: string, text: string, hasValue: boolean, problem: RegExp | undefined][] = [
      ['not JSON', '{"id": "X",', false, /not valid JSON/],
      ['not an object', '[]', false, /not an OSV record/],
      ['no id', JSON.stringify({ affected: [] }), false, /not an OSV record: id/],
      ['affected is not a list', record({ affected: 'lodash' }), false, /affected/],
      ['an event with two kinds', record({ affected: [affected({ ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { introduced: '0', fixed: '1.0.0' }] }] })] }), true, /events\[1\] must have exactly one/],
      ['a range without introduced', record({ affected: [affected({ ranges: [{ type: 'ECOSYSTEM', events: [{ fixed: '1.0.0' }] }] })] }), true, /no introduced event/],
      ['a version the ecosystem cannot read', record({ affected: [affected({ ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1.0' }] }] })] }), true, /fixed "1.0" is not a valid npm version/],
      ['a SEMVER range with a bad version', record({ affected: [affected({ package: { ecosystem: 'PyPI', name: 'x' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '1.0' }] }] })] }), true, /not a valid SemVer version/],
      ['an affected entry of the wrong shape', record({ affected: [{ package: { ecosystem: 'npm' } }] }), true, /affected\[0\]: package.name/],
      ['a bad CVSS vector', record({ severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N' }] }), true, /severity\[0\].*lacks base metric/],
      ['a severity without score', record({ severity: [{ type: 'CVSS_V3' }] }), true, /severity\[0\] is not/],
      ['a reference without url', record({ references: [{ type: 'WEB' }] }), true, /references\[0\]: url/],
      ['a clean minimal record', record({}), true, undefined],
      ['a GIT range with commit hashes', record({ affected: [affected({ ranges: [{ type: 'GIT', repo: 'https://x', events: [{ introduced: 'abc123' }] }] })] }), true, undefined],
      ['an entry without package (GIT-only records)', record({ affected: [{ ranges: [] }] }), true, undefined],
    ];
    for (const [what, text, hasValue, problem] of table) {
      const parsed = parseOsvRecord(text, 'x.json');
      assert.equal(parsed.value !== undefined, hasValue, what);
      if (problem) {
        assert.equal(parsed.problems.length, 1, `${what}: ${JSON.stringify(parsed.problems)}`);
        assert.match(parsed.problems[0]?.message ?? '', problem, what);
      } else {
        assert.deepEqual(parsed.problems, [], what);
      }
    }
  });

  test('a bad entry costs only itself', () => {
    const parsed = parseOsvRecord(
      record({
        affected: [
          { package: { ecosystem: 'npm' } },
          affected({ ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1.0.0', limit: '2.0.0' }, { fixed: '2.0.0' }] }] }),
        ],
      }),
      'x.json',
    );
    assert.equal(parsed.value?.affected.length, 1);
    assert.deepEqual(parsed.value?.affected[0]?.ranges[0]?.events, [{ kind: 'introduced', version: '0' }, { kind: 'fixed', version: '2.0.0' }]);
    assert.equal(parsed.problems.length, 2);
    assert.ok(parsed.problems.every((problem) => problem.message.startsWith('TEST-1: ')));
  });

  test('severity: the first parsable vector of the preferred CVSS version (v3, then v4, then v2), and the database label', () => {
    const v4 = 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N';
    const table: [what: string, fields: Record<string, unknown>, expected: unknown][] = [
      ['v3 after v2', { severity: [{ type: 'CVSS_V2', score: 'AV:N/AC:L/Au:N/C:P/I:P/A:P' }, { type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }] }, { cvss: { score: 9.8, vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' } }],
      ['v4 only, label MODERATE', { severity: [{ type: 'CVSS_V4', score: v4 }], database_specific: { severity: 'MODERATE' } }, { cvss: { score: 9.3, vector: v4 }, level: 'medium' }],
      ['v4 before v3: v3 wins', { severity: [{ type: 'CVSS_V4', score: v4 }, { type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:H/A:H' }] }, { cvss: { score: 7.4, vector: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:H/A:H' } }],
      ['v2 only', { severity: [{ type: 'CVSS_V2', score: 'AV:N/AC:L/Au:N/C:P/I:N/A:N' }] }, { cvss: { score: 5.0, vector: 'AV:N/AC:L/Au:N/C:P/I:N/A:N' } }],
      ['a bad v3 vector falls back to v4', { severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N' }, { type: 'CVSS_V4', score: v4 }] }, { cvss: { score: 9.3, vector: v4 } }],
      ['Ubuntu priorities carry no vector', { severity: [{ type: 'Ubuntu', score: 'medium' }] }, {}],
      ['label only', { database_specific: { severity: 'critical' } }, { level: 'critical' }],
      ['unknown label', { database_specific: { severity: 'SEVERE' } }, {}],
      ['label of another shape', { database_specific: { severity: 3 } }, {}],
    ];
    for (const [what, fields, expected] of table) {
      assert.deepEqual(parseOsvRecord(record(fields), 'x.json').value?.severity, expected, what);
    }
  });

  test('package-level severity and symbols from the ecosystem-specific blocks', () => {
    const parsed = parseOsvRecord(
      record({
        affected: [
          affected({
            severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N' }],
            ecosystem_specific: { affects: { functions: ['crate::f'] }, imports: [{ path: 'example.com/m/pkg' }] },
            database_specific: { severity: 'LOW', affected_functions: ['pkg.g'] },
          }),
        ],
      }),
      'x.json',
    );
    assert.deepEqual(parsed.value?.affected[0]?.severity, { cvss: { score: 5.3, vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N' }, level: 'low' });
    // A package listed without symbols is vulnerable as a whole: a package, never a made-up symbol (issue 8).
    assert.deepEqual(parsed.value?.affected[0]?.vulnerableSymbols, ['crate::f', 'pkg.g']);
    assert.deepEqual(parsed.value?.affected[0]?.vulnerablePackages, ['example.com/m/pkg']);
  });
});
