import { strict as assert } from 'node:assert';
import type { ImportFact } from '../model/importFact';
import type { CallFact } from '../model/symbolFacts';
import { findVulnerableCalls } from './symbolReachability';

const range = (line: number) => ({ start: { line, character: 0 }, end: { line, character: 5 } });
const site = (path: string, bindings?: ImportFact['bindings']): ImportFact => ({ specifier: 'lodash', packageName: 'lodash', kind: 'import', isTypeOnly: false, path, range: range(0), bindings });
const call = (path: string, line: number, name: string, object?: string): CallFact => ({ path, name, object, range: range(line) });

suite('core/correlate/symbolReachability', () => {
  const calls = new Map<string, CallFact[]>([
    ['a.ts', [call('a.ts', 4, 'template', '_'), call('a.ts', 5, 'merge', '_')]],
    ['b.ts', [call('b.ts', 2, 'tmpl')]],
    ['c.py', [call('c.py', 7, 'load', 'yaml')]],
  ]);
  const cases: { name: string; sites: ImportFact[]; symbols: string[]; kind: string; lines?: number[] }[] = [
    { name: 'a namespace member call', sites: [site('a.ts', [{ local: '_', imported: 'default' }])], symbols: ['template'], kind: 'called', lines: [5] },
    { name: 'a renamed named import', sites: [site('b.ts', [{ local: 'tmpl', imported: 'template' }])], symbols: ['template'], kind: 'called', lines: [3] },
    { name: 'qualified symbols match by their last segment', sites: [site('c.py', [{ local: 'yaml', imported: '*' }])], symbols: ['yaml.load'], kind: 'called', lines: [8] },
    { name: 'imported but the vulnerable function is never called', sites: [site('a.ts', [{ local: '_', imported: 'default' }])], symbols: ['zipObjectDeep'], kind: 'not-called' },
    { name: 'a call on another binding does not count', sites: [site('a.ts', [{ local: 'lodash', imported: 'default' }])], symbols: ['template'], kind: 'not-called' },
    { name: 'untracked imports claim nothing', sites: [site('a.ts')], symbols: ['template'], kind: 'unknown' },
    { name: 'no vulnerable symbols named', sites: [site('a.ts', [{ local: '_', imported: 'default' }])], symbols: [], kind: 'unknown' },
  ];
  for (const { name, sites, symbols, kind, lines } of cases) {
    test(name, () => {
      const verdict = findVulnerableCalls(sites, calls, symbols);
      assert.equal(verdict.kind, kind);
      if (verdict.kind === 'called') {
        assert.deepEqual(verdict.evidence.map((evidence) => (evidence.location?.range.start.line ?? -1) + 1), lines);
      }
    });
  }
});
