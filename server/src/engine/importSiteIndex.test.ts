import { strict as assert } from 'node:assert';
import { importTargetResolver } from '../core/correlate/importTargets';
import type { ImportFact } from '../core/model/importFact';
import { lineRange } from '../core/model/location';
import { ImportSiteIndex } from './importSiteIndex';

function site(path: string, specifier: string, line: number): ImportFact {
  return { specifier, packageName: specifier, kind: 'import', isTypeOnly: false, path, range: lineRange(line, 0, 10) };
}

const describe = (found: { sites: readonly ImportFact[]; targets: ReadonlyMap<ImportFact, string> }): string[] => found.sites.map((fact) => `${fact.path}:${fact.range.start.line} ${found.targets.get(fact)}`);

suite('engine/importSiteIndex', () => {
  test('the sites of several targets come back in path order then position, with their targets', () => {
    const index = new ImportSiteIndex();
    index.update('a.ts', [site('a.ts', 'lodash', 0), site('a.ts', 'express', 1), site('a.ts', 'lodash', 5)]);
    index.update('b.py', [site('b.py', 'yaml', 0)]);
    index.update('c.ts', [site('c.ts', 'qs', 2), site('c.ts', 'lodash', 4)]);
    index.update('d.rb', [site('d.rb', 'rails', 0)]);
    index.sync(importTargetResolver([], new Set(['a.ts', 'b.py', 'c.ts', 'd.rb'])));
    assert.deepEqual(describe(index.sitesOf(['npm:qs', 'npm:lodash', 'npm:missing'])), ['a.ts:0 npm:lodash', 'a.ts:5 npm:lodash', 'c.ts:2 npm:qs', 'c.ts:4 npm:lodash']);
    assert.deepEqual(describe(index.sitesOf(['pypi:pyyaml'])), ['b.py:0 pypi:pyyaml'], 'a Python module maps to its distribution');
    assert.equal(index.everything().sites.length, 7);
    assert.equal(index.everything().targets.size, 6, 'a language the index does not map loads no package');
  });

  // Issue 10: in path order, not in the order files were indexed (a cold index reads them concurrently), so that an
  // edited server and a fresh one list the same sites first.
  test('sites stay in path order whatever the order files were indexed, edited, removed and added again in', () => {
    const index = new ImportSiteIndex();
    const resolver = importTargetResolver([], new Set());
    index.update('a.ts', [site('a.ts', 'lodash', 0)]);
    index.update('b.ts', []);
    index.update('c.ts', [site('c.ts', 'lodash', 0)]);
    index.sync(resolver);
    assert.deepEqual(describe(index.sitesOf(['npm:lodash'])), ['a.ts:0 npm:lodash', 'c.ts:0 npm:lodash'], 'an answer that the next changes must drop');
    assert.deepEqual(describe(index.sitesOf(['npm:express'])), []);
    index.update('b.ts', [site('b.ts', 'lodash', 3)]);
    index.update('a.ts', [site('a.ts', 'express', 0)]);
    index.sync(resolver);
    assert.deepEqual(describe(index.sitesOf(['npm:lodash'])), ['b.ts:3 npm:lodash', 'c.ts:0 npm:lodash']);
    assert.deepEqual(describe(index.sitesOf(['npm:express'])), ['a.ts:0 npm:express']);
    index.update('b.ts', undefined);
    index.update('a.ts', undefined);
    index.update('a.ts', [site('a.ts', 'lodash', 1)]);
    index.sync(resolver);
    assert.deepEqual(describe(index.sitesOf(['npm:lodash'])), ['a.ts:1 npm:lodash', 'c.ts:0 npm:lodash']);
    assert.deepEqual(describe(index.sitesOf(['npm:express'])), []);
  });

  test("a target's revision moves when a file's sites of it change, and only then", () => {
    const index = new ImportSiteIndex();
    const resolver = importTargetResolver([], new Set());
    index.update('a.ts', [site('a.ts', 'lodash', 0), site('a.ts', 'express', 1)]);
    index.sync(resolver);
    const lodash = index.revisionOf('npm:lodash');
    const express = index.revisionOf('npm:express');
    index.update('b.ts', [site('b.ts', 'qs', 0)]);
    index.sync(resolver);
    assert.equal(index.revisionOf('npm:lodash'), lodash, 'another file with other targets');
    index.update('a.ts', [site('a.ts', 'lodash', 2), site('a.ts', 'express', 3)]);
    index.sync(resolver);
    assert.notEqual(index.revisionOf('npm:lodash'), lodash, 'the sites moved in their file');
    assert.notEqual(index.revisionOf('npm:express'), express);
    const moved = index.revisionOf('npm:express');
    index.update('a.ts', [site('a.ts', 'lodash', 2)]);
    index.sync(resolver);
    assert.notEqual(index.revisionOf('npm:express'), moved, 'the import removed');
    const unused = index.revisionOf('npm:moment');
    index.sync(importTargetResolver([], new Set(['x.ts'])));
    assert.notEqual(index.revisionOf('npm:moment'), unused, 'a new resolver moves every target');
  });

  test('a new resolver (the manifests changed) resolves every site again', () => {
    const index = new ImportSiteIndex();
    index.update('main.go', [{ ...site('main.go', 'github.com/acme/lib/sub', 0), specifier: 'github.com/acme/lib/sub' }]);
    index.sync(importTargetResolver([], new Set()));
    assert.deepEqual(describe(index.sitesOf(['golang:github.com/acme/lib'])), [], 'no module declares it yet');
    const graph = { rootDir: '', rootManifestPath: 'go.mod', overrides: {}, graph: { ecosystem: 'golang', packages: [{ name: 'github.com/acme/lib' }] } };
    index.sync(importTargetResolver([graph as never], new Set()));
    assert.deepEqual(describe(index.sitesOf(['golang:github.com/acme/lib'])), ['main.go:0 golang:github.com/acme/lib']);
  });

  // Issue 10: answers are patched file by file, not rebuilt; after any sequence of changes they must be what a fresh
  // index of the same files answers (sites, their order and their targets).
  test('answers kept across edits, removals and additions equal those of a fresh index', () => {
    const resolver = importTargetResolver([], new Set());
    const packages = ['lodash', 'express', 'qs', 'moment'];
    const wanted = [['npm:lodash'], ['npm:lodash', 'npm:express'], ['npm:qs', 'npm:moment', 'npm:express'], ['npm:moment']];
    let seed = 7;
    const random = (below: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return Math.floor(seed / 65536) % below; // the high bits: the low ones of this generator repeat quickly
    };
    const paths = ['a.ts', 'b/c.ts', 'b/d.ts', 'e.ts', 'f/g/h.ts', 'z.ts'];
    const current = new Map<string, ImportFact[]>();
    const kept = new ImportSiteIndex();
    for (let step = 0; step < 300; step++) {
      const path = paths[random(paths.length)]!;
      if (random(5) === 0) {
        current.delete(path);
        kept.update(path, undefined);
      } else {
        const sites = Array.from({ length: random(4) }, (_unused, at) => site(path, packages[random(packages.length)]!, at * 2 + random(2)));
        current.set(path, sites);
        kept.update(path, sites);
      }
      if (random(3) === 0) {
        continue; // several files changed before the next sync
      }
      kept.sync(resolver);
      const fresh = new ImportSiteIndex();
      for (const [file, sites] of current) {
        fresh.update(file, sites);
      }
      fresh.sync(resolver);
      for (const targets of wanted) {
        assert.deepEqual(describe(kept.sitesOf(targets)), describe(fresh.sitesOf(targets)), `step ${step}, ${targets.join(' ')}`);
      }
    }
  });
});

