import { strict as assert } from 'node:assert';
import { javascriptImportQuery } from '../core/index/imports/javascript';
import { javascriptConfigQuery } from '../core/index/imports/javascriptConfigLoads';
import { javascriptSymbolQuery } from '../core/index/imports/javascriptValues';
import { javascriptRouteQuery } from '../core/index/routes/javascriptRoutes';
import type { QueryMatch } from '../core/model/syntax';
import { readFixture } from '../test/fixtures';
import { sharedTreeSitterHost } from '../test/languageHost';
import { topLevelPatternCount, type GrammarName } from './treeSitterHost';

/** What a match says, as plain data (nodes are freed once `withMatches` returns). */
function plain(matches: readonly QueryMatch[]): unknown[] {
  return matches.map((match) => ({ patternIndex: match.patternIndex, captures: match.captures.map((capture) => [capture.name, capture.node.type, capture.node.startIndex, capture.node.endIndex]) }));
}

suite('host/treeSitterHost', () => {
  test('counts the top-level patterns of a query source: strings, comments and nested forms left aside', () => {
    assert.equal(topLevelPatternCount(''), 0);
    assert.equal(topLevelPatternCount('(identifier) @x\n(call_expression function: (identifier) @f) @call'), 2);
    assert.equal(topLevelPatternCount('[(string) (number)] @literal ; a comment with ( and [\n((identifier) @x (#eq? @x "a(b"))'), 2);
    assert.equal(topLevelPatternCount('((identifier) @x (#match? @x "^\\"(x"))\n(pair)'), 2);
    assert.equal(topLevelPatternCount(javascriptImportQuery('typescript')), 5);
  });

  // The indexers hand several queries to one `withMatches`, which walks the tree once for all of them.
  for (const [grammar, fixture] of [['typescript', 'sample.ts'], ['javascript', 'sample.js'], ['tsx', 'Component.tsx'], ['typescript', 'values.ts']] as const) {
    test(`${grammar} ${fixture}: queries run together give each the matches it gives alone`, async () => {
      const host = await sharedTreeSitterHost();
      const text = readFixture('imports', fixture);
      const sources = [javascriptImportQuery(grammar), javascriptSymbolQuery(grammar), javascriptConfigQuery, javascriptRouteQuery(grammar)];
      const together = await host.withMatches(grammar, text, sources, (matches) => matches.map(plain));
      const alone = await Promise.all(sources.map((source) => host.withMatches(grammar, text, [source], ([matches]) => plain(matches ?? []))));
      assert.deepEqual(together, alone);
      assert.ok(together[0]!.length > 0 && together[1]!.length > 0, 'the sample has imports and calls');
    });
  }

  test('queries whose patterns cannot be counted still give each its own matches (run one by one)', async () => {
    const host = await sharedTreeSitterHost();
    const grammar: GrammarName = 'javascript';
    const text = "import a from 'a';\nconst b = require('b');\n";
    // A bare anonymous-node pattern is not a parenthesized form: the count falls short of the compiled query's.
    const sources = ['"import" @keyword', '(string (string_fragment) @text)'];
    const [keywords, strings] = await host.withMatches(grammar, text, sources, (matches) => matches.map(plain));
    assert.equal(keywords!.length, 1);
    assert.equal(strings!.length, 2);
    assert.deepEqual(strings, await host.withMatches(grammar, text, [sources[1]!], ([matches]) => plain(matches ?? [])));
  });
});
