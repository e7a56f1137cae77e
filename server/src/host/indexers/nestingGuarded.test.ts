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

  // Issue 13 §6: 500 nested `dynamic` blocks (7 KB) took 38 s and blocked the editor on every keystroke.
  test('500 nested Terraform dynamic blocks are refused with one problem; 300 are read, each attribute in its own block', async () => {
    const indexer = await sharedIndexer();
    const nested = (levels: number): string =>
      [
        'resource "aws_security_group" "sg" {',
        'dynamic "ingress" {\nfor_each = var.ports\ncontent {\n'.repeat(levels) + 'from_port = 22\ncidr_blocks = ["0.0.0.0/0"]',
        '}\n}\n'.repeat(levels) + 'ingress {\nfrom_port = 3389\nto_port = 3389\ncidr_blocks = ["0.0.0.0/0"]\n}',
        '}',
      ].join('\n');
    const refused = await indexer.index('infra/main.tf', nested(500));
    assert.equal(refused.iac, undefined);
    assert.deepEqual(refused.problems, ['Not indexed: brackets nested 1002 levels deep (more than 1000); is it generated code?']);
    const opened = await indexer.indexOpen!('infra/main.tf', nested(500));
    assert.deepEqual(opened.facts.problems, refused.problems, 'an open document is refused the same way');
    const text = nested(300);
    const read = await indexer.index('infra/main.tf', text);
    assert.equal(read.problems, undefined);
    assert.deepEqual(read.iac?.resources.map((resource) => resource.address), ['aws_security_group.sg']);
    assert.deepEqual(
      read.iac?.findings.map((finding) => [finding.ruleId, finding.location?.startLine, finding.location?.message]),
      [['iac-open-ingress', text.split('\n').indexOf('from_port = 3389') + 3, 'aws_security_group.sg allows ingress from 0.0.0.0/0 on port 3389']],
      'only the top-level ingress block is a rule of the group: the deeply nested one is not, and the sweep leaves it behind',
    );
  });
});
