import { strict as assert } from 'node:assert';
import { pythonIndexer } from '../../../host/indexers/pythonIndexer';
import { assertFixtureFacts } from '../../../test/annotations';
import { readFixture } from '../../../test/fixtures';
import { sharedTreeSitterHost } from '../../../test/languageHost';
import { isPythonSource, pythonLocalModules } from './python';

async function factsOf(path: string, text: string) {
  const facts = await pythonIndexer(await sharedTreeSitterHost()).index(path, text);
  return { imports: facts.imports ?? [], calls: facts.calls ?? [] };
}

suite('core/index/imports/python', () => {
  for (const file of ['sample.py', 'values.py']) {
    test(`extracts the annotated imports, bindings and calls of ${file}`, async () => {
      const text = readFixture('imports', file);
      const { imports, calls } = await factsOf(`app/${file}`, text);
      assertFixtureFacts(text, imports, calls);
    });
  }

  test('specifier is the dotted module, package name its top-level module, range the module name', async () => {
    const { imports } = await factsOf('a.py', 'import os\nfrom google.cloud import storage\n');
    assert.deepEqual(
      imports.map((fact) => [fact.specifier, fact.packageName, fact.path, fact.range]),
      [['google.cloud', 'google', 'a.py', { start: { line: 1, character: 5 }, end: { line: 1, character: 17 } }]],
    );
  });

  test('typing.TYPE_CHECKING guards type-only imports; elif and else branches do not', async () => {
    const text = ['import typing', 'if typing.TYPE_CHECKING:', '    import a', 'elif x:', '    import b', 'else:', '    import c', 'if other:', '    import d'].join('\n');
    const { imports } = await factsOf('a.py', text);
    assert.deepEqual(
      imports.map((fact) => [fact.specifier, fact.isTypeOnly]),
      [['a', true], ['b', false], ['c', false], ['d', false]],
    );
  });

  test('a call range covers the callee expression', async () => {
    const { calls } = await factsOf('a.py', 'import yaml\nx = yaml.safe_load(s)\n');
    assert.deepEqual(calls, [{ object: 'yaml', name: 'safe_load', path: 'a.py', range: { start: { line: 1, character: 4 }, end: { line: 1, character: 18 } } }]);
  });

  test('broken source yields what still parses, without throwing', async () => {
    const { imports } = await factsOf('a.py', 'import yaml\ndef (:\nfrom flask import\n');
    assert.deepEqual(imports.map((fact) => fact.specifier), ['yaml']);
  });

  test('local modules of a workspace', () => {
    const paths = ['src/shop/__init__.py', 'src/shop/app.py', 'tools/gen-docs/run.py', 'manage.py', 'README.md', 'web/static/app.js', 'stubs/x.pyi'];
    assert.deepEqual([...pythonLocalModules(paths)].sort(), ['app', 'manage', 'run', 'shop', 'src', 'tools']);
  });

  test('source files', () => {
    assert.deepEqual(['a.py', 'pkg/b.py', 'stubs/c.pyi', 'setup.cfg', 'a.pyc'].map(isPythonSource), [true, true, false, false, false]);
  });
});
