import { importsFromMatches, javascriptGrammarFor, javascriptImportQuery } from '../../core/index/imports/javascript';
import type { SourceIndexer } from '../../engine/ports';
import type { TreeSitterHost } from '../treeSitterHost';

/** JavaScript-family sources: third-party imports from tree-sitter queries interpreted by the core. */
export function javascriptIndexer(host: TreeSitterHost): SourceIndexer {
  return {
    handles: (path) => javascriptGrammarFor(path) !== undefined,
    async index(path, text) {
      const grammar = javascriptGrammarFor(path)!;
      const imports = await host.withMatches(grammar, text, [javascriptImportQuery(grammar)], ([matches]) => importsFromMatches(path, matches ?? []));
      return { imports };
    },
  };
}
