import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { generateWorkspace } from '../../../bench/generateWorkspace';
import { importsFromMatches, javascriptGrammarFor, javascriptImportQuery } from '../../core/index/imports/javascript';
import { javascriptCallsFromMatches, javascriptSymbolQuery, readJavascriptSymbols, resolveJavascriptCalls } from '../../core/index/imports/javascriptValues';
import { functionReturns, isFunction, namedChildren, unwrapExpression } from '../../core/index/routes/jsSyntax';
import type { SyntaxNode } from '../../core/model/syntax';
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

  test('routes: whether a function returns a name, read around its `return`s, is what a walk of its whole body says', async () => {
    const host = await sharedTreeSitterHost();
    const tricky = [
      'function a() { const router = Router(); return router; }',
      'function b() { const router = Router(); if (x) { try { return (router as any); } catch { return other; } } }',
      'function c() { const router = Router(); const f = () => { return router; }; class K { m() { return router; } } }',
      "function d() { const router = Router(); const s = 'return router'; /* return router */ return returnValue; }",
      'const e = () => router;',
      'function g() { return; }',
      'function h() { const routerX = 1; return routerX; }',
      'function i() { return await router!; }',
      '',
    ].join('\n');
    let checks = 0;
    let returning = 0;
    for (const file of [...files, { path: 'src/returns.ts', text: tricky }]) {
      const grammar = javascriptGrammarFor(file.path)!;
      const query = '[(function_declaration) (function_expression) (arrow_function) (method_definition)] @fn (return_statement (identifier) @returned)';
      const results = await host.withMatches(grammar, file.text, [query], ([matches]) => {
        const names = new Set(['router', 'app', 'returnValue', ...(matches ?? []).flatMap((match) => match.captures.filter((capture) => capture.name === 'returned').map((capture) => capture.node.text))]);
        const functions = (matches ?? []).flatMap((match) => match.captures.filter((capture) => capture.name === 'fn').map((capture) => capture.node));
        return functions.flatMap((fn) => [...names].map((name) => ({ fn: fn.startIndex, name, read: functionReturns(fn, name), walked: returnsByWalk(fn, name) })));
      });
      for (const { fn, name, read, walked } of results) {
        assert.equal(read, walked, `${file.path} function at ${fn}, ${name}`);
        checks++;
        returning += walked ? 1 : 0;
      }
    }
    assert.ok(checks > 1000 && returning > 50, `${checks} checks, ${returning} returning`);
  });
});

/** The reference: every named node of the body visited, nested functions and classes left out. */
function returnsByWalk(fn: SyntaxNode, name: string): boolean {
  const body = fn.type === 'arrow_function' ? namedChildren(fn).at(-1) : namedChildren(fn).find((child) => child.type === 'statement_block');
  if (!body) {
    return false;
  }
  if (body.type !== 'statement_block') {
    return unwrapExpression(body).type === 'identifier' && unwrapExpression(body).text === name;
  }
  const visit = (node: SyntaxNode): boolean =>
    namedChildren(node).some((child) =>
      child.type === 'return_statement'
        ? namedChildren(child)[0] !== undefined && unwrapExpression(namedChildren(child)[0]!).text === name
        : !isFunction(child) && child.type !== 'class_declaration' && visit(child),
    );
  return visit(body);
}
