import type { SyntaxNode } from '../../model/syntax';

/** A span of the text (a function, a class body), half-open in UTF-16 indices. */
export interface Span {
  startIndex: number;
  endIndex: number;
}

/**
 * Names declared in a file, by the function (or class) that declares them, for looking up what a name means at a
 * call: the innermost enclosing scope that declares it wins, then the outer ones, then the file. Spans come from
 * query captures (walking up the tree is slow in web-tree-sitter), so they must nest properly, as syntax does.
 * Blocks inside a function are not scopes of their own: within one scope, the last declaration before the use
 * wins (an approximation of Go and JavaScript block scoping).
 */
export class ScopedNames<T> {
  private readonly spans: Span[];
  /** Index into `spans` of each span's parent, -1 for none. */
  private readonly parents: number[];
  private readonly declared = new Map<string, { scope: number; at: number; value: T }[]>();

  constructor(spans: readonly Span[]) {
    this.spans = [...spans].sort((a, b) => a.startIndex - b.startIndex || b.endIndex - a.endIndex);
    this.parents = [];
    const open: number[] = [];
    this.spans.forEach((span, index) => {
      while (open.length > 0 && this.spans[open.at(-1)!]!.endIndex <= span.startIndex) {
        open.pop();
      }
      this.parents.push(open.at(-1) ?? -1);
      open.push(index);
    });
  }

  /** The innermost span holding an index (-1: the file). */
  scopeAt(index: number): number {
    let low = 0;
    let high = this.spans.length - 1;
    let last = -1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (this.spans[middle]!.startIndex <= index) {
        last = middle;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    for (let scope = last; scope >= 0; scope = this.parents[scope]!) {
      if (index < this.spans[scope]!.endIndex) {
        return scope;
      }
    }
    return -1;
  }

  /** Declares `name` at the node (in the scope holding it, or in `scope` when given). */
  declare(name: string, node: SyntaxNode, value: T, scope = this.scopeAt(node.startIndex)): void {
    const list = this.declared.get(name);
    const entry = { scope, at: node.startIndex, value };
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
    for (let scope = this.scopeAt(index); ; scope = this.parents[scope]!) {
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

  /** Whether the span of a scope index is the file (no enclosing function). */
  static isFileScope(scope: number): boolean {
    return scope < 0;
  }
}
