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

  // Real shapes: a Django monolith whose package holds modules named like distributions (saleor/core/jwt.py,
  // saleor/graphql/) and lint-rule samples in a folder named django; a src/ layout; a uv workspace member; scripts
  // in folders that are not packages.
  test('local modules: what sys.path finds, not every folder name', () => {
    const paths = [
      'pyproject.toml', 'manage.py', 'shop/__init__.py', 'shop/core/__init__.py', 'shop/core/jwt.py', 'shop/core/utils.py', 'shop/graphql/__init__.py',
      'shop/graphql/schema.py', 'lint-rules/django/queryset_in_loop.py', 'labs/xss_lab/app.py', 'labs/xss_lab/models.py',
      'lib/pyproject.toml', 'lib/src/acme_utils/__init__.py', 'backend/requirements.txt', 'backend/app/main.py', 'backend/tests/test_main.py',
      'web/static/app.js', 'stubs/requests.pyi', 'tools/gen-docs/run.py',
    ];
    const isLocal = pythonLocalModules(paths);
    const cases: [string, string, boolean][] = [
      ['shop/core/utils.py', 'jwt', false],
      ['shop/core/utils.py', 'graphql', false],
      ['shop/core/utils.py', 'django', false],
      ['shop/core/jwt.py', 'jwt', false],
      ['shop/core/utils.py', 'shop', true],
      ['shop/core/utils.py', 'manage', true],
      ['shop/core/utils.py', 'models', false],
      ['labs/xss_lab/app.py', 'models', true],
      ['lint-rules/django/queryset_in_loop.py', 'django', false],
      ['shop/core/utils.py', 'acme_utils', true],
      ['backend/tests/test_main.py', 'app', true],
      ['shop/core/utils.py', 'requests', false],
      ['tools/gen-docs/run.py', 'tools', true],
    ];
    for (const [importing, module, expected] of cases) {
      assert.equal(isLocal(importing, module), expected, `${module} from ${importing}`);
    }
  });

  test('source files', () => {
    assert.deepEqual(['a.py', 'pkg/b.py', 'stubs/c.pyi', 'setup.cfg', 'a.pyc'].map(isPythonSource), [true, true, false, false, false]);
  });
});
