import { isPythonSource, pythonCallQuery, pythonCallsFromMatches, pythonImportQuery, pythonImportsFromMatches } from '../../core/index/imports/python';
import type { SourceIndexer } from '../../engine/ports';
import type { TreeSitterHost } from '../treeSitterHost';
import { queryIndexer } from './queryIndexer';

/** Python sources: third-party imports with their bindings and the calls made through them (one parse per file). */
export function pythonIndexer(host: TreeSitterHost, documentScope?: string): SourceIndexer {
  return queryIndexer(host, 'python', isPythonSource, [pythonImportQuery, pythonCallQuery], (path, [importMatches, callMatches]) => {
    const imports = pythonImportsFromMatches(path, importMatches ?? []);
    return { imports, calls: pythonCallsFromMatches(path, callMatches ?? [], imports) };
  }, documentScope);
}
