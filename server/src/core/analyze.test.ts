import { strict as assert } from 'node:assert';
import { analyzeService, newAnalysisMemo, type AnalysisContext, type IndexRevisions, type ServiceData } from './analyze';
import { noExposure, type Exposure } from './model/exposure';
import type { Finding } from './model/finding';
import type { WorkspaceIndex } from './model/workspaceIndex';
import type { SurfacePolicy } from './prioritize/surface';

const production: Exposure = { ...noExposure, environments: [{ name: 'prod', kind: 'production' }] };
const code = (id: string, path: string, line: number, extra: Partial<Finding> = {}): Finding => ({
  id,
  kind: 'sast',
  ruleId: 'js/sql-injection',
  title: 'SQL injection',
  severity: 'high',
  firstSeen: '2026-11-01T00:00:00Z',
  location: { path, startLine: line, endLine: line },
  sources: ['test'],
  ...extra,
});
const texts = new Map([
  ['src/a.ts', 'const a = 1;\nquery(a);\n'],
  ['src/b.ts', 'const b = 2;\nquery(b);\n'],
  ['src/c.ts', 'const c = 3;\nquery(c);\n'],
]);
const index: WorkspaceIndex = {
  graphs: [],
  imports: [],
  importTargets: new Map(),
  callsByPath: new Map(),
  routes: [],
  iac: { resources: [], signals: [] },
  files: new Set(texts.keys()),
  manifestText: () => undefined,
  codeText: (path) => texts.get(path),
};
const data: ServiceData = {
  service: { id: 'svc', name: 'svc', root: '' },
  // A high finding has a 30-day SLA from 2026-11-01 under this policy: due 2026-12-01.
  policies: [{ id: 'sla', title: 'SLA', environment: 'production', slaDays: { high: 30 } }],
  exposure: production,
  hasExposureData: true,
  findings: [code('f-a', 'src/a.ts', 2), code('f-b', 'src/c.ts', 2, { severity: 'medium' }), code('f-ignored', 'src/b.ts', 1)],
};
const policy: SurfacePolicy = { minPriority: 0, showUnreachable: true };
const ignores: AnalysisContext['ignores'] = [{ id: 'f-ignored', reason: 'accepted until the fix ships', expires: '2026-11-25', line: 1 }];
const revisions = (): IndexRevisions => ({ packages: '', graphs: 0, files: 0, routes: 0, iac: 0, codeText: () => 0 });

/** The memoized analysis at each time compared with a fresh one, and the results it kept (same objects) each time. */
function analyzeAt(times: string[]): { kept: string[][]; compared: { memo: unknown; fresh: unknown }[] } {
  const memo = newAnalysisMemo(revisions());
  const kept: string[][] = [];
  const compared: { memo: unknown; fresh: unknown }[] = [];
  let previous = new Set<unknown>();
  for (const time of times) {
    const context: AnalysisContext = { now: new Date(time), ignores };
    const results = analyzeService(data, index, policy, context, memo);
    kept.push(results.filter((analyzed) => previous.has(analyzed)).map((analyzed) => analyzed.finding.id).sort());
    compared.push({ memo: results, fresh: analyzeService(data, index, policy, context) });
    previous = new Set(results);
  }
  return { kept, compared };
}

suite('core/analyze: results kept across analyses', () => {
  test('the time moving keeps every result until an ignore entry expires or an SLA runs out; then only those are made again', () => {
    const { kept, compared } = analyzeAt([
      '2026-11-20T10:00:00Z',
      '2026-11-20T10:05:00Z', // minutes later: nothing expired
      '2026-11-26T00:00:00Z', // the ignore entry expired: every result is made again (entries apply to any finding)
      '2026-11-30T00:00:00Z', // nothing
      '2026-12-02T00:00:00Z', // the SLA of the high findings ran out: their files' results are made again, not the medium one's
    ]);
    assert.deepEqual(kept, [[], ['f-a', 'f-b', 'f-ignored'], [], ['f-a', 'f-b', 'f-ignored'], ['f-b']]);
    for (const { memo, fresh } of compared) {
      assert.deepEqual(memo, fresh);
    }
  });

  test('a file whose text did not move keeps its results when another file is edited', () => {
    const memo = newAnalysisMemo(revisions());
    const context: AnalysisContext = { now: new Date('2026-11-20T10:00:00Z'), ignores: [] };
    const before = analyzeService(data, index, policy, context, memo);
    const edited = { ...revisions(), codeText: (path: string) => (path === 'src/b.ts' ? 1 : 0) };
    memo.revisions = edited;
    const after = analyzeService(data, index, policy, context, memo);
    assert.deepEqual(
      after.filter((analyzed) => before.includes(analyzed)).map((analyzed) => analyzed.finding.id).sort(),
      ['f-a', 'f-b'],
    );
    assert.deepEqual(after, analyzeService(data, index, policy, context));
  });
});
