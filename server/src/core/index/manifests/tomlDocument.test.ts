import { strict as assert } from 'node:assert';
import { parseTomlDocument, type TomlDocument } from './tomlDocument';

const text = [
  '# comment [not.a.header]', // 0
  '[project]', // 1
  'name = "demo" # trailing', // 2
  'description = """', // 3
  '[not.a.header]', // 4
  '"""', // 5
  'dependencies = [', // 6
  '  "flask>=2", # web', // 7
  "  'b[x]',", // 8
  '  "flask>=2",', // 9
  ']', // 10
  '', // 11
  '[ tool . poetry . dependencies ]', // 12
  '"Py.Yaml" = { version = "^6", extras = ["a"] }', // 13
  'requests = "^2"', // 14
  '[tool.poetry.group.dev]', // 15
  'dependencies = { pytest = "^7" }', // 16
  '[[package]]', // 17
  'name = "a"', // 18
  '[[package]]', // 19
  'name = "b\\u0021"', // 20
].join('\n');

suite('core/index/manifests/tomlDocument', () => {
  const parsed = parseTomlDocument(text, 'pyproject.toml');
  const document = parsed.value as TomlDocument;
  const line = (path: (string | number)[]): number | undefined => document.rangeOf(path)?.start.line;

  test('values come from the same parse: decoded keys and strings, arrays of tables in order', () => {
    assert.deepEqual(parsed.problems, []);
    assert.equal((document.root.project as { description: string }).description, '[not.a.header]\n');
    assert.deepEqual(document.root.package, [{ name: 'a' }, { name: 'b!' }]);
    assert.deepEqual(Object.keys((document.root.tool as { poetry: { dependencies: object } }).poetry.dependencies), ['Py.Yaml', 'requests']);
  });

  test('headers skip comments and multi-line strings, and accept spaced dotted keys', () => {
    assert.deepEqual(document.rangeOf(['project']), { start: { line: 1, character: 0 }, end: { line: 1, character: 9 } });
    assert.deepEqual(document.rangeOf(['tool', 'poetry', 'dependencies']), { start: { line: 12, character: 0 }, end: { line: 12, character: 32 } });
    assert.equal(line(['tool', 'poetry', 'group', 'dev']), 15);
    assert.deepEqual(document.rangeOf(['package', 0]), { start: { line: 17, character: 0 }, end: { line: 17, character: 11 } });
    assert.equal(line(['package', 1]), 19);
    assert.equal(line(['not', 'a', 'header']), undefined, 'text inside a comment or a multi-line string is no header');
  });

  test('an entry spans from its key to the end of its value, comments excluded', () => {
    assert.deepEqual(document.rangeOf(['project', 'name']), { start: { line: 2, character: 0 }, end: { line: 2, character: 13 } });
    assert.deepEqual(document.rangeOf(['project', 'dependencies']), { start: { line: 6, character: 0 }, end: { line: 10, character: 1 } });
  });

  test('quoted keys are decoded; keys inside inline tables have their own range; missing keys fall back to the nearest written ancestor', () => {
    assert.equal(line(['tool', 'poetry', 'dependencies', 'Py.Yaml']), 13);
    assert.deepEqual(document.rangeOf(['tool', 'poetry', 'dependencies', 'Py.Yaml', 'version']), { start: { line: 13, character: 14 }, end: { line: 13, character: 28 } });
    assert.equal(line(['tool', 'poetry', 'dependencies', 'requests']), 14);
    assert.deepEqual(document.rangeOf(['tool', 'poetry', 'group', 'dev', 'dependencies', 'pytest']), { start: { line: 16, character: 17 }, end: { line: 16, character: 30 } });
    assert.equal(line(['tool', 'poetry', 'group', 'dev', 'missing']), 15);
    assert.equal(line(['tool', 'poetry', 'dependencies', 'requests', 'missing']), 14);
    assert.equal(document.rangeOf(['nowhere']), undefined);
  });

  test('equal strings of an array map to their own lines, in order', () => {
    const strings = document.stringsAt(['project', 'dependencies']);
    assert.deepEqual(strings[0], { value: 'flask>=2', range: { start: { line: 7, character: 2 }, end: { line: 7, character: 12 } } });
    assert.deepEqual(
      strings.map((string) => `${string.value}@${string.range.start.line}`),
      ['flask>=2@7', 'b[x]@8', 'flask>=2@9'],
    );
    assert.deepEqual(document.stringsAt(['project', 'name']), [], 'not an array');
    assert.deepEqual(document.stringsAt(['project', 'missing']), []);
  });

  test('array-of-tables entries are found by index, escapes decoded', () => {
    assert.equal(line(['package', 0, 'name']), 18);
    assert.deepEqual(document.rangeOf(['package', 1, 'name']), { start: { line: 20, character: 0 }, end: { line: 20, character: 16 } });
    assert.equal(line(['package', 5, 'name']), undefined, 'there is no sixth table');
  });

  const malformed: [string, number][] = [
    ['[unclosed', 0],
    ['key = "unterminated', 0],
    ['a = [1, 2', 0],
    ['= 3', 0],
    ['"""', 0],
    ['x = { y = ', 0],
    ['[a]\nb = 1\n[a]', 2],
    ['ok = 1\nok = 2', 1],
  ];
  for (const [input, problemLine] of malformed) {
    test(`never throws on ${JSON.stringify(input)}: one problem on line ${problemLine}, no value`, () => {
      const result = parseTomlDocument(input, 'bad.toml');
      assert.equal(result.value, undefined);
      assert.equal(result.problems.length, 1);
      assert.equal(result.problems[0]?.path, 'bad.toml');
      assert.equal(result.problems[0]?.range?.start.line, problemLine);
      assert.notEqual(result.problems[0]?.message, '');
    });
  }
});
