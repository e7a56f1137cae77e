import { strict as assert } from 'node:assert';
import { findTomlEntries, locateArrayTableEntry, locateTomlKey, scanTomlLayout, TomlStringCursor } from './tomlLayout';

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

suite('core/index/manifests/tomlLayout', () => {
  const layout = scanTomlLayout(text);

  test('headers skip comments and multi-line strings, and accept spaced dotted keys', () => {
    assert.deepEqual(
      layout.headers.map((header) => `${header.path.join('.')}@${header.range.start.line}${header.isArray ? '[]' : ''}`),
      ['project@1', 'tool.poetry.dependencies@12', 'tool.poetry.group.dev@15', 'package@17[]', 'package@19[]'],
    );
  });

  test('an entry spans from its key to the end of its value, comments excluded', () => {
    assert.deepEqual(locateTomlKey(layout, ['project', 'name']), { start: { line: 2, character: 0 }, end: { line: 2, character: 13 } });
    assert.deepEqual(locateTomlKey(layout, ['project', 'dependencies']), { start: { line: 6, character: 0 }, end: { line: 10, character: 1 } });
  });

  test('quoted keys are decoded; nested keys fall back to the nearest written ancestor', () => {
    assert.equal(locateTomlKey(layout, ['tool', 'poetry', 'dependencies', 'Py.Yaml'])?.start.line, 13);
    assert.equal(locateTomlKey(layout, ['tool', 'poetry', 'dependencies', 'requests'])?.start.line, 14);
    assert.equal(locateTomlKey(layout, ['tool', 'poetry', 'group', 'dev', 'dependencies', 'pytest'])?.start.line, 16);
    assert.equal(locateTomlKey(layout, ['tool', 'poetry', 'group', 'dev', 'missing'])?.start.line, 15);
    assert.equal(locateTomlKey(layout, ['nowhere']), undefined);
  });

  test('equal strings of an array map to their own lines, in order', () => {
    const cursor = new TomlStringCursor(layout, ['project', 'dependencies']);
    assert.deepEqual(cursor.rangeOf('flask>=2'), { start: { line: 7, character: 2 }, end: { line: 7, character: 12 } });
    assert.equal(cursor.rangeOf("b[x]")?.start.line, 8);
    assert.equal(cursor.rangeOf('flask>=2')?.start.line, 9);
    assert.equal(cursor.rangeOf('not there')?.start.line, 6, 'falls back to the entry');
  });

  test('array-of-tables entries are found by index and value, escapes decoded', () => {
    const names = findTomlEntries(layout, ['package', 'name']);
    assert.equal(locateArrayTableEntry(names, 1, 'b!')?.start.line, 20);
    assert.equal(locateArrayTableEntry(names, 5, 'a')?.start.line, 18, 'a wrong index still finds the value');
    assert.equal(locateArrayTableEntry(names, 0, 'zzz'), undefined);
  });

  const malformed = ['[unclosed', 'key = "unterminated', 'a = [1, 2', '= 3', '"""', 'x = { y = '];
  for (const input of malformed) {
    test(`never throws on ${JSON.stringify(input)}`, () => {
      assert.doesNotThrow(() => scanTomlLayout(input));
    });
  }
});
