import type { FileFacts } from '../core/model/fileFacts';
import type { SourceIndexer } from '../engine/ports';
import { javascriptIndexer } from './indexers/javascriptIndexer';
import { TreeSitterHost } from './treeSitterHost';

/** Runs every indexer that handles a file and merges what they found. */
export class CompositeIndexer implements SourceIndexer {
  constructor(private readonly parts: readonly SourceIndexer[]) {}

  handles(path: string): boolean {
    return this.parts.some((part) => part.handles(path));
  }

  async index(path: string, text: string): Promise<FileFacts> {
    const merged: FileFacts = {};
    for (const part of this.parts) {
      if (!part.handles(path)) {
        continue;
      }
      const facts = await part.index(path, text);
      merged.imports = concat(merged.imports, facts.imports);
      merged.routes = concat(merged.routes, facts.routes);
      merged.findings = concat(merged.findings, facts.findings);
      merged.problems = concat(merged.problems, facts.problems);
      merged.iac = facts.iac ?? merged.iac;
    }
    return merged;
  }
}

function concat<T>(a: T[] | undefined, b: T[] | undefined): T[] | undefined {
  return a && b ? [...a, ...b] : (a ?? b);
}

/** The indexer of every file kind the server reads. `locateWasm` maps a wasm file name to its path. */
export async function createSourceIndexer(locateWasm: (file: string) => string): Promise<SourceIndexer> {
  const host = await TreeSitterHost.create(locateWasm);
  return new CompositeIndexer([javascriptIndexer(host)]);
}
