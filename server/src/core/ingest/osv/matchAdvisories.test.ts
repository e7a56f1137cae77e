import { strict as assert } from 'node:assert';
import { readFixture } from '../../../test/fixtures';
import type { Severity } from '../../model/severity';
import { matchAdvisories, type InstalledPackage } from './matchAdvisories';
import { normalizePackageName } from './normalizePackageName';
import type { OsvAdvisory } from './osvAdvisory';
import { toOsvQuery } from './osvQuery';
import { parseOsvRecord } from './parseOsvRecord';

interface ExpectedMatch {
  advisory: string;
  ruleId: string;
  severity: Severity;
  cvssScore?: number;
  fixedVersions: string[];
  vulnerableRange?: string;
  vulnerableSymbols?: string[];
  vulnerablePackages?: string[];
}

interface MatchCase {
  why: string;
  package: InstalledPackage;
  matches: ExpectedMatch[];
}

const recordFiles = [
  'npm/GHSA-p6mc-m468-83gw.json',
  'npm/GHSA-hrpp-h998-j3pp.json',
  'npm/withdrawn-duplicate.json',
  'pypi/PYSEC-2021-142.json',
  'go/GO-2021-0113.json',
  'go/GO-2023-2402.json',
  'go/GO-2099-0202.json',
  'go/GO-2099-0203.json',
  'go/GO-2099-0204.json',
  'maven/GHSA-j9h8-phrw-h4fh.json',
  'malformed.json',
];

function fixtureAdvisories(): OsvAdvisory[] {
  return recordFiles.flatMap((file) => parseOsvRecord(readFixture('osv/records', file), file, { source: 'fixtures' }).value ?? []);
}

function advisory(fields: Partial<OsvAdvisory>): OsvAdvisory {
  return {
    id: 'TEST-1',
    aliases: [],
    severity: {},
    cwes: [],
    references: [],
    source: 'test',
    affected: [{ ecosystem: 'npm', name: 'pkg', ranges: [{ type: 'ECOSYSTEM', events: [{ kind: 'introduced', version: '0' }] }], versions: [], vulnerableSymbols: [], vulnerablePackages: [] }],
    ...fields,
  };
}

