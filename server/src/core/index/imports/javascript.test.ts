import { strict as assert } from 'node:assert';
import { assertFixtureFacts } from '../../../test/annotations';
import { importsOf, readFixture, sharedIndexer } from '../../../test/fixtures';
import { javascriptGrammarFor } from './javascript';
import { packageNameOfSpecifier } from './packageName';

/** Imports and calls the real indexer finds in a text. */
async function factsOf(path: string, text: string) {
  const facts = await (await sharedIndexer()).index(path, text);
  return { imports: facts.imports ?? [], calls: facts.calls ?? [] };
}

suite('core/index/imports/javascript', () => {
  for (const file of ['sample.ts', 'sample.js', 'Component.tsx', 'values.ts']) {
    test(`extracts the annotated imports, bindings and calls of ${file}`, async () => {
      const text = readFixture('imports', file);
      const { imports, calls } = await factsOf(`src/${file}`, text);
      assertFixtureFacts(text, imports, calls);
    });
  }

  test('the javascript grammar reads bindings and calls like the typescript one', async () => {
    const text = [
      "const { load: parse } = require('js-yaml');",
      "import * as _ from 'lodash';",
      "const got = require('got').extend({});",
      'parse(x); _.template(y); new _.Wrapper(); got.get(z);',
    ].join('\n');
    const { imports, calls } = await factsOf('src/a.js', text);
    assert.deepEqual(
      imports.map((fact) => [fact.packageName, fact.bindings]),
      [
        ['js-yaml', [{ local: 'parse', imported: 'load' }]],
        ['lodash', [{ local: '_', imported: '*' }]],
        ['got', [{ local: "require('got')", imported: '*' }]],
      ],
    );
    assert.deepEqual(
      calls.map((call) => [call.object, call.name, call.range.start.line, call.range.start.character]),
      [
        ["require('got')", 'extend', 2, 12],
        [undefined, 'parse', 3, 0],
        ['_', 'template', 3, 10],
        ['_', 'Wrapper', 3, 29],
      ],
    );
  });

  // Files whose imports bind no name skip reading their calls (issue 10): these must still be read.
  test('one binding of any kind is enough for the calls of a file to be read', async () => {
    const files: [string, string, string][] = [
      ['a.js', "require('debug')('app');\nfoo.bar();", "require('debug')"],
      ['a.ts', "import yaml = require('js-yaml');\nyaml.load(s);", 'yaml'],
      ['a.mjs', "const db = require('#db');\ndb.query(q);", 'db'],
      ['a.ts', "async function f() { const m = await import('mod'); m.run(); }", 'm'],
      ['a.ts', "import type { A } from 'a';\nimport { b } from 'b';\nb();", undefined!],
    ];
    for (const [path, text, object] of files) {
      const { calls } = await factsOf(path, text);
      assert.ok(calls.length > 0, text);
      assert.ok(object === undefined || calls.some((call) => call.object === object || call.name === object), text);
    }
  });

  test('named imports are type-only when every specifier is', async () => {
    const { imports } = await factsOf('src/a.ts', "import { type A, type B } from 'only-types';\nimport { type C, D } from 'mixed';\nimport {} from 'empty';");
    assert.deepEqual(
      imports.map((fact) => [fact.specifier, fact.isTypeOnly]),
      [
        ['only-types', true],
        ['mixed', false],
        ['empty', false],
      ],
    );
  });

  test('a file whose imports bind no name has no calls', async () => {
    for (const text of ["import type { A } from 'a';\nimport './polyfill';\nimport { b } from './b';\nb(); x.y(); new A();", "const fs = require('node:fs');\nfs.readFileSync(p);", 'foo(); bar.baz();']) {
      assert.deepEqual((await factsOf('a.ts', text)).calls, [], text);
    }
  });

  test('a call range covers the callee expression', async () => {
    const { calls } = await factsOf('a.ts', "import yaml from 'js-yaml';\nyaml.load(s);");
    assert.deepEqual(calls[0]?.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 9 } });
  });

  test('subpath imports (`#db`) are kept with their bindings: the package.json `imports` map says what they load', async () => {
    const facts = await importsOf('src/a.js', "import { merge } from '#utils/merge';\nconst db = require('#db');\nimport x from '#';\nimport y from './local';");
    assert.deepEqual(
      facts.map((fact) => [fact.specifier, fact.packageName, fact.kind, fact.bindings]),
      [
        ['#utils/merge', '#utils/merge', 'import', [{ local: 'merge', imported: 'merge' }]],
        ['#db', '#db', 'require', [{ local: 'db', imported: '*' }]],
      ],
    );
  });

  test('the specifier range points at the package name string', async () => {
    const [fact] = await importsOf('a.ts', "import x from 'lodash';");
    assert.deepEqual(fact?.range, { start: { line: 0, character: 15 }, end: { line: 0, character: 21 } });
  });

  test('grammar by file name', () => {
    const table: [string, string | undefined][] = [
      ['a.ts', 'typescript'],
      ['a.mts', 'typescript'],
      ['a.tsx', 'tsx'],
      ['a.js', 'javascript'],
      ['a.cjs', 'javascript'],
      ['a.jsx', 'javascript'],
      ['a.d.ts', undefined],
      ['a.json', undefined],
    ];
    for (const [path, grammar] of table) {
      assert.equal(javascriptGrammarFor(path), grammar, path);
    }
  });

  test('specifier to package name', () => {
    const table: [string, string | undefined][] = [
      ['lodash', 'lodash'],
      ['lodash/fp', 'lodash'],
      ['@scope/pkg', '@scope/pkg'],
      ['@scope/pkg/x/y', '@scope/pkg'],
      ['@scope', undefined],
      ['./local', undefined],
      ['../up', undefined],
      ['/abs/path', undefined],
      ['node:fs', undefined],
      ['fs', undefined],
      ['fs/promises', undefined],
      ['#internal', undefined],
      ['~/alias', undefined],
      ['@/alias', undefined],
      ['https://cdn.example/x.js', undefined],
      ['', undefined],
    ];
    for (const [specifier, name] of table) {
      assert.equal(packageNameOfSpecifier(specifier), name, specifier);
    }
  });
});
