import { strict as assert } from 'node:assert';
import type { SourceIndexer } from '../../engine/ports';
import { sharedTreeSitterHost } from '../../test/languageHost';
import { goIndexer } from './goIndexer';
import { javaIndexer } from './javaIndexer';
import { javascriptIndexer } from './javascriptIndexer';
import { pythonIndexer } from './pythonIndexer';

suite('host/indexers: imports and calls of JavaScript, Python, Go and Java', () => {
  const indexers: Record<string, SourceIndexer> = {};

  suiteSetup(async () => {
    const host = await sharedTreeSitterHost();
    Object.assign(indexers, { javascript: javascriptIndexer(host), python: pythonIndexer(host), go: goIndexer(host), java: javaIndexer(host) });
  });

  test('each indexer handles its own source files only', () => {
    const paths = ['a.ts', 'a.mjs', 'a.d.ts', 'a.py', 'a.pyi', 'a.go', 'A.java', 'go.mod', 'pom.xml', 'requirements.txt'];
    const handled = Object.fromEntries(Object.entries(indexers).map(([name, indexer]) => [name, paths.filter((path) => indexer.handles(path))]));
    assert.deepEqual(handled, { javascript: ['a.ts', 'a.mjs'], python: ['a.py'], go: ['a.go'], java: ['A.java'] });
  });

  test('every indexer returns imports and calls, and nothing for an empty file', async () => {
    const samples: [string, string, string][] = [
      ['javascript', 'a.js', "const yaml = require('js-yaml');\nyaml.load(s);"],
      ['python', 'a.py', 'import yaml\nyaml.load(s)\n'],
      ['go', 'a.go', 'package a\nimport "gopkg.in/yaml.v3"\nfunc f() { yaml.Unmarshal(b, &v) }\n'],
      ['java', 'A.java', 'import org.yaml.snakeyaml.Yaml;\nclass A { Object f(String s) { return new Yaml().load(s); } }\n'],
    ];
    for (const [name, path, text] of samples) {
      const facts = await indexers[name]!.index(path, text);
      assert.equal(facts.imports?.length, 1, name);
      assert.ok(facts.calls?.some((call) => call.name === 'load' || call.name === 'Unmarshal'), name);
      assert.deepEqual(await indexers[name]!.index(path, ''), { imports: [], calls: [] }, `${name}: empty file`);
    }
  });

  test('malformed sources do not throw', async () => {
    const garbage = 'import ((( "x\n}{ def class func \u0000 @@@ require(';
    for (const [name, path] of [['javascript', 'a.ts'], ['python', 'a.py'], ['go', 'a.go'], ['java', 'A.java']] as const) {
      const facts = await indexers[name]!.index(path, garbage);
      assert.ok(Array.isArray(facts.imports) && Array.isArray(facts.calls), name);
    }
  });
});
