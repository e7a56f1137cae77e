import { excessiveNesting } from '../../core/index/nestingGuard';
import type { SourceIndexer } from '../../engine/ports';

/**
 * A tree-sitter indexer that refuses pathologically nested texts (see core/index/nestingGuard) with a problem
 * instead of stalling on them; an open document that becomes one lets go of its kept tree.
 */
export function nestingGuarded(indexer: SourceIndexer): SourceIndexer {
  return {
    ...indexer,
    index: (path, text) => {
      const problem = excessiveNesting(text);
      return problem ? Promise.resolve({ problems: [problem] }) : indexer.index(path, text);
    },
    indexOpen: (path, text) => {
      const problem = excessiveNesting(text);
      if (problem) {
        indexer.release?.(path);
        return Promise.resolve({ facts: { problems: [problem] }, isSettled: true });
      }
      return indexer.indexOpen ? indexer.indexOpen(path, text) : indexer.index(path, text).then((facts) => ({ facts, isSettled: true }));
    },
  };
}
