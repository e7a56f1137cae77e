import * as path from 'node:path';
import { Edit, Language, Parser, Query, type Node, type Tree } from 'web-tree-sitter';
import type { QueryMatch } from '../core/model/syntax';
import { spliceBetween, type TextSplice } from '../core/index/textSplice';

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

/** Open documents whose trees are kept; the least recently edited beyond this is parsed from scratch next time. */
const maxKeptTrees = 16;

/** A half-open range of UTF-16 indices. */
export interface IndexSpan {
  startIndex: number;
  endIndex: number;
}

/** What a reader of an open document's tree gets: the tree, and what changed since the previous text. */
export interface OpenDocumentTree {
  root: Node;
  /** The change from the previous text; undefined when the text was parsed from scratch. */
  splice?: TextSplice;
  /** Where the syntax differs from the previous tree, in new-text indices (the splice's own span included). */
  changed: IndexSpan[];
  /** Runs a query over the tree, or only over the matches intersecting `within`. */
  matches(querySource: string, within?: IndexSpan): QueryMatch[];
}

/**
 * Parses with web-tree-sitter and runs queries. Grammars and compiled queries load on first use; every tree is
 * deleted as soon as the caller has read its matches, because the wasm heap never shrinks (shared/tree-sitter.md §5).
 */
