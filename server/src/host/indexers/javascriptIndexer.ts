import { importsFromMatches, javascriptGrammarFor, javascriptImportQuery } from '../../core/index/imports/javascript';
import { javascriptCallQuery, javascriptCallsFromMatches } from '../../core/index/imports/javascriptSymbols';
import type { SourceIndexer } from '../../engine/ports';
import type { TreeSitterHost } from '../treeSitterHost';

/**
 * JavaScript-family sources: third-party imports with their bindings, and the calls made through those bindings,
 * from tree-sitter queries interpreted by the core.
 */
export function javascriptIndexer(host: TreeSitterHost): SourceIndexer {
  return {
    handles: (path) => javascriptGrammarFor(path) !== undefined,
    async index(path, text) {
      const grammar = javascriptGrammarFor(path)!;
      return host.withMatches(grammar, text, [javascriptImportQuery(grammar), javascriptCallQuery], ([importMatches, callMatches]) => {
        const imports = importsFromMatches(path, importMatches ?? []);
        return { imports, calls: javascriptCallsFromMatches(path, callMatches ?? [], imports) };
      });
    },
  };
}
