import type { ParseProblem } from '../../model/dependency';
import type { Range } from '../../model/location';
import type { QueryMatch, SyntaxNode } from '../../model/syntax';
import type { IacResource } from '../../model/iacFacts';

/**
 * Query over the `terraform` tree-sitter grammar (shared/tree-sitter.md §3.6). The capture that names the pattern:
 * `@resource` (with `@type`, `@name`), `@module` (with `@name`), `@block` (every block, nested ones included),
 * `@attribute` (with `@name`, `@value`), `@error` and `@missing` (syntax errors).
 */
export const terraformQuery = `
(block (identifier) @kind . (string_lit (template_literal) @type) . (string_lit (template_literal) @name) . (block_start) (#eq? @kind "resource")) @resource
(block (identifier) @kind . (string_lit (template_literal) @name) . (block_start) (#eq? @kind "module")) @module
(block (identifier) @kind) @block
(attribute (identifier) @name (expression) @value) @attribute
(ERROR) @error
(MISSING) @missing
`;

/** A Terraform value when the file states it literally; anything computed is an `expression`. */
export type TfValue =
  | { kind: 'string'; value: string; range: Range }
  | { kind: 'number'; value: number; range: Range }
  | { kind: 'bool'; value: boolean; range: Range }
  | { kind: 'null'; range: Range }
  | { kind: 'tuple'; items: TfValue[]; range: Range }
  | { kind: 'expression'; text: string; range: Range };

/** One `name = value` inside a resource or module, at any nesting depth. */
export interface TfAttribute {
  name: string;
  value: TfValue;
  /** The whole `name = value`. */
  range: Range;
  /** Nested block names from the resource down, e.g. `['ingress']`; empty at the top level. `dynamic "x"` counts as `x`. */
  blockPath: string[];
  /** Identity of the block instance that holds it, shared by its siblings (the start offset of that block). */
  blockId: number;
}

/** A nested block such as `ingress { … }`. */
export interface TfNestedBlock {
  path: string[];
  id: number;
  range: Range;
}

/** A `resource` or `module` block with everything inside it. */
export interface TfBlock {
  kind: 'resource' | 'module';
  /** The resource type, or `module`. */
  type: string;
  name: string;
  /** `type.name`, or `module.name`. */
  address: string;
  /** The whole block. */
  range: Range;
  /** `resource "type" "name" {`: where a missing attribute is reported. */
  headerRange: Range;
  attributes: TfAttribute[];
  /** Nested blocks in document order. */
  nestedBlocks: TfNestedBlock[];
}

/** What one `.tf` file declares, and the syntax errors met on the way. */
export interface TerraformFile {
  blocks: TfBlock[];
  problems: ParseProblem[];
}

const maxProblems = 10;

/**
 * Interprets the matches of {@link terraformQuery} over one file. Attributes and nested blocks belong to the
 * resource or module found by walking up their parents. Never throws: syntax errors become problems and the blocks
 * that could be read are kept.
 */
export function readTerraform(path: string, matches: readonly QueryMatch[]): TerraformFile {
  const owners = new Map<number, TfBlock>();
  for (const match of matches) {
    const block = ownerBlockOf(match);
    if (block) {
      owners.set(block.node.startIndex, block.block);
    }
  }
  const problems: ParseProblem[] = [];
  for (const match of matches) {
    const attribute = capture(match, 'attribute');
    const block = capture(match, 'block');
    const error = capture(match, 'error') ?? capture(match, 'missing');
    if (attribute) {
      readAttribute(match, attribute, owners);
    } else if (block && !owners.has(block.startIndex)) {
      readNestedBlock(block, owners);
    } else if (error) {
      problems.push({ path, range: rangeOf(error), message: syntaxErrorMessage(error, capture(match, 'missing') !== undefined) });
    }
  }
  if (problems.length > maxProblems) {
    const more = problems.length - maxProblems;
    problems.splice(maxProblems, more, { path, message: `${more} more Terraform syntax errors` });
  }
  return { blocks: [...owners.values()].sort((a, b) => compareRanges(a.range, b.range)), problems };
}

/** The assets of a Terraform file: its resources and module calls. */
export function terraformResources(path: string, file: TerraformFile): IacResource[] {
  return file.blocks.map((block) => ({ tool: 'terraform', type: block.type, name: block.name, address: block.address, location: { path, range: block.range } }));
}

function ownerBlockOf(match: QueryMatch): { node: SyntaxNode; block: TfBlock } | undefined {
  const resource = capture(match, 'resource');
  const module = capture(match, 'module');
  const node = resource ?? module;
  const name = capture(match, 'name')?.text;
  if (!node || name === undefined) {
    return undefined;
  }
  const type = resource ? (capture(match, 'type')?.text ?? '') : 'module';
  const blockStart = node.children.find((child) => child?.type === 'block_start');
  return {
    node,
    block: {
      kind: resource ? 'resource' : 'module',
      type,
      name,
      address: resource ? `${type}.${name}` : `module.${name}`,
      range: rangeOf(node),
      headerRange: { start: rangeOf(node).start, end: rangeOf(blockStart ?? node).end },
      attributes: [],
      nestedBlocks: [],
    },
  };
}