export class TreeSitterHost {
  private readonly languages = new Map<GrammarName, Promise<Language>>();
  private readonly queries = new Map<string, Query>();
  private readonly combined = new Map<string, QueryRunner>();
  /** The same, by the (never changed) array of sources a caller passes every time: no key of all their text per file. */
  private readonly combinedBySources = new WeakMap<readonly string[], { grammar: GrammarName; runner: QueryRunner }>();
  /** Trees of open documents, by caller's key, least recently used first. */
  private readonly kept = new Map<string, { grammar: GrammarName; text: string; tree: Tree }>();
  private scopes = 0;

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
    const combined = this.combinedQuery(grammar, language, querySources);
    this.parser.setLanguage(language);
    const tree = this.parser.parse(text);
    if (!tree) {
      return read(querySources.map(() => []));
    }
    try {
      return read(combined.matchesOf(tree.rootNode));
    } finally {
      tree.delete();
    }
  }

  /**
   * Parses the live text of an open document, incrementally from its kept tree when there is one
   * (shared/tree-sitter.md §4.5: ~1 ms instead of ~12 ms for a 2,000-line file), and hands the tree to `read`.
   * The new tree is kept until the next call with the same key or {@link releaseOpenDocument}; the previous one is
   * deleted. Calls for one key must not overlap (the caller awaits each).
   */
  async withOpenDocument<T>(key: string, grammar: GrammarName, text: string, read: (document: OpenDocumentTree) => T): Promise<T> {
    const language = await this.language(grammar);
    this.parser.setLanguage(language);
    const previous = this.kept.get(key);
    this.kept.delete(key);
    let tree: Tree | null;
    let splice: TextSplice | undefined;
    let changed: IndexSpan[];
    if (previous && previous.grammar === grammar) {
      splice = spliceBetween(previous.text, text);
      if (splice) {
        previous.tree.edit(new Edit(splice));
        tree = this.parser.parse(text, previous.tree);
        changed = tree ? [{ startIndex: splice.startIndex, endIndex: splice.newEndIndex }, ...previous.tree.getChangedRanges(tree)] : [];
        previous.tree.delete();
      } else {
        tree = previous.tree;
        changed = [];
      }
    } else {
      previous?.tree.delete();
      tree = this.parser.parse(text);
      changed = [{ startIndex: 0, endIndex: text.length }];
    }
    if (!tree) {
      throw new Error(`tree-sitter could not parse ${key}`);
    }
    this.kept.set(key, { grammar, text, tree });
    for (const [oldest, entry] of this.kept) {
      if (this.kept.size <= maxKeptTrees) {
        break;
      }
      entry.tree.delete();
      this.kept.delete(oldest);
    }
    const root = tree.rootNode;
    return read({
      root,
      splice: previous?.grammar === grammar ? splice : undefined,
      changed,
      matches: (querySource, within) => this.query(grammar, language, querySource).matches(root, within ? { startIndex: within.startIndex, endIndex: within.endIndex } : undefined),
    });
  }

  /**
   * A prefix for the keys of one indexer's open documents. Indexers of different folders (or a folder re-opened) share
   * this host, and their documents may have the same relative path: each must only ever see its own trees.
   */
  documentScope(): string {
    return `${++this.scopes}:`;
  }

  /** The document was closed: its tree is freed. */
  releaseOpenDocument(key: string): void {
    this.kept.get(key)?.tree.delete();
    this.kept.delete(key);
  }

  private language(grammar: GrammarName): Promise<Language> {
    let loaded = this.languages.get(grammar);
    if (!loaded) {
      loaded = Language.load(this.locateWasm(grammarWasm[grammar]));
      this.languages.set(grammar, loaded);
    }
    return loaded;
  }

  /**
   * One query made of several, so a tree is walked once for all of them (each walk of the whole tree costs about as
   * much as matching a small query: 2,000-file bench, four walks 2.6 s → one 1.0 s); its matches are handed back
   * split by the query their pattern came from, in the order each query alone gives them.
   */
  private combinedQuery(grammar: GrammarName, language: Language, sources: readonly string[]): QueryRunner {
    const known = this.combinedBySources.get(sources);
    if (known?.grammar === grammar) {
      return known.runner;
    }
    const key = `${grammar}\u0000${sources.join('\u0000')}`;
    let combined = this.combined.get(key);
    if (!combined) {
      combined = sources.length === 1 ? CombinedQuery.single(this.query(grammar, language, sources[0]!)) : CombinedQuery.of(sources, (source) => this.query(grammar, language, source));
      this.combined.set(key, combined);
    }
    this.combinedBySources.set(sources, { grammar, runner: combined });
    return combined;
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

/** Runs queries over a tree: the matches of each, in the order of the sources. */
interface QueryRunner {
  matchesOf(root: Node): QueryMatch[][];
}

/** Several queries compiled as one (see TreeSitterHost.combinedQuery), or one query as it is. */
class CombinedQuery implements QueryRunner {
  private constructor(
    private readonly query: Query,
    /** The number of the source each pattern comes from, by pattern index; undefined for a single source. */
    private readonly partOfPattern: readonly number[] | undefined,
    /** The index of each source's first pattern in the combined query. */
    private readonly firstPatterns: readonly number[],
  ) {}

  static single(query: Query): CombinedQuery {
    return new CombinedQuery(query, undefined, [0]);
  }

  /**
   * The sources joined into one query, when their top-level patterns can be told apart (their count must add up to
   * the compiled query's); otherwise each source is run on its own.
   */
  static of(sources: readonly string[], compile: (source: string) => Query): QueryRunner {
    const counts = sources.map(topLevelPatternCount);
    const query = compile(sources.join('\n'));
    if (counts.reduce((sum, count) => sum + count, 0) !== query.patternCount()) {
      return new SeparateQueries(sources.map(compile));
    }
    const firstPatterns = counts.map((_, part) => counts.slice(0, part).reduce((sum, count) => sum + count, 0));
    return new CombinedQuery(query, counts.flatMap((count, part) => Array<number>(count).fill(part)), firstPatterns);
  }

  matchesOf(root: Node): QueryMatch[][] {
    const matches = this.query.matches(root);
    if (!this.partOfPattern) {
      return [matches];
    }
    const split: QueryMatch[][] = [];
    for (let part = 0; part < this.firstPatterns.length; part++) {
      split.push([]); // not firstPatterns.map(): the optimized inlined map builds another kind of array (deopt)
    }
    for (const match of matches) {
      const part = this.partOfPattern[match.patternIndex]!;
      match.patternIndex -= this.firstPatterns[part]!; // the index within its own query
      split[part]!.push(match);
    }
    return split;
  }
}

/** Queries run one after the other (a combination whose patterns could not be counted). */
class SeparateQueries implements QueryRunner {
  constructor(private readonly queries: readonly Query[]) {}

  matchesOf(root: Node): QueryMatch[][] {
    return this.queries.map((query) => query.matches(root));
  }
}

/**
 * The patterns of a query source: its top-level parenthesized or bracketed forms, strings and `;` comments left
 * aside. (A top-level pattern that is a bare string or wildcard is not counted; the caller checks the total.)
 */
export function topLevelPatternCount(source: string): number {
  let depth = 0;
  let count = 0;
  for (let at = 0; at < source.length; at++) {
    const char = source[at];
    if (char === '"') {
      for (at++; at < source.length && source[at] !== '"'; at++) {
        if (source[at] === '\\') {
          at++;
        }
      }
    } else if (char === ';') {
      while (at < source.length && source[at] !== '\n') {
        at++;
      }
    } else if (char === '(' || char === '[') {
      count += depth === 0 ? 1 : 0;
      depth++;
    } else if (char === ')' || char === ']') {
      depth--;
    }
  }
  return count;
}