suite('core/ingest/osv: matchAdvisories', () => {
  test('matches the fixture records as matches.expected.json says', () => {
    const advisories = fixtureAdvisories();
    const { cases } = JSON.parse(readFixture('osv/matches.expected.json')) as { cases: MatchCase[] };
    assert.ok(cases.length >= 20);
    for (const { why, package: pkg, matches } of cases) {
      const label = `${pkg.ecosystem} ${pkg.name}@${pkg.version ?? '(none)'}: ${why}`;
      const findings = matchAdvisories([pkg], advisories);
      assert.deepEqual(
        findings.map((finding) => finding.id.split(':')[1]),
        matches.map((match) => match.advisory),
        label,
      );
      findings.forEach((finding, index) => {
        const expected = matches[index]!;
        const actual: ExpectedMatch = {
          advisory: expected.advisory,
          ruleId: finding.ruleId ?? '',
          severity: finding.severity,
          fixedVersions: finding.package?.fixedVersions ?? [],
        };
        if (finding.cvss) {
          actual.cvssScore = finding.cvss.score;
        }
        if (finding.package?.vulnerableRange) {
          actual.vulnerableRange = finding.package.vulnerableRange;
        }
        if (expected.vulnerableSymbols) {
          actual.vulnerableSymbols = finding.package?.vulnerableSymbols ?? [];
        }
        if (expected.vulnerablePackages) {
          actual.vulnerablePackages = finding.package?.vulnerablePackages ?? [];
        }
        assert.deepEqual(actual, expected, label);
      });
    }
  });

  test('builds complete SCA findings', () => {
    const findings = matchAdvisories(
      [
        { ecosystem: 'pypi', name: 'PyYAML', version: '5.3.1' },
        { ecosystem: 'golang', name: 'golang.org/x/text', version: 'v0.3.5' },
        { ecosystem: 'maven', name: 'com.thoughtworks.xstream:xstream', version: '1.4.17' },
        { ecosystem: 'npm', name: 'lodash-es', version: '4.17.15' },
      ],
      fixtureAdvisories(),
    );
    assert.deepEqual(
      findings.map((finding) => [finding.id, finding.package?.purl, finding.package?.ecosystem, finding.links?.advisory]),
      [
        ['osv:PYSEC-2021-142:PyYAML@5.3.1', 'pkg:pypi/pyyaml@5.3.1', 'pypi', 'https://osv.dev/vulnerability/PYSEC-2021-142'],
        ['osv:GO-2021-0113:golang.org/x/text@v0.3.5', 'pkg:golang/golang.org/x/text@v0.3.5', 'golang', 'https://osv.dev/vulnerability/GO-2021-0113'],
        ['osv:GHSA-j9h8-phrw-h4fh:com.thoughtworks.xstream:xstream@1.4.17', 'pkg:maven/com.thoughtworks.xstream/xstream@1.4.17', 'maven', 'https://osv.dev/vulnerability/GHSA-j9h8-phrw-h4fh'],
        ['osv:GHSA-p6mc-m468-83gw:lodash-es@4.17.15', 'pkg:npm/lodash-es@4.17.15', 'npm', 'https://osv.dev/vulnerability/GHSA-p6mc-m468-83gw'],
      ],
    );
    const [pyyaml, , xstream] = findings;
    assert.equal(pyyaml?.kind, 'sca');
    assert.equal(pyyaml?.ruleId, 'GHSA-8q59-q68h-6hv4');
    assert.deepEqual(pyyaml?.aliases, ['PYSEC-2021-142', 'CVE-2020-14343']);
    assert.equal(pyyaml?.title, 'A vulnerability was discovered in the PyYAML library in versions before 5.4, where it is susceptible to arbitrary code execution when it processes untrusted…');
    assert.equal(pyyaml?.package?.name, 'PyYAML');
    assert.deepEqual(pyyaml?.sources, ['osv:fixtures']);
    assert.equal(pyyaml?.toolName, 'OSV');
    assert.equal(xstream?.title, 'XStream is vulnerable to a Remote Command Execution attack');
    assert.deepEqual(xstream?.cvss, { score: 8.5, vector: 'CVSS:3.1/AV:N/AC:H/PR:L/UI:N/S:C/C:H/I:H/A:H' });
    assert.deepEqual(xstream?.cwe, ['CWE-502', 'CWE-94']);
    assert.deepEqual(xstream?.aliases, ['CVE-2021-39144']);
    assert.match(xstream?.description ?? '', /^### Impact/);
  });

  test('severity: CVSS band, else the database label, else medium; package level first', () => {
    const cvss = (score: number): { score: number; vector: string } => ({ score, vector: 'CVSS:3.1/…' });
    const table: [what: string, fields: Partial<OsvAdvisory>, expected: Severity][] = [
      ['9.0 is critical', { severity: { cvss: cvss(9.0) } }, 'critical'],
      ['8.9 is high', { severity: { cvss: cvss(8.9) } }, 'high'],
      ['7.0 is high', { severity: { cvss: cvss(7.0) } }, 'high'],
      ['6.9 is medium', { severity: { cvss: cvss(6.9) } }, 'medium'],
      ['4.0 is medium', { severity: { cvss: cvss(4.0) } }, 'medium'],
      ['3.9 is low', { severity: { cvss: cvss(3.9) } }, 'low'],
      ['0.1 is low', { severity: { cvss: cvss(0.1) } }, 'low'],
      ['0 falls back to the label', { severity: { cvss: cvss(0), level: 'high' } }, 'high'],
      ['the score wins over the label', { severity: { cvss: cvss(3.1), level: 'critical' } }, 'low'],
      ['label only', { severity: { level: 'critical' } }, 'critical'],
      ['nothing: medium', { severity: {} }, 'medium'],
      [
        'package-level score wins',
        {
          severity: { cvss: cvss(9.8) },
          affected: [{ ecosystem: 'npm', name: 'pkg', ranges: [], versions: ['1.0.0'], vulnerableSymbols: [], vulnerablePackages: [], severity: { cvss: cvss(5.0) } }],
        },
        'medium',
      ],
    ];
    for (const [what, fields, expected] of table) {
      const [finding] = matchAdvisories([{ ecosystem: 'npm', name: 'pkg', version: '1.0.0' }], [advisory(fields)]);
      assert.equal(finding?.severity, expected, what);
    }
  });

  test('a record that only carries a CVSS v4 vector is banded by its v4 score, not the medium default (issue 10)', () => {
    const record = JSON.parse(readFixture('osv/records', 'npm/GHSA-p6mc-m468-83gw.json')) as Record<string, unknown>;
    const vector = 'CVSS:4.0/AV:N/AC:H/AT:N/PR:N/UI:N/VC:N/VI:H/VA:H/SC:N/SI:N/SA:N'; // 8.3, FIRST v4.0 calculator
    const parsed = parseOsvRecord(JSON.stringify({ ...record, database_specific: undefined, severity: [{ type: 'CVSS_V4', score: vector }] }), 'v4.json', { source: 'fixtures' });
    assert.ok(parsed.value, JSON.stringify(parsed.problems));
    assert.equal(parsed.value.severity.level, undefined, 'no database label to fall back on');
    const [finding] = matchAdvisories([{ ecosystem: 'npm', name: 'lodash', version: '4.17.15' }], [parsed.value]);
    assert.deepEqual(finding?.cvss, { score: 8.3, vector });
    assert.equal(finding?.severity, 'high');
  });

  test('one finding per advisory and package version', () => {
    const twice = advisory({
      affected: [
        { ecosystem: 'npm', name: 'pkg', ranges: [{ type: 'ECOSYSTEM', events: [{ kind: 'introduced', version: '0' }, { kind: 'fixed', version: '2.0.0' }] }], versions: [], vulnerableSymbols: ['a'], vulnerablePackages: [] },
        { ecosystem: 'npm', name: 'pkg', ranges: [{ type: 'ECOSYSTEM', events: [{ kind: 'introduced', version: '1.0.0' }, { kind: 'fixed', version: '1.5.0' }] }], versions: [], vulnerableSymbols: ['b'], vulnerablePackages: [] },
      ],
    });
    const pkg = { ecosystem: 'npm', name: 'pkg', version: '1.2.0' };
    const findings = matchAdvisories([pkg, pkg, { ...pkg, version: '1.7.0' }], [twice, twice]);
    assert.deepEqual(findings.map((finding) => finding.id), ['osv:TEST-1:pkg@1.2.0', 'osv:TEST-1:pkg@1.7.0']);
    assert.deepEqual(findings[0]?.package?.fixedVersions, ['1.5.0', '2.0.0']);
    assert.deepEqual(findings[0]?.package?.vulnerableSymbols, ['a', 'b']);
    assert.equal(findings[0]?.package?.vulnerableRange, '<2.0.0 || >=1.0.0 <1.5.0');
    assert.deepEqual(findings[1]?.package?.fixedVersions, ['2.0.0']);
    assert.deepEqual(findings[1]?.package?.vulnerableSymbols, ['a']);
  });

  test('links: osv.dev for public databases, else the record’s own advisory', () => {
    const references = [
      { type: 'WEB', url: 'https://example.com/web' },
      { type: 'ADVISORY', url: 'https://example.com/advisory' },
    ];
    const table: [id: string, refs: OsvAdvisory['references'], expected: string | undefined][] = [
      ['GHSA-p6mc-m468-83gw', references, 'https://osv.dev/vulnerability/GHSA-p6mc-m468-83gw'],
      ['RUSTSEC-2019-0033', [], 'https://osv.dev/vulnerability/RUSTSEC-2019-0033'],
      ['ACME-2024-7', references, 'https://example.com/advisory'],
      ['ACME-2024-7', [references[0]!], 'https://example.com/web'],
      ['ACME-2024-7', [{ type: 'ADVISORY', url: 'javascript:alert(1)' }], undefined],
    ];
    for (const [id, refs, expected] of table) {
      const [finding] = matchAdvisories([{ ecosystem: 'npm', name: 'pkg', version: '1.0.0' }], [advisory({ id, references: refs })]);
      assert.equal(finding?.links?.advisory, expected, `${id} ${JSON.stringify(refs)}`);
    }
  });

  test('names compare per ecosystem rules', () => {
    const table: [ecosystem: string, name: string, normalized: string][] = [
      ['PyPI', 'PyYAML', 'pyyaml'],
      ['pypi', 'Foo__Bar.-baz', 'foo-bar-baz'],
      ['maven', 'com.example/lib', 'com.example:lib'],
      ['Maven', 'com.example:lib', 'com.example:lib'],
      ['npm', '@Scope/Pkg', '@Scope/Pkg'],
      ['Go', 'github.com/BurntSushi/toml', 'github.com/BurntSushi/toml'],
    ];
    for (const [ecosystem, name, normalized] of table) {
      assert.equal(normalizePackageName(ecosystem, name), normalized, `${ecosystem} ${name}`);
    }
  });

  test('API queries use the OSV spelling', () => {
    const table: [InstalledPackage, ReturnType<typeof toOsvQuery>][] = [
      [{ ecosystem: 'npm', name: '@babel/core', version: '7.0.0' }, { package: { ecosystem: 'npm', name: '@babel/core' }, version: '7.0.0' }],
      [{ ecosystem: 'pypi', name: 'PyYAML', version: '5.3.1' }, { package: { ecosystem: 'PyPI', name: 'pyyaml' }, version: '5.3.1' }],
      [{ ecosystem: 'golang', name: 'golang.org/x/text', version: 'v0.3.5' }, { package: { ecosystem: 'Go', name: 'golang.org/x/text' }, version: '0.3.5' }],
      [{ ecosystem: 'maven', name: 'com.example/lib', version: '1.0' }, { package: { ecosystem: 'Maven', name: 'com.example:lib' }, version: '1.0' }],
      [{ ecosystem: 'crates.io', name: 'http', version: '0.1.19' }, { package: { ecosystem: 'crates.io', name: 'http' }, version: '0.1.19' }],
      [{ ecosystem: 'npm', name: 'lodash' }, undefined],
    ];
    for (const [pkg, expected] of table) {
      assert.deepEqual(toOsvQuery(pkg), expected, JSON.stringify(pkg));
    }
  });
});
