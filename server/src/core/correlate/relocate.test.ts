import { strict as assert } from 'node:assert';
import { readFixture } from '../../test/fixtures';
import { parseSarifLog } from '../ingest/sarif';
import type { CodeRegion } from '../model/finding';
import { relocateRegion, type Relocation } from './relocate';

const file = ['import x from "y";', '', 'function handler(req) {', '  const q = `SELECT ${req.id}`;', '  db.query(q);', '}', ''].join('\n');

/** `file` with `count` blank lines inserted before 1-based `line`. */
function insertLines(text: string, line: number, count: number): string {
  const lines = text.split('\n');
  lines.splice(line - 1, 0, ...Array<string>(count).fill('// added'));
  return lines.join('\n');
}

suite('core/correlate/relocate', () => {
  test('finds the snippet nearest to the reported line', () => {
    const table: [string, CodeRegion, string, number | undefined, Relocation][] = [
      ['unchanged file', { path: 'a.ts', startLine: 4, snippet: '  const q = `SELECT ${req.id}`;' }, file, undefined, { line: 4, status: 'exact' }],
      ['whitespace and indentation do not count', { path: 'a.ts', startLine: 4, snippet: 'const q =   `SELECT ${req.id}`;\n' }, file.replace('  const q', '\t\tconst  q'), undefined, { line: 4, status: 'exact' }],
      ['a token inside its line (secret scanners)', { path: 'a.ts', startLine: 5, snippet: 'db.query' }, file, undefined, { line: 5, status: 'exact' }],
      ['moved down by insertions above', { path: 'a.ts', startLine: 4, snippet: 'const q = `SELECT ${req.id}`;' }, insertLines(file, 1, 3), undefined, { line: 7, status: 'moved' }],
      ['moved up by deletions above', { path: 'a.ts', startLine: 4, snippet: 'db.query(q);' }, file.replace('import x from "y";\n\n', ''), undefined, { line: 3, status: 'moved' }],
      ['multi-line snippet matches as a block', { path: 'a.ts', startLine: 3, snippet: 'function handler(req) {\n  const q = `SELECT ${req.id}`;' }, insertLines(file, 2, 2), undefined, { line: 5, status: 'moved' }],
      ['multi-line snippet whose lines were split apart', { path: 'a.ts', startLine: 3, snippet: 'function handler(req) {\n  const q = `SELECT ${req.id}`;' }, insertLines(file, 4, 1), undefined, { line: 3, status: 'stale' }],
      ['nearest of two copies wins', { path: 'a.ts', startLine: 4, snippet: 'db.query(q);' }, `${file}\n\n\n\n\n\ndb.query(q);`, undefined, { line: 5, status: 'moved' }],
      ['equal distance: below before above', { path: 'a.ts', startLine: 2, snippet: 'same' }, 'same\n-\nsame', undefined, { line: 3, status: 'moved' }],
      ['removed: stale at the reported line', { path: 'a.ts', startLine: 5, snippet: 'db.query(q);' }, file.replace('  db.query(q);\n', ''), undefined, { line: 5, status: 'stale' }],
      ['beyond maxDistance: stale', { path: 'a.ts', startLine: 4, snippet: 'const q = `SELECT ${req.id}`;' }, insertLines(file, 1, 3), 2, { line: 4, status: 'stale' }],
      ['at exactly maxDistance: moved', { path: 'a.ts', startLine: 4, snippet: 'const q = `SELECT ${req.id}`;' }, insertLines(file, 1, 3), 3, { line: 7, status: 'moved' }],
      ['maxDistance 0 only checks the reported line', { path: 'a.ts', startLine: 4, snippet: 'db.query(q);' }, file, 0, { line: 4, status: 'stale' }],
      ['reported line past the end of a shortened file', { path: 'a.ts', startLine: 40, snippet: 'db.query(q);' }, file, undefined, { line: 5, status: 'moved' }],
      ['CRLF line endings', { path: 'a.ts', startLine: 5, snippet: 'db.query(q);' }, insertLines(file, 1, 1).replace(/\n/g, '\r\n'), undefined, { line: 6, status: 'moved' }],
      ['no snippet: nothing to compare', { path: 'a.ts', startLine: 4 }, 'totally different', undefined, { line: 4, status: 'exact' }],
      ['blank snippet: nothing to compare', { path: 'a.ts', startLine: 4, snippet: ' \n\t' }, 'totally different', undefined, { line: 4, status: 'exact' }],
      ['no start line: line 1', { path: 'a.ts', snippet: 'import x' }, file, undefined, { line: 1, status: 'exact' }],
    ];
    for (const [name, region, text, maxDistance, expected] of table) {
      assert.deepEqual(relocateRegion(region, text, maxDistance), expected, name);
    }
  });

  test('the SQL injection of the CodeQL fixture follows edits of the sample workspace', () => {
    const finding = parseSarifLog(readFixture('sarif', 'codeql.sarif'), 'codeql.sarif').value?.find((candidate) => candidate.ruleId === 'js/sql-injection');
    const region = finding?.location;
    assert.ok(region, 'the fixture has the finding');
    const login = readFixture('workspaces', 'node-express', 'src', 'routes', 'login.ts');
    const table: [string, string, Relocation][] = [
      ['as scanned', login, { line: 9, status: 'exact' }],
      ['two imports added', insertLines(login, 2, 2), { line: 11, status: 'moved' }],
      ['query parameterized', login.replace(/db\.query\(.*\);/, "db.query('SELECT * FROM Users WHERE email = ?', [email]);"), { line: 9, status: 'stale' }],
    ];
    for (const [name, text, expected] of table) {
      assert.deepEqual(relocateRegion(region, text), expected, name);
    }
  });
});
