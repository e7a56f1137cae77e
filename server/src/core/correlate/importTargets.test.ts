import { strict as assert } from 'node:assert';
import type { ImportFact } from '../index/imports/importFact';
import { lineRange } from '../model/location';
import { importSitesOf, indexImportsByTarget, resolveImportTargets } from './importTargets';

function site(path: string, specifier: string, line: number): ImportFact {
  return { specifier, packageName: specifier, kind: 'import', isTypeOnly: false, path, range: lineRange(line, 0, 10) };
}

suite('core/correlate/importTargets', () => {
  test('the sites of several targets come back in the order of the imports list, each once', () => {
    const imports = [site('a.ts', 'lodash', 0), site('a.ts', 'express', 1), site('b.py', 'yaml', 0), site('c.ts', 'lodash', 4), site('d.ts', 'qs', 2), site('e.rb', 'rails', 3)];
    const targets = resolveImportTargets(imports, [], new Set(['a.ts', 'b.py', 'c.ts', 'd.ts', 'e.rb']));
    assert.equal(targets.get(imports[2]!), 'pypi:pyyaml', 'a Python module maps to its distribution');
    const byTarget = indexImportsByTarget(imports, targets);
    assert.deepEqual(byTarget.get('npm:lodash'), [0, 3]);
    assert.equal(targets.has(imports[5]!), false, 'a language the index does not map loads no package');
    const sites = importSitesOf(imports, byTarget, ['npm:qs', 'npm:lodash', 'npm:qs', 'npm:missing']);
    assert.deepEqual(
      sites.map((fact) => `${fact.path}:${fact.specifier}`),
      ['a.ts:lodash', 'c.ts:lodash', 'd.ts:qs'],
    );
  });
});
