import type { SyntaxNode } from '../../model/syntax';

/** A span of the text (a function, a class body), half-open in UTF-16 indices. */
export interface Span {
  startIndex: number;
  endIndex: number;
}

/**
 * Properly nesting spans (functions, class bodies), for finding the innermost one around an index without walking
 * up the tree (slow in web-tree-sitter: each step up walks down from the root). Spans come from query captures.
 */
export class NestedSpans<S extends Span> {
  private readonly spans: S[];
  /** Each span's indices, read once: a tree-sitter node reads its end from the tree on every access. */
  private readonly starts: number[];
  private readonly ends: number[];
  /** Index into `spans` of each span's parent, -1 for none. */
  private readonly parents: number[];

  constructor(spans: readonly S[]) {
    // Loops into array literals rather than map(): see namedChildren in syntaxWalk.
    const bounds: { span: S; start: number; end: number }[] = [];
    for (const span of spans) {
      bounds.push({ span, start: span.startIndex, end: span.endIndex });
    }
    bounds.sort((a, b) => a.start - b.start || b.end - a.end);
    this.spans = [];
    this.starts = [];
    this.ends = [];
    this.parents = [];
    const open: number[] = [];
    for (const { span, start, end } of bounds) {
      while (open.length > 0 && this.ends[open.at(-1)!]! <= start) {
        open.pop();
      }
      this.parents.push(open.at(-1) ?? -1);
      open.push(this.spans.length);
      this.spans.push(span);
      this.starts.push(start);
      this.ends.push(end);
    }
  }

  /** The number of the innermost span holding an index (-1: none, the file). */
  indexAt(index: number): number {
    let low = 0;
    let high = this.starts.length - 1;
    let last = -1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (this.starts[middle]! <= index) {
        last = middle;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    for (let scope = last; scope >= 0; scope = this.parents[scope]!) {
      if (index < this.ends[scope]!) {
        return scope;
      }
    }
    return -1;
  }

  /** The innermost span holding an index. */
  at(index: number): S | undefined {
    const found = this.indexAt(index);
    return found < 0 ? undefined : this.spans[found];
  }

  /** The span enclosing span number `scope` (-1: the file). */
  parentOf(scope: number): number {
    return scope < 0 ? -1 : this.parents[scope]!;
  }
}

/**
 * Names declared in a file, by the function (or class) that declares them, for looking up what a name means at a
 * call: the innermost enclosing scope that declares it wins, then the outer ones, then the file. Blocks inside a
 * function are not scopes of their own: within one scope, the last declaration before the use wins (an
 * approximation of Go, Java and JavaScript block scoping).
 */
export class ScopedNames<T> {
  private readonly scopes: NestedSpans<Span>;
  private readonly declared = new Map<string, { scope: number; at: number; value: T }[]>();

  constructor(spans: readonly Span[]) {
    this.scopes = new NestedSpans(spans);
  }

  /** The innermost scope holding an index (-1: the file). */
  scopeAt(index: number): number {
    return this.scopes.indexAt(index);
  }

  /** Declares `name` at the node, in the scope holding it. */
  declare(name: string, node: SyntaxNode, value: T): void {
    const list = this.declared.get(name);
    const entry = { scope: this.scopeAt(node.startIndex), at: node.startIndex, value };
    if (list) {
      list.push(entry);
    } else {
      this.declared.set(name, [entry]);
    }
  }

  /** What `name` means at an index: the declaration of the innermost scope that has one (the last before it). */
  lookup(name: string, index: number): T | undefined {
    const list = this.declared.get(name);
    if (!list) {
      return undefined;
    }
    for (let scope = this.scopeAt(index); ; scope = this.scopes.parentOf(scope)) {
      const inScope = list.filter((entry) => entry.scope === scope);
      if (inScope.length > 0) {
        const before = inScope.filter((entry) => entry.at <= index);
        return (before.length > 0 ? before.reduce((a, b) => (b.at >= a.at ? b : a)) : inScope[0]!).value;
      }
      if (scope < 0) {
        return undefined;
      }
    }
  }

  /** Whether a scope number is the file (no enclosing function). */
  static isFileScope(scope: number): boolean {
    return scope < 0;
  }
}
