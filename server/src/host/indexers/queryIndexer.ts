import type { FileFacts } from '../../core/model/fileFacts';
import type { QueryMatch } from '../../core/model/syntax';
import type { SourceIndexer } from '../../engine/ports';
import type { GrammarName, TreeSitterHost } from '../treeSitterHost';

/**
 * An indexer that runs fixed queries over one grammar and reads facts from their matches. Files on disk are parsed
 * and their trees freed at once; open documents keep their tree, re-parsed incrementally on each change, and the
 * queries run over the whole new tree (their facts are cheap to read again: no routing facts to settle).
 */
export function queryIndexer(
  host: TreeSitterHost,
  grammar: GrammarName,
  handles: (path: string) => boolean,
  querySources: readonly string[],
  read: (path: string, matches: QueryMatch[][]) => FileFacts,
  /** Prefix of the keys of this indexer's kept trees; a fresh one by default (see TreeSitterHost.documentScope). */
  scope = host.documentScope(),
): SourceIndexer {
  return {
    handles,
    index: (path, text) => host.withMatches(grammar, text, querySources, (matches) => read(path, matches)),
    async indexOpen(path, text) {
      const facts = await host.withOpenDocument(scope + path, grammar, text, (document) => read(path, querySources.map((source) => document.matches(source))));
      return { facts, isSettled: true };
    },
    release: (path) => host.releaseOpenDocument(scope + path),
  };
}
