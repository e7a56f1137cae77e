import { isJavaSource, javaCallQuery, javaFactsFromMatches, javaImportQuery } from '../../core/index/imports/java';
import type { SourceIndexer } from '../../engine/ports';
import type { TreeSitterHost } from '../treeSitterHost';

/** Java sources: third-party imports with their class bindings and the calls made on those classes (one parse per file). */
export function javaIndexer(host: TreeSitterHost): SourceIndexer {
  return {
    handles: isJavaSource,
    index: (path, text) =>
      host.withMatches('java', text, [javaImportQuery, javaCallQuery], ([importMatches, callMatches]) => javaFactsFromMatches(path, importMatches ?? [], callMatches ?? [])),
  };
}
