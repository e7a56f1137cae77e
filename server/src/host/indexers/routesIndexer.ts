import type { FileRoutes } from '../../core/model/fileRoutes';
import { hasRoutingFacts } from '../../core/index/routes/mergeFileRoutes';
import { fileRoutesFromMatches, javascriptRouteQuery, mayDeclareRoutes } from '../../core/index/routes/javascriptRoutes';
import { javascriptGrammarFor } from '../../core/index/imports/javascript';
import { isTestPath } from '../../core/model/workspaceIndex';
import type { SourceIndexer } from '../../engine/ports';
import type { TreeSitterHost } from '../treeSitterHost';

/**
 * The routing facts of one JavaScript-family file, for joining across files with `resolveRoutes`; undefined when
 * the file declares, mounts and re-exports no router (most files: they are not even parsed).
 */
export async function indexFileRoutes(host: TreeSitterHost, path: string, text: string): Promise<FileRoutes | undefined> {
  const grammar = javascriptGrammarFor(path);
  if (!grammar || isTestPath(path) || !mayDeclareRoutes(text)) {
    return undefined;
  }
  const file = await host.withMatches(grammar, text, [javascriptRouteQuery(grammar)], ([matches]) => fileRoutesFromMatches(path, matches ?? []));
  return hasRoutingFacts(file) ? file : undefined;
}

/**
 * HTTP routes of JavaScript-family sources (Express, Koa, Fastify, Nest), with the prefixes the file itself makes
 * known. Test files are skipped: their routes never serve production traffic.
 */
export function routesIndexer(host: TreeSitterHost): SourceIndexer {
  return {
    handles: (path) => javascriptGrammarFor(path) !== undefined && !isTestPath(path),
    async index(path, text) {
      const file = await indexFileRoutes(host, path, text);
      return file ? { routeFile: file } : {};
    },
  };
}
