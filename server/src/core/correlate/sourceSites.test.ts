import { strict as assert } from 'node:assert';
import type { AnalyzedFinding, Reachability, SourceSite } from '../model/analysis';
import { describeSourceSite, groupSourceSites, isSameSiteGroupList } from './sourceSites';

const range = (line: number) => ({ start: { line, character: 2 }, end: { line, character: 12 } });
const call = (path: string, line: number, symbol = 'template'): SourceSite => ({ kind: 'call', location: { path, range: range(line) }, symbol });
const imported = (path: string, line = 0, via?: string): SourceSite => ({ kind: 'import', location: { path, range: range(line) }, ...(via ? { via } : {}) });

function analyzed(id: string, score: number, sites: SourceSite[], options: { vulnerableCode?: Reachability['vulnerableCode']; isSurfaced?: boolean; name?: string } = {}): AnalyzedFinding {
  const name = options.name ?? 'lodash';
  return {
    finding: { id: `f-${id}`, ruleId: id, kind: 'sca', title: id, severity: 'high', sources: ['test'], package: { ecosystem: 'npm', name, version: '4.17.4', purl: `pkg:npm/${name}@4.17.4` }, links: { advisory: `https://github.com/advisories/${id}` } },
    serviceId: 's',
    location: { path: 'package.json', range: range(12) },
    isFixedInWorkspace: false,
    reachability: { tier: 'symbol-called', summary: '', evidence: [], sites, ...(options.vulnerableCode ? { vulnerableCode: options.vulnerableCode } : {}) },
    priority: { score, band: score >= 60 ? 'high' : 'medium', factors: [] },
    isSurfaced: options.isSurfaced ?? true,
  } as unknown as AnalyzedFinding;
}

const called = { symbols: ['template'], isCalled: true };
const notCalled = { symbols: ['merge'], isCalled: false };

suite('core/correlate/sourceSites', () => {
  test('several advisories of one package version at one call: one group, highest priority first', () => {
    const groups = groupSourceSites(
      [analyzed('GHSA-b', 50, [call('src/a.ts', 4), imported('src/a.ts')], { vulnerableCode: called }), analyzed('GHSA-a', 70, [call('src/a.ts', 4)], { vulnerableCode: called })],
      'calls',
    );
    assert.equal(groups.length, 1, 'the import is not marked in `calls` mode: the advisories name functions');
    assert.deepEqual(groups[0]!.advisories.map((advisory) => advisory.id), ['GHSA-a', 'GHSA-b']);
    assert.equal(describeSourceSite(groups[0]!), 'lodash 4.17.4: template is vulnerable (GHSA-a, +1 more) — called here');
    assert.deepEqual(groups[0]!.manifest, { path: 'package.json', range: range(12) });
  });

  const cases: { name: string; mode: 'calls' | 'imports' | 'off'; findings: AnalyzedFinding[]; expect: string[] }[] = [
    { name: 'off shows nothing', mode: 'off', findings: [analyzed('GHSA-a', 70, [call('src/a.ts', 4)], { vulnerableCode: called })], expect: [] },
    { name: 'imports shows calls and imports', mode: 'imports', findings: [analyzed('GHSA-a', 70, [call('src/a.ts', 4), imported('src/b.ts')], { vulnerableCode: called })], expect: ['call src/a.ts:5', 'import src/b.ts:1'] },
    { name: 'calls: imports where the advisory names no functions', mode: 'calls', findings: [analyzed('GHSA-a', 70, [imported('src/b.ts')])], expect: ['import src/b.ts:1'] },
    { name: 'calls: no import where the named functions are not called', mode: 'calls', findings: [analyzed('GHSA-a', 70, [imported('src/b.ts')], { vulnerableCode: notCalled })], expect: [] },
    { name: 'filtered findings have no sites', mode: 'imports', findings: [analyzed('GHSA-a', 10, [imported('src/b.ts')], { isSurfaced: false })], expect: [] },
  ];
  for (const { name, mode, findings, expect } of cases) {
    test(name, () => {
      assert.deepEqual(groupSourceSites(findings, mode).map((group) => `${group.kind} ${group.location.path}:${group.location.range.start.line + 1}`), expect);
    });
  }

  test('an import of the dependency that pulls the package in says so', () => {
    const [group] = groupSourceSites([analyzed('GHSA-a', 70, [imported('src/auth.ts', 1, 'jsonwebtoken')], { name: 'jws' })], 'calls');
    assert.equal(describeSourceSite(group!), 'jws 4.17.4: GHSA-a — jsonwebtoken, which depends on it, is imported here');
  });

  test('at most 50 files per package version, even over several advisories', () => {
    const files = Array.from({ length: 80 }, (_, index) => `src/f${String(index).padStart(3, '0')}.ts`);
    const groups = groupSourceSites([analyzed('GHSA-a', 70, files.slice(0, 40).map((path) => imported(path))), analyzed('GHSA-b', 60, files.slice(40).map((path) => imported(path)))], 'calls');
    assert.equal(new Set(groups.map((group) => group.location.path)).size, 50);
    assert.equal(groups.at(-1)!.location.path, files[49]);
  });

  test('groups made again from equal findings are the same; a moved site, another advisory or another top URL are not', () => {
    const made = (line: number, ids: string[]) => groupSourceSites(ids.map((id, at) => analyzed(id, 70 - at, [call('src/a.ts', line), imported('src/b.ts')], { vulnerableCode: called })), 'imports');
    assert.equal(isSameSiteGroupList(made(4, ['GHSA-a', 'GHSA-b']), made(4, ['GHSA-a', 'GHSA-b'])), true);
    assert.equal(isSameSiteGroupList(made(4, ['GHSA-a', 'GHSA-b']), made(5, ['GHSA-a', 'GHSA-b'])), false, 'the call moved a line');
    assert.equal(isSameSiteGroupList(made(4, ['GHSA-a', 'GHSA-b']), made(4, ['GHSA-a', 'GHSA-c'])), false, 'another advisory');
    assert.equal(isSameSiteGroupList(made(4, ['GHSA-a', 'GHSA-b']), made(4, ['GHSA-a'])), false, 'one advisory fewer');
    const [first] = made(4, ['GHSA-a']);
    assert.equal(isSameSiteGroupList([first!], [{ ...first!, advisories: [{ ...first!.advisories[0]!, url: 'https://example.com/other' }] }]), false, 'the linked advisory page');
    assert.equal(isSameSiteGroupList([first!], [{ ...first!, symbols: ['merge'] }]), false, 'other functions called');
  });
});
