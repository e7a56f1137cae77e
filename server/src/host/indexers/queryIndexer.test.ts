import { strict as assert } from 'node:assert';
import type { SourceIndexer } from '../../engine/ports';
import { isKeptTreeFresh, prng, randomEdit } from '../../test/editReplay';
import { readFixture } from '../../test/fixtures';
import { sharedTreeSitterHost } from '../../test/languageHost';
import type { GrammarName, TreeSitterHost } from '../treeSitterHost';
import { goIndexer } from './goIndexer';
import { javaIndexer } from './javaIndexer';
import { pythonIndexer } from './pythonIndexer';

/** Per language: a sample with imports and calls through them, and what an edit may type. */
const languages: { grammar: GrammarName; path: string; text: string; indexer: (host: TreeSitterHost, documentScope?: string) => SourceIndexer; insertions: string[] }[] = [
  { grammar: 'python', path: 'app/sample.py', text: readFixture('imports', 'sample.py'), indexer: pythonIndexer, insertions: ['x', '\n', 'import yaml\n', 'yaml.load(data)\n', '    ', '(', "'", 'def f():\n    return yaml.safe_load(x)\n'] },
  { grammar: 'go', path: 'cmd/sample.go', text: readFixture('imports', 'sample.go'), indexer: goIndexer, insertions: ['x', '\n', 'import "gopkg.in/yaml.v3"\n', 'yaml.Unmarshal(b, &v)\n', '{', '}', '"', 'func f() { jwt.Parse(s, k) }\n'] },
  { grammar: 'java', path: 'src/Sample.java', text: readFixture('imports', 'Sample.java'), indexer: javaIndexer, insertions: ['x', '\n', 'import org.yaml.snakeyaml.Yaml;\n', 'new Yaml().load(s);\n', '{', '}', '"', 'void f() { new XStream().fromXML(s); }\n'] },
];

suite('host/indexers/queryIndexer', () => {
  for (const language of languages) {
    test(`${language.grammar}: an open document re-parsed from its kept tree has the facts of a fresh index`, async function () {
      this.timeout(30_000);
      const host = await sharedTreeSitterHost();
      const scope = `replay-${language.grammar}:`;
      const open = language.indexer(host, scope);
      const fresh = language.indexer(host);
      const random = prng(27);
      let text = language.text;
      let compared = 0;
      assert.deepEqual((await open.indexOpen!(language.path, text)).facts, await fresh.index(language.path, text));
      for (let step = 0; step < 80; step++) {
        text = randomEdit(text, random, language.insertions);
        const { facts, isSettled } = await open.indexOpen!(language.path, text);
        assert.equal(isSettled, true, 'nothing is left to settle');
        if (await isKeptTreeFresh(host, scope + language.path, language.grammar, text)) {
          assert.deepEqual(facts, await fresh.index(language.path, text), `${language.path} after edit ${step + 1}:\n${text}`);
          compared++;
        }
      }
      assert.ok(compared >= 60, `${compared} of 80 edits compared`);
      assert.ok((await open.indexOpen!(language.path, language.text)).facts.imports?.length, 'the sample has imports to compare');
      open.release!(language.path);
    });
  }
});
