import { importsFromMatches, javascriptGrammarFor, javascriptImportQuery, type JavaScriptGrammar } from '../../core/index/imports/javascript';
import { javascriptCallsFromMatches, javascriptSymbolQuery } from '../../core/index/imports/javascriptValues';
import { configLoadsThrough, javascriptConfigCandidates, javascriptConfigQuery } from '../../core/index/imports/javascriptConfigLoads';
import { hasRoutingFacts } from '../../core/index/routes/mergeFileRoutes';
import { fileRoutesFromMatches, javascriptRouteQuery, mayDeclareRoutes } from '../../core/index/routes/javascriptRoutes';
import type { FileFacts } from '../../core/model/fileFacts';
import { isTestPath } from '../../core/model/workspaceIndex';
import type { SourceIndexer } from '../../engine/ports';
import type { TreeSitterHost } from '../treeSitterHost';
import { JavaScriptOpenDocuments } from './javascriptOpenDocuments';

/**
 * JavaScript-family sources: third-party imports with their bindings (and the packages configuration makes a loader
 * load, such as Sequelize's driver), the calls made through those bindings and on values that come from them, and
 * (outside tests, when the text mentions a router) the file's routing facts — all from one parse, the queries
 * interpreted by the core.
 */
export function javascriptIndexer(host: TreeSitterHost, documentScope?: string): SourceIndexer {
  const openDocuments = new JavaScriptOpenDocuments(host, documentScope);
  // One array per grammar and kind of file, passed every time: the host knows its compiled query by it.
  const queryLists = new Map<string, string[]>();
  const queriesOf = (grammar: JavaScriptGrammar, withRoutes: boolean): string[] => {
    const key = `${grammar}:${withRoutes}`;
    let queries = queryLists.get(key);
    if (!queries) {
      queries = [javascriptImportQuery(grammar), javascriptSymbolQuery(grammar), javascriptConfigQuery, ...(withRoutes ? [javascriptRouteQuery(grammar)] : [])];
      queryLists.set(key, queries);
    }
    return queries;
  };
  return {
    handles: (path) => javascriptGrammarFor(path) !== undefined,
    async index(path, text) {
      const grammar = javascriptGrammarFor(path)!;
      const withRoutes = !isTestPath(path) && mayDeclareRoutes(text);
      return host.withMatches(grammar, text, queriesOf(grammar, withRoutes), ([importMatches, callMatches, configMatches, routeMatches]): FileFacts => {
        const imports = importsFromMatches(path, importMatches ?? []);
        const configLoads = configLoadsThrough(javascriptConfigCandidates(path, configMatches ?? []), imports);
        const facts: FileFacts = { imports: [...imports, ...configLoads], calls: javascriptCallsFromMatches(path, callMatches ?? [], imports) };
        const routeFile = routeMatches ? fileRoutesFromMatches(path, routeMatches) : undefined;
        if (routeFile && hasRoutingFacts(routeFile)) {
          facts.routeFile = routeFile;
        }
        return facts;
      });
    },
    // Open documents are re-read statement by statement from a kept tree: the same facts, for a fraction of the work.
    indexOpen: (path, text) => openDocuments.index(path, javascriptGrammarFor(path)!, text),
    async settleOpen(path, text) {
      return (await openDocuments.settle(path, text))?.facts;
    },
    release: (path) => openDocuments.release(path),
  };
}
