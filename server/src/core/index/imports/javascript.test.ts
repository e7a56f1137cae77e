import { strict as assert } from 'node:assert';
import { importsOf, readFixture } from '../../../test/fixtures';
import { javascriptGrammarFor } from './javascript';
import { packageNameOfSpecifier } from './packageName';

/** Reads `// expect: <pkg> <kind> [type-only]` annotations: expected facts by 0-based line of the next line. */
function expectations(text: string): Map<number, string[]> {
  const expected = new Map<number, string[]>();
  text.split('\n').forEach((line, index) => {
    const match = /\/\/ expect: (.+)$/.exec(line);
    if (match) {
      expected.set(index + 1, match[1] === 'none' ? [] : [match[1]!.trim()]);
    }
  });
  return expected;
}

suite('core/index/imports/javascript', () => {
  for (const file of ['sample.ts', 'sample.js', 'Component.tsx']) {
    test(`extracts the annotated imports of ${file}`, async () => {
      const text = readFixture('imports', file);
      const facts = await importsOf(`src/${file}`, text);
      const actual = new Map<number, string[]>();
      for (const fact of facts) {
        const described = `${fact.packageName} ${fact.kind}${fact.isTypeOnly ? ' type-only' : ''}`;
        actual.set(fact.range.start.line, [...(actual.get(fact.range.start.line) ?? []), described]);
      }
      for (const [line, expected] of expectations(text)) {
        assert.deepEqual(actual.get(line) ?? [], expected, `line ${line + 1}: ${text.split('\n')[line]}`);
      }
      const annotated = new Set(expectations(text).keys());
      const unexpected = [...actual.keys()].filter((line) => !annotated.has(line));
      assert.deepEqual(unexpected, [], 'every import is annotated');
    });
  }

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
