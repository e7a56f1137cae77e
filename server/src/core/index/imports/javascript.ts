import type { QueryMatch, SyntaxNode } from '../../model/syntax';
import type { ImportFact, ImportKind } from '../../model/importFact';
import { javascriptBindings } from './javascriptSymbols';
import { isSubpathImport, packageNameOfSpecifier } from './packageName';
import { rangeOf } from './syntaxWalk';

/** The tree-sitter grammars used for JavaScript-family files. */
export type JavaScriptGrammar = 'javascript' | 'typescript' | 'tsx';

/** Grammar for a file name, or undefined when it is not a JavaScript-family source file. */
export function javascriptGrammarFor(path: string): JavaScriptGrammar | undefined {
  if (/\.d\.[cm]?ts$/.test(path)) {
    return undefined; // declaration files only describe types
  }
  if (/\.[cm]?ts$/.test(path)) {
    return 'typescript';
  }
  if (path.endsWith('.tsx')) {
    return 'tsx';
  }
  return /\.(?:[cm]?js|jsx)$/.test(path) ? 'javascript' : undefined;
}

const commonPatterns = `
(import_statement source: (string (string_fragment) @source)) @import
(export_statement source: (string (string_fragment) @source)) @reexport
(call_expression function: (identifier) @_fn arguments: (arguments . (string (string_fragment) @source)) (#eq? @_fn "require")) @require
(call_expression function: (import) arguments: (arguments . (string (string_fragment) @source))) @dynamic
`;

// The javascript grammar has no import_require_clause; compiling this pattern against it would fail.
const typescriptPatterns = `
(import_statement (import_require_clause source: (string (string_fragment) @source))) @import-equals
`;

/** Query source for the imports of a grammar. Captures: `@source` plus one statement capture naming the kind. */
export function javascriptImportQuery(grammar: JavaScriptGrammar): string {
  return grammar === 'javascript' ? commonPatterns : commonPatterns + typescriptPatterns;
}

const statementKinds: readonly ImportKind[] = ['import', 'reexport', 'require', 'dynamic', 'import-equals'];

/**
 * Turns the query matches of one file into import facts of third-party packages, each with the names it binds
 * (see {@link javascriptBindings}). Subpath imports (`#db`) are kept too: they may map to a package.
 */
export function importsFromMatches(path: string, matches: readonly QueryMatch[]): ImportFact[] {
  const facts: ImportFact[] = [];
  const seenSources = new Set<number>();
  for (const match of matches) {
    const source = match.captures.find((capture) => capture.name === 'source')?.node;
    const statement = match.captures.find((capture) => (statementKinds as readonly string[]).includes(capture.name));
    if (!source || !statement || seenSources.has(source.startIndex)) {
      continue;
    }
    // `import x = require('y')` also matches the plain import pattern; keep the more specific kind.
    seenSources.add(source.startIndex);
    // A subpath import keeps its specifier as its name until its package's `imports` map is read (correlate).
    const specifier = source.text;
    const packageName = packageNameOfSpecifier(specifier) ?? (isSubpathImport(specifier) ? specifier : undefined);
    if (packageName === undefined) {
      continue;
    }
    const kind = statement.name as ImportKind;
    const typeOnly = isTypeOnly(kind, statement.node);
    facts.push({
      specifier,
      packageName,
      kind,
      isTypeOnly: typeOnly,
      path,
      range: rangeOf(source),
      bindings: javascriptBindings(kind, statement.node, specifier, typeOnly),
    });
  }
  return facts;
}

function isTypeOnly(kind: ImportKind, statement: SyntaxNode): boolean {
  switch (kind) {
    case 'import':
      return hasTypeKeyword(statement) || hasOnlyTypeSpecifiers(statement);
    case 'reexport':
      return hasTypeKeyword(statement);
    case 'dynamic':
      return isInTypePosition(statement);
    default:
      return false;
  }
}

function hasTypeKeyword(statement: SyntaxNode): boolean {
  return statement.children.some((child) => child?.type === 'type');
}

/** `import { type A, type B } from 'x'`: every binding is type-only, so nothing is loaded at runtime. */
function hasOnlyTypeSpecifiers(statement: SyntaxNode): boolean {
  const clause = statement.children.find((child) => child?.type === 'import_clause');
  if (!clause || clause.children.length !== 1 || clause.children[0]?.type !== 'named_imports') {
    return false;
  }
  let specifiers = 0;
  for (const child of clause.children[0].children) {
    if (child?.type === 'import_specifier') {
      if (!child.children.some((part) => part?.type === 'type')) {
        return false;
      }
      specifiers++;
    }
  }
  return specifiers > 0;
}

/** `typeof import('x')` or `import('x').T` in a type annotation. */
function isInTypePosition(node: SyntaxNode): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'type_query' || current.type === 'type_annotation' || current.type === 'type_alias_declaration') {
      return true;
    }
    if (current.type.endsWith('statement') || current.type === 'program') {
      return false;
    }
  }
  return false;
}
