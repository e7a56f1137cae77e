import { isJavaSource, javaCallQuery, javaFactsFromMatches, javaImportQuery } from '../../core/index/imports/java';
import type { SourceIndexer } from '../../engine/ports';
import type { TreeSitterHost } from '../treeSitterHost';
import { queryIndexer } from './queryIndexer';

/** Java sources: third-party imports with their class bindings and the calls made on those classes (one parse per file). */
export function javaIndexer(host: TreeSitterHost, documentScope?: string): SourceIndexer {
  return queryIndexer(host, 'java', isJavaSource, [javaImportQuery, javaCallQuery], (path, [importMatches, callMatches]) => javaFactsFromMatches(path, importMatches ?? [], callMatches ?? []), documentScope);
}
