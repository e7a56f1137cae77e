import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Language, Parser, Query } from 'web-tree-sitter';
import { importsFromMatches, javascriptImportQuery, type JavaScriptGrammar } from '../src/core/index/imports/javascript';
import { configLoadsThrough, javascriptConfigCandidates, javascriptConfigQuery } from '../src/core/index/imports/javascriptConfigLoads';
import { javascriptCallsFromMatches, javascriptSymbolQuery } from '../src/core/index/imports/javascriptValues';
import { fileRoutesFromMatches, javascriptRouteQuery, mayDeclareRoutes } from '../src/core/index/routes/javascriptRoutes';
import { isTestPath } from '../src/core/model/workspaceIndex';
import { javascriptIndexer } from '../src/host/indexers/javascriptIndexer';
import { grammarWasm, TreeSitterHost } from '../src/host/treeSitterHost';
import { floorQueries, type FloorFile } from './rawFloor';

/**
 * Where the per-file CPU of the cold index goes, against the floor's per-file work (the JavaScript-family files of
 * the floor's list, texts read beforehand, one thread, no engine, no workers, no messages). Each variant is the
 * JavaScript indexer with parts left out, reading what the indexer reads from the same queries:
 * `floor` (parse + the floor's import query), `imports`, `no calls`, `no routes`, `full` (`javascriptIndexer`).
 * The cold index pays this per-file work plus the engine's own (main thread, messages, JIT in each thread).
 */
export interface IndexCostSplit {
  files: number;
  /** CPU ms of each variant over all files: the least of the timed passes (one warm-up pass first). */
  variantCpuMs: Record<CostVariant, number>;
}

export type CostVariant = 'floor' | 'imports' | 'no calls' | 'no routes' | 'full';

type Read = (grammar: JavaScriptGrammar, file: string, text: string) => Promise<unknown>;

export async function measureIndexCostSplit(list: readonly FloorFile[], root: string, locateWasm: (file: string) => string, passes = 3): Promise<IndexCostSplit> {
  const files = list.flatMap((file) => (isJavaScriptGrammar(file.grammar) ? [{ grammar: file.grammar, path: path.relative(root, file.path).split(path.sep).join('/'), text: readFileSync(file.path, 'utf8') }] : []));
  const host = await TreeSitterHost.create(locateWasm);
  await Parser.init({ locateFile: (file: string) => locateWasm(path.basename(file)) });
  const floorParser = new Parser();
  const floor = new Map<JavaScriptGrammar, { language: Language; query: Query }>();
  for (const grammar of ['javascript', 'typescript', 'tsx'] as const) {
    const language = await Language.load(locateWasm(grammarWasm[grammar]));
    floor.set(grammar, { language, query: new Query(language, floorQueries[grammar]) });
  }
  // The host knows a compiled query by the array it is given: one array per grammar and variant.
  const queryLists = new Map<string, string[]>();
  const queriesOf = (key: string, queries: () => string[]): string[] => queryLists.get(key) ?? queryLists.set(key, queries()).get(key)!;
  const full = javascriptIndexer(host);
  const variants: Record<CostVariant, Read> = {
    floor: async (grammar, _file, text) => {
      const { language, query } = floor.get(grammar)!;
      floorParser.setLanguage(language);
      const tree = floorParser.parse(text);
      query.captures(tree!.rootNode);
      tree!.delete();
    },
    imports: (grammar, file, text) => host.withMatches(grammar, text, queriesOf(`i${grammar}`, () => [javascriptImportQuery(grammar)]), ([imports]) => importsFromMatches(file, imports ?? [])),
    'no calls': (grammar, file, text) => {
      const withRoutes = !isTestPath(file) && mayDeclareRoutes(text);
      const queries = queriesOf(`n${grammar}${withRoutes}`, () => [javascriptImportQuery(grammar), javascriptConfigQuery, ...(withRoutes ? [javascriptRouteQuery(grammar)] : [])]);
      return host.withMatches(grammar, text, queries, ([imports, configs, routes]) => {
        const read = importsFromMatches(file, imports ?? []);
        return [configLoadsThrough(javascriptConfigCandidates(file, configs ?? []), read), routes && fileRoutesFromMatches(file, routes)];
      });
    },
    'no routes': (grammar, file, text) =>
      host.withMatches(grammar, text, queriesOf(`r${grammar}`, () => [javascriptImportQuery(grammar), javascriptSymbolQuery(grammar), javascriptConfigQuery]), ([imports, symbols, configs]) => {
        const read = importsFromMatches(file, imports ?? []);
        return [configLoadsThrough(javascriptConfigCandidates(file, configs ?? []), read), javascriptCallsFromMatches(file, symbols ?? [], read)];
      }),
    full: (_grammar, file, text) => full.index(file, text),
  };
  const variantCpuMs = { floor: Infinity, imports: Infinity, 'no calls': Infinity, 'no routes': Infinity, full: Infinity };
  for (let pass = 0; pass <= passes; pass++) {
    // Interleaved by variant within each pass, so drift in machine load hits every variant alike.
    for (const [name, read] of Object.entries(variants) as [CostVariant, Read][]) {
      const started = process.cpuUsage();
      for (const file of files) {
        await read(file.grammar, file.path, file.text);
      }
      const used = process.cpuUsage(started);
      if (pass > 0) {
        variantCpuMs[name] = Math.min(variantCpuMs[name], (used.user + used.system) / 1000);
      }
    }
  }
  return { files: files.length, variantCpuMs };
}

function isJavaScriptGrammar(grammar: string): grammar is JavaScriptGrammar {
  return grammar === 'javascript' || grammar === 'typescript' || grammar === 'tsx';
}
