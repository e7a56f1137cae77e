import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { createSourceIndexer } from '../../host/sourceIndexer';
import { TreeSitterHost } from '../../host/treeSitterHost';
import { wasmLocator } from '../../host/wasmLocator';
import { fixturePath } from '../../test/fixtures';
import { FactInterner } from './factInterner';
import type { FileFacts } from './fileFacts';

const range = (line: number, from: number, to: number): { start: { line: number; character: number }; end: { line: number; character: number } } => ({
  start: { line, character: from },
  end: { line, character: to },
});

/** Facts of one file with every part set, as a worker would send them. */
function sampleFacts(path: string): FileFacts {
  return {
    imports: [
      { specifier: 'lodash/fp', packageName: 'lodash', kind: 'import', isTypeOnly: false, path, range: range(0, 17, 28), bindings: [{ local: '_', imported: 'default' }] },
      { specifier: 'sequelize', packageName: 'mysql2', kind: 'require', isTypeOnly: false, path, range: range(1, 0, 9), loadedBy: { loader: 'sequelize', trigger: "configures Sequelize with dialect 'mysql'" } },
    ],
    calls: [
      { object: '_', name: 'template', path, range: range(3, 2, 12) },
      { name: 'Get', written: 'app.Get', receiver: { how: 'result', text: 'app', of: 'fiber', chain: ['New'], line: 2 }, path, range: range(4, 0, 7) },
      { name: 'load', receiver: { how: 'unknown', text: 'x', count: 3 }, path, range: range(5, 0, 6) },
    ],
    fields: [{ owner: 'Server', name: 'app', specifier: 'github.com/gofiber/fiber/v2', type: 'App', path, range: range(6, 1, 4) }],
    routes: [{ method: 'GET', path: '/users/:id', framework: 'express', location: { path, range: range(7, 0, 30) }, handlerRange: range(7, 20, 29) }],
    routeFile: {
      path,
      routers: [{ name: 'router', framework: 'express', kind: 'router', range: range(8, 6, 12) }],
      routes: [{ method: 'GET', path: '/:id', router: 'router', framework: 'express', range: range(9, 0, 40) }],
      mounts: [{ parent: 'router', prefix: '/x', child: { kind: 'module', specifier: './x', exportName: 'default' }, range: range(10, 0, 20) }],
      imports: [{ local: 'x', specifier: './x', imported: 'default' }],
      exports: [{ exported: 'default', local: 'router' }],
    },
    problems: ['something could not be read'],
  };
}

/** Every file under `dir`, relative with `/`. */
function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(path.join(dir, entry.name), `${prefix}${entry.name}/`) : [`${prefix}${entry.name}`],
  );
}

suite('core/model/factInterner', () => {
  test('interned facts are deep-equal to the originals, key order included, and share equal positions', () => {
    const interner = new FactInterner();
    const a = interner.intern(structuredClone(sampleFacts('src/a.ts')));
    const b = interner.intern(structuredClone(sampleFacts('src/b.ts')));
    assert.deepStrictEqual(a, sampleFacts('src/a.ts'));
    assert.equal(JSON.stringify(a), JSON.stringify(sampleFacts('src/a.ts')));
    assert.deepStrictEqual(b, sampleFacts('src/b.ts'));
    // The same position in two files, and in two facts of one file, is one object; ranges stay distinct objects.
    assert.equal(a.imports![0]!.range.start, b.imports![0]!.range.start);
    assert.equal(a.routes![0]!.location.range.start, a.routes![0]!.location.range.start);
    assert.notEqual(a.imports![0]!.range, b.imports![0]!.range);
    assert.ok(Object.isFrozen(a.calls![0]!.range.end), 'a shared position cannot be changed in place');
  });

  test('objects that only look like positions are left as they are', () => {
    const interner = new FactInterner();
    const reversed = { character: 1, line: 2 };
    const fractional = { line: 1.5, character: 2 };
    const huge = { line: 1, character: 10_000_000 };
    const value = interner.intern({ list: [reversed, fractional, huge], when: new Date(0) });
    assert.equal(value.list[0], reversed);
    assert.equal(value.list[1], fractional);
    assert.deepStrictEqual(value.list[2], { line: 1, character: 10_000_000 });
    assert.ok(!Object.isFrozen(value.list[2]));
    assert.deepStrictEqual(value.when, new Date(0));
  });

  test('the facts of every fixture file round-trip unchanged', async () => {
    const root = fixturePath();
    const indexer = createSourceIndexer(await TreeSitterHost.create(wasmLocator(path.join(__dirname, '../../host'))), { repoRoot: root, folder: root, sarifGlobs: ['**/*.sarif'] });
    const files = listFiles(path.join(root, 'workspaces'))
      .map((file) => `workspaces/${file}`)
      .filter((file) => indexer.handles(file));
    const interner = new FactInterner();
    let positions = 0;
    for (const file of files) {
      const facts = await indexer.index(file, readFileSync(path.join(root, file), 'utf8'));
      const expected = JSON.parse(JSON.stringify(facts)) as FileFacts;
      const interned = interner.intern(structuredClone(facts));
      assert.deepStrictEqual(JSON.parse(JSON.stringify(interned)), expected, file);
      assert.deepStrictEqual(interned, facts, file);
      positions += JSON.stringify(facts).split('"character"').length - 1;
    }
    assert.ok(files.length >= 15 && positions > 500, `${files.length} files, ${positions} positions`);
  });
});
