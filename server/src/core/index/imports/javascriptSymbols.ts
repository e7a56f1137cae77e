import type { SyntaxNode } from '../../model/syntax';
import type { ImportKind } from '../../model/importFact';
import type { ImportBinding } from '../../model/symbolFacts';
import { childOfType, hasChildOfType, namedChildren, sameNode } from './syntaxWalk';

/**
 * The local name standing for a package that is used without being bound, as in `require('y').fn()`: never a
 * valid identifier, so it cannot collide with a real binding. Both the import's binding and the call's `object`
 * (or `name`, for `require('y')()`) use it, so calls resolve through bindings like every other call.
 */
export function unboundRequireLocal(specifier: string): string {
  return `require('${specifier}')`;
}

// Expressions that denote the same value as their operand.
const wrapperTypes = new Set(['parenthesized_expression', 'await_expression', 'as_expression', 'satisfies_expression', 'non_null_expression']);

/**
 * What one import statement binds in the file (runtime names only: type-only imports and `type` specifiers bind
 * nothing that code can call). `statement` is the node the import query captured for the kind: the
 * `import_statement`, or the `require(…)` / `import(…)` call.
 */
export function javascriptBindings(kind: ImportKind, statement: SyntaxNode, specifier: string, isTypeOnly: boolean): ImportBinding[] {
  if (isTypeOnly) {
    return [];
  }
  switch (kind) {
    case 'import':
      return importClauseBindings(statement);
    case 'import-equals': {
      const local = childOfType(childOfType(statement, 'import_require_clause') ?? statement, 'identifier');
      return local ? [{ local: local.text, imported: '*' }] : [];
    }
    case 'require':
      return requireBindings(statement, specifier);
    case 'dynamic':
      return assignedBindings(statement, '*');
    default:
      return [];
  }
}

/** `import a, { b as c, type d } from 'x'`, `import * as ns from 'x'`. */
function importClauseBindings(statement: SyntaxNode): ImportBinding[] {
  const clause = childOfType(statement, 'import_clause');
  const bindings: ImportBinding[] = [];
  for (const part of clause ? namedChildren(clause) : []) {
    if (part.type === 'identifier') {
      bindings.push({ local: part.text, imported: 'default' });
    } else if (part.type === 'namespace_import') {
      const local = childOfType(part, 'identifier');
      if (local) {
        bindings.push({ local: local.text, imported: '*' });
      }
    } else if (part.type === 'named_imports') {
      for (const specifier of namedChildren(part).filter((child) => child.type === 'import_specifier' && !hasChildOfType(child, 'type'))) {
        const [name, alias] = namedChildren(specifier);
        const imported = name ? propertyName(name) : undefined;
        if (imported !== undefined) {
          bindings.push({ local: alias?.text ?? imported, imported });
        }
      }
    }
  }
  return bindings;
}

/** `const a = require('x')`, `const { b, c: d } = require('x')`, `const e = require('x').f`, `require('x').g()`. */
function requireBindings(call: SyntaxNode, specifier: string): ImportBinding[] {
  const parent = outermost(call).parent;
  if (parent?.type === 'member_expression' && sameNode(namedChildren(parent)[0], outermost(call))) {
    const property = namedChildren(parent).at(-1);
    if (isUsedAsCallee(parent)) {
      return [{ local: unboundRequireLocal(specifier), imported: '*' }];
    }
    return property?.type === 'property_identifier' ? assignedBindings(parent, property.text) : [];
  }
  if (parent?.type === 'call_expression' && sameNode(namedChildren(parent)[0], outermost(call))) {
    return [{ local: unboundRequireLocal(specifier), imported: '*' }]; // require('debug')('app')
  }
  return assignedBindings(call, '*');
}

function isUsedAsCallee(member: SyntaxNode): boolean {
  const parent = member.parent;
  return parent?.type === 'call_expression' && sameNode(namedChildren(parent)[0], member);
}

/** The names a value is assigned to: `const x = v`, `x = v`, `const { a, b: c } = v`. */
function assignedBindings(value: SyntaxNode, imported: string): ImportBinding[] {
  const expression = outermost(value);
  const parent = expression.parent;
  if (!parent || (parent.type !== 'variable_declarator' && parent.type !== 'assignment_expression')) {
    return [];
  }
  const [target, assigned] = namedChildren(parent);
  if (!target || !sameNode(assigned, expression)) {
    return [];
  }
  if (target.type === 'identifier') {
    return [{ local: target.text, imported }];
  }
  return target.type === 'object_pattern' && imported === '*' ? objectPatternBindings(target) : [];
}

/** `{ a, b: c, d = 1, e: f = 2, 'g-h': i, ...rest }`. */
function objectPatternBindings(pattern: SyntaxNode): ImportBinding[] {
  const bindings: ImportBinding[] = [];
  for (const item of namedChildren(pattern)) {
    if (item.type === 'shorthand_property_identifier_pattern') {
      bindings.push({ local: item.text, imported: item.text });
    } else if (item.type === 'object_assignment_pattern') {
      const name = namedChildren(item)[0];
      if (name?.type === 'shorthand_property_identifier_pattern') {
        bindings.push({ local: name.text, imported: name.text });
      }
    } else if (item.type === 'pair_pattern') {
      const [key, value] = namedChildren(item);
      const imported = key ? propertyName(key) : undefined;
      const local = value?.type === 'assignment_pattern' ? namedChildren(value)[0] : value;
      if (imported !== undefined && local?.type === 'identifier') {
        bindings.push({ local: local.text, imported });
      }
    } else if (item.type === 'rest_pattern') {
      const local = namedChildren(item)[0];
      if (local?.type === 'identifier') {
        bindings.push({ local: local.text, imported: '*' });
      }
    }
  }
  return bindings;
}

/** Wrappers climbed at most: each step up costs a walk from the root, and real code wraps a value a few times. */
const maxWrappers = 32;

/** Climbs through parentheses, `await`, `as`, `!` and `satisfies` to the expression a value is used as. */
function outermost(node: SyntaxNode): SyntaxNode {
  let current = node;
  for (let climbed = 0; climbed < maxWrappers && current.parent && wrapperTypes.has(current.parent.type); climbed++) {
    current = current.parent;
  }
  return current;
}

/** An identifier's name, or a string key's value (`'d-e'`); undefined for computed keys. */
function propertyName(node: SyntaxNode): string | undefined {
  if (node.type === 'string') {
    return node.children
      .filter((child) => child?.type === 'string_fragment')
      .map((child) => child?.text ?? '')
      .join('');
  }
  return node.type === 'identifier' || node.type === 'property_identifier' ? node.text : undefined;
}
