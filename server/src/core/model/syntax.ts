/**
 * The small slice of a concrete syntax tree that core analysis reads. `host/` passes tree-sitter nodes, which
 * satisfy it structurally; tests may pass plain objects.
 */
export interface SyntaxNode {
  readonly type: string;
  readonly text: string;
  readonly startIndex: number;
  readonly endIndex: number;
  readonly startPosition: { row: number; column: number };
  readonly endPosition: { row: number; column: number };
  readonly parent: SyntaxNode | null;
  readonly children: readonly (SyntaxNode | null)[];
  /** Whether the node is named (not a keyword or punctuation token); tree-sitter nodes tell, plain objects may not. */
  readonly isNamed?: boolean;
  /** The named children (comments included), when the node can list them without `children`'s every token. */
  readonly namedChildren?: readonly SyntaxNode[];
}

/** One match of a tree-sitter query: which pattern matched and the named captures. */
export interface QueryMatch {
  patternIndex: number;
  captures: readonly { name: string; node: SyntaxNode }[];
}