function readAttribute(match: QueryMatch, attribute: SyntaxNode, owners: ReadonlyMap<number, TfBlock>): void {
  const name = capture(match, 'name');
  const value = capture(match, 'value');
  const place = placeOf(attribute, owners);
  if (!name || !value || !place) {
    return;
  }
  place.owner.attributes.push({ name: name.text, value: valueOf(value), range: rangeOf(attribute), blockPath: place.path, blockId: place.id });
}

function readNestedBlock(block: SyntaxNode, owners: ReadonlyMap<number, TfBlock>): void {
  const place = placeOf(block, owners, true);
  if (place && !isDynamicContent(block)) {
    place.owner.nestedBlocks.push({ path: place.path, id: place.id, range: rangeOf(block) });
  }
}

/**
 * The resource or module that holds a node, the nested block names on the way (outermost first) and the id of the
 * innermost block. `includeSelf` counts the node itself when it is a block.
 */
function placeOf(node: SyntaxNode, owners: ReadonlyMap<number, TfBlock>, includeSelf = false): { owner: TfBlock; path: string[]; id: number } | undefined {
  const path: string[] = [];
  let id: number | undefined;
  for (let current: SyntaxNode | null = includeSelf ? node : node.parent; current; current = current.parent) {
    if (current.type !== 'block') {
      continue;
    }
    const owner = owners.get(current.startIndex);
    if (owner) {
      return { owner, path, id: id ?? current.startIndex };
    }
    // `content` of a `dynamic "ingress"` block stands for the generated `ingress` block itself.
    if (isDynamicContent(current)) {
      continue;
    }
    path.unshift(blockName(current));
    id ??= current.startIndex;
  }
  return undefined;
}

function isDynamicContent(block: SyntaxNode): boolean {
  const parentBlock = block.parent?.parent;
  return firstIdentifier(block) === 'content' && parentBlock?.type === 'block' && firstIdentifier(parentBlock) === 'dynamic';
}

function blockName(block: SyntaxNode): string {
  const kind = firstIdentifier(block);
  if (kind === 'dynamic') {
    const label = block.children.find((child) => child?.type === 'string_lit');
    return label?.children.find((child) => child?.type === 'template_literal')?.text ?? kind;
  }
  return kind;
}

function firstIdentifier(block: SyntaxNode): string {
  return block.children.find((child) => child?.type === 'identifier')?.text ?? '';
}

/** Reads an `expression` node into a literal value when it is one. */
function valueOf(expression: SyntaxNode): TfValue {
  const range = rangeOf(expression);
  const parts = namedChildren(expression);
  const only = parts.length === 1 ? parts[0] : undefined;
  if (only?.type === 'literal_value') {
    const literal = namedChildren(only)[0];
    switch (literal?.type) {
      case 'string_lit': {
        const inner = namedChildren(literal).filter((child) => child.type !== 'quoted_template_start' && child.type !== 'quoted_template_end');
        if (inner.every((child) => child.type === 'template_literal')) {
          return { kind: 'string', value: inner.map((child) => child.text).join(''), range };
        }
        break;
      }
      case 'numeric_lit':
        return { kind: 'number', value: Number(literal.text), range };
      case 'bool_lit':
        return { kind: 'bool', value: literal.text === 'true', range };
      case 'null_lit':
        return { kind: 'null', range };
    }
  }
  const tuple = only?.type === 'collection_value' ? namedChildren(only)[0] : undefined;
  if (tuple?.type === 'tuple') {
    return { kind: 'tuple', items: namedChildren(tuple).filter((child) => child.type === 'expression').map(valueOf), range };
  }
  return { kind: 'expression', text: expression.text, range };
}

/** Children that are nodes of the grammar, not punctuation (`[`, `,`, `=`…). */
function namedChildren(node: SyntaxNode): SyntaxNode[] {
  return node.children.filter((child): child is SyntaxNode => child !== null && /^[a-z_]+$/.test(child.type));
}

function syntaxErrorMessage(node: SyntaxNode, isMissing: boolean): string {
  return isMissing ? `Terraform syntax error: missing "${node.type}"` : 'Terraform syntax error: this part could not be read';
}

function capture(match: QueryMatch, name: string): SyntaxNode | undefined {
  return match.captures.find((candidate) => candidate.name === name)?.node;
}

/** The 0-based range of a syntax node (tree-sitter columns are UTF-16 code units for JS strings). */
function rangeOf(node: SyntaxNode): Range {
  return {
    start: { line: node.startPosition.row, character: node.startPosition.column },
    end: { line: node.endPosition.row, character: node.endPosition.column },
  };
}

function compareRanges(a: Range, b: Range): number {
  return a.start.line - b.start.line || a.start.character - b.start.character;
}
