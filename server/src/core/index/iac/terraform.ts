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
 * resource or module that encloses them. Never throws: syntax errors become problems and the blocks that could be
 * read are kept.
 *
 * Linear in the number of matches (after a sort): which block encloses what comes from one sweep over the nodes'
 * offsets, never from `parent` steps, each of which costs a walk down from the root in tree-sitter (500 nested
 * blocks took 38 s that way).
 */
export function readTerraform(path: string, matches: readonly QueryMatch[]): TerraformFile {
  const owners = new Map<number, TfBlock>();
  for (const match of matches) {
    const block = ownerBlockOf(match);
    if (block) {
      owners.set(block.node.startIndex, block.block);
    }
  }
  const places = placesOf(matches, owners);
  const problems: ParseProblem[] = [];
  for (const match of matches) {
    const attribute = capture(match, 'attribute');
    const block = capture(match, 'block');
    const error = capture(match, 'error') ?? capture(match, 'missing');
    if (attribute) {
      readAttribute(match, attribute, places.ofAttribute.get(attribute.startIndex));
    } else if (block && !owners.has(block.startIndex)) {
      const place = places.ofBlock.get(block.startIndex);
      if (place && !place.isDynamicContent) {
        place.owner.nestedBlocks.push({ path: place.path, id: place.id, range: rangeOf(block) });
      }
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

/**
 * Where a nested block or an attribute sits: the resource or module that holds it, the nested block names on the way
 * (outermost first; `content` of a `dynamic "x"` stands for the generated `x` block itself) and the id of the
 * innermost block (the owner's own start offset at its top level).
 */
interface Place {
  owner: TfBlock;
  path: string[];
  id: number;
  /** The block is the `content` of a `dynamic` block (it is not a block of its own). */
  isDynamicContent: boolean;
}

/**
 * The place of every block (by start offset, the block itself included) and of every attribute (by start offset).
 * Blocks and attributes are tree nodes, so their spans nest: sorted by start, a stack of the blocks still open gives
 * each one its enclosing block, and each block's place derives from its enclosing block's.
 */
function placesOf(matches: readonly QueryMatch[], owners: ReadonlyMap<number, TfBlock>): { ofBlock: Map<number, Place>; ofAttribute: Map<number, Place> } {
  const nodes = new Map<number, { node: SyntaxNode; isBlock: boolean }>();
  for (const match of matches) {
    const block = capture(match, 'block') ?? capture(match, 'resource') ?? capture(match, 'module');
    const attribute = capture(match, 'attribute');
    if (block) {
      nodes.set(block.startIndex, { node: block, isBlock: true });
    } else if (attribute && !nodes.has(attribute.startIndex)) {
      nodes.set(attribute.startIndex, { node: attribute, isBlock: false });
    }
  }
  const ofBlock = new Map<number, Place>();
  const ofAttribute = new Map<number, Place>();
  const open: { node: SyntaxNode; kind: string; place?: Place }[] = [];
  for (const { node, isBlock } of [...nodes.values()].sort((a, b) => a.node.startIndex - b.node.startIndex)) {
    while (open.length > 0 && open.at(-1)!.node.endIndex <= node.startIndex) {
      open.pop();
    }
    const enclosing = open.at(-1);
    if (!isBlock) {
      if (enclosing?.place) {
        ofAttribute.set(node.startIndex, enclosing.place);
      }
      continue;
    }
    const kind = firstIdentifier(node);
    const owner = owners.get(node.startIndex);
    let place: Place | undefined;
    if (owner) {
      place = { owner, path: [], id: node.startIndex, isDynamicContent: false };
    } else if (enclosing?.place) {
      const isDynamicContent = kind === 'content' && enclosing.kind === 'dynamic';
      place = isDynamicContent
        ? { ...enclosing.place, isDynamicContent }
        : { owner: enclosing.place.owner, path: [...enclosing.place.path, blockName(node, kind)], id: node.startIndex, isDynamicContent };
    }
    if (place) {
      ofBlock.set(node.startIndex, place);
    }
    open.push({ node, kind, place });
  }
  return { ofBlock, ofAttribute };
}

function readAttribute(match: QueryMatch, attribute: SyntaxNode, place: Place | undefined): void {
  const name = capture(match, 'name');
  const value = capture(match, 'value');
  if (!name || !value || !place) {
    return;
  }
  place.owner.attributes.push({ name: name.text, value: valueOf(value), range: rangeOf(attribute), blockPath: [...place.path], blockId: place.id });
}

function blockName(block: SyntaxNode, kind: string): string {
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
