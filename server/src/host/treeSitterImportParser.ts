import * as path from 'node:path';
import { Language, Parser, Query } from 'web-tree-sitter';
import type { ImportFact } from '../core/index/imports/importFact';
import { importsFromMatches, javascriptGrammarFor, javascriptImportQuery, type JavaScriptGrammar } from '../core/index/imports/javascript';
import type { ImportParser } from '../engine/ports';

const grammarFiles: Record<JavaScriptGrammar, string> = {
  javascript: 'tree-sitter-javascript.wasm',
  typescript: 'tree-sitter-typescript.wasm',
  tsx: 'tree-sitter-tsx.wasm',
};

/**
 * Extracts imports with web-tree-sitter. Grammars load on first use; each tree is deleted right after its facts are
 * read, because the wasm heap never shrinks (see shared/tree-sitter.md §5).
 */
export class TreeSitterImportParser implements ImportParser {
  private readonly languages = new Map<JavaScriptGrammar, Promise<{ language: Language; query: Query }>>();

  private constructor(
    private readonly parser: Parser,
    private readonly locateWasm: (file: string) => string,
  ) {}

  /** `locateWasm` maps a wasm file name (runtime or grammar) to its absolute path. */
  static async create(locateWasm: (file: string) => string): Promise<TreeSitterImportParser> {
    await Parser.init({ locateFile: (file: string) => locateWasm(path.basename(file)) });
    return new TreeSitterImportParser(new Parser(), locateWasm);
  }

  handles(filePath: string): boolean {
    return javascriptGrammarFor(filePath) !== undefined;
  }

  async parseImports(filePath: string, text: string): Promise<ImportFact[]> {
    const grammar = javascriptGrammarFor(filePath);
    if (!grammar) {
      return [];
    }
    const { language, query } = await this.load(grammar);
    this.parser.setLanguage(language);
    const tree = this.parser.parse(text);
    if (!tree) {
      return [];
    }
    try {
      return importsFromMatches(filePath, query.matches(tree.rootNode));
    } finally {
      tree.delete();
    }
  }

  private load(grammar: JavaScriptGrammar): Promise<{ language: Language; query: Query }> {
    let loaded = this.languages.get(grammar);
    if (!loaded) {
      loaded = Language.load(this.locateWasm(grammarFiles[grammar])).then((language) => ({
        language,
        query: new Query(language, javascriptImportQuery(grammar)),
      }));
      this.languages.set(grammar, loaded);
    }
    return loaded;
  }
}
