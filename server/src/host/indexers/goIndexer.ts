import { goCallQuery, goCallsFromMatches, goImportQuery, goImportsFromMatches, isGoSource } from '../../core/index/imports/go';
import type { SourceIndexer } from '../../engine/ports';
import type { TreeSitterHost } from '../treeSitterHost';
import { queryIndexer } from './queryIndexer';

/** Go sources: third-party imports with their package bindings and the calls made through them (one parse per file). */
export function goIndexer(host: TreeSitterHost, documentScope?: string): SourceIndexer {
  return queryIndexer(host, 'go', isGoSource, [goImportQuery, goCallQuery], (path, [importMatches, callMatches]) => {
    const imports = goImportsFromMatches(path, importMatches ?? []);
    return { imports, calls: goCallsFromMatches(path, callMatches ?? [], imports) };
  }, documentScope);
}
