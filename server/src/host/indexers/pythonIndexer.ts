import { isPythonSource, pythonImportQuery, pythonImportsFromMatches } from '../../core/index/imports/python';
import { pythonCallsFromMatches, pythonSymbolQuery } from '../../core/index/imports/pythonValues';
import type { SourceIndexer } from '../../engine/ports';
import type { TreeSitterHost } from '../treeSitterHost';
import { queryIndexer } from './queryIndexer';

/** Python sources: third-party imports with their bindings and the calls made through them or on values that come from them (one parse per file). */
export function pythonIndexer(host: TreeSitterHost, documentScope?: string): SourceIndexer {
  return queryIndexer(host, 'python', isPythonSource, [pythonImportQuery, pythonSymbolQuery], (path, [importMatches, callMatches]) => {
    const imports = pythonImportsFromMatches(path, importMatches ?? []);
    return { imports, calls: pythonCallsFromMatches(path, callMatches ?? [], imports) };
  }, documentScope);
}
