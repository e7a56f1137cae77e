import * as path from 'node:path';
import { Language, Parser, Query } from 'web-tree-sitter';
import type { QueryMatch } from '../core/model/syntax';

/** Grammars the server ships, by name → wasm file name (copied next to the bundle by `.config/bundle.mjs`). */
export const grammarWasm = {
  javascript: 'tree-sitter-javascript.wasm',
  typescript: 'tree-sitter-typescript.wasm',
  tsx: 'tree-sitter-tsx.wasm',
  python: 'tree-sitter-python.wasm',
  go: 'tree-sitter-go.wasm',
  java: 'tree-sitter-java.wasm',
  terraform: 'tree-sitter-terraform.wasm',
} as const;

export type GrammarName = keyof typeof grammarWasm;

/**
 * Parses with web-tree-sitter and runs queries. Grammars and compiled queries load on first use; every tree is
 * deleted as soon as the caller has read its matches, because the wasm heap never shrinks (shared/tree-sitter.md §5).
 */
export class TreeSitterHost {
  private readonly languages = new Map<GrammarName, Promise<Language>>();
  private readonly queries = new Map<string, Query>();

  private constructor(
    private readonly parser: Parser,
    private readonly locateWasm: (file: string) => string,
  ) {}

  /** `locateWasm` maps a wasm file name (runtime or grammar) to its absolute path. */
  static async create(locateWasm: (file: string) => string): Promise<TreeSitterHost> {
    await Parser.init({ locateFile: (file: string) => locateWasm(path.basename(file)) });
    return new TreeSitterHost(new Parser(), locateWasm);
  }

  /**
   * Parses `text` and hands the matches of each query to `read`, which must extract plain facts: the nodes are
   * freed when it returns.
   */
  async withMatches<T>(grammar: GrammarName, text: string, querySources: readonly string[], read: (matches: QueryMatch[][]) => T): Promise<T> {
    const language = await this.language(grammar);
    const queries = querySources.map((source) => this.query(grammar, language, source));
    this.parser.setLanguage(language);
    const tree = this.parser.parse(text);
    if (!tree) {
      return read(queries.map(() => []));
    }
    try {
      return read(queries.map((query) => query.matches(tree.rootNode)));
    } finally {
      tree.delete();
    }
  }

  private language(grammar: GrammarName): Promise<Language> {
    let loaded = this.languages.get(grammar);
    if (!loaded) {
      loaded = Language.load(this.locateWasm(grammarWasm[grammar]));
      this.languages.set(grammar, loaded);
    }
    return loaded;
  }

  private query(grammar: GrammarName, language: Language, source: string): Query {
    const key = `${grammar}\u0000${source}`;
    let query = this.queries.get(key);
    if (!query) {
      query = new Query(language, source);
      this.queries.set(key, query);
    }
    return query;
  }
}
