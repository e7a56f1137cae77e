import { strict as assert } from 'node:assert';
import { readFixture } from '../../test/fixtures';
import { sarifIndexer } from './sarifIndexer';

suite('host/indexers/sarifIndexer', () => {
  const indexer = sarifIndexer((path) => path.endsWith('.sarif') && path.startsWith('reports/'), 'file:///home/dev/node-shop');

  test('handles exactly the paths the predicate accepts', () => {
    const table: [string, boolean][] = [
      ['reports/codeql.sarif', true],
      ['reports/codeql.json', false],
      ['src/codeql.sarif', false],
    ];
    for (const [path, handled] of table) {
      assert.equal(indexer.handles(path), handled, path);
    }
  });

  test('reports become findings sourced from the report, with at most 3 problems per file', async () => {
    const table: [string, { findings: number; problems: string[] | number }][] = [
      ['codeql.sarif', { findings: 2, problems: [] }],
      ['multi-run.sarif', { findings: 2, problems: [] }],
      ['wrong-version.sarif', { findings: 0, problems: 1 }],
      ['escape.sarif', { findings: 6, problems: 3 }],
    ];
    for (const [name, expected] of table) {
      const facts = await indexer.index(`reports/${name}`, readFixture('sarif', name));
      assert.equal(facts.findings?.length, expected.findings, name);
      assert.ok(facts.findings?.every((finding) => finding.sources.includes(`sarif:reports/${name}`)), `${name}: sources`);
      if (Array.isArray(expected.problems)) {
        assert.deepEqual(facts.problems, expected.problems, name);
      } else {
        assert.equal(facts.problems?.length, expected.problems, name);
      }
    }
  });

  test('the last of 3 problems counts the ones left out', async () => {
    const facts = await indexer.index('reports/escape.sarif', readFixture('sarif', 'escape.sarif'));
    assert.match(facts.problems?.[2] ?? '', /\b5 more\b/);
  });

  test('absolute file URIs resolve against the repository root it was given', async () => {
    const facts = await indexer.index('reports/multi-run.sarif', readFixture('sarif', 'multi-run.sarif'));
    assert.deepEqual(facts.findings?.map((finding) => finding.location?.path), ['infra/main.tf', 'src/routes/login.ts']);
    const withoutRoot = await sarifIndexer(() => true).index('reports/multi-run.sarif', readFixture('sarif', 'multi-run.sarif'));
    assert.deepEqual(withoutRoot.findings?.map((finding) => finding.location?.path), [undefined, undefined]);
  });
});
