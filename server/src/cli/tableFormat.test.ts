import { strict as assert } from 'node:assert';
import type { Report, ReportFinding } from './report';
import { formatTable } from './tableFormat';

const evil = {
  erase: '\u001b[2K\u001b[1G',
  osc: '\u001b]8;;https://evil.example\u0007',
  csi8: '\u009b31m',
  bidi: '\u202e',
  isolate: '\u2066',
  bell: '\u0007',
  backspace: '\u0008\u0008\u0008',
  cr: '\r',
};
const hostile = (text: string): string => `${evil.erase}${text}${evil.osc}${evil.csi8}${evil.bidi}${evil.isolate}${evil.bell}${evil.backspace}${evil.cr}`;

function finding(surfaced: boolean): ReportFinding {
  return {
    id: 'f-1',
    service: hostile('svc'),
    kind: 'sca',
    advisory: hostile('GHSA-aaaa-bbbb-cccc'),
    title: hostile('Prototype pollution'),
    severity: 'high',
    package: { name: hostile('lodash'), version: hostile('4.17.15'), ecosystem: 'npm', fixedVersions: [] },
    location: { path: hostile('package.json'), line: 14 },
    reachability: { tier: 'imported', summary: hostile('imported by src/app.ts'), evidence: [] },
    priority: { score: 70, band: 'high', factors: [] },
    surfaced,
    filteredReason: surfaced ? undefined : { code: 'declared', message: hostile('declared only') },
    fix: { title: hostile('Upgrade lodash') },
    links: {},
    sources: [{ kind: 'aspm', source: hostile('backend:svc'), id: hostile('f-1') }],
  };
}

// Regression test for issue 13 §4: the table printed raw escape sequences, so a finding could overwrite its line.
suite('cli/tableFormat', () => {
  test('no field can put a control character, escape sequence or bidi override on the terminal', () => {
    const report: Report = {
      repository: hostile('github.com/acme/shop'),
      services: [{ id: 's', name: hostile('shop'), root: '' }],
      findings: [finding(true), finding(false)],
      summary: { total: 2, surfaced: 1, filtered: { declared: 1 } },
      problems: [hostile('reports/x.sarif: not valid JSON')],
    };
    const table = formatTable(report);
    const lines = table.split('\n');
    for (const line of lines) {
      assert.ok(!/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(line), JSON.stringify(line));
    }
    assert.ok(lines.some((line) => /GHSA-aaaa-bbbb-cccc\s+lodash@4\.17\.15\s+imported\s+package\.json:14/.test(line)), table);
    assert.ok(lines.some((line) => line.includes('Prototype pollution — why: imported by src/app.ts')), table);
    assert.ok(lines.some((line) => line.includes('fix: Upgrade lodash')), table);
    assert.ok(lines.some((line) => line.includes('reason: declared only')), table);
    assert.ok(lines.some((line) => line.includes('! reports/x.sarif: not valid JSON')), table);
    assert.ok(lines[0]?.startsWith('ASPM scan of github.com/acme/shop · services: shop'), lines[0]);
  });
});
