import { strict as assert } from 'node:assert';
import { performance } from 'node:perf_hooks';
import { sharedIndexer } from '../../test/fixtures';

suite('host/indexers/nestingGuarded', () => {
  test('a pathologically nested file is reported, not parsed; an open one recovers when the nesting goes', async () => {
    const indexer = await sharedIndexer();
    const deep = `import _ from 'lodash';\nconst a = ${'('.repeat(20_000)}require('x')${')'.repeat(20_000)};\n`;
    const started = performance.now();
    const facts = await indexer.index('src/deep.js', deep);
    assert.ok(performance.now() - started < 5_000, 'refused at once, not after the quadratic walk (tens of seconds)');
    assert.deepEqual(facts.imports ?? [], []);
    assert.match(facts.problems?.[0] ?? '', /Not indexed: brackets nested 20001 levels deep/);
    const normal = "import _ from 'lodash';\n_.template(x);\n";
    assert.equal((await indexer.indexOpen!('src/open.js', normal)).facts.imports?.length, 1);
    const refused = await indexer.indexOpen!('src/open.js', deep);
    assert.match(refused.facts.problems?.[0] ?? '', /Not indexed/);
    const recovered = await indexer.indexOpen!('src/open.js', normal);
    assert.deepEqual(
      recovered.facts.calls?.map((call) => `${call.object}.${call.name}`),
      ['_.template'],
    );
    assert.equal(recovered.facts.problems, undefined);
    indexer.release!('src/open.js');
  });
});
