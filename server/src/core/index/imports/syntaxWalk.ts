import type { Range } from '../../model/location';
import type { QueryMatch, SyntaxNode } from '../../model/syntax';

// Small helpers over tree-sitter nodes for the import and call-site readers. The core's SyntaxNode has no field
// names, so the readers walk named children by node type and position.

// Leaves whose type equals their text yet are named nodes (the fallback test below would drop them).
const namedLeaves = new Set(['this', 'super', 'null', 'true', 'false', 'undefined', 'import', 'identifier', 'property_identifier', 'number']);

/**
 * Whether a node is named (not a keyword or punctuation token). Tree-sitter nodes say so in `isNamed`; for plain
 * objects without it, anonymous tokens are recognised by their type being their own text.
 */
function isNamedNode(node: SyntaxNode): boolean {
  const flag = node.isNamed;
  return typeof flag === 'boolean' ? flag : node.type !== node.text || namedLeaves.has(node.type);
}

/**
 * Named children, comments left out. Collected by a loop into one array literal, not by `filter`: the builtin's
 * result has another elements kind when inlined in optimized code, which deoptimized the readers indexing it.
 */
export function namedChildren(node: SyntaxNode): SyntaxNode[] {
  const named: SyntaxNode[] = [];
  if (node.namedChildren) {
    for (const child of node.namedChildren) {
      if (!child.type.endsWith('comment')) {
        named.push(child);
      }
    }
    return named;
  }
  for (const child of node.children) {
    if (child !== null && !child.type.endsWith('comment') && isNamedNode(child)) {
      named.push(child);
    }
  }
  return named;
}

/** First child (named or not) of one of the given types. */
export function childOfType(node: SyntaxNode, ...types: string[]): SyntaxNode | undefined {
  return node.children.find((child): child is SyntaxNode => child !== null && types.includes(child.type));
}

/** Whether a node has a child token of this type (`type`, `static`, …). */
export function hasChildOfType(node: SyntaxNode, type: string): boolean {
  return node.children.some((child) => child?.type === type);
}

/** The LSP-shaped range of a node. */
export function rangeOf(node: SyntaxNode): Range {
  const [start, end] = [node.startPosition, node.endPosition]; // a tree-sitter node reads its end from the tree each time
  return { start: { line: start.row, character: start.column }, end: { line: end.row, character: end.column } };
}

/** Range from the start of `from` to the end of `to`. */
export function rangeBetween(from: SyntaxNode, to: SyntaxNode): Range {
  return { start: rangeOf(from).start, end: rangeOf(to).end };
}

/** The node captured under `name` in a match. */
export function captured(match: QueryMatch, name: string): SyntaxNode | undefined {
  return match.captures.find((capture) => capture.name === name)?.node;
}

/** Whether two nodes are the same node (tree-sitter hands out a new wrapper object on every access). */
export function sameNode(a: SyntaxNode | undefined, b: SyntaxNode | undefined): boolean {
  return a !== undefined && b !== undefined && a.startIndex === b.startIndex && a.endIndex === b.endIndex && a.type === b.type;
}

/**
 * The names of a chain of member accesses rooted at an identifier, `a.b.c` → `['a', 'b', 'c']`, for a grammar's
 * access node (`member_expression`, `attribute`, `selector_expression`) and member node type; undefined when
 * anything but names is on the way.
 */
export function namePath(node: SyntaxNode, access: { chain: string; member: string }): string[] | undefined {
  if (node.type === 'identifier') {
    return [node.text];
  }
  if (node.type !== access.chain) {
    return undefined;
  }
  const [object, member] = namedChildren(node);
  const head = object ? namePath(object, access) : undefined;
  return head && member?.type === access.member ? [...head, member.text] : undefined;
}
