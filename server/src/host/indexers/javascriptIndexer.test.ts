import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { generateWorkspace } from '../../../bench/generateWorkspace';
import { importsFromMatches, javascriptGrammarFor, javascriptImportQuery } from '../../core/index/imports/javascript';
import { javascriptCallsFromMatches, javascriptSymbolQuery, readJavascriptSymbols, resolveJavascriptCalls } from '../../core/index/imports/javascriptValues';
import { readFixture } from '../../test/fixtures';
import { sharedTreeSitterHost } from '../../test/languageHost';

// The cold index reads files in ways tuned for speed; the readers open documents use (statement by statement, every
// fact read eagerly) are the reference. Both must give the same facts on the bench's generated code.
suite('host/indexers: JavaScript facts of the bench workspace, cold reading vs reference reading', () => {
  let dir = '';
  const files: { path: string; text: string }[] = [];

  suiteSetup(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'aspm-generated-'));
    generateWorkspace(dir, { files: 80, seed: 1, lockTemplate: readFixture('workspaces', 'node-express', 'package-lock.json') });
    for (const relative of readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((name) => name.split(path.sep).join('/')).sort()) {
      if (/^(src|test)\//.test(relative) && javascriptGrammarFor(relative)) {
        files.push({ path: relative, text: readFileSync(path.join(dir, relative), 'utf8') });
      }
    }
  });

  // What the generated code lacks: names declared after their use, shadowed in nested scopes, class fields,
  // destructured aliases, a name reassigned between calls.
  const scoped = [
    "import yaml from 'js-yaml';",
    "import { Sanitizer } from 'sanitize-html';",
    'function early(s: string) { return parser.load(s); }',
    'let parser = yaml;',
    'const s1 = new Sanitizer();',
    's1.clean(a);',
    'function inner() {',
    '  const s1 = other();',
    '  s1.clean(b);',
    '  const f = yaml.load;',
    '  f(c);',
    '}',
    'class K { private s = new Sanitizer(); run() { this.s.clean(d); } }',
    'const { load: ld } = yaml;',
    'ld(e);',
    'let late;',
    'late.dump(x);',
    'late = yaml;',
    'late.dump(y);',
    'const y2 = yaml;',
    'function hide() { const y2 = other(); return y2; }',
    'y2.load(q);',
    '',
  ].join('\n');

  suiteTeardown(() => rmSync(dir, { recursive: true, force: true }));

  test('calls: declarations read only when a lookup asks give the calls of declarations read eagerly', async () => {
    const host = await sharedTreeSitterHost();
    let total = 0;
    for (const file of [...files, { path: 'src/scoped.ts', text: scoped }]) {
      const grammar = javascriptGrammarFor(file.path)!;
      const { cold, reference } = await host.withMatches(grammar, file.text, [javascriptImportQuery(grammar), javascriptSymbolQuery(grammar)], ([importMatches, symbolMatches]) => {
        const imports = importsFromMatches(file.path, importMatches ?? []);
        const eager = readJavascriptSymbols(file.path, symbolMatches ?? []);
        return { cold: javascriptCallsFromMatches(file.path, symbolMatches ?? [], imports), reference: resolveJavascriptCalls(eager.candidates, eager.values, imports) };
      });
      assert.deepEqual(cold, reference, file.path);
      total += reference.length;
    }
    assert.ok(files.length >= 70 && total > 500, `${files.length} files, ${total} calls: the workspace must exercise the readers`);
  });
});
