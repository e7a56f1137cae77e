import { goImportedNames, goImportQuery, goImportsFromMatches, isGoSource } from '../../core/index/imports/go';
import { goCallFacts, goCallQuery } from '../../core/index/imports/goCalls';
import type { SourceIndexer } from '../../engine/ports';
import type { TreeSitterHost } from '../treeSitterHost';
import { queryIndexer } from './queryIndexer';

/**
 * Go sources: third-party imports with their package bindings, the calls made through them and on values of their
 * types, and the struct fields and package variables that calls in other files of the package go through (one
 * parse per file).
 */
export function goIndexer(host: TreeSitterHost, documentScope?: string): SourceIndexer {
  return queryIndexer(host, 'go', isGoSource, [goImportQuery, goCallQuery], (path, [importMatches, callMatches]) => {
    const imports = goImportsFromMatches(path, importMatches ?? []);
    const { calls, fields } = goCallFacts(path, callMatches ?? [], imports, goImportedNames(importMatches ?? []));
    return fields.length > 0 ? { imports, calls, fields } : { imports, calls };
  }, documentScope);
}
